// Layer: diagnostics. Takes one raw log line apart: ANSI colours, then the Zephyr prefix
// ("[00:00:01.234,567] <err> module: "), the Zephyr minimal prefix ("E: "), the ESP-IDF prefix
// ("E (1234) tag: "), then the mbedTLS debug hook prefix ("ssl_tls.c:1234: |3| " from Zephyr or ssl_client2,
// "ssl_tls.c:1234 " from ESP-IDF). What remains is the message mbedTLS or the application printed.
import type { LogSource } from './timeline.ts';

export interface ParsedLine {
  readonly source: LogSource;
  readonly level?: 'err' | 'wrn' | 'inf' | 'dbg';
  readonly time?: string;
  readonly module?: string;
  /** mbedTLS debug: source file and its debug level when printed. */
  readonly mbedtlsFile?: string;
  readonly debugLevel?: number;
  readonly message: string;
}

const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;
const ZEPHYR = /^(?:\[([\d:.,]+)\]\s*)?<(err|wrn|inf|dbg)>\s+([\w.-]+):\s?(.*)$/;
const ZEPHYR_MINIMAL = /^([EWID]): (.*)$/;
const ESP = /^([EWIDV]) \(([\d:.]+)\) ([^:]+?): ?(.*)$/;
const MBEDTLS_HOOK = /^(?:[\w.]+: )?([\w-]+\.c):(\d+):? (?:\|(\d)\| )?(.*)$/;
// mbedTLS output glued after an application's own text ("Performing the handshake...ssl_tls.c:4366: |2| ...").
const MBEDTLS_HOOK_INLINE = /(?:^|[\s.])([\w-]+\.c):(\d+): \|(\d)\| (.*)$/;
const ESP_LEVEL = { E: 'err', W: 'wrn', I: 'inf', D: 'dbg', V: 'dbg' } as const;

export const stripAnsi = (text: string): string => (text.includes('\u001b') ? text.replace(ANSI, '') : text);

export function parseLine(raw: string): ParsedLine {
  const line = stripAnsi(raw).trimEnd();
  let source: LogSource = 'plain';
  let level: ParsedLine['level'];
  let time: string | undefined;
  let module: string | undefined;
  let rest = line;
  const z = ZEPHYR.exec(line);
  if (z) {
    [source, time, level, module, rest] = ['zephyr', z[1], z[2] as ParsedLine['level'], z[3], z[4] ?? ''];
  } else {
    const e = ESP.exec(line);
    if (e) {
      const letter = e[1] as keyof typeof ESP_LEVEL;
      [source, level, time, module, rest] = ['esp-idf', ESP_LEVEL[letter], e[2], e[3]?.trim(), e[4] ?? ''];
    } else {
      const zm = ZEPHYR_MINIMAL.exec(line);
      if (zm) [source, level, rest] = ['zephyr', ESP_LEVEL[zm[1] as 'E' | 'W' | 'I' | 'D'], zm[2] ?? ''];
    }
  }
  const hook = MBEDTLS_HOOK.exec(rest) ?? MBEDTLS_HOOK_INLINE.exec(rest);
  const base = { ...(level ? { level } : {}), ...(time ? { time } : {}), ...(module ? { module } : {}) };
  if (hook) {
    return {
      source: source === 'plain' ? 'mbedtls' : source,
      ...base,
      mbedtlsFile: hook[1],
      ...(hook[3] ? { debugLevel: Number(hook[3]) } : {}),
      message: hook[4] ?? '',
    };
  }
  if (source === 'plain' && /^(\+C[A-Z]+|%[A-Z]+|OK$|ERROR$|AT[+%]?)/.test(rest)) source = 'modem';
  return { source, ...base, message: rest };
}
