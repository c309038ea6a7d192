import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { toHex } from '../../../lib/bytes.ts';
import { latin1ToBytes } from './at-line.ts';
import { ManualClock, flushMicrotasks } from '../clock.ts';
import { NRF91_FACTORY_BOARDS, type Nrf91Factory } from './nrf91-factory.ts';
import { AMAZON_ROOT_CA_1_PEM } from '../../../pki/public-roots.ts';
import { BOARD_A_CLIENT_CERT_PEM } from './nrf91-factory-pems.ts';
import { BoardHarness } from './testing.ts';

const [boardA, , boardC] = NRF91_FACTORY_BOARDS as [Nrf91Factory, Nrf91Factory, Nrf91Factory];
const shaOf = (text: string) => toHex(sha256(latin1ToBytes(text)), true);
const listed = (answer: string) => [...answer.matchAll(/%CMNG: (\d+),(\d+),"([0-9A-F]{64})"/g)].map((m) => m.slice(1));

describe('emulated nRF91: identity answers (at_client framing)', () => {
  const cases = [
    { command: 'AT', want: 'OK\r\n' },
    { command: 'AT+CGMI', want: 'Nordic Semiconductor ASA\r\nOK\r\n' },
    { command: 'AT+CGMM', want: 'nRF9160-SICA\r\nOK\r\n' },
    { command: 'AT+CGMR', want: 'mfw_nrf9160_1.3.5\r\nOK\r\n' },
    { command: 'AT+CGSN', want: `${boardA.imei}\r\nOK\r\n` },
    { command: 'AT+CGSN=1', want: `+CGSN: "${boardA.imei}"\r\nOK\r\n` },
    { command: 'AT%XMODEMUUID', want: `%XMODEMUUID: ${boardA.modemFirmwareUuid}\r\nOK\r\n` },
    { command: 'AT%HWVERSION', want: '%HWVERSION: nRF9160 SICA B0A\r\nOK\r\n' },
    { command: 'AT+CFUN?', want: '+CFUN: 0\r\nOK\r\n' },
    { command: 'AT+CMEE?', want: '+CMEE: 0\r\nOK\r\n' },
    { command: 'AT+NOPE', want: 'ERROR\r\n' },
  ];
  for (const { command, want } of cases) {
    it(`${command} -> ${JSON.stringify(want)}`, async () => {
      expect(await new BoardHarness().at(command)).toBe(want);
    });
  }

  it('the factory IMEIs pass the Luhn check and differ per board', () => {
    const luhn = (imei: string) =>
      [...imei].reverse().reduce((sum, d, i) => sum + (i % 2 ? ((2 * +d) % 10) + Math.floor((2 * +d) / 10) : +d), 0) %
      10;
    for (const board of NRF91_FACTORY_BOARDS) expect(luhn(board.imei), board.id).toBe(0);
    expect(new Set(NRF91_FACTORY_BOARDS.map((b) => b.imei)).size).toBe(NRF91_FACTORY_BOARDS.length);
    expect(new Set(NRF91_FACTORY_BOARDS.map((b) => b.deviceUuid)).size).toBe(NRF91_FACTORY_BOARDS.length);
  });

  it('SLM framing wraps info and final result in blank lines', async () => {
    const h = new BoardHarness({ framing: 'slm' });
    expect(await h.at('AT+CGSN=1')).toBe(`\r\n+CGSN: "${boardA.imei}"\r\n\r\nOK\r\n`);
    expect(await h.at('AT')).toBe('\r\nOK\r\n');
  });

  it('%XICCID answers only with a SIM and the UICC powered (CFUN=1)', async () => {
    const h = new BoardHarness();
    expect(await h.at('AT%XICCID')).toBe('ERROR\r\n');
    await h.at('AT+CFUN=1');
    expect(await h.at('AT%XICCID')).toBe(`%XICCID: ${boardA.iccid}\r\nOK\r\n`);
    const noSim = new BoardHarness({ factory: boardC });
    await noSim.at('AT+CFUN=1');
    expect(await noSim.at('AT+CMEE=1')).toBe('OK\r\n');
    expect(await noSim.at('AT%XICCID')).toBe('+CME ERROR: 0\r\n');
  });
});

describe('emulated nRF91: CMEE decides how refusals look', () => {
  it('CMEE=0 answers bare ERROR, CMEE=1 answers +CME ERROR: <n>, unknown commands stay ERROR', async () => {
    const h = new BoardHarness();
    expect(await h.at('AT%CMNG=2,999,0')).toBe('ERROR\r\n');
    expect(await h.at('AT+CMEE=1')).toBe('OK\r\n');
    expect(await h.at('AT+CMEE?')).toBe('+CMEE: 1\r\nOK\r\n');
    expect(await h.at('AT%CMNG=2,999,0')).toBe('+CME ERROR: 513\r\n');
    expect(await h.at('AT+CFUN=3')).toBe('+CME ERROR: 50\r\n');
    expect(await h.at('AT+BOGUS')).toBe('ERROR\r\n');
    expect(await h.at('AT+CMEE=0')).toBe('OK\r\n');
    expect(await h.at('AT%CMNG=2,999,0')).toBe('ERROR\r\n');
  });
});

describe('emulated nRF91: %CMNG', () => {
  const pemLf = BOARD_A_CLIENT_CERT_PEM;
  const pemCrlf = pemLf.replace(/\n/g, '\r\n');

  it('lists the factory nRF Cloud CA with the SHA-256 of its exact PEM bytes', async () => {
    const rows = listed(await new BoardHarness().at('AT%CMNG=1,16842753,0'));
    expect(rows).toEqual([['16842753', '0', shaOf(AMAZON_ROOT_CA_1_PEM)]]);
    expect(rows[0]![2]).toBe('2C43952EE9E000FF2ACC4E2ED0897C0A72AD5FA72C3D934E81741CBD54F05BD1');
  });

  it('hashes exactly the bytes between the quotes: LF and CRLF content give different SHAs', async () => {
    const h = new BoardHarness();
    await h.at('AT+CMEE=1');
    expect(await h.at(`AT%CMNG=0,100,0,"${pemLf}"`)).toBe('OK\r\n');
    expect(await h.at(`AT%CMNG=0,101,0,"${pemCrlf}"`)).toBe('OK\r\n');
    const rows = listed(await h.at('AT%CMNG=1'));
    const sha100 = rows.find((r) => r[0] === '100')![2];
    const sha101 = rows.find((r) => r[0] === '101')![2];
    expect(sha100).toBe(shaOf(pemLf));
    expect(sha101).toBe(shaOf(pemCrlf));
    expect(sha100).not.toBe(sha101);
  });

  it('reads back content exactly, in the real line format', async () => {
    const h = new BoardHarness();
    await h.at(`AT%CMNG=0,100,0,"${pemLf}"`);
    expect(await h.at('AT%CMNG=2,100,0')).toBe(`%CMNG: 100,0,"${shaOf(pemLf)}","${pemLf}"\r\nOK\r\n`);
  });

  it('filters the list by sec_tag and by sec_tag + type; an empty list is just OK', async () => {
    const h = new BoardHarness();
    expect(listed(await h.at('AT%CMNG=1')).map((r) => `${r[0]},${r[1]}`)).toEqual([
      '16842753,0',
      '16842753,1',
      '16842753,2',
      '4294967292,10',
    ]);
    expect(listed(await h.at('AT%CMNG=1,16842753')).map((r) => r[1])).toEqual(['0', '1', '2']);
    expect(listed(await h.at('AT%CMNG=1,16842753,1')).map((r) => r[1])).toEqual(['1']);
    expect(await h.at('AT%CMNG=1,42')).toBe('OK\r\n');
  });

  it('518 for write and delete while CFUN is 1, 2 or 21; allowed again at 4 and 0', async () => {
    const h = new BoardHarness();
    await h.at('AT+CMEE=1');
    for (const mode of [1, 2, 21]) {
      await h.at(`AT+CFUN=${mode}`);
      expect(await h.at(`AT%CMNG=0,5,0,"${pemLf}"`), `write at CFUN=${mode}`).toBe('+CME ERROR: 518\r\n');
      expect(await h.at('AT%CMNG=3,16842753,0'), `delete at CFUN=${mode}`).toBe('+CME ERROR: 518\r\n');
      expect(await h.at('AT%KEYGEN=5,2,0'), `keygen at CFUN=${mode}`).toBe('+CME ERROR: 518\r\n');
      expect(listed(await h.at('AT%CMNG=1,16842753,0')), 'list still works').toHaveLength(1);
    }
    for (const mode of [4, 0]) {
      await h.at(`AT+CFUN=${mode}`);
      expect(await h.at(`AT%CMNG=0,5,0,"${pemLf}"`)).toBe('OK\r\n');
      expect(await h.at('AT%CMNG=3,5,0')).toBe('OK\r\n');
    }
  });

  it('513 not found, 514 reading a private key or a modem tag, refused tags above 2147483647', async () => {
    const h = new BoardHarness();
    await h.at('AT+CMEE=1');
    expect(await h.at('AT%CMNG=2,16842753,3')).toBe('+CME ERROR: 513\r\n');
    expect(await h.at('AT%CMNG=3,77,1')).toBe('+CME ERROR: 513\r\n');
    expect(await h.at('AT%CMNG=2,16842753,2')).toBe('+CME ERROR: 514\r\n');
    expect(await h.at('AT%CMNG=2,4294967292,10')).toBe('+CME ERROR: 514\r\n');
    expect(await h.at(`AT%CMNG=0,2147483648,0,"${pemLf}"`)).toBe('+CME ERROR: 514\r\n');
    expect(await h.at('AT%CMNG=3,4294967292,10')).toBe('+CME ERROR: 514\r\n');
    expect(await h.at(`AT%CMNG=0,2147483647,0,"${pemLf}"`)).toBe('OK\r\n');
    expect(await h.at('AT%CMNG=0,4294967296,0,"x"')).toBe('+CME ERROR: 50\r\n');
  });

  it('515 when the storage is full, counting an overwrite as a replacement', async () => {
    const small: Nrf91Factory = { ...boardA, capacity: { maxCredentials: 5, maxBytes: 32768 } };
    const h = new BoardHarness({ factory: small });
    await h.at('AT+CMEE=1');
    expect(await h.at('AT%CMNG=0,1,4,"id-1"')).toBe('OK\r\n');
    expect(await h.at('AT%CMNG=0,2,4,"id-2"')).toBe('+CME ERROR: 515\r\n');
    expect(await h.at('AT%CMNG=0,1,4,"id-1-replaced"')).toBe('OK\r\n');
    const bytes: Nrf91Factory = { ...boardA, capacity: { maxCredentials: 32, maxBytes: 4000 } };
    const b = new BoardHarness({ factory: bytes });
    await b.at('AT+CMEE=1');
    expect(await b.at(`AT%CMNG=0,9,0,"${AMAZON_ROOT_CA_1_PEM}"`)).toBe('+CME ERROR: 515\r\n');
  });

  it('527 for content that is not what the type holds', async () => {
    const h = new BoardHarness();
    await h.at('AT+CMEE=1');
    const cases = [
      { type: 0, content: 'not a certificate' },
      { type: 1, content: '-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n' },
      { type: 3, content: 'xyz' },
      { type: 4, content: '' },
    ];
    for (const { type, content } of cases) {
      expect(await h.at(`AT%CMNG=0,9,${type},"${content}"`), `type ${type}`).toBe('+CME ERROR: 527\r\n');
    }
    expect(await h.at('AT%CMNG=0,9,3,"00A1B2"')).toBe('OK\r\n');
  });

  it('a command over 4096 characters is answered ERROR (both CMEE modes) and nothing is stored', async () => {
    const h = new BoardHarness();
    const big = '-----BEGIN CERTIFICATE-----\n' + 'QUFB\n'.repeat(1000) + '-----END CERTIFICATE-----\n';
    expect(await h.at(`AT%CMNG=0,300,0,"${big}"`)).toBe('ERROR\r\n');
    await h.at('AT+CMEE=1');
    expect(await h.at(`AT%CMNG=0,300,0,"${big}"`)).toBe('ERROR\r\n');
    expect(await h.at('AT%CMNG=1,300')).toBe('OK\r\n');
    expect(await h.at('AT')).toBe('OK\r\n');
  });
});

describe('emulated nRF91: +CFUN and unsolicited +CEREG', () => {
  it('reports searching then registered while subscribed, and 0 when going offline', async () => {
    const clock = new ManualClock();
    const h = new BoardHarness({ clock, registrationMs: 2000 });
    h.send('AT+CEREG=2\rAT+CFUN=1\r');
    await clock.advance(0);
    expect(h.output).toBe('OK\r\nOK\r\n');
    await clock.advance(300);
    expect(h.output.endsWith('+CEREG: 2,"002F","0012BEEF",7\r\n')).toBe(true);
    await clock.advance(2000);
    expect(h.output.endsWith('+CEREG: 5,"002F","0012BEEF",7\r\n')).toBe(true);
    h.send('AT+CEREG?\r');
    await clock.advance(0);
    expect(h.output.endsWith('+CEREG: 2,5,"002F","0012BEEF",7\r\nOK\r\n')).toBe(true);
    h.send('AT+CFUN=4\r');
    await clock.advance(0);
    expect(h.output.endsWith('+CEREG: 0\r\nOK\r\n')).toBe(true);
  });

  it('without a SIM the modem reports 90 (UICC failure); unsubscribed it reports nothing', async () => {
    const clock = new ManualClock();
    const h = new BoardHarness({ clock, factory: boardC });
    h.send('AT+CEREG=1\rAT+CFUN=1\r');
    await clock.advance(5000);
    expect(h.output).toBe('OK\r\nOK\r\n+CEREG: 90\r\n');
    const quiet = new BoardHarness({ clock });
    quiet.send('AT+CFUN=1\r');
    await clock.advance(5000);
    expect(quiet.output).toBe('OK\r\n');
  });

  it('a reset brings CFUN back to 0 and CMEE to 0 but keeps flash', async () => {
    const h = new BoardHarness();
    await h.at('AT+CMEE=1');
    await h.at('AT%CMNG=0,12,4,"kept"');
    await h.at('AT+CFUN=1');
    h.board.reset();
    await flushMicrotasks();
    expect(h.output.endsWith('*** Booting nRF Connect SDK ***\r\nThe AT host sample started\r\n')).toBe(true);
    expect(await h.at('AT+CFUN?')).toBe('+CFUN: 0\r\nOK\r\n');
    expect(await h.at('AT+CMEE?')).toBe('+CMEE: 0\r\nOK\r\n');
    expect(listed(await h.at('AT%CMNG=1,12'))).toHaveLength(1);
  });
});
