// Layer: emulated Zephyr board, the TLS credentials shell (`cred`), answering byte for byte as Zephyr's
// subsys/net/lib/tls_credentials/tls_credentials_shell.c: `Stored <n> bytes.`, `Credential buffer cleared.` (only
// when the buffer held data, so also after every add and get), `Added TLS credential of type <TYPE>, sectag <n>,
// and length <n> bytes.`, `Deleted TLS credential with sectag <n> and type <TYPE>.`, `There is no TLS credential
// with sectag <n> and type <TYPE>.`, list lines `<tag>,<TYPE>,<base64 SHA-256>,<status>` then `<N> credentials
// found.`. The volatile backend copies credentials to the heap and says so (and frees them on delete).
import { sha256 } from '@noble/hashes/sha2.js';
import { toBase64 } from '../../../lib/bytes.ts';
import { error, normal, warning, type CommandTable, type OutLine, type ShellContext } from './shell-core.ts';
import { compactType, humanType } from './store.ts';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function decodeBase64(text: string): Uint8Array | null {
  if (!BASE64.test(text)) return null;
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

const sectag = (arg: string, out: OutLine[], allowAny = false): number | null | undefined => {
  if (allowAny && arg.toLowerCase() === 'any') return null;
  if (/^\d+$/.test(arg) && Number(arg) <= 0xffffffff) return Number(arg);
  out.push(error(`${arg} is not a valid sectag.`));
  return undefined;
};

const credType = (arg: string, out: OutLine[], allowAny = false): string | null | undefined => {
  if (allowAny && arg.toLowerCase() === 'any') return null;
  const type = compactType(arg);
  if (!type) out.push(error(`${arg} is not a valid credential type.`));
  return type;
};

const format = (arg: string, out: OutLine[]): { binary: boolean; terminated: boolean } | undefined => {
  const f = arg.toLowerCase();
  if (f === 'bin' || f === 'bint' || f === 'str' || f === 'strt')
    return { binary: f.startsWith('bin'), terminated: f.endsWith('t') };
  out.push(error(`${arg} is not a valid storage format.`));
  return undefined;
};

function clearBuf(ctx: ShellContext, out: OutLine[]): void {
  if (ctx.credBuf.length > 0) out.push(normal('Credential buffer cleared.'));
  ctx.credBuf = '';
}

function writeBuf(ctx: ShellContext, chunk: string, out: OutLine[]): boolean {
  if (ctx.credBuf.length + chunk.length >= ctx.factory.credBufSize) {
    out.push(
      error(
        'Not enough room in credential buffer for provided data. Increase CONFIG_TLS_CREDENTIALS_SHELL_CRED_BUF_SIZE.',
      ),
    );
    clearBuf(ctx, out);
    return false;
  }
  ctx.credBuf += chunk;
  out.push(normal(`Stored ${chunk.length} bytes.`));
  return true;
}

function add(argv: readonly string[], ctx: ShellContext): OutLine[] {
  const out: OutLine[] = [];
  const finish = () => (clearBuf(ctx, out), out);
  const tag = sectag(argv[1]!, out);
  if (tag == null) return finish();
  const type = credType(argv[2]!, out);
  if (!type) return finish();
  if (argv[3]!.toLowerCase() !== 'default') return (out.push(error(`${argv[3]} is not a valid backend.`)), finish());
  const fmt = format(argv[4]!, out);
  if (!fmt) return finish();
  if (argv.length === 6) {
    clearBuf(ctx, out);
    if (!writeBuf(ctx, argv[5]!, out)) return finish();
  }
  if (ctx.credBuf.length === 0) return (out.push(error('Please provide a credential to add.')), finish());
  if (ctx.stores.get(tag, type)) {
    out.push(error(`TLS credential with sectag ${tag} and type ${humanType(type)} already exists.`));
    return finish();
  }
  let bytes: Uint8Array;
  if (fmt.binary) {
    const decoded = decodeBase64(ctx.credBuf);
    if (!decoded) return (out.push(error('Could not decode input from base64, error: -22')), finish());
    bytes = decoded;
  } else bytes = Uint8Array.from(ctx.credBuf, (c) => c.charCodeAt(0) & 0xff);
  if (fmt.terminated) bytes = Uint8Array.from([...bytes, 0]);
  if (ctx.stores.backend === 'volatile')
    out.push(
      warning(
        'Credential has been copied to heap. Memory will be leaked if this credential is deleted without using the shell.',
      ),
    );
  // -ENOMEM when every slot is taken, -EIO when the flash refuses (the store is left as it was).
  let code = 0;
  try {
    if (!ctx.stores.add({ secTag: tag, type, bytes })) code = -12;
  } catch {
    code = -5;
  }
  if (code !== 0) {
    out.push(error(`Failed to add TLS credential with sectag ${tag} and type ${humanType(type)}. Error: ${code}`));
    out.push(error('.'));
    return finish();
  }
  out.push(normal(`Added TLS credential of type ${humanType(type)}, sectag ${tag}, and length ${bytes.length} bytes.`));
  return finish();
}

function del(argv: readonly string[], ctx: ShellContext): OutLine[] {
  const out: OutLine[] = [];
  const tag = sectag(argv[1]!, out);
  if (tag == null) return out;
  const type = credType(argv[2]!, out);
  if (!type) return out;
  if (!ctx.stores.get(tag, type))
    return [error(`There is no TLS credential with sectag ${tag} and type ${humanType(type)}.`)];
  if (ctx.stores.backend === 'volatile') out.push(normal('Stored credential freed.'));
  try {
    ctx.stores.delete(tag, type);
  } catch {
    out.push(error(`Deleting TLS credential with sectag ${tag} and type ${humanType(type)} failed with error: -5.`));
    return out;
  }
  out.push(normal(`Deleted TLS credential with sectag ${tag} and type ${humanType(type)}.`));
  return out;
}

function get(argv: readonly string[], ctx: ShellContext): OutLine[] {
  const out: OutLine[] = [];
  const tag = sectag(argv[1]!, out);
  if (tag == null) return out;
  const type = credType(argv[2]!, out);
  if (!type) return out;
  const fmt = format(argv[3]!, out);
  if (!fmt) return out;
  const cred = ctx.stores.get(tag, type);
  if (!cred) return [error(`There is no TLS credential with sectag ${tag} and type ${humanType(type)}.`)];
  clearBuf(ctx, out);
  let bytes = cred.bytes;
  ctx.credBuf = 'x'.repeat(bytes.length);
  if (fmt.terminated) {
    if (bytes.at(-1) !== 0) {
      out.push(error("The stored credential isn't NULL-terminated, but a NULL-terminated format was specified."));
      return (clearBuf(ctx, out), out);
    }
    bytes = bytes.subarray(0, -1);
  }
  const width = ctx.factory.outputWidth;
  const step = fmt.binary ? (width / 4) * 3 : width;
  let filtered = false;
  for (let i = 0; i < bytes.length; i += step) {
    const part = bytes.subarray(i, i + step);
    if (fmt.binary) out.push(normal(toBase64(part)));
    else {
      const text = Array.from(part, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ((filtered = true), '?')));
      out.push(normal(text.join('')));
    }
  }
  if (filtered)
    out.push(
      warning(
        'Non-printable characters were included in the output and filtered. Have you selected the correct storage format?',
      ),
    );
  clearBuf(ctx, out);
  return out;
}

function list(argv: readonly string[], ctx: ShellContext): OutLine[] {
  const out: OutLine[] = [];
  const tag = argv.length >= 2 ? sectag(argv[1]!, out, true) : null;
  if (tag === undefined) return out;
  const type = argv.length >= 3 ? credType(argv[2]!, out, true) : null;
  if (type === undefined) return out;
  let count = 0;
  for (const c of ctx.stores.list()) {
    if ((tag !== null && c.secTag !== tag) || (type !== null && c.type !== type)) continue;
    count++;
    out.push(normal(`${c.secTag},${c.type},${toBase64(sha256(c.bytes))},0`));
  }
  out.push(normal(`${count} credentials found.`));
  return out;
}

export const credCommands: CommandTable = {
  cred: {
    sub: {
      buf: {
        args: [2, 0],
        handler: (argv, ctx) => {
          const out: OutLine[] = [];
          if (argv[1] === 'clear') clearBuf(ctx, out);
          else writeBuf(ctx, argv[1]!, out);
          return out;
        },
      },
      add: { args: [5, 1], handler: add },
      del: { args: [3, 0], handler: del },
      get: { args: [4, 0], handler: get },
      list: { args: [1, 2], handler: list },
    },
  },
};
