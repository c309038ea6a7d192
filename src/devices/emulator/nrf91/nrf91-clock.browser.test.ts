// The emulated modem's +CCLK on the real clock in Chromium, over the paced EmulatedSerialPort: after registration
// AT+CCLK? answers this computer's date (UTC), and a board's network time offset moves it.
import { describe, expect, it } from 'vitest';
import { MemoryFlashStore } from '../flash-store.ts';
import { createEmulatorLab } from '../lab.ts';
import { PortSession } from './testing.ts';

const DAY = 86_400_000;
const CCLK = /\+CCLK: "(\d{2})\/(\d{2})\/(\d{2}),(\d{2}):(\d{2}):(\d{2})\+00"\r\nOK\r\n$/;

/** The +CCLK answer as a date (two-digit years are 20yy here). */
function boardDate(answer: string): number {
  const m = CCLK.exec(answer);
  if (!m) throw new Error(`not a +CCLK time: ${JSON.stringify(answer)}`);
  const [yy, mo, dd, hh, mi, ss] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss);
}

async function registeredSession(networkTimeOffsetMs: number) {
  const lab = createEmulatorLab({
    flash: new MemoryFlashStore(),
    pacing: true,
    keygenMs: 0,
    boardOptions: { registrationMs: 50 },
  });
  lab.control('nrf9160-a').networkTimeOffsetMs = networkTimeOffsetMs;
  const session = await new PortSession(lab.port('nrf9160-a')).open();
  expect(await session.at('AT+CCLK?')).toBe('ERROR\r\n');
  await session.at('AT+CEREG=1');
  await session.at('AT+CFUN=1');
  await session.waitFor(/\+CEREG: 5\r\n/);
  return session;
}

describe('emulated nRF91 clock in Chromium', () => {
  it("after registration AT+CCLK? gives this computer's UTC date and time", async () => {
    const session = await registeredSession(0);
    const before = Math.floor(Date.now() / 1000) * 1000;
    const at = boardDate(await session.at('AT+CCLK?'));
    const after = Date.now();
    expect(at).toBeGreaterThanOrEqual(before - 1000);
    expect(at).toBeLessThanOrEqual(after);
    await session.close();
  });

  it('a board with its network time 3 years ahead answers that date', async () => {
    const ahead = 1095 * DAY;
    const session = await registeredSession(ahead);
    const at = boardDate(await session.at('AT+CCLK?'));
    expect(Math.abs(at - (Date.now() + ahead))).toBeLessThan(3000);
    await session.close();
  });
});
