// Layer: nRF91 adapter. The one table of +CME ERROR codes an nRF91 modem answers, with what they mean and what a
// technician should do. Nordic's codes (5xx) from the nRF91 AT command reference; the rest are 3GPP TS 27.007
// codes the modem also uses. Diagnostics imports this table; nothing else spells these meanings.

export interface CmeCodeInfo {
  readonly code: number;
  readonly name: string;
  /** What to do about it, in the field's words. */
  readonly hint: string;
}

export const NRF91_CME_CODES: readonly CmeCodeInfo[] = [
  { code: 0, name: 'phone failure', hint: 'The modem failed internally. Retry; if it repeats, reset the board.' },
  { code: 3, name: 'operation not allowed', hint: 'The modem refuses this in its current state.' },
  { code: 4, name: 'operation not supported', hint: 'This modem firmware does not support the command.' },
  { code: 10, name: 'SIM not inserted', hint: 'Insert a SIM, or switch the modem to a mode that activates it.' },
  { code: 23, name: 'memory failure', hint: 'The modem could not access its storage. Retry, then reset the board.' },
  { code: 50, name: 'incorrect parameters', hint: 'A parameter is out of range or malformed for this firmware.' },
  { code: 60, name: 'system failure', hint: 'The modem reported a system failure. Reset the board and retry.' },
  { code: 513, name: 'not found', hint: 'Nothing is stored at that sec_tag and type.' },
  {
    code: 514,
    name: 'no access',
    hint: "The modem does not allow this: private keys cannot be read, and sec_tags above 2147483647 are the modem's own.",
  },
  {
    code: 515,
    name: 'memory full',
    hint: 'The credential storage is full. Delete credentials that are no longer used.',
  },
  {
    code: 518,
    name: 'not allowed in active state',
    hint: 'Switch the modem offline (AT+CFUN=4) first, then restore its mode.',
  },
  {
    code: 519,
    name: 'already exists',
    hint: 'A credential already exists there. Delete it first if you mean to replace it.',
  },
  { code: 520, name: 'authentication failed', hint: 'The command needs authenticated access (%XSUDO) on this modem.' },
  {
    code: 523,
    name: 'key generation failed',
    hint: 'The modem could not generate the key. Check the sec_tag and retry offline.',
  },
  {
    code: 527,
    name: 'invalid content',
    hint: 'The modem rejected the content: PEM with LF line endings, nothing around it.',
  },
  {
    code: 528,
    name: 'power-off warning active',
    hint: 'The supply voltage is too low (%XPOFWARN). Power the board properly and retry.',
  },
];

const BY_CODE = new Map(NRF91_CME_CODES.map((c) => [c.code, c]));

export function cmeCodeInfo(code: number): CmeCodeInfo | undefined {
  return BY_CODE.get(code);
}

/** "+CME ERROR: 518 (not allowed in active state)" or the bare code when it is not in the table. */
export function describeCme(code: number): string {
  const info = BY_CODE.get(code);
  return info ? `+CME ERROR: ${code} (${info.name})` : `+CME ERROR: ${code}`;
}
