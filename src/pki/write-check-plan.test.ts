// checkBeforeWrite's plan of what goes to the board, to the byte: the chain against the board's size limit, each write
// command against its length limit, the PEM line endings a board needs, and the digest and size of what a board that
// stores text + NUL lists. (write-check.test.ts: the decision and its findings.)
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../lib/bytes.ts';
import { checkBeforeWrite } from './write-check.ts';
import { issuing, leaf, NRF91, request, root, setUpWriteCheckLab } from './testing/write-check-lab.ts';

setUpWriteCheckLab();

describe('checkBeforeWrite plans each write to the byte', () => {
  it('counts leaf and intermediates, not the root, against the chain size limit, up to the byte', async () => {
    const der = await leaf({}, () => issuing);
    const chainBytes = der.length + issuing.der.length;
    const sized = async (maxChainBytes: number) => {
      const r = await checkBeforeWrite(
        await request({ certificates: [der, issuing.der, root.der], target: { ...NRF91, maxChainBytes } }),
      );
      if (!r.ok) throw new Error(r.error.message);
      return r.value.findings.filter((f) => f.check === 'size');
    };
    expect(await sized(chainBytes)).toEqual([]);
    const over = await sized(chainBytes - 1);
    expect(over.map((f) => f.code)).toEqual(['chain-too-large']);
    expect(over[0]!.message).toContain(`${chainBytes} bytes`);
  });

  it('refuses a write command one character over the board limit, and allows one exactly at it', async () => {
    const der = await leaf();
    const first = await checkBeforeWrite(await request({ certificates: [der], writeCaCertificate: true }));
    if (!first.ok) throw new Error(first.error.message);
    const [ca, client] = first.value.writes;
    const longest = Math.max(ca!.commandChars!, client!.commandChars!);
    const at = async (maxCommandChars: number) => {
      const r = await checkBeforeWrite(
        await request({ certificates: [der], writeCaCertificate: true, target: { ...NRF91, maxCommandChars } }),
      );
      if (!r.ok) throw new Error(r.error.message);
      return r.value.findings.filter((f) => f.code === 'too-long');
    };
    expect(await at(longest)).toEqual([]);
    const over = await at(longest - 1);
    expect(over).toHaveLength(1);
    expect(over[0]!.message).toContain(`${longest}-character command`);
    expect(over[0]!.message).toContain(`at most ${longest - 1}`);
    // a board without a command limit takes any length
    const { maxCommandChars: _, ...unlimited } = NRF91;
    const r = await checkBeforeWrite(
      await request({ certificates: [der], writeCaCertificate: true, target: unlimited }),
    );
    expect(r.ok && r.value.findings).toEqual([]);
  });

  it('writes CRLF PEM for boards that need it, hashed as sent', async () => {
    const r = await checkBeforeWrite(await request({ target: { pemLineEnding: 'crlf' } }));
    if (!r.ok) throw new Error(r.error.message);
    const w = r.value.writes[0]!;
    expect(w.content).toMatch(/-----BEGIN CERTIFICATE-----\r\n/);
    expect(w.content.replace(/\r\n/g, '')).not.toContain('\n');
    expect(w.sha256).toBe(await sha256Hex(w.content));
    expect(w.commandChars).toBeNull();
  });

  it('plans the digest and size of what a board that stores text + NUL lists (Zephyr bint)', async () => {
    const r = await checkBeforeWrite(await request({ target: { pemLineEnding: 'lf', storesNul: true } }));
    if (!r.ok) throw new Error(r.error.message);
    const w = r.value.writes[0]!;
    expect(w.content).not.toContain('\0');
    expect(w.sha256).toBe(await sha256Hex(`${w.content}\0`));
    expect(w.sha256).not.toBe(await sha256Hex(w.content));
    expect(w.bytes).toBe(new TextEncoder().encode(w.content).length + 1);
  });
});
