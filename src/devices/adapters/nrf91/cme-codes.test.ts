// The adapter's +CME wording comes from the diagnostics code table, the one source of codes: every code the
// protocol brief lists is named and has a next step, and nothing is spelled twice.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cmeByCode } from '../../../diagnose/tables/index.ts';
import { cmeCodeInfo, describeCme } from './cme-codes.ts';

describe('nRF91 +CME wording', () => {
  it.each([0, 3, 4, 10, 23, 50, 60, 513, 514, 515, 518, 519, 520, 523, 527, 528])(
    'names %i and says what to do, from the diagnostics table',
    (code) => {
      const row = cmeByCode.get(code);
      const info = cmeCodeInfo(code);
      expect(row, `CME_ROWS lacks ${code}`).toBeDefined();
      expect(info).toEqual({ code, name: row!.name, hint: row!.checks.join(' ') });
      expect(info!.name).toMatch(/^[\w -]{5,40}$/);
      expect(info!.hint.length).toBeGreaterThan(15);
      expect(describeCme(code)).toBe(`+CME ERROR: ${code} (${row!.name})`);
    },
  );

  it('tells the technician to go offline for 518 and leaves an unknown code bare', () => {
    expect(describeCme(518)).toBe('+CME ERROR: 518 (not allowed in active state)');
    expect(cmeCodeInfo(518)?.hint).toMatch(/AT\+CFUN=4/);
    expect(cmeCodeInfo(999)).toBeUndefined();
    expect(describeCme(999)).toBe('+CME ERROR: 999');
  });

  it('keeps no meanings of its own: the module holds no code table', () => {
    const text = readFileSync(join(import.meta.dirname, 'cme-codes.ts'), 'utf8');
    expect(text).not.toMatch(/code:\s*\d/);
    expect(text).not.toMatch(/(name|hint):\s*['"`]/);
  });
});
