// The crypto worker API hosts the diagnostics log parser: the same entry the worker exposes, called in Node.
import { describe, expect, it } from 'vitest';
import { createCryptoApi } from './crypto-api.ts';
import { MemoryLabCaStore } from './lab-ca-store.ts';

const api = createCryptoApi(new MemoryLabCaStore());

describe('crypto API parseLog entry', () => {
  it('turns a device log into a timeline with the decisive line, reporting progress', async () => {
    const log = [
      '[00:00:05.561,340] <wrn> mbedtls: ssl_msg.c:4752: got an alert message, type: [2:48]',
      '[00:00:05.561,462] <err> net_sock_tls: TLS handshake error: -0x7780',
    ].join('\n');
    const progress: [number, number][] = [];
    const r = await api.parseLog(new Blob([log]), (done, total) => progress.push([done, total]));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.diagnosis.decisive?.line).toBe(1);
    expect(r.value.diagnosis.title).toMatch(/unknown_ca/);
    expect(progress.at(-1)).toEqual([log.length, log.length]);
  });

  it('refuses an argument that is neither text nor a file, as an error value', async () => {
    for (const input of [42, null, { size: 10 }, new Uint8Array([65])])
      expect(await api.parseLog(input as unknown as string)).toMatchObject({ ok: false, error: { code: 'malformed' } });
  });

  it('answers error values the UI can switch on', async () => {
    expect(await api.parseLog('')).toMatchObject({ ok: false, error: { code: 'empty-input' } });
    expect(await api.parseLog(new Blob([new Uint8Array([0, 0, 0, 1])]))).toMatchObject({
      ok: false,
      error: { code: 'unrecognised-input' },
    });
  });
});
