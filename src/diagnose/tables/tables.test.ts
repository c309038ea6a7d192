import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDiagnoseTables, parseTsv } from '../../../tools/gen-diagnose-tables.ts';
import { alertByCode, errnoByName, mbedtlsByValue, psaByName, suiteById, versionEntry } from './index.ts';

const root = join(import.meta.dirname, '../../..');
const tsv = (version: string) =>
  parseTsv(readFileSync(join(root, `test-data/mbedtls-${version}-error-codes.tsv`), 'utf8'), version);

describe('generated diagnose tables', () => {
  it('are up to date with the TSVs and the curated sources (regenerated in memory)', async () => {
    const generated = await generateDiagnoseTables(root);
    expect(generated.size).toBeGreaterThan(0);
    for (const [path, content] of generated) {
      expect(readFileSync(join(root, path), 'utf8'), `${path} is stale: run npx tsx tools/gen-diagnose-tables.ts`).toBe(
        content,
      );
    }
  }, 60_000);

  it.each(['2.28', '3.6'] as const)('hold every mbedTLS %s code of the TSV under its name', (version) => {
    const rows = tsv(version);
    expect(rows.length).toBeGreaterThan(200);
    for (const { value, name } of rows) {
      const row = mbedtlsByValue.get(value);
      expect(row?.names[version], `-0x${value.toString(16)}`).toBe(name);
      expect(versionEntry(row!, version)?.description.length).toBeGreaterThan(5);
    }
  });

  it('keep -0x3980 as PK feature unavailable in 2.28, 3.6 and 4.x', () => {
    const row = mbedtlsByValue.get(0x3980)!;
    expect(Object.values(row.names)).toEqual(Array(3).fill('MBEDTLS_ERR_PK_FEATURE_UNAVAILABLE'));
    expect(row.difference).toBe('same');
  });

  it('mark the values whose meaning changed between 2.28 and 3.x (diagnostics facts) as changed', () => {
    for (const value of [
      0x6600, 0x6e00, 0x7300, 0x7500, 0x7580, 0x7800, 0x7b00, 0x7b80, 0x7c00, 0x7c80, 0x7e80, 0x3880,
    ]) {
      const row = mbedtlsByValue.get(value)!;
      expect(row.difference, `-0x${value.toString(16)}`).toBe('changed');
      expect(row.names['2.28']).not.toBe(row.names['3.6']);
    }
    expect(mbedtlsByValue.get(0x6980)?.names['3.6']).toBeNull();
    expect(mbedtlsByValue.get(0x7a00)?.difference).toBe('renamed');
  });

  it('map the 4.x PSA aliases: SSL_BAD_INPUT_DATA now stands for PSA_ERROR_INVALID_ARGUMENT (-135)', () => {
    const entry = versionEntry(mbedtlsByValue.get(0x7100)!, '4.x');
    expect(entry?.psaAlias).toBe('PSA_ERROR_INVALID_ARGUMENT');
    expect(psaByName.get('PSA_ERROR_INVALID_ARGUMENT')?.value).toBe(-135);
    expect(psaByName.get('PSA_ERROR_INVALID_ARGUMENT')?.legacyNames).toContain('MBEDTLS_ERR_SSL_BAD_INPUT_DATA');
  });

  it('carry the facts the decoders rely on', () => {
    expect(alertByCode.get(48)?.name).toBe('unknown_ca');
    expect(errnoByName.get('ECONNABORTED')).toMatchObject({ newlib: 113, picolibc: 113, zephyrMinimalOld: 53 });
    expect(errnoByName.get('ETIMEDOUT')).toMatchObject({ newlib: 116, zephyrMinimalOld: 60 });
    expect(suiteById.get(0xc02b)?.mbedtls).toBe('TLS-ECDHE-ECDSA-WITH-AES-128-GCM-SHA256');
    expect(suiteById.get(0x1301)?.mbedtls).toBe('TLS1-3-AES-128-GCM-SHA256');
  });

  it('reject a malformed TSV row with its line number', () => {
    expect(() => parseTsv('-0x2700\t-9984\tMBEDTLS_ERR_X\tx509.h\n0x10\t16\tBAD\tx.h\n', 'x.tsv')).toThrow(/x\.tsv:2/);
    expect(() => parseTsv('-0x2700\t-9000\tMBEDTLS_ERR_X\tx509.h\n', 'y.tsv')).toThrow(/y\.tsv:1/);
  });

  it('are the only code source the app imports (source/ is generator input only)', () => {
    const src = join(root, 'src');
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (
          /\.(ts|svelte)$/.test(name) &&
          !/\.test\.ts$/.test(name) &&
          !path.includes(join('diagnose', 'tables'))
        ) {
          if (/from '[^']*tables\/(source|build|[^']*generated)/.test(readFileSync(path, 'utf8')))
            offenders.push(relative(root, path));
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
