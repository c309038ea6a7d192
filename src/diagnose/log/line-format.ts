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

const MODEM = /^(\+C[A-Z]+|%[A-Z]+|OK$|ERROR$|AT[+%]?)/;

/**
 * parseLine(raw).source without taking the line apart: the parser's fast path for lines that say nothing about a
 * handshake but still count toward the sources. Same regexes, same order of precedence.
 */
export function lineSource(raw: string): LogSource {
  const line = stripAnsi(raw).trimEnd();
  const first = line.charCodeAt(0);
  // '[' or '<' can start a Zephyr prefix; E W I D V an ESP-IDF or a minimal Zephyr one. A prefixed line keeps its
  // source whatever follows; only a plain line becomes mbedTLS (a debug hook) or modem output.
  if ((first === 0x5b || first === 0x3c) && ZEPHYR.test(line)) return 'zephyr';
  if (first === 0x45 || first === 0x57 || first === 0x49 || first === 0x44 || first === 0x56) {
    if (ESP.test(line)) return 'esp-idf';
    if (ZEPHYR_MINIMAL.test(line)) return 'zephyr';
  }
  if (line.includes('.c:') && (MBEDTLS_HOOK.test(line) || MBEDTLS_HOOK_INLINE.test(line))) return 'mbedtls';
  return MODEM.test(line) ? 'modem' : 'plain';
}

export function parseLine(raw: string): ParsedLine {
  const line = stripAnsi(raw).trimEnd();
  let source: LogSource = 'plain';
  let level: ParsedLine['level'];
  let time: string | undefined;
  let module: string | undefined;
  let rest = line;
  // Only the prefixes a line can start with are tried (as in lineSource): most lines are not tried against all three.
  const first = line.charCodeAt(0);
  const z = first === 0x5b || first === 0x3c ? ZEPHYR.exec(line) : null;
  if (z) {
    [source, time, level, module, rest] = ['zephyr', z[1], z[2] as ParsedLine['level'], z[3], z[4] ?? ''];
  } else if (first === 0x45 || first === 0x57 || first === 0x49 || first === 0x44 || first === 0x56) {
    const e = ESP.exec(line);
    if (e) {
      const letter = e[1] as keyof typeof ESP_LEVEL;
      [source, level, time, module, rest] = ['esp-idf', ESP_LEVEL[letter], e[2], e[3]?.trim(), e[4] ?? ''];
    } else {
      const zm = ZEPHYR_MINIMAL.exec(line);
      if (zm) [source, level, rest] = ['zephyr', ESP_LEVEL[zm[1] as 'E' | 'W' | 'I' | 'D'], zm[2] ?? ''];
    }
  }
  const hook = rest.includes('.c:') ? (MBEDTLS_HOOK.exec(rest) ?? MBEDTLS_HOOK_INLINE.exec(rest)) : null;
  if (!hook && source === 'plain' && MODEM.test(rest)) source = 'modem';
  // Built member by member in the order the readers and tests have always seen.
  const out: { -readonly [K in keyof ParsedLine]: ParsedLine[K] } = {
    source: hook && source === 'plain' ? 'mbedtls' : source,
  } as ParsedLine;
  if (level) out.level = level;
  if (time) out.time = time;
  if (module) out.module = module;
  if (hook) {
    out.mbedtlsFile = hook[1];
    if (hook[3]) out.debugLevel = Number(hook[3]);
    out.message = hook[4] ?? '';
  } else out.message = rest;
  return out;
}
