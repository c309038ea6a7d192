// Layer: views (provision). What to check after a provisioning step failed: the likely causes of that failure and
// a check for each, most likely first, so a failed step offers the same help as the connect panel's
// troubleshooting. Board failures use the transport's table (cable, driver, port busy, this platform's checks);
// the rest are the flow's own failures (a board firmware without the needed commands, a CA that cannot be
// reached, a clock that is wrong). Pure, tested in Node.
import type { FlowError } from '../../flows/index.ts';
import { FAMILY_PROFILES, troubleshooting } from '../../app/wiring.ts';
import type { Platform } from '../../devices/transport/index.ts';
import type { DeviceErrorCode } from '../../devices/errors.ts';

export interface TroubleCheck {
  readonly id: string;
  readonly title: string;
  readonly detail: string;
}

const CHECK = {
  firmware: {
    id: 'firmware',
    title: 'Check the board’s firmware has the commands KeyWire needs',
    // Each family says what its firmware needs (the family profile), so this view names no family.
    detail: `${FAMILY_PROFILES.map((p) => p.firmwareNeeds).join(' ')} The console shows the board’s answer.`,
  },
  console: {
    id: 'console',
    title: 'Read the board’s answer in the console',
    detail: 'An ERROR or +CME ERROR line names what the board refused; the Diagnose section decodes the code.',
  },
  caReachable: {
    id: 'ca-reachable',
    title: 'Check the CA can be reached from this computer',
    detail:
      'Open its address in another tab, check the network or VPN, and that the server is running. The lab CA ' +
      'needs no network: choose it on Prepare to carry on offline.',
  },
  caOrigin: {
    id: 'ca-origin',
    title: 'Check the CA allows this page’s origin',
    detail: `A browser only talks to a CA server that allows the page's origin (CORS): give its operator this page's address.`,
  },
  caCredentials: {
    id: 'ca-credentials',
    title: 'Check the CA user name and password or token',
    detail: 'Enter them again on Prepare under the CA’s settings; nothing is sent until they are set.',
  },
  caTrust: {
    id: 'ca-trust',
    title: 'Confirm the CA’s fingerprints again',
    detail:
      'Fetch the CA certificates on Prepare and compare their SHA-256 fingerprints with the ones your CA operator gave.',
  },
  clock: {
    id: 'clock',
    title: 'Check the clock of this computer',
    detail:
      'Certificates are valid from a date: a clock that is wrong by hours or days makes a new certificate look not yet ' +
      'valid or expired. Set the date and time automatically, then try again.',
  },
  storage: {
    id: 'storage',
    title: 'Let this browser keep data',
    detail:
      'Leave private browsing and free some disk space: KeyWire keeps its progress and audit trail in this browser.',
  },
  reload: {
    id: 'reload',
    title: 'Reload the page',
    detail: 'KeyWire picks up where it stopped after a reload: the board and the step are remembered.',
  },
  rewrite: {
    id: 'rewrite',
    title: 'Keep the board powered and its cable still while it writes',
    detail: 'A write that was cut short leaves different bytes: try again to write and compare once more.',
  },
} as const satisfies Record<string, TroubleCheck>;

const CA_CHECKS: Partial<Record<string, readonly TroubleCheck[]>> = {
  network: [CHECK.caReachable, CHECK.caOrigin],
  timeout: [CHECK.caReachable],
  unauthorized: [CHECK.caCredentials],
  'ca-not-trusted': [CHECK.caTrust],
  rejected: [CHECK.clock, CHECK.caCredentials],
  'http-status': [CHECK.caReachable, CHECK.clock],
  'bad-response': [CHECK.caReachable],
  'load-failed': [CHECK.reload],
  'lab-ca-failed': [CHECK.reload, CHECK.storage],
};

const DEVICE_CODES = new Set<string>([
  'no-port-chosen',
  'permission-denied',
  'port-busy',
  'already-open',
  'open-failed',
  'not-open',
  'disconnected',
  'timeout',
  'restarted',
  'aborted',
  'protocol',
  'device-rejected',
  'too-long',
] satisfies DeviceErrorCode[]);

/** The checks for a failed step's error, most likely cause first; none for a cancel (nothing went wrong). */
export function stepTrouble(error: FlowError, platform: Platform): readonly TroubleCheck[] {
  const cause = error.cause?.code ?? '';
  switch (error.code) {
    case 'cancelled':
      return [];
    case 'device': {
      const board = DEVICE_CODES.has(cause) ? troubleshooting(cause as DeviceErrorCode, platform) : [];
      if (cause === 'device-rejected') return [CHECK.console, CHECK.firmware];
      if (cause === 'protocol' || cause === 'timeout') return [...board, CHECK.firmware];
      return board.length ? board : [CHECK.console];
    }
    case 'unsupported-board':
      return [CHECK.firmware];
    case 'ca':
      return CA_CHECKS[cause] ?? [CHECK.caReachable, CHECK.clock];
    case 'ca-unavailable':
      return [CHECK.caTrust, CHECK.caReachable];
    case 'write-mismatch':
    case 'verify-mismatch':
      return [CHECK.rewrite, CHECK.console];
    case 'storage':
      return [CHECK.storage];
    case 'crypto':
    case 'internal':
      return [CHECK.reload];
    default:
      return [];
  }
}
