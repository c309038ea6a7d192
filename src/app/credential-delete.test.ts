// Deleting a credential from the emulated nRF9160 (same bytes as a real modem, unpaced): the intent is stored before
// the first byte, nothing is sent when it cannot be, the modem goes offline and back, and the outcome is recorded.
import { describe, expect, it } from 'vitest';
import { connectDevice } from '../devices/adapters/index.ts';
import { createEmulatorLab, MemoryFlashStore } from '../devices/emulator/index.ts';
import { deleteCredential } from './credential-delete.ts';
import { FakeAudit } from './testing/fake-audit.ts';

async function board() {
  const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0 });
  const sent: string[] = [];
  const s = await connectDevice(lab.port('nrf9160-a'), {
    onTap: (e) => e.dir === 'tx' && sent.push(new TextDecoder().decode(e.bytes)),
  });
  if (!s.ok) throw new Error(s.error.message);
  const who = await s.value.device.identify();
  if (!who.ok) throw new Error(who.error.message);
  const list = await s.value.device.credentials!.list();
  if (!list.ok) throw new Error(list.error.message);
  return { ...s.value, identity: who.value, list: list.value, sent };
}

describe('deleteCredential', () => {
  it('records the intent before the first byte, deletes offline, restores the mode, records success', async () => {
    const b = await board();
    expect((await b.device.functionalMode!.set(1)).ok).toBe(true);
    const cert = b.list.find((c) => c.kind === 'clientCert')!;
    const audit = new FakeAudit();
    audit.marker = () => b.sent.length;
    const before = b.sent.length;
    const r = await deleteCredential({ device: b.device, identity: b.identity, credential: cert, audit });
    expect(r).toEqual({ ok: true, value: { modeBefore: 1, restored: true } });
    expect(audit.calls.map((c) => [c.kind, c.action, c.marker])).toEqual([
      ['intent', 'credential-delete', before],
      ['success', 'credential-delete', b.sent.length],
    ]);
    expect(audit.calls[0]!.detail).toEqual({
      secTag: cert.secTag,
      credentialKind: 'clientCert',
      deviceType: '1',
      contentSha256: cert.sha256,
    });
    expect(audit.calls[1]!.detail).toMatchObject({ secTag: cert.secTag, previousFunctionalMode: 1 });
    expect(b.sent.slice(before).join('')).toBe(`AT+CFUN?\rAT+CFUN=4\rAT%CMNG=3,${cert.secTag},1\rAT+CFUN=1\r`);
    const after = await b.device.credentials!.list();
    expect(after.ok && after.value.some((c) => c.secTag === cert.secTag && c.kind === 'clientCert')).toBe(false);
    await b.device.close();
  });

  it('sends nothing when the intent cannot be stored', async () => {
    const b = await board();
    const audit = new FakeAudit();
    audit.refuse = { code: 'operator-missing', message: 'Enter your name in Settings.' };
    const before = b.sent.length;
    const r = await deleteCredential({ device: b.device, identity: b.identity, credential: b.list[0]!, audit });
    expect(r).toEqual({ ok: false, error: { stage: 'audit', error: audit.refuse } });
    expect(b.sent.length).toBe(before);
    expect(audit.calls).toEqual([]);
    await b.device.close();
  });

  it('records a refusal by the modem as a failure with its code', async () => {
    const b = await board();
    const audit = new FakeAudit();
    const ghost = { secTag: 777, kind: 'caCert' as const, deviceType: '0' };
    const r = await deleteCredential({ device: b.device, identity: b.identity, credential: ghost, audit });
    expect(r.ok).toBe(false);
    if (r.ok || r.error.stage !== 'device') throw new Error('expected a device failure');
    expect(r.error.error.final).toEqual({ kind: 'cme', code: 513 });
    expect(audit.calls.map((c) => [c.kind, c.errorCode ?? null])).toEqual([
      ['intent', null],
      ['failure', 'device-rejected'],
    ]);
    await b.device.close();
  });

  it('records a cancelled delete as cancelled', async () => {
    const b = await board();
    const audit = new FakeAudit();
    const abort = new AbortController();
    abort.abort();
    const r = await deleteCredential({
      device: b.device,
      identity: b.identity,
      credential: b.list[0]!,
      audit,
      signal: abort.signal,
    });
    expect(r.ok).toBe(false);
    expect(audit.calls.map((c) => c.kind)).toEqual(['intent', 'cancelled']);
    await b.device.close();
  });
});
