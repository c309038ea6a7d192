// The emulated nRF91's real-time clock (+CCLK) on a ManualClock: no time before registration, network time in the
// exact format once registered, the set command and its errors, the time running on, a reset losing it, and the
// per-board network time offset (lab control, persisted with the other board settings).
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.ts';
import { MemoryFlashStore } from '../flash-store.ts';
import { createEmulatorLab } from '../lab.ts';
import { SETTINGS_KEY } from '../lab-settings.ts';
import { formatCclkTime, parseCclkTime } from './nrf91-cclk-time.ts';
import { MAX_NETWORK_TIME_OFFSET_MS } from './nrf91-rtc.ts';
import { NRF91_FACTORY_BOARDS } from './nrf91-factory.ts';
import { BoardHarness } from './testing.ts';

const DAY = 86_400_000;
/** 2026-11-21 11:48:34.500 UTC on the emulator's clock. */
const START = Date.UTC(2026, 10, 21, 11, 48, 34, 500);
const REGISTERED_AFTER_MS = 300 + 2500;

function harness(networkTimeOffsetMs?: number) {
  const clock = new ManualClock(START);
  const h = new BoardHarness({ clock, ...(networkTimeOffsetMs !== undefined ? { networkTimeOffsetMs } : {}) });
  return { clock, h };
}

async function registered(networkTimeOffsetMs?: number) {
  const { clock, h } = harness(networkTimeOffsetMs);
  expect(await h.at('AT+CFUN=1')).toBe('OK\r\n');
  await clock.advance(REGISTERED_AFTER_MS);
  expect(h.board.status.cereg).toBe(5);
  return { clock, h };
}

describe('AT+CCLK? before the modem has a time', () => {
  it('answers a bare ERROR after power-on, under CMEE 0 and 1, and while the modem searches', async () => {
    const { clock, h } = harness();
    expect(await h.at('AT+CCLK?')).toBe('ERROR\r\n');
    expect(await h.at('AT+CMEE=1')).toBe('OK\r\n');
    expect(await h.at('AT+CCLK?')).toBe('ERROR\r\n');
    await h.at('AT+CFUN=1');
    await clock.advance(REGISTERED_AFTER_MS - 1);
    expect(h.board.status.cereg).toBe(2);
    expect(await h.at('AT+CCLK?')).toBe('ERROR\r\n');
  });

  it('a board without a SIM never registers and never gets network time', async () => {
    const clock = new ManualClock(START);
    const noSim = NRF91_FACTORY_BOARDS.find((b) => b.iccid === null)!;
    const h = new BoardHarness({ clock, factory: noSim });
    await h.at('AT+CFUN=1');
    await clock.advance(10 * REGISTERED_AFTER_MS);
    expect(await h.at('AT+CEREG?')).toBe('+CEREG: 0,90\r\nOK\r\n');
    expect(await h.at('AT+CCLK?')).toBe('ERROR\r\n');
  });
});

describe('network time once registered (+CEREG 5)', () => {
  it('answers +CCLK: "yy/MM/dd,hh:mm:ss+zz" from the emulator clock, zone +00, and the time runs on', async () => {
    const { clock, h } = await registered();
    // START + 2.8 s = 11:48:37.300: seconds are cut, not rounded.
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "26/11/21,11:48:37+00"\r\nOK\r\n');
    await clock.advance(61_000);
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "26/11/21,11:49:38+00"\r\nOK\r\n');
    await clock.advance(DAY);
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "26/11/22,11:49:38+00"\r\nOK\r\n');
  });

  it('the time is there when the unsolicited +CEREG: 5 arrives', async () => {
    const { clock, h } = harness();
    await h.at('AT+CEREG=1');
    await h.at('AT+CFUN=1');
    await clock.advance(REGISTERED_AFTER_MS);
    expect(h.output).toContain('+CEREG: 5\r\n');
    expect(h.board.status.clock).toBe('26/11/21,11:48:37+00');
  });

  it('the time survives going offline (CFUN=4) and is the network time again after re-registering', async () => {
    const { clock, h } = await registered();
    await h.at('AT+CCLK="20/01/01,00:00:00+00"');
    await h.at('AT+CFUN=4');
    await clock.advance(5_000);
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "20/01/01,00:00:05+00"\r\nOK\r\n');
    await h.at('AT+CFUN=1');
    await clock.advance(REGISTERED_AFTER_MS);
    // 11:48:37.3 + 5 s + 2.8 s: the network's time replaced the one the host set.
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "26/11/21,11:48:45+00"\r\nOK\r\n');
  });

  it('AT+CCLK=? answers ERROR, as Nordic lists the test form as not supported', async () => {
    expect(await harness().h.at('AT+CCLK=?')).toBe('ERROR\r\n');
  });
});

describe('AT+CCLK="yy/MM/dd,hh:mm:ss±zz" sets the time', () => {
  it('in any mode; the read gives the same fields and zone back, running on (into March of a common year)', async () => {
    const { clock, h } = harness();
    expect(await h.at('AT+CCLK="30/02/28,23:59:58-08"')).toBe('OK\r\n');
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "30/02/28,23:59:58-08"\r\nOK\r\n');
    await clock.advance(2_000);
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "30/03/01,00:00:00-08"\r\nOK\r\n');
    expect(await h.at('AT+CCLK="24/02/29,12:00:00+48"')).toBe('OK\r\n');
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "24/02/29,12:00:00+48"\r\nOK\r\n');
  });

  const refused = [
    { why: 'month 13', time: '26/13/01,00:00:00+00' },
    { why: 'month 00', time: '26/00/10,00:00:00+00' },
    { why: 'February 29 in a common year', time: '26/02/29,00:00:00+00' },
    { why: 'April 31', time: '26/04/31,00:00:00+00' },
    { why: 'day 00', time: '26/01/00,00:00:00+00' },
    { why: 'hour 24', time: '26/01/01,24:00:00+00' },
    { why: 'minute 60', time: '26/01/01,23:60:00+00' },
    { why: 'second 60', time: '26/01/01,23:59:60+00' },
    { why: 'zone +49', time: '26/01/01,00:00:00+49' },
    { why: 'zone -49', time: '26/01/01,00:00:00-49' },
    { why: 'no zone', time: '26/01/01,00:00:00' },
    { why: 'a four-digit year', time: '2026/01/01,00:00:00+00' },
    { why: 'one-digit fields', time: '26/1/1,0:0:0+0' },
    { why: 'ISO 8601', time: '2026-01-01T00:00:00Z' },
    { why: 'empty', time: '' },
  ];
  for (const { why, time } of refused)
    it(`refuses ${why} with ME error 50 and keeps the time it had`, async () => {
      const { h } = harness();
      await h.at('AT+CCLK="25/06/01,08:00:00+04"');
      expect(await h.at(`AT+CCLK="${time}"`)).toBe('ERROR\r\n');
      await h.at('AT+CMEE=1');
      expect(await h.at(`AT+CCLK="${time}"`)).toBe('+CME ERROR: 50\r\n');
      expect(await h.at('AT+CCLK?')).toBe('+CCLK: "25/06/01,08:00:00+04"\r\nOK\r\n');
    });

  it('an unquoted time is a bad value (50); a missing or second argument and the bare command are syntax errors', async () => {
    const { h } = harness();
    await h.at('AT+CMEE=1');
    expect(await h.at('AT+CCLK=26')).toBe('+CME ERROR: 50\r\n');
    expect(await h.at('AT+CCLK=')).toBe('ERROR\r\n');
    expect(await h.at('AT+CCLK="26/01/01,00:00:00+00",1')).toBe('ERROR\r\n');
    expect(await h.at('AT+CCLK')).toBe('ERROR\r\n');
    expect(await h.at('AT+CCLK?')).toBe('ERROR\r\n');
  });
});

describe('power loss', () => {
  it('a reset loses a network time and a set time: ERROR again until the next registration', async () => {
    const { clock, h } = await registered();
    expect(await h.at('AT+CCLK?')).toContain('+CCLK: "26/11/21,');
    h.board.reset();
    expect(await h.at('AT+CCLK?')).toBe('ERROR\r\n');
    await h.at('AT+CCLK="26/01/01,00:00:00+00"');
    h.board.powerOff();
    h.board.powerOn();
    expect(await h.at('AT+CCLK?')).toBe('ERROR\r\n');
    await clock.advance(REGISTERED_AFTER_MS);
    expect(h.board.status.clock).toBeNull();
  });
});

describe('network time offset', () => {
  const threeYears = 3 * 365 * DAY;

  it('applies to the time the board gets at registration (3 years ahead, 10 days behind)', async () => {
    expect(await (await registered(threeYears)).h.at('AT+CCLK?')).toBe('+CCLK: "29/11/20,11:48:37+00"\r\nOK\r\n');
    expect(await (await registered(-10 * DAY)).h.at('AT+CCLK?')).toBe('+CCLK: "26/11/11,11:48:37+00"\r\nOK\r\n');
  });

  it('a registered board gets the new time at once; an offline one only when it next registers', async () => {
    const { clock, h } = await registered();
    h.board.networkTimeOffsetMs = threeYears;
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "29/11/20,11:48:37+00"\r\nOK\r\n');
    await h.at('AT+CFUN=4');
    h.board.networkTimeOffsetMs = 0;
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "29/11/20,11:48:37+00"\r\nOK\r\n');
    await h.at('AT+CFUN=1');
    await clock.advance(REGISTERED_AFTER_MS);
    expect(await h.at('AT+CCLK?')).toBe('+CCLK: "26/11/21,11:48:40+00"\r\nOK\r\n');
  });

  it('is validated: whole milliseconds within ±10950 days', () => {
    const { h } = harness();
    for (const bad of [1.5, Number.NaN, Infinity, MAX_NETWORK_TIME_OFFSET_MS + 1, -MAX_NETWORK_TIME_OFFSET_MS - 1])
      expect(() => (h.board.networkTimeOffsetMs = bad), String(bad)).toThrow(RangeError);
    expect(() => (h.board.networkTimeOffsetMs = '5' as unknown as number)).toThrow(/whole number of milliseconds/);
    h.board.networkTimeOffsetMs = -MAX_NETWORK_TIME_OFFSET_MS;
    expect(h.board.networkTimeOffsetMs).toBe(-MAX_NETWORK_TIME_OFFSET_MS);
  });
});

describe('the lab control', () => {
  class MemoryStorage implements Storage {
    #items = new Map<string, string>();
    get length() {
      return this.#items.size;
    }
    clear = () => this.#items.clear();
    getItem = (key: string) => this.#items.get(key) ?? null;
    key = (i: number) => [...this.#items.keys()][i] ?? null;
    removeItem = (key: string) => void this.#items.delete(key);
    setItem = (key: string, value: string) => void this.#items.set(key, String(value));
  }
  const newLab = (settings: Storage) =>
    createEmulatorLab({ flash: new MemoryFlashStore(), settings, pacing: false, keygenMs: 0 });

  it('networkTimeOffsetMs persists with the key generation time, tells the panel, and refuses bad values', () => {
    const settings = new MemoryStorage();
    const control = newLab(settings).control('nrf9160-b');
    let changes = 0;
    control.onChange(() => changes++);
    control.networkTimeOffsetMs = 1095 * DAY;
    control.keygenMs = 250;
    expect(changes).toBe(2);
    expect(() => (control.networkTimeOffsetMs = MAX_NETWORK_TIME_OFFSET_MS * 2)).toThrow(/within ±10950 days/);
    expect(control.networkTimeOffsetMs).toBe(1095 * DAY);
    const again = newLab(settings);
    expect(again.control('nrf9160-b').networkTimeOffsetMs).toBe(1095 * DAY);
    expect(again.control('nrf9160-b').keygenMs).toBe(250);
    expect(again.control('nrf9160-a').networkTimeOffsetMs).toBe(0);
  });

  it('a damaged stored offset is dropped, the rest of the settings kept', () => {
    const settings = new MemoryStorage();
    settings.setItem(SETTINGS_KEY, JSON.stringify({ 'nrf9160-a': { keygenMs: 10, networkTimeOffsetMs: 0.5 } }));
    const control = newLab(settings).control('nrf9160-a');
    expect(control.networkTimeOffsetMs).toBe(0);
    expect(control.keygenMs).toBe(10);
    settings.setItem(SETTINGS_KEY, '{not json');
    expect(newLab(settings).control('nrf9160-a').keygenMs).toBe(0);
  });
});

describe('the +CCLK time text', () => {
  it('parses and formats back the same text, for both zone signs', () => {
    for (const text of ['18/12/06,22:10:00+08', '00/01/01,00:00:00-48', '99/12/31,23:59:59+00']) {
      const parsed = parseCclkTime(text);
      if (!parsed.ok) throw new Error(parsed.reason);
      expect(formatCclkTime(parsed.time)).toBe(text);
    }
    const r = parseCclkTime('26/02/30,10:00:00+00');
    expect(r.ok ? null : r.reason).toBe('2026-02 has no day 30');
  });
});
