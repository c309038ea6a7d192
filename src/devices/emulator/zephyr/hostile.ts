// Layer: emulated Zephyr board, its part of the hostile-board mode (../hostile.ts). `kernel version` answers
// `Zephyr version <x.y.z><payload>` (the driver still claims the board); the 100 kB line goes before the `ID: 0x…`
// line of `hwinfo devid` (the first identify command after the driver's probe), which is also the command answered
// with endless output (after its echo) or preceded by a flood of log lines.
import { hostilePayload, type HostileHooks } from '../hostile.ts';

const DEVID = 'hwinfo devid';

export const ZEPHYR_HOSTILE: HostileHooks = {
  eol: '\r\n',
  rewrite(command, line, variant) {
    if (variant === 'long-lines')
      return command === DEVID && line.startsWith('ID: 0x') ? `${hostilePayload(variant)}\r\n${line}` : null;
    if (command === 'kernel version' && /^Zephyr version \S+$/.test(line)) return line + hostilePayload(variant);
    return null;
  },
  endlessOn: (command) => command === DEVID,
  endlessStart: (command) => `${command}\r\n`,
  endlessLine: (i) => `endless ${i}`,
  floodOn: (command) => command === DEVID,
  floodLine: (i) => `[00:00:05.${String(i % 1000).padStart(3, '0')},000] <inf> flood: ${i}`,
};
