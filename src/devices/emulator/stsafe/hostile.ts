// Layer: emulated STSAFE board, its part of the hostile-board mode (../hostile.ts). The `ID` answer's `model` and
// `fw` carry the variant's payload, percent-encoded as KWSE text is (so the 100 kB line is one line far over the
// protocol's limit). The second `ID` since power-on (the app's identify, after the driver's probe) is answered with
// endless noise lines, or preceded by a flood of `* LOG` events.
import { hostilePayload, type HostileHooks } from '../hostile.ts';

const ID = /^\d{1,4} ID$/;
/** KWSE text: bytes outside a small safe set as %XX (the Latin-1 string is the wire's bytes). */
const encode = (bytes: string) =>
  bytes.replace(/[^0-9A-Za-z._-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);

export const STSAFE_HOSTILE: HostileHooks = {
  eol: '\r\n',
  rewrite(command, line, variant) {
    if (!ID.test(command) || !/^\d{1,4} OK /.test(line)) return null;
    const payload = encode(hostilePayload(variant));
    return line.replace(/ (model|fw)=(\S*)/g, (_, key: string, value: string) => ` ${key}=${value}${payload}`);
  },
  endlessOn: (command, count) => ID.test(command) && count >= 2,
  endlessStart: () => '',
  endlessLine: (i) => `endless ${i}`,
  floodOn: (command, count) => ID.test(command) && count >= 2,
  floodLine: (i) => `* LOG n=${i}`,
};
