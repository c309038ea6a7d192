// Layer: diagnostics. Messages recognised by their words (the MESSAGE_ROWS table): Zephyr shell and TLS credentials
// shell errors, nrf_cloud_cred, mbedTLS opaque-key paths, "no shared cipher". They run beside the code recognizers
// and claim nothing, so an error number on the same line is still decoded by its own kind.
import type { DecodedMessage } from '../types.ts';
import { MESSAGE_ROWS } from '../tables/index.ts';

const COMPILED = MESSAGE_ROWS.map((row) => ({ row, re: new RegExp(row.pattern, 'i') }));
/** Every message pattern is made of words; a line without letters cannot match and costs nothing. */
const HAS_WORDS = /[a-z]{3}/i;

export function scanMessages(line: string, offset: number): DecodedMessage[] {
  if (!HAS_WORDS.test(line)) return [];
  const found: DecodedMessage[] = [];
  for (const { row, re } of COMPILED) {
    const m = re.exec(line);
    if (!m) continue;
    found.push({
      kind: 'message',
      read: m[0],
      span: [offset + m.index, offset + m.index + m[0].length],
      form: 'message text',
      canonical: row.name,
      name: row.id,
      meaning: row.meaning,
      causes: row.causes,
      checks: row.checks,
      versions: row.source,
      confidence: 'certain',
      id: row.id,
      family: row.family,
    });
  }
  return found;
}
