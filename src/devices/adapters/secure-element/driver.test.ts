// Detection on scripted boards: the version handshake (a later-only board is refused with 'unsupported', a board that
// negotiates down is claimed), a leftover line answered before HELLO, silence and AT answers left alone.
import { describe, expect, it } from 'vitest';
import { ScriptedBoard } from '../../protocols/testing/scripted-se-board.ts';
import { detectSecureElement } from './driver.ts';

const ID = 'OK model=STSAFE-A110 serial=0A0B0C fw=test proto=1 slots=2 curves=P-256,P-384 caps=KEYGEN,SIGN,ZONES';
const probe = { probeTimeoutMs: 100 };

describe('secure-element detection on scripted boards', () => {
  it('claims a board that answers HELLO and ID, with the curves it reports', async () => {
    const board = new ScriptedBoard((seq, req) =>
      req.startsWith('HELLO') ? `${seq} OK proto=1 line=600 chunk=128\r\n` : `${seq} ${ID}\r\n`,
    );
    const r = await detectSecureElement(board, probe);
    if (!r.ok || !r.value) throw new Error('not claimed');
    expect(r.value.board).toMatchObject({ protocolVersion: 1, slots: 2, curves: ['P-256', 'P-384'] });
    expect(r.value.board.identity).toMatchObject({ deviceId: '0A0B0C', model: 'STSAFE-A110', firmware: 'test' });
  });

  it('refuses a board that only speaks a later version, saying to update KeyWire', async () => {
    const board = new ScriptedBoard((seq) => `${seq} ERR VERSION 00 this firmware speaks version 2 only\r\n`);
    const r = await detectSecureElement(board, probe);
    expect(r).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    expect(!r.ok && r.error.message).toContain('Update KeyWire');
  });

  it('refuses a board that answers HELLO 1 with a version above 1', async () => {
    const board = new ScriptedBoard((seq) => `${seq} OK proto=2 line=600 chunk=256\r\n`);
    expect(await detectSecureElement(board, probe)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('tries HELLO again after a refusal of a leftover line', async () => {
    let first = true;
    const board = new ScriptedBoard((seq, req) => {
      if (first) {
        first = false;
        return '? ERR SYNTAX 00 expected <seq> <VERB> [args]\r\n';
      }
      return req.startsWith('HELLO') ? `${seq} OK proto=1 line=600 chunk=256\r\n` : `${seq} ${ID}\r\n`;
    });
    const r = await detectSecureElement(board, probe);
    expect(r.ok && r.value?.family).toBe('secure-element');
    expect(board.written.filter((w) => w.includes('HELLO'))).toHaveLength(2);
  });

  it.each([
    { name: 'a silent board', reply: () => undefined },
    { name: 'an AT modem', reply: () => 'ERROR\r\n' },
  ])('leaves $name alone', async ({ reply }) => {
    const board = new ScriptedBoard(reply);
    expect(await detectSecureElement(board, probe)).toEqual({ ok: true, value: null });
  });
});
