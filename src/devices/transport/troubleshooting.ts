// Layer: transport. The checks a technician should go through for each connect failure, as data: the UI's
// troubleshooting panel renders these, the connect flow picks the list by error code. One table, no UI text elsewhere.
import type { DeviceErrorCode } from '../errors.ts';

export type Platform = 'windows' | 'macos' | 'linux' | 'any';

export interface TroubleshootingCheck {
  readonly id: string;
  readonly title: string;
  readonly detail: string;
  /** Shown only on this platform (the UI may still show all with a label). */
  readonly platform: Platform;
  /** A command to copy, where one fixes it. */
  readonly command?: string;
}

const CHECKS = {
  cable: {
    id: 'cable',
    title: 'Use a USB cable with data lines',
    detail: 'Many cables only carry power. Try a cable you know transfers data, plugged straight into the computer.',
    platform: 'any',
  },
  boardPowered: {
    id: 'board-powered',
    title: 'Power the board and check its switch',
    detail: "nRF91 DKs have a power switch; the Thingy:91 must be switched on. The board's LEDs should be lit.",
    platform: 'any',
  },
  otherApp: {
    id: 'other-app',
    title: 'Close other programs that use the port',
    detail:
      'Only one program can hold a serial port: close nRF Connect for Desktop (Serial Terminal, LTE Link Monitor, ' +
      'Cellular Monitor), terminals (screen, minicom, PuTTY, picocom), IDE serial monitors (VS Code, Arduino) and ' +
      'J-Link tools (J-Link RTT Viewer, J-Link VCOM sessions), and other browser tabs using this board.',
    platform: 'any',
  },
  windowsDriver: {
    id: 'windows-driver',
    title: "Install the board's USB driver",
    detail:
      'On Windows the SEGGER J-Link driver (installed with nRF Command Line Tools or J-Link Software) provides the ' +
      'COM port of Nordic DKs; ST boards need the ST-LINK driver. Check Device Manager under "Ports (COM & LPT)".',
    platform: 'windows',
  },
  macosDriver: {
    id: 'macos-driver',
    title: 'Check that macOS sees the port',
    detail:
      'The board should appear as /dev/cu.usbmodem… (ls /dev/cu.*). Install J-Link Software for SEGGER ports; ' +
      'allow the accessory when macOS asks, and try another USB port or hub.',
    platform: 'macos',
  },
  dialout: {
    id: 'linux-dialout',
    title: 'Join the dialout group (Linux)',
    detail: 'Serial ports belong to the dialout group. Add yourself, then log out and back in for it to apply.',
    platform: 'linux',
    command: 'sudo usermod -aG dialout $USER',
  },
  modemManager: {
    id: 'linux-modemmanager',
    title: 'Stop ModemManager grabbing the port (Linux)',
    detail:
      'ModemManager probes new /dev/ttyACM ports with AT commands for about half a minute after plugging in, ' +
      'which holds the port and injects bytes. Wait 30 s after plugging in, or stop it while you work.',
    platform: 'linux',
    command: 'sudo systemctl stop ModemManager',
  },
  secureContext: {
    id: 'secure-context',
    title: 'Open KeyWire over https or from localhost',
    detail: 'Browsers only offer serial ports to secure pages. Use the https address or http://localhost.',
    platform: 'any',
  },
  browser: {
    id: 'browser',
    title: 'Use a browser with Web Serial',
    detail:
      'Chrome, Edge or Opera on desktop, Firefox 151+ on desktop, or Chrome on Android for CDC-ACM boards. ' +
      'Safari and iOS cannot reach serial ports. The emulated boards work in every browser.',
    platform: 'any',
  },
  baudRate: {
    id: 'baud-rate',
    title: 'Check the baud rate and firmware',
    detail:
      'nRF91 at_client and Serial LTE Modem firmware talk at 115200 baud with hardware flow control by default. ' +
      'A board running other firmware (an application that logs only) will not answer AT commands.',
    platform: 'any',
  },
  replug: {
    id: 'replug',
    title: 'Unplug and plug the board back in',
    detail: 'A board that reset or lost USB comes back as the same port: KeyWire reconnects when it reappears.',
    platform: 'any',
  },
} satisfies Record<string, TroubleshootingCheck>;

const BY_CODE: Partial<Record<DeviceErrorCode, readonly TroubleshootingCheck[]>> = {
  'port-busy': [CHECKS.otherApp, CHECKS.modemManager, CHECKS.dialout, CHECKS.replug],
  'open-failed': [CHECKS.cable, CHECKS.windowsDriver, CHECKS.macosDriver, CHECKS.dialout, CHECKS.baudRate],
  'permission-denied': [CHECKS.secureContext, CHECKS.dialout],
  unsupported: [CHECKS.browser, CHECKS.secureContext],
  disconnected: [CHECKS.cable, CHECKS.boardPowered, CHECKS.replug, CHECKS.modemManager],
  timeout: [CHECKS.baudRate, CHECKS.boardPowered, CHECKS.otherApp, CHECKS.modemManager, CHECKS.replug],
  protocol: [CHECKS.baudRate, CHECKS.modemManager, CHECKS.otherApp],
  restarted: [CHECKS.boardPowered, CHECKS.cable],
  'no-port-chosen': [CHECKS.cable, CHECKS.boardPowered, CHECKS.windowsDriver, CHECKS.macosDriver, CHECKS.dialout],
};

/** The checks for a failure, most likely cause first; empty for codes that are not connect failures. */
export function troubleshooting(code: DeviceErrorCode, platform?: Platform): readonly TroubleshootingCheck[] {
  const checks = BY_CODE[code] ?? [];
  return platform && platform !== 'any'
    ? checks.filter((c) => c.platform === 'any' || c.platform === platform)
    : checks;
}

/** Best guess of the user's platform from the user agent, for filtering checks. */
export function detectPlatform(userAgent: string): Platform {
  if (/Windows/i.test(userAgent)) return 'windows';
  if (/Mac OS X|Macintosh/i.test(userAgent)) return 'macos';
  if (/Linux|X11|CrOS/i.test(userAgent) && !/Android/i.test(userAgent)) return 'linux';
  return 'any';
}
