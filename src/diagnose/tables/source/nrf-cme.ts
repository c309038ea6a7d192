// Layer: diagnostics, curated source data (generator input only). +CME ERROR codes an nRF91 modem returns: Nordic's
// own codes (512 and up, nRF91 AT Commands Reference: %CMNG, %KEYGEN, %ATTESTTOKEN) and the 3GPP TS 27.007 general
// codes it also uses. Answers come as "+CME ERROR: <n>" only after AT+CMEE=1; otherwise a bare "ERROR". The decoders
// and the nRF91 adapter's messages (src/devices/adapters/nrf91/cme-codes.ts) both read the generated CME_ROWS.
import type { CmeRow } from '../rows.ts';

const OFFLINE = 'Set the modem offline first (AT+CFUN=4), do the credential work, then restore the previous mode.';

export const CME_SOURCE: readonly CmeRow[] = [
  {
    code: 0,
    name: 'phone failure',
    source: '3gpp',
    meaning: 'Phone failure: the modem could not carry out the command.',
    causes: ['Modem busy or in a state that does not allow the command.'],
    checks: ['Retry after a moment; check AT+CFUN? and the modem firmware version.'],
  },
  {
    code: 3,
    name: 'operation not allowed',
    source: '3gpp',
    meaning: 'Operation not allowed.',
    causes: ['Command not allowed in the current mode.'],
    checks: ['Check the functional mode (AT+CFUN?).'],
  },
  {
    code: 4,
    name: 'operation not supported',
    source: '3gpp',
    meaning: 'Operation not supported.',
    causes: ['Command or parameter not supported by this modem firmware.'],
    checks: ['Check the modem firmware version (AT+CGMR).'],
  },
  {
    code: 10,
    name: 'SIM not inserted',
    source: '3gpp',
    meaning: 'SIM not inserted.',
    causes: ['No SIM or a bad SIM contact.'],
    checks: [
      'Check the SIM card and AT%XSIM?.',
      'The SIM is powered only while LTE or the UICC is on (AT+CFUN=1, 2, 21, 41 or 44), not in 0 or 4: AT+CFUN=41 reads it without going online.',
    ],
  },
  {
    code: 23,
    name: 'memory failure',
    source: '3gpp',
    meaning: 'Memory failure.',
    causes: ['Modem storage problem.'],
    checks: ['Retry; if persistent, check the modem firmware.'],
  },
  {
    code: 50,
    name: 'incorrect parameters',
    source: '3gpp',
    meaning: 'Incorrect parameters.',
    causes: ['A parameter is out of range or the content is malformed (sec_tag, type, quoting).'],
    checks: ['Check the command syntax: quotes around content, sec_tag range 0..2147483647, type number.'],
  },
  {
    code: 60,
    name: 'system failure',
    source: '3gpp',
    meaning: 'System failure.',
    causes: ['Internal modem error.'],
    checks: ['Retry; restart the modem if it repeats.'],
  },
  {
    code: 513,
    name: 'not found',
    source: 'nordic',
    meaning: 'Not found: no credential of that type at that sec_tag.',
    causes: ['Reading or deleting a credential that was never written.', 'Wrong sec_tag or type number.'],
    checks: ['List the credentials with AT%CMNG=1 and check sec_tag and type.'],
  },
  {
    code: 514,
    name: 'no access',
    source: 'nordic',
    meaning: 'No access: the modem refuses this operation on this credential.',
    causes: ['Reading a private key (type 2) is never allowed.', 'A modem-owned sec_tag (above 2147483647).'],
    checks: [
      'Private keys cannot be read back: check the key with a certificate match instead (KeyWire health check).',
      "sec_tags above 2147483647 are the modem's own: use 0..2147483647.",
    ],
  },
  {
    code: 515,
    name: 'memory full',
    source: 'nordic',
    meaning: 'Memory full: no room left for credentials.',
    causes: ['Too many or too large credentials stored.'],
    checks: ['Delete unused sec_tags (AT%CMNG=3) and retry.'],
  },
  {
    code: 518,
    name: 'not allowed in active state',
    source: 'nordic',
    meaning: 'Not allowed in active state: the modem must be offline to change credentials or generate keys.',
    causes: ['Credential write/delete or %KEYGEN while AT+CFUN is 1, 2 or 21.'],
    checks: [OFFLINE],
  },
  {
    code: 519,
    name: 'already exists',
    source: 'nordic',
    meaning: 'Already exists: a credential of that type is already stored at that sec_tag.',
    causes: ['Writing over an existing credential where the firmware does not overwrite.'],
    checks: ['Delete it first (AT%CMNG=3,<sec_tag>,<type>) or use another sec_tag.'],
  },
  {
    code: 520,
    name: 'authentication failed',
    source: 'nordic',
    meaning: 'Authentication failed: the modem did not accept the %XSUDO signature of a restricted command.',
    causes: [
      'The command needs authenticated access and was sent without %XSUDO.',
      'The signature does not match the command text or the public key stored with %XPMNG.',
    ],
    checks: [
      'Sign the exact command text (without AT) with the key whose public part the modem holds (AT%XPMNG) and send it as AT%XSUDO=<length>,"<signature>";<command>.',
    ],
  },
  {
    code: 523,
    name: 'key generation failed',
    source: 'nordic',
    meaning: 'Key generation failed.',
    causes: ['%KEYGEN while online, or an unsupported key type or attribute string.'],
    checks: [OFFLINE, 'Check the attribute string (e.g. "CN=...") syntax.'],
  },
  {
    code: 527,
    name: 'invalid content',
    source: 'nordic',
    meaning: 'Invalid content: the credential content is not accepted.',
    causes: [
      'PEM with CRLF line endings or stray characters.',
      'Content not matching the type (a key written as a certificate).',
    ],
    checks: ['Write PEM with LF line endings and the right type number.'],
  },
  {
    code: 528,
    name: 'power-off warning active',
    source: 'nordic',
    meaning: 'Not allowed while the power-off warning is active.',
    causes: ['Battery low: the modem raised %XPOFWARN.'],
    checks: ['Restore the supply voltage, then restart the modem.'],
  },
];
