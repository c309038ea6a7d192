// Layer: app. Recognises a board that restarted by what it prints on power-up, read from the session log's received
// lines (not from the AT client, which may hand such lines to a command in flight). nRF91 at_client firmware prints
// the nRF Connect SDK boot banner and "The AT host sample started"; Serial LTE Modem firmware prints "Ready".
const BOOT_LINES = [/^\*\*\* Booting (?:nRF Connect SDK|Zephyr OS)\b/, /^The AT host sample started$/, /^Ready$/];

export function isBootLine(text: string): boolean {
  const line = text.trim();
  return BOOT_LINES.some((re) => re.test(line));
}

/** Calls `onBoot` once per boot: the lines of one banner arrive within a moment of each other. */
export function bootWatcher(onBoot: () => void, quietMs = 2000): (text: string, t: number) => void {
  let last = -Infinity;
  return (text, t) => {
    if (!isBootLine(text)) return;
    if (t - last > quietMs) onBoot();
    last = t;
  };
}
