// Layer: Zephyr adapter, the Device. Puts the facets together over one ShellClient: identify (hwinfo, kernel
// version), credentials (the TLS credentials shell) when the firmware has it, keys (nrf_cloud_cred) when the
// firmware has it, and `reboot` for the "survives a reboot" check. Facets the firmware lacks are absent, so a flow
// cannot offer what the board cannot do (no key generation: KeyWire never makes the key on the computer).
import type { CallOptions, Device, DeviceLimits, DeviceResult } from '../../device.ts';
import { ok } from '../../../lib/result.ts';
import { ShellClient } from '../../protocols/shell-client.ts';
import type { ByteStream } from '../../transport/byte-stream.ts';
import { DEFAULT_CHUNK_CHARS, zephyrCredentials, type ZephyrCredentialStore } from './credentials.ts';
import { identifyZephyr, type BootBanner } from './identify.ts';
import { zephyrKeys, type ZephyrKeyMaker } from './keys.ts';
import { run } from './shell-run.ts';
import { ZEPHYR_PROFILE } from './profile.ts';

/** What the firmware was built with, as detection found it. */
export interface ZephyrCapabilities {
  /** CONFIG_TLS_CREDENTIALS_SHELL: the `cred` command. */
  readonly credentialsShell: boolean;
  /** nRF Connect SDK's `nrf_cloud_cred` shell: key generation in PSA. */
  readonly keygenShell: boolean;
  /** CONFIG_NRF_CLOUD_CREDENTIALS_KEYGEN_VERIFY: `nrf_cloud_cred pubkey`. */
  readonly publicKeyExport: boolean;
}

export interface ZephyrDevice extends Device {
  readonly family: 'zephyr-tls-shell';
  /** The session's shell client: the console sends typed commands through it so they queue with KeyWire's own. */
  readonly shell: ShellClient;
  readonly capabilities: ZephyrCapabilities;
  readonly credentials?: ZephyrCredentialStore;
  readonly keys?: ZephyrKeyMaker;
  /** The nRF Connect SDK boot banner, once one has been seen this session (after a reboot). */
  readonly banner: BootBanner;
  /** `kernel reboot cold`: resolves once the board is back at its prompt (or its USB port went away). */
  reboot(opts?: CallOptions): DeviceResult<void>;
}

export interface ZephyrDeviceOptions {
  readonly shell?: ShellClient;
  readonly capabilities: ZephyrCapabilities;
  /** Base64 characters per `cred buf` (default 48, as nrfcredstore). */
  readonly chunkChars?: number;
}

const BANNER = /^\*\*\* Booting nRF Connect SDK (\S+)/;

export function createZephyrDevice(
  connection: ByteStream & { close(): Promise<void> },
  options: ZephyrDeviceOptions,
): ZephyrDevice {
  const shell = options.shell ?? new ShellClient(connection);
  const banner: BootBanner = {};
  const noteBanner = (line: string) => {
    const m = BANNER.exec(line);
    if (m) banner.ncsVersion = m[1]!;
  };
  shell.onUnsolicited(({ line }) => noteBanner(line));
  const caps = options.capabilities;
  const limits: DeviceLimits = { maxCommandChars: shell.maxCommandChars, pemLineEnding: 'lf', storesNul: true };
  let closing: Promise<void> | undefined;
  return {
    family: 'zephyr-tls-shell',
    profile: ZEPHYR_PROFILE,
    limits,
    shell,
    capabilities: caps,
    banner,
    identify: (opts) => identifyZephyr(shell, banner, opts),
    ...(caps.credentialsShell
      ? { credentials: zephyrCredentials(shell, options.chunkChars ?? DEFAULT_CHUNK_CHARS) }
      : {}),
    ...(caps.keygenShell ? { keys: zephyrKeys(shell, caps.publicKeyExport) } : {}),
    async reboot(opts: CallOptions = {}) {
      const r = await run(shell, 'kernel reboot cold', { ...opts, abortOnWire: 'finish', expectRestart: true });
      if (r.ok) {
        r.value.lines.forEach(noteBanner);
        return ok(undefined);
      }
      // A board on native USB drops its port when it restarts: that is the reboot, not a failure.
      return r.error.code === 'disconnected' ? ok(undefined) : r;
    },
    close() {
      closing ??= (async () => {
        shell.dispose();
        await connection.close();
      })();
      return closing;
    },
  };
}
