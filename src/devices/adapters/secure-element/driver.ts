// Layer: secure-element adapter, family detection for connectDevice. Sends `HELLO 1` with the probe time limit: a
// board that does not answer in KWSE (an AT modem answers ERROR or nothing) is left alone. A first refusal may be a
// garbage line completed by our request (an earlier AT probe left bytes behind), so HELLO is tried twice. Claims the
// board when HELLO and ID answer; a board that speaks only a later protocol version is refused with 'unsupported'.
import { err, ok, type Result } from '../../../lib/result.ts';
import { deviceError, type DeviceError } from '../../errors.ts';
import { SeClient } from '../../protocols/se-client.ts';
import { SE_MAX_CHUNK, SE_PROTOCOL_VERSION } from '../../protocols/se-constants.ts';
import type { DetectOptions, Detected, FamilyDriver } from '../families.ts';
import { createSecureElementDevice, type ClosableStream, type SecureElementDevice } from './device.ts';
import { boardInfoFrom } from './identify.ts';
import { SeLineClient } from './line-client.ts';
import { SE_PROFILE } from './profile.ts';

const notMine = (code: string) => code === 'timeout' || code === 'device-rejected' || code === 'protocol';

/** The detection itself, on any ByteStream (a SerialConnection, or the emulator's in-process stream in tests). */
export async function detectSecureElement(
  stream: ClosableStream,
  { signal, probeTimeoutMs }: DetectOptions,
): Promise<Result<SecureElementDevice | null, DeviceError>> {
  const client = new SeClient(stream);
  const quick = { ...(signal ? { signal } : {}), timeoutMs: probeTimeoutMs };
  let hello = await client.request('HELLO', [String(SE_PROTOCOL_VERSION)], quick);
  if (!hello.ok && hello.error.code === 'device-rejected' && hello.error.se?.code !== 'VERSION')
    hello = await client.request('HELLO', [String(SE_PROTOCOL_VERSION)], quick);
  if (!hello.ok) {
    client.dispose();
    if (hello.error.se?.code === 'VERSION')
      return err(
        deviceError(
          'unsupported',
          `The board speaks a KWSE version this KeyWire does not (${hello.error.se.text}). Update KeyWire.`,
        ),
      );
    return notMine(hello.error.code) ? ok(null) : err(hello.error);
  }
  const version = Number(hello.value.fields.proto);
  if (!Number.isInteger(version) || version < 1 || version > SE_PROTOCOL_VERSION) {
    client.dispose();
    return err(
      deviceError(
        'unsupported',
        `The board answered HELLO with protocol version ${hello.value.fields.proto ?? '(none)'}; this KeyWire speaks ${SE_PROTOCOL_VERSION}.`,
      ),
    );
  }
  const chunk = Math.min(SE_MAX_CHUNK, Number(hello.value.fields.chunk) || SE_MAX_CHUNK);
  const id = await client.request('ID', [], quick);
  const board = id.ok ? boardInfoFrom(id.value.fields) : id;
  if (!board.ok) {
    client.dispose();
    return notMine(board.error.code) ? ok(null) : err(board.error);
  }
  return ok(createSecureElementDevice(stream, { client, board: board.value, chunk }));
}

export const secureElementDriver: FamilyDriver = {
  family: 'secure-element',
  label: 'Secure element host (KeyWire SE protocol)',
  profile: SE_PROFILE,
  // The unnumbered refusal of a line that is not `<seq> <VERB>` (an AT probe, an empty shell line) and the boot line.
  signature: /(?:^|[\r\n])(?:\? ERR [A-Z]+ [0-9A-F]{2}\b|\* BOOT proto=)/,
  async detect(connection, options): Promise<Result<Detected | null, DeviceError>> {
    const found = await detectSecureElement(connection, options);
    if (!found.ok || !found.value) return found as Result<null, DeviceError>;
    return ok({ device: found.value, line: new SeLineClient(found.value.client) });
  },
};
