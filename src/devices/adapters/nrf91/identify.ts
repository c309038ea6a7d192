// Layer: nRF91 adapter, identify. Asks who the modem is: +CGMI, +CGMM, +CGMR (required), +CGSN=1 (falling back to
// the bare +CGSN of older firmware), the device UUID (%DEVICEUUID on mfw 2.x; older firmware has no such command, so
// the UUID is read from the %ATTESTTOKEN message, as nRF Cloud's tools do), %XMODEMUUID (the firmware build UUID,
// not the device's), %HWVERSION, %XICCID (only answers when a SIM is powered) and +CFUN?. A refusal of an optional
// command leaves that field out; a time-out, disconnect or abort fails identify.
import { err, ok, type Result } from '../../../lib/result.ts';
import type { CallOptions, DeviceIdentity, DeviceResult } from '../../device.ts';
import { deviceError, type DeviceError } from '../../errors.ts';
import { decodeAttestationMessage, splitDottedPayload } from '../../../pki/nrf91-cose.ts';
import type { AtClient, AtResponse } from '../../protocols/at-client.ts';
import { parseInfoLine } from '../../protocols/at-result.ts';
import { safeIdentity } from '../identity-text.ts';
import { bareLine, infoParams, isRejection, run, unexpected } from './commands.ts';

type Optional<T> = Result<T | undefined, DeviceError>;

async function optional(at: AtClient, command: string, opts: CallOptions): Promise<Optional<AtResponse>> {
  const r = await run(at, command, opts);
  if (r.ok) return r;
  return isRejection(r.error) ? ok(undefined) : r;
}

async function required(at: AtClient, command: string, opts: CallOptions): Promise<Result<string, DeviceError>> {
  const r = await run(at, command, opts);
  if (!r.ok) return r;
  const line = bareLine(r.value);
  return line ? ok(line) : err(unexpected(command, 'one line of text', r.value));
}

const first = (r: AtResponse | undefined, prefix: string) => (r ? infoParams(r, prefix)[0]?.[0]?.trim() : undefined);

async function imei(at: AtClient, opts: CallOptions): Promise<Optional<string>> {
  const withPrefix = await optional(at, 'AT+CGSN=1', opts);
  if (!withPrefix.ok) return withPrefix;
  const value = first(withPrefix.value, '+CGSN');
  if (value) return ok(value);
  const bare = await optional(at, 'AT+CGSN', opts);
  if (!bare.ok) return bare;
  return ok(bare.value ? bareLine(bare.value) : undefined);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

async function deviceUuid(at: AtClient, opts: CallOptions): Promise<Optional<string>> {
  const direct = await optional(at, 'AT%DEVICEUUID', opts);
  if (!direct.ok) return direct;
  const said = first(direct.value, '%DEVICEUUID')?.toLowerCase();
  if (said && UUID.test(said)) return ok(said);
  const token = await optional(at, 'AT%ATTESTTOKEN', opts);
  if (!token.ok) return token;
  const line = token.value?.lines.find((l) => parseInfoLine(l)?.prefix === '%ATTESTTOKEN');
  const parts = line ? splitDottedPayload(line) : null;
  return ok(parts ? decodeAttestationMessage(parts.first)?.deviceUuid : undefined);
}

export async function identifyNrf91(at: AtClient, opts: CallOptions = {}): DeviceResult<DeviceIdentity> {
  const manufacturer = await required(at, 'AT+CGMI', opts);
  if (!manufacturer.ok) return manufacturer;
  const model = await required(at, 'AT+CGMM', opts);
  if (!model.ok) return model;
  const firmware = await required(at, 'AT+CGMR', opts);
  if (!firmware.ok) return firmware;
  const serial = await imei(at, opts);
  if (!serial.ok) return serial;
  const device = await deviceUuid(at, opts);
  if (!device.ok) return device;
  const answers: Record<string, AtResponse | undefined> = {};
  for (const command of ['AT%XMODEMUUID', 'AT%HWVERSION', 'AT%XICCID', 'AT+CFUN?']) {
    const r = await optional(at, command, opts);
    if (!r.ok) return r;
    answers[command] = r.value;
  }
  const uuid = device.value;
  const modemFirmwareUuid = first(answers['AT%XMODEMUUID'], '%XMODEMUUID')?.toLowerCase();
  const hardware = first(answers['AT%HWVERSION'], '%HWVERSION');
  const iccid = first(answers['AT%XICCID'], '%XICCID');
  const mode = Number(first(answers['AT+CFUN?'], '+CFUN'));
  const deviceId = uuid ?? serial.value;
  if (!deviceId)
    return err(
      deviceError('protocol', 'The modem reported neither a modem UUID nor an IMEI, so it cannot be told apart.'),
    );
  return ok(
    safeIdentity({
      family: 'nrf91',
      deviceId,
      manufacturer: manufacturer.value,
      model: model.value,
      firmware: firmware.value,
      ...(hardware ? { hardware } : {}),
      ...(serial.value ? { imei: serial.value } : {}),
      ...(uuid ? { uuid } : {}),
      ...(modemFirmwareUuid ? { modemFirmwareUuid } : {}),
      ...(iccid ? { iccid } : {}),
      ...(Number.isInteger(mode) && first(answers['AT+CFUN?'], '+CFUN') !== undefined ? { functionalMode: mode } : {}),
    }),
  );
}
