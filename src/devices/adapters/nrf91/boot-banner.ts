// Layer: nRF91 adapter. What an nRF91 board prints when it starts, so the AT client can tell that the board restarted
// under a command (AtClientOptions.restartLine). The application firmware prints it, not the modem:
// - every nRF Connect SDK application (at_client sample, Serial LTE Modem) starts with the Zephyr boot banner,
//   `*** Booting nRF Connect SDK v2.9.0 ***` (older SDKs: `*** Booting Zephyr OS build v3.x ***`; MCUboot prints its
//   own `*** Booting MCUboot ... ***` first), with CONFIG_BOOT_BANNER on (the default);
// - the at_client sample then prints `The AT host sample started`;
// - the Serial LTE Modem prints `Ready` once it takes AT commands (after a reset too).
// No answer of a command KeyWire sends can be one of these lines.

const BOOT_LINES: readonly RegExp[] = [
  /^\*\*\* Booting (?:nRF Connect SDK|Zephyr OS|MCUboot)\b.*\*\*\*$/,
  /^The AT host sample started$/,
  /^Ready$/,
];

/** Whether an AT line is an nRF91 firmware's start-up output. */
export const isNrf91BootLine = (line: string): boolean => {
  const text = line.trim();
  return BOOT_LINES.some((re) => re.test(text));
};
