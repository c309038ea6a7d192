// The session log download's last guard: whatever the secret scanner finds is replaced, public certificate and CSR
// material stays, and key material the log already masked is not reported twice.
import { describe, expect, it } from 'vitest';
import { nrf91Vectors } from '../../test-vectors.ts';
import { redactSecrets } from './log-redact.ts';

const line = (dir: string, text: string) => `2026-01-01T00:00:00.000Z  ${dir.padEnd(4)}  ${text}`;

describe('redactSecrets', () => {
  it('replaces a typed password, a bearer token and an unmasked private key header, naming what they were', () => {
    const text = [
      line('tx', 'AT#XHTTPCCON=1,"example.com",443,"password=hunter2hunter2"'),
      line('rx', 'Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345'),
      line('rx', '-----BEGIN EC PRIVATE KEY-----'),
      line('rx', 'MHcCAQEEIBvX1TyLpyVZ3TW6JPhaIlo4nBDvgPpi0ADlU8TQDpw6oAoGCCqGSM49'),
      line('rx', '-----END EC PRIVATE KEY-----'),
      line('rx', 'OK'),
    ].join('\n');
    const r = redactSecrets(text);
    expect(r.count).toBe(3);
    expect(r.text).not.toMatch(/hunter2|abcdefghijklmnop|PRIVATE KEY|MHcCAQEE/);
    expect(r.text).toMatch(/443,"?<redacted: [^>]+>"\n/);
    expect(r.text.endsWith('  OK')).toBe(true);
    expect(r.text).toContain('<redacted: a password, token or key assignment>');
    expect(r.text).toContain('<redacted: an HTTP Authorization credential>');
    expect(r.text).toContain('<redacted: a PEM private key block>');
  });

  it('keeps certificates, a %KEYGEN answer and already-masked %CMNG writes as they are', () => {
    const cert = [
      line('tx', 'AT%CMNG=0,42,1,"-----BEGIN CERTIFICATE-----'),
      line('tx', 'MIIBszCCAVmgAwIBAgIUR1FxE5d0pRZ8pVx7bQ2xY3VtZ2UwCgYIKoZIzj0EAwIwFjEUMBIGA1UEAwwL'),
      line('tx', '-----END CERTIFICATE-----'),
      line('tx', '"'),
    ];
    const text = [
      ...cert,
      line('rx', nrf91Vectors.keygen_wire_lines[0]!),
      line('tx', 'AT%CMNG=0,42,3,"<PSK, 32 bytes, hidden>"'),
    ].join('\n');
    expect(redactSecrets(text)).toEqual({ text, count: 0 });
  });

  it('redacts a base64 blob outside any public block', () => {
    const blob = 'q8Xz3LmP0vN7wR2tY5uI9oK1jH4gF6dS8aQ3eW0rT7yU2iO5pA9sD1fG4hJ6kL8z';
    const r = redactSecrets(line('rx', `token ${blob}`));
    expect(r.text).not.toContain(blob);
    expect(r.count).toBe(1);
  });
});
