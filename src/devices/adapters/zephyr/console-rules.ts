// Layer: Zephyr adapter, the family profile's console rules. What a command typed in the console may do to a Zephyr
// board, decided before anything is sent (the shell splits a line on spaces, so the words decide):
// - refused: `cred buf` and `cred add` (the Provision flow writes credentials, clearing a half-filled buffer first;
//   a typed buffer could stage a private key or PSK, which KeyWire never sends), `cred get` of a private key or PSK
//   (a secret pulled onto the screen), and a line longer than the shell's buffer would be cut by the board;
// - read: `cred list`, `cred get` of certificates and PSK identities, `kernel version|uptime`, `hwinfo devid`,
//   `nrf_cloud_cred pubkey|csr` (public), `help`, any `-h` / `--help`;
// - changing: `cred del` (credential-delete), `nrf_cloud_cred keygen` (keygen), `nrf_cloud_cred delete`, `kernel
//   reboot` and every command KeyWire does not know (`x-console-command`: audited, so it needs the operator).
// The audit detail names the sec tag and type, never more than the words typed (there is no secret in them: the
// commands that could carry one are refused).
import type { ConsoleChange, ConsoleVerdict } from '../../family-profile.ts';
import { MAX_ZEPHYR_SEC_TAG, zephyrTypeOf } from './cred-types.ts';

/** CONFIG_SHELL_CMD_BUFF_SIZE's usual 256, less the terminating NUL: a longer typed line would be cut. */
export const TYPED_LINE_LIMIT = 255;

const READ_ONLY: readonly (readonly string[])[] = [
  ['cred', 'list'],
  ['kernel', 'version'],
  ['kernel', 'uptime'],
  ['hwinfo', 'devid'],
  ['nrf_cloud_cred', 'pubkey'],
  ['nrf_cloud_cred', 'csr'],
  ['help'],
];

/** The shell's names (and synonyms) of the types KeyWire never reads back. */
const SECRET_TYPES: ReadonlySet<string> = new Set(['PK', 'PRIVATE_KEY', 'PSK', 'PRE_SHARED_KEY']);

const starts = (words: readonly string[], head: readonly string[]) =>
  head.every((w, i) => words[i]?.toLowerCase() === w);

function tagOf(word: string | undefined): { secTag?: number } {
  const n = word !== undefined && /^\d+$/.test(word) ? Number(word) : NaN;
  return Number.isSafeInteger(n) && n <= MAX_ZEPHYR_SEC_TAG ? { secTag: n } : {};
}

function typeOf(word: string | undefined): ConsoleChange['detail'] {
  const t = word ? zephyrTypeOf(word) : undefined;
  return t ? { deviceType: t.code, credentialKind: t.kind } : {};
}

const typed = (text: string) => ({ message: `Typed in the console: ${text.slice(0, 60)}` });

/** What a typed shell command would do to the board. */
export function classifyShellCommand(command: string): ConsoleVerdict {
  const text = command.trim();
  if (text.length > TYPED_LINE_LIMIT)
    return {
      kind: 'refused',
      reason: `The shell keeps at most ${TYPED_LINE_LIMIT} characters a line; this one is ${text.length}.`,
    };
  const words = text.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.some((w) => w === '-h' || w === '--help')) return { kind: 'read' };
  if (starts(words, ['cred', 'buf']) || starts(words, ['cred', 'add']))
    return {
      kind: 'refused',
      reason:
        'Credentials are written by the Provision step, which clears the shell’s buffer first and checks the digest. ' +
        'A typed buffer could hold a private key or PSK, which KeyWire never sends to a board.',
    };
  if (starts(words, ['cred', 'get'])) {
    if (SECRET_TYPES.has((words[3] ?? '').toUpperCase()))
      return { kind: 'refused', reason: 'A private key or PSK stays on the board: KeyWire never reads it back.' };
    return { kind: 'read' };
  }
  if (READ_ONLY.some((head) => starts(words, head))) return { kind: 'read' };
  if (starts(words, ['cred', 'del']))
    return {
      kind: 'changing',
      change: { action: 'credential-delete', detail: { ...tagOf(words[2]), ...typeOf(words[3]), ...typed(text) } },
    };
  if (starts(words, ['nrf_cloud_cred', 'keygen']))
    return { kind: 'changing', change: { action: 'keygen', detail: { ...tagOf(words[2]), ...typed(text) } } };
  if (starts(words, ['nrf_cloud_cred', 'delete']))
    return {
      kind: 'changing',
      change: { action: 'x-console-command', detail: { ...tagOf(words[2]), ...typed(text) } },
    };
  return { kind: 'changing', change: { action: 'x-console-command', detail: typed(text) } };
}
