// Identity fields from a hostile board reach KeyWire escaped and cut: the shared helper, the nRF91 identify over a
// scripted modem (bytes as the board sends them) and the secure element's ID answer.
import { describe, expect, it } from 'vitest';
import { answer, scriptModem, type Reply } from '../protocols/testing/scripted-modem.ts';
import { SerialConnection } from '../transport/connection.ts';
import { FakePort } from '../transport/testing/fake-port.ts';
import { MAX_IDENTITY_CHARS, safeIdentity } from './identity-text.ts';
import { createNrf91Device } from './nrf91/device.ts';
import { boardInfoFrom } from './secure-element/identify.ts';

/** Text as the UTF-8 bytes a board sends, one char per byte (FakePort sends a string as Latin-1). */
const wire = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));

describe('safeIdentity', () => {
  it('escapes every text field and cuts long ones, keeping the rest', () => {
    const id = safeIdentity({
      family: 'nrf91',
      deviceId: 'id\u0000',
      manufacturer: 'Evil\u202Ecod.exe',
      model: 'M'.repeat(100_000),
      firmware: 'fw\u009b31m',
      imei: '35\ud800',
      functionalMode: 4,
    });
    expect(id).toMatchObject({
      family: 'nrf91',
      deviceId: 'id\\x00',
      manufacturer: 'Evil\\u202Ecod.exe',
      firmware: 'fw\\x9B31m',
      imei: '35\\uD800',
      functionalMode: 4,
    });
    expect(id.model).toHaveLength(MAX_IDENTITY_CHARS);
  });
});

describe('nRF91 identify of a hostile modem', () => {
  it('shows bidi, NUL, C1 and invalid UTF-8 escaped; HTML stays text', async () => {
    const script: Record<string, Reply> = {
      'AT+CGMI': answer([wire('<img src=x onerror=alert(1)>\u202Egpj.exe')]),
      'AT+CGMM': answer([wire('nRF\x009160\u0085')]),
      'AT+CGMR': answer(['mfw\xff\xfe_1.3.5']),
      'AT+CGSN=1': answer(['+CGSN: "352656100367872"']),
      'AT%DEVICEUUID': answer(['%DEVICEUUID: 50363953-3234-4723-80B9-1503D88271BF']),
      'AT+CFUN?': answer(['+CFUN: 4']),
    };
    const port = new FakePort();
    const opened = await SerialConnection.open(port);
    if (!opened.ok) throw new Error(opened.error.message);
    scriptModem(port, (c) => script[c] ?? answer([], 'ERROR'));
    const r = await createNrf91Device(opened.value).identify();
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.manufacturer).toBe('<img src=x onerror=alert(1)>\\u202Egpj.exe');
    expect(r.value.model).toBe('nRF\\x009160\\x85');
    expect(r.value.firmware).toBe('mfw\\uFFFD\\uFFFD_1.3.5');
  });
});

describe('secure-element ID of a hostile board', () => {
  it('escapes percent-encoded controls and bidi in model and firmware', () => {
    const r = boardInfoFrom({
      model: 'STSAFE%E2%80%AE%00',
      serial: '0209203A5C1E8B4F71',
      fw: '%3Cscript%3Ealert(1)%3C/script%3E%C2%9B%FF',
      proto: '1',
    });
    expect(r.ok && r.value.identity.model).toBe('STSAFE\\u202E\\x00');
    expect(r.ok && r.value.identity.firmware).toBe('<script>alert(1)</script>\\x9B\\uFFFD');
  });
});
