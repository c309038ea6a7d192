// Labels and CA names never carry a credential: URLs are cut to origin + path, path segments that look like keys
// or tokens are redacted, and any text the audit's secret scanner flags is replaced. The flow writes caName into the
// audit trail after the certificate is issued, so a label the trail would refuse is a dead end.
import { describe, expect, it } from 'vitest';
import { scanForSecrets } from '../audit/secrets.ts';
import { REDACTED, safeLabel, shortFingerprint, urlLabel } from './label.ts';

const KEYLIKE = 'AbCdEf0123456789GhIjKl0123456789MnOpQr9876';

describe('urlLabel', () => {
  const table: { url: string; want: string }[] = [
    { url: 'https://ca.example.com/.well-known/est', want: 'https://ca.example.com/.well-known/est' },
    { url: 'https://signer.example/sign?token=abc&profile=x#frag', want: 'https://signer.example/sign' },
    { url: 'https://user:pass@signer.example/sign', want: 'https://signer.example/sign' },
    { url: 'http://127.0.0.1:7030/', want: 'http://127.0.0.1:7030' },
    { url: `https://signer.example/t/${KEYLIKE}/sign`, want: `https://signer.example/t/${REDACTED}/sign` },
    { url: 'https://signer.example/apikey=abc/sign', want: `https://signer.example/${REDACTED}/sign` },
    // Harmless segments that read like one base64 run together: shortened, or the audit trail would refuse it.
    {
      url: 'https://pki.example.com/api/v2/enrollment/DeviceCertificates2024/sign',
      want: 'https://pki.example.com/…/sign',
    },
    { url: 'not a url', want: 'an unusable address' },
  ];
  for (const t of table)
    it(t.url, () => {
      expect(urlLabel(t.url)).toBe(t.want);
      expect(scanForSecrets(urlLabel(t.url))).toEqual([]);
    });
});

describe('safeLabel', () => {
  it('replaces what the secret scanner flags and keeps the rest', () => {
    expect(safeLabel('Lab CA "Bench" (1A2B3C4D)')).toBe('Lab CA "Bench" (1A2B3C4D)');
    expect(safeLabel('CA password=hunter2 here')).not.toContain('hunter2');
    expect(scanForSecrets(safeLabel(`Bearer ${KEYLIKE}`))).toEqual([]);
  });

  it('short fingerprints: 8 upper-case hex digits, colons ignored', () => {
    expect(shortFingerprint('ab:cd:ef:01:23:45:67:89')).toBe('ABCDEF01');
  });
});
