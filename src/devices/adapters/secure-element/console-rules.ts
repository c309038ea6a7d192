// Layer: secure-element adapter, what a KWSE request typed in the console may do, decided before anything is sent.
// The console's line client adds the sequence number, so a typed line is `<VERB> <args...>`. Reads (HELLO, ID, PING,
// PUBKEY, SIGN, ZONES, ZREAD) go through; KEYGEN, ZWRITE and ZERASE change the board and are audited like the flow's
// own changes; anything touching slot 0 or zone 0 (the factory identity) and unknown verbs are refused.
import type { ConsoleVerdict } from '../../family-profile.ts';
import { SE_VERBS, type SeVerb } from '../../protocols/se-constants.ts';

const READS: readonly SeVerb[] = ['HELLO', 'ID', 'PING', 'PUBKEY', 'SIGN', 'ZONES', 'ZREAD'];
const refused = (reason: string): ConsoleVerdict => ({ kind: 'refused', reason });

export function classifySeTyped(command: string): ConsoleVerdict {
  const [word = '', ...args] = command.trim().split(/\s+/);
  const verb = word.toUpperCase() as SeVerb;
  if (/^\d+$/.test(word)) return refused('Type the request without a sequence number: KeyWire adds it.');
  if (!SE_VERBS.includes(verb))
    return refused(`"${word}" is not a KWSE request (${SE_VERBS.join(', ')}); see docs/secure-element-protocol.md.`);
  if (READS.includes(verb)) return { kind: 'read' };
  const target = Number(args[0]);
  if (args[0] === undefined || !/^\d+$/.test(args[0]))
    return refused(`${verb} needs a ${verb === 'KEYGEN' ? 'slot' : 'zone'} number first.`);
  if (target === 0)
    return refused(
      verb === 'KEYGEN'
        ? 'Slot 0 holds the factory key: KeyWire never replaces it.'
        : 'Zone 0 holds the factory certificate: KeyWire never changes it.',
    );
  if (verb === 'KEYGEN')
    return {
      kind: 'changing',
      change: {
        action: 'keygen',
        detail: {
          secTag: target,
          credentialKind: 'privateKey',
          message: `KEYGEN in slot ${target} (${args[1] ?? ''})`,
        },
      },
    };
  return {
    kind: 'changing',
    change: {
      action: verb === 'ZWRITE' ? 'credential-write' : 'credential-delete',
      detail: { deviceType: `zone ${target}`, message: `${verb} zone ${target}` },
    },
  };
}
