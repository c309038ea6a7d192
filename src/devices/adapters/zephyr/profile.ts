// Layer: Zephyr adapter, the family profile: everything Zephyr-specific the core uses, in one place (console rules,
// scanner patterns, time limits, words: sec tag and the shell's CA / SERV / PK / PSK / PSK_ID, key curves, the
// CSR's default CN, limits). The credential store may be volatile: that is the board's, found by the flows' reboot
// check, not a profile fact.
import type { FamilyProfile } from '../../family-profile.ts';
import { classifyShellCommand, TYPED_LINE_LIMIT } from './console-rules.ts';
import { MAX_ZEPHYR_SEC_TAG, zephyrTypeFor } from './cred-types.ts';

/** Slow shell commands: PSA key generation on a busy nRF5340 and the flash write behind `cred add`. */
export function zephyrTimeLimitMs(command: string): number | undefined {
  const text = command.trim().toLowerCase();
  if (text.startsWith('nrf_cloud_cred keygen')) return 30_000;
  if (text.startsWith('nrf_cloud_cred csr')) return 15_000;
  if (text.startsWith('cred add') || text.startsWith('cred del')) return 10_000;
  if (text.startsWith('kernel reboot')) return 15_000;
  return undefined;
}

export const ZEPHYR_PROFILE: FamilyProfile = {
  family: 'zephyr-tls-shell',
  label: 'Zephyr board (TLS credentials shell)',
  slotWord: 'sec tag',
  deviceType: (kind) => zephyrTypeFor(kind)?.code ?? null,
  modeText: () => null,
  maxUserSlot: MAX_ZEPHYR_SEC_TAG,
  reservedSlot: () => null,
  // nrf_cloud_cred has no curve argument: PSA makes a P-256 key (see the adapter README).
  keyCurves: ['P-256'],
  keygenAttestation: null,
  // nrf_cloud_cred's CSR subject defaults to the hardware id (`hwinfo devid`), which identify gives as `serial`.
  defaultCsrCn: (id) => id.serial?.toLowerCase() ?? null,
  limits: { maxCommandChars: TYPED_LINE_LIMIT, pemLineEnding: 'lf', storesNul: true },
  console: {
    commandLabel: 'Shell command',
    example: 'cred list',
    classify: classifyShellCommand,
    // The commands that could carry a secret are refused, and KeyWire never reads one: nothing to mask.
    secretLines: [],
  },
  credentialListName: 'Zephyr cred list',
  credentialReadName: 'cred get',
  // The shell's type names are words already (CA, SERV, PK): no kind to look up.
  kindOf: () => null,
  inspectHint: 'cred list / cred get output, nrf_cloud_cred csr lines',
  inspectExample: null,
  firmwareNeeds:
    'Zephyr boards need the shell with the TLS credentials shell (CONFIG_TLS_CREDENTIALS_SHELL) and, for keys made on ' +
    "the board, nRF Connect SDK's nrf_cloud_cred shell.",
  timeLimitMs: zephyrTimeLimitMs,
  // The CSR and the exported public key are public.
  publicAnswers: [/(?:CSR|PUBKEY): [A-Za-z0-9+/=]+/g],
  secretPatterns: [
    {
      kind: 'cred-secret-write',
      re: /\bcred\s+add\s+\d+\s+(?:PK|PSK|PRIVATE_KEY|PRE_SHARED_KEY)\b/gi,
      text: 'a TLS credentials shell write of a private key or PSK',
    },
  ],
  rebootLossAdvice:
    'Build the firmware with CONFIG_TLS_CREDENTIALS_BACKEND_PROTECTED_STORAGE=y (PSA Protected Storage) ' +
    'instead of CONFIG_TLS_CREDENTIALS_BACKEND_VOLATILE, so credentials survive a restart.',
  noKeygenAdvice:
    'This firmware cannot make a key on the board: it has no nrf_cloud_cred shell (nRF Connect SDK) with keygen and ' +
    'csr, which keep the key in PSA. Build the firmware with that shell, flash the board and connect again. KeyWire ' +
    'never makes a key on the computer and sends it to a board.',
  boardClock: null,
};
