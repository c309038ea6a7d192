// Layer: Zephyr adapter, family detection. Sends an empty line: a Zephyr shell answers with its prompt (learnt
// here, so custom prompts work), an AT modem ignores empty lines and the probe times out (ok(null): the board is
// left, untouched, to the next driver). A prompt alone is not enough: `kernel version` must answer
// `Zephyr version ...`. Then it asks which shells the firmware has: `cred` and `nrf_cloud_cred` without a
// subcommand answer `Please specify a subcommand.` when present and `command not found` when not, and
// `nrf_cloud_cred pubkey -h` prints help only when the firmware has the pubkey command. Nothing probed changes the
// board. Listed in FAMILY_DRIVERS after the nRF91 driver; the console's line terminal is the shell client.
import { ok, type Result } from '../../../lib/result.ts';
import type { CallOptions } from '../../device.ts';
import type { DeviceError } from '../../errors.ts';
import { ShellClient } from '../../protocols/shell-client.ts';
import type { FamilyDriver } from '../families.ts';
import { createZephyrDevice, type ZephyrCapabilities } from './device.ts';
import { ZEPHYR_PROFILE, zephyrTimeLimitMs } from './profile.ts';

const withLimit = (ms: number | undefined) => (ms === undefined ? {} : { timeoutMs: ms });
const missing = (r: Result<unknown, DeviceError & { refusal?: string }>) =>
  !r.ok && r.error.code === 'device-rejected' && r.error.refusal === 'command-not-found';
const fatal = (r: Result<unknown, DeviceError>) =>
  !r.ok && !['timeout', 'device-rejected', 'protocol'].includes(r.error.code);

export const zephyrDriver: FamilyDriver = {
  family: 'zephyr-tls-shell',
  profile: ZEPHYR_PROFILE,
  label: 'Zephyr board (shell with TLS credentials)',
  // What the shell says to another family's probe line (`AT`, `1 HELLO 1`); colour codes may come right before it.
  signature: /: command not found/,
  async detect(connection, { signal, probeTimeoutMs }) {
    const shell = new ShellClient(connection);
    const quick = { ...(signal ? { signal } : {}), timeoutMs: probeTimeoutMs };
    const leave = (r?: Result<unknown, DeviceError>) => {
      shell.dispose();
      return r && fatal(r) && !r.ok ? r : ok(null);
    };
    const synced = await shell.sync(quick);
    if (!synced.ok) return leave(synced);
    const version = await shell.send('kernel version', quick);
    if (!version.ok || !version.value.lines.some((l) => /^Zephyr version /.test(l))) return leave(version);
    const cred = await shell.send('cred', quick);
    if (fatal(cred)) return leave(cred);
    const cloud = await shell.send('nrf_cloud_cred', quick);
    if (fatal(cloud)) return leave(cloud);
    const keygenShell = !missing(cloud);
    let publicKeyExport = false;
    if (keygenShell) {
      const pubkey = await shell.send('nrf_cloud_cred pubkey -h', quick);
      if (fatal(pubkey)) return leave(pubkey);
      publicKeyExport = !missing(pubkey);
    }
    const capabilities: ZephyrCapabilities = { credentialsShell: !missing(cred), keygenShell, publicKeyExport };
    // The console's line terminal: typed commands queue behind KeyWire's own on the same shell client, with the
    // family's time limits for slow commands (key generation, flash writes).
    const line = {
      send: (command: string, opts: CallOptions = {}) =>
        shell.send(command, { ...withLimit(zephyrTimeLimitMs(command)), ...opts, abortOnWire: 'finish' as const }),
    };
    return ok({ device: createZephyrDevice(connection, { shell, capabilities }), line });
  },
};
