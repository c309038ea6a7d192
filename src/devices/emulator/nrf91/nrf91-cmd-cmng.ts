// Layer: emulated nRF91, credential management: AT%CMNG=<op>[,<sec_tag>[,<type>[,"<content>"[,"<passwd>"]]]].
//   0 write  -> OK; 518 while active, 527 invalid content, 515 full; overwrites an existing (sec_tag, type)
//   1 list   -> `%CMNG: <sec_tag>,<type>,"<SHA-256>"` per credential, filtered by sec_tag and type
//   2 read   -> `%CMNG: <sec_tag>,<type>,"<SHA-256>","<content>"`; 513 absent; 514 for private keys
//   3 delete -> OK; 518 while active, 513 absent
// Tags above 2147483647 belong to the modem: listed, never read, written or deleted (514).
import { fromBase64, fromHex } from '../../../lib/bytes.ts';
import { intArg, isAbsent, type AtArg, type AtCommand } from './at-command.ts';
import { CME, cmeReply, errorReply, okReply, paramReply, type Reply } from './at-reply.ts';
import { credentialSha } from './nrf91-credentials.ts';
import { MAX_USER_SEC_TAG } from './nrf91-factory.ts';
import type { CommandTable, Nrf91Modem } from './nrf91-modem.ts';

const MAX_SEC_TAG = 4294967295;
const MAX_TYPE = 11;
/** Types the host may write: certificates, keys, PSK and identity, public keys, ownership key. */
const WRITABLE_TYPES: readonly number[] = [0, 1, 2, 3, 4, 5, 9];
/** Types the modem never returns content for. */
const UNREADABLE_TYPES: readonly number[] = [2, 8];
const PEM_TYPES: readonly number[] = [0, 1, 2, 5];

function outcome(result: 'stored' | 'removed' | 'memory-full' | 'not-found' | 'flash-failed'): Reply {
  if (result === 'memory-full') return cmeReply(CME.memoryFull);
  if (result === 'not-found') return cmeReply(CME.notFound);
  if (result === 'flash-failed') return errorReply();
  return okReply();
}

/** Whether `content` is what the modem accepts for `type` (see README: when 527 is answered). */
export function validContent(type: number, content: string): boolean {
  if (content.length === 0) return false;
  if (PEM_TYPES.includes(type)) return isPem(content);
  if (type === 3) return content.length % 2 === 0 && fromHex(content) !== null && /^[0-9A-Fa-f]+$/.test(content);
  return true;
}

function isPem(content: string): boolean {
  const m = /^\s*-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----\s*$/.exec(content);
  if (!m) return false;
  const body = m[2]!.replace(/^[A-Za-z-]+:.*\r?\n/gm, '');
  const der = fromBase64(body);
  return der !== null && der.length > 0 && der[0] === 0x30;
}

const tagArg = (arg: AtArg | undefined) => intArg(arg, MAX_SEC_TAG);
const typeArg = (arg: AtArg | undefined) => intArg(arg, MAX_TYPE);

function write(args: readonly AtArg[], modem: Nrf91Modem): Reply {
  const secTag = tagArg(args[1]);
  const type = typeArg(args[2]);
  const content = args[3];
  if (secTag === null || type === null || !content?.quoted || args.length > 5) return paramReply();
  if (args[4] && !args[4].quoted) return paramReply();
  if (secTag > MAX_USER_SEC_TAG || !WRITABLE_TYPES.includes(type)) return cmeReply(CME.noAccess);
  if (modem.network.active) return cmeReply(CME.notAllowedWhileActive);
  if (!validContent(type, content.text)) return cmeReply(CME.invalidContent);
  return outcome(modem.credentials.put({ secTag, type, content: content.text }));
}

function list(args: readonly AtArg[], modem: Nrf91Modem): Reply {
  if (args.length > 3) return paramReply();
  const secTag = isAbsent(args, 1) ? undefined : tagArg(args[1]);
  const type = isAbsent(args, 2) ? undefined : typeArg(args[2]);
  if (secTag === null || type === null) return paramReply();
  const lines = modem.credentials
    .list({ secTag, type })
    .map((c) => `%CMNG: ${c.secTag},${c.type},"${credentialSha(c.content)}"`);
  return okReply(...lines);
}

function read(args: readonly AtArg[], modem: Nrf91Modem): Reply {
  const secTag = tagArg(args[1]);
  const type = typeArg(args[2]);
  if (secTag === null || type === null || args.length !== 3) return paramReply();
  const found = modem.credentials.get(secTag, type);
  if (!found) return cmeReply(CME.notFound);
  if (secTag > MAX_USER_SEC_TAG || UNREADABLE_TYPES.includes(type)) return cmeReply(CME.noAccess);
  return okReply(`%CMNG: ${secTag},${type},"${credentialSha(found.content)}","${found.content}"`);
}

function remove(args: readonly AtArg[], modem: Nrf91Modem): Reply {
  const secTag = tagArg(args[1]);
  const type = typeArg(args[2]);
  if (secTag === null || type === null || args.length !== 3) return paramReply();
  if (secTag > MAX_USER_SEC_TAG) return cmeReply(CME.noAccess);
  if (modem.network.active) return cmeReply(CME.notAllowedWhileActive);
  return outcome(modem.credentials.remove(secTag, type));
}

function cmng(command: AtCommand, modem: Nrf91Modem): Reply {
  if (command.form === 'test') return okReply('%CMNG: (0-3),(0-4294967295),(0-11)');
  if (command.form !== 'set') return errorReply();
  const op = intArg(command.args[0], 3);
  const ops = [write, list, read, remove] as const;
  return op === null ? paramReply() : ops[op]!(command.args, modem);
}

export const cmngCommands: CommandTable = { '%CMNG': cmng };
