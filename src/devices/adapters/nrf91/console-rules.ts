// Layer: nRF91 adapter, the family profile's console rules. What a command typed in the console may do to the
// board, decided before anything is sent:
// - refused: a `;` outside quotes chains commands (the audit trail records changes one by one), or a command
//   KeyWire does not know that is not a query (an action command such as AT%XFACTORYRESET without arguments);
// - read: an allowlist of commands that only ask: test (`=?`) and read (`?`) forms, the identity commands, and
//   %CMNG list/read;
// - changing: %CMNG write/delete, %KEYGEN, +CFUN= with their own audit actions and details, and any other set
//   command (`AT<cmd>=...`) as `x-console-command`: audited, so it needs the operator's name like any change.
// The audit detail names the sec_tag and type, never the content (a typed %CMNG write may carry a PSK).
import type { ConsoleChange, ConsoleVerdict } from '../../family-profile.ts';
import { credentialTypeOf, MAX_SEC_TAG } from './credential-types.ts';

type ChangingCommand = ConsoleChange;
type AuditDetail = ConsoleChange['detail'];

const CMNG = /^AT%CMNG\s*=\s*(\d+)\s*(?:,\s*(\d+)\s*(?:,\s*(\d+))?)?/i;
const KEYGEN = /^AT%KEYGEN\s*=\s*(\d+)/i;
const CFUN = /^AT\+CFUN\s*=\s*(\d+)/i;

/** Commands without arguments that only report (identity, signal, SIM, attestation, version). */
const READ_ONLY_ACTIONS: ReadonlySet<string> = new Set([
  'AT',
  'ATI',
  'AT+CGMI',
  'AT+CGMM',
  'AT+CGMR',
  'AT+CGSN',
  'AT+CIMI',
  'AT+CNUM',
  'AT+CSQ',
  'AT+CESQ',
  'AT%XMODEMUUID',
  'AT%DEVICEUUID',
  'AT%HWVERSION',
  'AT%XICCID',
  'AT%ATTESTTOKEN',
  'AT%XMONITOR',
  'AT%XVBAT',
  'AT%SHORTSWVER',
  'AT%XTEMP',
]);
/** Set-syntax commands whose arguments only choose what to report. */
const READ_ONLY_SETS: readonly RegExp[] = [/^AT\+CGSN\s*=\s*[0-3]$/i, /^AT%CMNG\s*=\s*[12](\s*,.*)?$/i];

function tagDetail(tag: string | undefined): AuditDetail {
  const secTag = tag === undefined ? NaN : Number(tag);
  return Number.isSafeInteger(secTag) && secTag <= MAX_SEC_TAG ? { secTag } : {};
}

function typeDetail(type: string | undefined): AuditDetail {
  if (type === undefined || type.length > 10) return {};
  const known = credentialTypeOf(Number(type));
  return { deviceType: type, ...(known ? { credentialKind: known.kind } : {}) };
}

/** A `;` outside double quotes: the AT host would run the commands it chains one after another. */
export function chainsCommands(command: string): boolean {
  let quoted = false;
  for (const ch of command) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ';' && !quoted) return true;
  }
  return false;
}

/** The audit message for a typed command: the command up to its first quote, never the quoted content (a PSK, a
 * key, a password) nor the `AT%CMNG=0,<tag>,3,"` opening the secret guard rightly refuses. */
function typedMessage(text: string): AuditDetail {
  const quote = text.indexOf('"');
  const head = (quote < 0 ? text : text.slice(0, quote).replace(/[\s,]+$/, '')).slice(0, 60);
  return { message: `Typed in the console: ${head}${quote < 0 ? '' : ' (quoted content not recorded)'}` };
}

/** What a known board-changing command changes, or null for anything else. */
export function changingCommand(command: string): ChangingCommand | null {
  const text = command.trim();
  const typed = typedMessage(text);
  const cmng = CMNG.exec(text);
  if (cmng) {
    const action = cmng[1] === '0' ? 'credential-write' : cmng[1] === '3' ? 'credential-delete' : null;
    return action && { action, detail: { ...tagDetail(cmng[2]), ...typeDetail(cmng[3]), ...typed } };
  }
  const keygen = KEYGEN.exec(text);
  if (keygen) return { action: 'keygen', detail: { ...tagDetail(keygen[1]), ...typed } };
  const cfun = CFUN.exec(text);
  if (cfun) {
    const mode = Number(cfun[1]);
    return { action: 'functional-mode', detail: { ...(mode <= 255 ? { functionalMode: mode } : {}), ...typed } };
  }
  return null;
}

export function classifyTyped(command: string): ConsoleVerdict {
  const text = command.trim();
  if (chainsCommands(text))
    return {
      kind: 'refused',
      reason:
        'A ";" chains several commands into one, and KeyWire records every change to the board on its own. ' +
        'Send the commands one at a time.',
    };
  const upper = text.toUpperCase().replace(/\s+/g, '');
  if (upper.endsWith('?') || READ_ONLY_ACTIONS.has(upper) || READ_ONLY_SETS.some((re) => re.test(text)))
    return { kind: 'read' };
  const known = changingCommand(text);
  if (known) return { kind: 'changing', change: known };
  if (/^AT[+%#]?[A-Z0-9]*\s*=/i.test(text))
    return {
      kind: 'changing',
      change: {
        action: 'x-console-command',
        detail: typedMessage(text),
      },
    };
  const name = text.split(/[=?]/)[0]!.slice(0, 40);
  return {
    kind: 'refused',
    reason:
      `KeyWire does not know what ${name} does, so it does not send it from the console (it could change the ` +
      `board without a record). Its read forms (${name}? or ${name}=?) can be sent.`,
  };
}
