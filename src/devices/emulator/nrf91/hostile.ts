// Layer: emulated nRF91, its part of the hostile-board mode (../hostile.ts). Identity answers (+CGMI, +CGMM, +CGMR,
// %HWVERSION) get the variant's payload after what the modem says (so the driver still claims the board); the
// 100 kB line goes only into +CGMR (one line at 115200 baud already takes about nine seconds). +CGMR, the first
// identify command after the driver's probe, is answered with endless output, or preceded by a flood of +CEREG
// notifications.
import { hostilePayload, type HostileHooks } from '../hostile.ts';

const IDENTITY = new Set(['AT+CGMI', 'AT+CGMM', 'AT+CGMR', 'AT%HWVERSION']);
const FINAL = /^(OK|ERROR|\+CM[ES] ERROR: \d+)$/;

export const NRF91_HOSTILE: HostileHooks = {
  eol: '\r\n',
  rewrite(command, line, variant) {
    const cmd = command.toUpperCase();
    if (!IDENTITY.has(cmd) || line === '' || FINAL.test(line)) return null;
    if (variant === 'long-lines' && cmd !== 'AT+CGMR') return null;
    return line + hostilePayload(variant);
  },
  endlessOn: (command) => command.toUpperCase() === 'AT+CGMR',
  endlessStart: () => '',
  endlessLine: (i) => `endless ${i}`,
  floodOn: (command) => command.toUpperCase() === 'AT+CGMR',
  floodLine: (i) => `+CEREG: ${i % 2 === 0 ? 2 : 5}`,
};
