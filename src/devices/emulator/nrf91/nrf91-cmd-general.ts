// Layer: emulated nRF91, general commands: AT, +CMEE, identity (+CGMI, +CGMM, +CGMR, +CGSN, %XMODEMUUID,
// %HWVERSION, %XICCID) and functional mode (+CFUN, +CEREG). Answer formats follow Nordic's AT command reference.
import { intArg, isAbsent } from './at-command.ts';
import { cmeReply, errorReply, okReply, paramReply, type Reply } from './at-reply.ts';
import type { CommandHandler, CommandTable } from './nrf91-modem.ts';
import { CFUN_MODES } from './nrf91-network.ts';

/** A command that only has an action form (`AT+CGMI`): `=?` answers OK, anything else is a syntax error. */
const actionOnly =
  (answer: CommandHandler): CommandHandler =>
  (command, modem) =>
    command.form === 'action' ? answer(command, modem) : command.form === 'test' ? okReply() : errorReply();

const cmee: CommandHandler = (command, modem) => {
  if (command.form === 'read') return okReply(`+CMEE: ${modem.cmee}`);
  if (command.form === 'test') return okReply('+CMEE: (0,1)');
  if (command.form === 'action') {
    modem.cmee = 0;
    return okReply();
  }
  const n = command.args.length === 1 ? intArg(command.args[0], 1) : null;
  if (n === null) return paramReply();
  modem.cmee = n;
  return okReply();
};

const cgsn: CommandHandler = (command, modem) => {
  if (command.form === 'action') return okReply(modem.factory.imei);
  if (command.form === 'test') return okReply('+CGSN: (0-3)');
  if (command.form !== 'set' || command.args.length !== 1) return errorReply();
  const snt = intArg(command.args[0], 3);
  const imei = modem.factory.imei;
  const svn = '05';
  if (snt === 0) return okReply(imei);
  if (snt === 1) return okReply(`+CGSN: "${imei}"`);
  if (snt === 2) return okReply(`+CGSN: "${imei.slice(0, 14)}${svn}"`);
  if (snt === 3) return okReply(`+CGSN: "${svn}"`);
  return paramReply();
};

const cfun: CommandHandler = (command, modem) => {
  const network = modem.network;
  if (command.form === 'read') return okReply(`+CFUN: ${network.mode}`);
  if (command.form === 'test') return okReply(`+CFUN: (${CFUN_MODES.join(',')})`);
  if (command.form !== 'set' || command.args.length !== 1) return errorReply();
  const mode = intArg(command.args[0], 99);
  if (mode === null || !(CFUN_MODES as readonly number[]).includes(mode)) return paramReply();
  network.setMode(mode);
  return okReply();
};

const cereg: CommandHandler = (command, modem) => {
  if (command.form === 'read') return okReply(modem.network.readLine());
  if (command.form === 'test') return okReply('+CEREG: (0-5)');
  if (command.form === 'action') return errorReply();
  const n = command.args.length === 1 && !isAbsent(command.args, 0) ? intArg(command.args[0], 5) : null;
  if (n === null) return paramReply();
  modem.network.subscription = n;
  return okReply();
};

const xiccid = (_: unknown, modem: Parameters<CommandHandler>[1]): Reply => {
  // The ICCID is read from the UICC, which is powered only in CFUN 1, 21 or 41 with a SIM inserted.
  const iccid = modem.factory.iccid;
  return iccid && modem.network.uiccActive ? okReply(`%XICCID: ${iccid}`) : cmeReply(0);
};

export const generalCommands: CommandTable = {
  '': () => okReply(),
  '+CMEE': cmee,
  '+CGMI': actionOnly((_, m) => okReply(m.factory.manufacturer)),
  '+CGMM': actionOnly((_, m) => okReply(m.factory.model)),
  '+CGMR': actionOnly((_, m) => okReply(m.factory.firmware)),
  '+CGSN': cgsn,
  '%XMODEMUUID': actionOnly((_, m) => okReply(`%XMODEMUUID: ${m.factory.modemFirmwareUuid}`)),
  '%HWVERSION': actionOnly((_, m) => okReply(`%HWVERSION: ${m.factory.hardwareVersion}`)),
  '%XICCID': actionOnly(xiccid),
  '+CFUN': cfun,
  '+CEREG': cereg,
};
