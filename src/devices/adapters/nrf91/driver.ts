// Layer: nRF91 adapter, family detection for connectDevice. Syncs with a bare AT (short limit: a board that does
// not speak AT must not keep the user waiting), turns on +CME error numbers, and claims the board when +CGMI says
// Nordic and +CGMM names an nRF91-family modem. Anything else is left for the next family driver. A board that
// answers the first AT as a command shell does (`AT: command not found`, a Zephyr shell) is left at once, without
// waiting out the probe's time limit, so shell boards are not slowed down by coming after the modems.
import { ok } from '../../../lib/result.ts';
import { AtClient } from '../../protocols/at-client.ts';
import { enableCmee, restoreCmee } from '../../protocols/at-cmee.ts';
import type { SerialConnection } from '../../transport/connection.ts';
import type { FamilyDriver } from '../families.ts';
import { bareLine } from './commands.ts';
import { createNrf91Device, NRF91_AT_OPTIONS } from './device.ts';
import { NRF91_PROFILE } from './profile.ts';

const isNordic = (manufacturer: string | undefined) => /nordic/i.test(manufacturer ?? '');
const isNrf91Model = (model: string | undefined) => /^nrf91\d\d/i.test(model ?? '');
/** What a command shell (Zephyr's, and most others) prints for the unknown command `AT`. */
const SHELL_REFUSAL = /AT: command not found/; // colour codes may come right before it

/** Aborts `controller` as soon as the board's bytes show a command shell refusing `AT`; returns the unsubscribe. */
function watchForShell(connection: SerialConnection, controller: AbortController) {
  let heard = '';
  return connection.onData((bytes) => {
    heard = (heard + String.fromCharCode(...bytes)).slice(-256);
    if (SHELL_REFUSAL.test(heard)) controller.abort();
  });
}

export const nrf91Driver: FamilyDriver = {
  family: 'nrf91',
  label: 'nRF91 modem (AT commands)',
  profile: NRF91_PROFILE,
  async detect(connection, { signal, probeTimeoutMs }) {
    const at = new AtClient(connection, NRF91_AT_OPTIONS);
    const quick = { ...(signal ? { signal } : {}), timeoutMs: probeTimeoutMs };
    const shell = new AbortController();
    const stopWatching = watchForShell(connection, shell);
    const hello1 = { ...quick, signal: signal ? AbortSignal.any([signal, shell.signal]) : shell.signal };
    // Stray bytes may sit in the modem's line buffer (an earlier session at another baud rate, a half-sent command):
    // the first AT then completes that garbage line and is answered ERROR. A second AT starts on a clean line.
    let hello = await at.send('AT', hello1);
    if (!hello.ok && hello.error.code === 'device-rejected' && !shell.signal.aborted)
      hello = await at.send('AT', hello1);
    stopWatching();
    if (!hello.ok) {
      at.dispose();
      const notAt = hello.error.code === 'timeout' || hello.error.code === 'device-rejected';
      return notAt || (shell.signal.aborted && !signal?.aborted) ? ok(null) : hello;
    }
    const cmee = await enableCmee(at, quick);
    if (!cmee.ok) {
      at.dispose();
      return cmee.error.code === 'timeout' || cmee.error.code === 'device-rejected' ? ok(null) : cmee;
    }
    const manufacturer = await at.send('AT+CGMI', quick);
    const model = manufacturer.ok ? await at.send('AT+CGMM', quick) : manufacturer;
    if (!model.ok && !['timeout', 'device-rejected'].includes(model.error.code)) {
      at.dispose();
      return model;
    }
    const said = [manufacturer, model].map((r) => (r.ok ? bareLine(r.value) : undefined));
    if (!isNordic(said[0]) || !isNrf91Model(said[1])) {
      await restoreCmee(at, cmee.value, quick);
      at.dispose();
      return ok(null);
    }
    return ok({ device: createNrf91Device(connection, { at, cmee: cmee.value }), at });
  },
};
