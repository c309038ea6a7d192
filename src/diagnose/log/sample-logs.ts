// Test and benchmark support (never imported by the app): the logs the diagnose bench parses, made from the fixture
// logs, so the tests can prove on the very same text that the parser's fast path changes nothing. Pure: the caller
// reads the fixtures (Node) and passes them in.

/** What a board prints between handshakes: app logs, modem URCs, IDs and hashes that must not be taken for codes. */
export const ORDINARY_LINES: readonly string[] = [
  '[00:01:23.456,789] <inf> app: temperature 21.4 C, humidity 40 %, battery 3912 mV',
  '[00:01:23.512,004] <dbg> app: publish topic devices/352656100402174/telemetry qos 1 len 118',
  '+CEREG: 5,"4E5A","00A2B3C4",7,,,"11100000","11100000"',
  '%XMODEMSLEEP: 1,86399999',
  'I (12345) wifi:connected with iot-lab, aid = 3, channel 6, BW20, bssid = 24:a4:3c:12:34:56',
  'I (12350) esp_netif_handlers: sta ip: 192.168.20.41, mask: 255.255.255.0, gw: 192.168.20.1',
  '[00:01:24.000,112] <inf> app: firmware sha256 2c43952ee9e000ff2acc4e2ed0897c0a72ad5fa72c3d934e81741cbd54f05bd1',
  'uart:~$ kernel uptime',
  'Uptime: 84123 ms',
  '[00:01:24.731,550] <wrn> app: retrying in 30 s (attempt 2 of 5)',
];

/** Every line of the fixture logs (in the order given), each followed by three ordinary console lines. */
export function mixedLines(fixtures: readonly string[]): string[] {
  const out: string[] = [];
  let k = 0;
  for (const text of fixtures) {
    for (const line of text.split('\n')) {
      out.push(line);
      for (let i = 0; i < 3; i++) out.push(ORDINARY_LINES[k++ % ORDINARY_LINES.length]!);
    }
  }
  return out;
}

/** The text repeated to `chars` characters (the fixtures are ASCII, so bytes too). */
export function repeatToBytes(text: string, chars: number): string {
  const unit = text.endsWith('\n') ? text : `${text}\n`;
  return unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
}

/** The bench's two logs of `chars` characters: an mbedTLS debug log and a mixed console log. `fixtures`: file name ->
 * text, every fixture log. */
export function benchLogs(fixtures: ReadonlyMap<string, string>, chars: number): Record<string, string> {
  const names = [...fixtures.keys()].sort();
  return {
    'mbedTLS debug log': repeatToBytes(fixtures.get('mbedtls-plain-record-too-big.txt') ?? '', chars),
    'mixed console log': repeatToBytes(mixedLines(names.map((n) => fixtures.get(n)!)).join('\n'), chars),
  };
}
