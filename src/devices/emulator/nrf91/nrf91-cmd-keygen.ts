// Layer: emulated nRF91, %KEYGEN and %ATTESTTOKEN.
//   AT%KEYGEN=<sec_tag>,2,<0 CSR|1 public key>[,"<attributes>"[,"<key_usage bits>"]]
//     -> `%KEYGEN: "<b64url DER>.<b64url COSE>"`; only while not active (518); the new key is stored as type 2
//        at sec_tag, replacing any key there; takes `keygenMs` (a reset or unplug meanwhile stores nothing).
//   AT%ATTESTTOKEN -> `%ATTESTTOKEN: "<b64url message>.<b64url COSE>"`.
import { parseSubject, type SubjectAttribute } from '../../../pki/csr-build.ts';
import { KEY_USAGES, type KeyUsageName } from '../../../pki/key-usage.ts';
import { OID } from '../../../pki/oids.ts';
import { intArg, isAbsent, type AtCommand } from './at-command.ts';
import { CME, cmeReply, errorReply, okReply, paramReply, type Reply } from './at-reply.ts';
import { sleep } from '../clock.ts';
import { MAX_USER_SEC_TAG } from './nrf91-factory.ts';
import { attestationToken, generateKey, identityKey, MODEM_KEY_USAGE } from './nrf91-keygen.ts';
import type { CommandTable, Nrf91Modem } from './nrf91-modem.ts';

/** `"101010000"`-style key usage (bit 0 first); encipherOnly/decipherOnly (bits 7, 8) are not supported. */
function parseKeyUsage(text: string): KeyUsageName[] | null {
  if (!/^[01]{1,9}$/.test(text) || /1/.test(text.slice(7))) return null;
  const bits = KEY_USAGES.filter((_, i) => text[i] === '1');
  return bits.length ? bits : null;
}

async function keygen(command: AtCommand, modem: Nrf91Modem): Promise<Reply> {
  if (command.form === 'test') return okReply('%KEYGEN: (0-2147483647),(2),(0,1)');
  if (command.form !== 'set') return errorReply();
  const args = command.args;
  const secTag = intArg(args[0], 4294967295);
  const keyType = intArg(args[1], 99);
  const format = intArg(args[2], 99);
  if (secTag === null || keyType !== 2 || (format !== 0 && format !== 1) || args.length > 5) return paramReply();
  let subject: SubjectAttribute[] = [{ oid: OID.commonName, value: modem.factory.deviceUuid }];
  if (!isAbsent(args, 3)) {
    const parsed = args[3]!.quoted ? parseSubject(args[3]!.text) : null;
    if (!parsed?.ok) return paramReply();
    subject = parsed.value;
  }
  let keyUsage: readonly KeyUsageName[] = MODEM_KEY_USAGE;
  if (!isAbsent(args, 4)) {
    const parsed = args[4]!.quoted ? parseKeyUsage(args[4]!.text) : null;
    if (!parsed) return paramReply();
    keyUsage = parsed;
  }
  if (secTag > MAX_USER_SEC_TAG) return cmeReply(CME.noAccess);
  if (modem.network.active) return cmeReply(CME.notAllowedWhileActive);

  const signal = modem.signal;
  await sleep(modem.clock, modem.keygenMs, signal);
  let outcome;
  try {
    outcome = await generateKey({
      deviceUuid: modem.factory.deviceUuid,
      secTag,
      output: format === 0 ? 'csr' : 'publicKey',
      subject,
      keyUsage,
      identityKey: identityKey(modem.factory.identityKeyHex),
    });
  } catch {
    return cmeReply(CME.keyGenerationFailed);
  }
  signal.throwIfAborted();
  const stored = modem.credentials.put({ secTag, type: 2, content: outcome.privateKeyPem });
  if (stored === 'memory-full') return cmeReply(CME.memoryFull);
  if (stored === 'flash-failed') return cmeReply(CME.keyGenerationFailed);
  return okReply(`%KEYGEN: "${outcome.payload}"`);
}

async function attestToken(command: AtCommand, modem: Nrf91Modem): Promise<Reply> {
  if (command.form === 'test') return okReply();
  if (command.form !== 'action') return errorReply();
  const token = await attestationToken({
    deviceUuid: modem.factory.deviceUuid,
    deviceType: modem.factory.attestDeviceType,
    firmwareUuid: modem.factory.modemFirmwareUuid,
    identityKey: identityKey(modem.factory.identityKeyHex),
  });
  return okReply(`%ATTESTTOKEN: "${token}"`);
}

export const keygenCommands: CommandTable = { '%KEYGEN': keygen, '%ATTESTTOKEN': attestToken };
