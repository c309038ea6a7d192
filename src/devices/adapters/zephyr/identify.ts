// Layer: Zephyr adapter, identify. Standard Zephyr shell commands only: `hwinfo devid` (`ID: 0x<hex>`, the SoC's
// unique id: the stable deviceId for audit, resume and batch) and `kernel version` (`Zephyr version x.y.z`). No
// standard command names the board or the nRF Connect SDK version; the boot banner does (`*** Booting nRF
// Connect SDK v2.9.0 ***`), so the device remembers a banner it has seen (after a reboot) and reports it.
import { err, ok } from '../../../lib/result.ts';
import type { CallOptions, DeviceIdentity, DeviceResult } from '../../device.ts';
import { safeIdentity } from '../identity-text.ts';
import type { ShellClient } from '../../protocols/shell-client.ts';
import { expectLine, unexpected } from './shell-run.ts';

export interface BootBanner {
  /** `v2.9.0`, from `*** Booting nRF Connect SDK v2.9.0 ***`. */
  ncsVersion?: string;
}

export async function identifyZephyr(
  shell: ShellClient,
  banner: BootBanner,
  opts: CallOptions = {},
): DeviceResult<DeviceIdentity> {
  const id = await expectLine(shell, 'hwinfo devid', /^ID: 0x[0-9a-fA-F]+$/, opts);
  if (!id.ok) {
    if (id.error.code !== 'device-rejected') return id;
    return err({
      ...id.error,
      code: 'unsupported',
      message:
        'The board has no `hwinfo devid` command, so KeyWire cannot give it a stable id. Enable CONFIG_HWINFO and ' +
        `CONFIG_HWINFO_SHELL in its firmware. (${id.error.message})`,
    });
  }
  const version = await expectLine(shell, 'kernel version', /^Zephyr version \S+/, opts);
  if (!version.ok) return version;
  const hwid = id.value.line.slice('ID: 0x'.length).toLowerCase();
  if (/^0+$|^f+$/.test(hwid))
    return err(unexpected('hwinfo devid', 'a device id that is not blank', id.value.response));
  const zephyr = version.value.line.replace(/^Zephyr version /, '').trim();
  return ok(
    safeIdentity({
      family: 'zephyr-tls-shell',
      deviceId: hwid,
      manufacturer: banner.ncsVersion ? 'Nordic Semiconductor (nRF Connect SDK)' : 'unknown',
      model: 'Zephyr board',
      firmware: banner.ncsVersion ? `nRF Connect SDK ${banner.ncsVersion}, Zephyr ${zephyr}` : `Zephyr ${zephyr}`,
      serial: hwid,
    }),
  );
}
