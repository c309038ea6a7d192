// Layer: emulated nRF91, the clock command +CCLK (3GPP 27.007 §8.15; Nordic's nRF91 AT reference, "Clock +CCLK"):
//   AT+CCLK?                        -> +CCLK: "yy/MM/dd,hh:mm:ss±zz" / OK, or ERROR while the modem has no time
//   AT+CCLK="yy/MM/dd,hh:mm:ss±zz"  -> OK; a malformed or out-of-range time is ME error 50 (incorrect parameters)
//   AT+CCLK=?                       -> ERROR (Nordic's reference lists the test form as not supported)
// Works in every functional mode. The time itself lives in the modem's ModemRtc (nrf91-rtc.ts).
import { isAbsent } from './at-command.ts';
import { errorReply, okReply, paramReply } from './at-reply.ts';
import { parseCclkTime } from './nrf91-cclk-time.ts';
import type { CommandHandler, CommandTable } from './nrf91-modem.ts';

const cclk: CommandHandler = (command, modem) => {
  if (command.form === 'read') {
    // Nordic: "If time is not received or set with the +CCLK command, the response is ERROR." A bare ERROR, as the
    // reference gives it (and as this emulator answered before it kept a clock), whatever CMEE says.
    const time = modem.rtc.read();
    return time ? okReply(`+CCLK: "${time}"`) : errorReply();
  }
  if (command.form === 'test' || command.form === 'action' || command.args.length !== 1 || isAbsent(command.args, 0))
    return errorReply();
  const arg = command.args[0]!;
  if (!arg.quoted) return paramReply();
  const parsed = parseCclkTime(arg.text);
  if (!parsed.ok) return paramReply();
  modem.rtc.set(parsed.time);
  return okReply();
};

export const clockCommands: CommandTable = { '+CCLK': cclk };
