import { describe, expect, it } from 'vitest';
import { hostOf, serverSays, shortText } from './errors.ts';
import { networkMessage } from './http.ts';

describe('what a server said, shortened for the UI', () => {
  it('drops markup, scripts and control characters, collapses whitespace, cuts with an ellipsis', () => {
    expect(shortText('<html><style>p{}</style><body><h1>502</h1>\n\n Bad&nbsp;gateway &amp; more</body></html>')).toBe(
      '502 Bad gateway & more',
    );
    expect(shortText('a\u0000b\u001bc')).toBe('a b c');
    const long = shortText('x'.repeat(500), 50);
    expect(long).toHaveLength(50);
    expect(long.endsWith('…')).toBe(true);
  });

  it('takes the message of a JSON error body', () => {
    expect(serverSays('{"error":{"message":"quota exceeded"}}', 'application/json')).toBe('quota exceeded');
    expect(serverSays('{"message":"CN not allowed"}', 'text/plain')).toBe('CN not allowed');
    expect(serverSays('{"error_description":"token expired","error":"invalid_token"}', 'application/json')).toBe(
      'token expired',
    );
    expect(serverSays('{"code": 7}', 'application/json')).toBe('{"code": 7}');
    expect(serverSays('{broken', 'application/json')).toBe('{broken');
  });

  it('names hosts, never paths', () => {
    expect(hostOf('https://ca.example:8443/.well-known/est/secret-label')).toBe('ca.example:8443');
    expect(hostOf('nonsense')).toBe('the server');
  });

  it('explains network failures: CORS with the origin, mixed content from an https page', () => {
    expect(networkMessage('http://10.0.0.5:7030/x', 'http://127.0.0.1:4173')).toMatch(
      /Could not reach 10\.0\.0\.5:7030.*the server must allow this origin: http:\/\/127\.0\.0\.1:4173/,
    );
    expect(networkMessage('http://10.0.0.5/x', 'https://keywire.example')).toMatch(/mixed content/);
    // Loopback is allowed from https pages (a potentially trustworthy origin): no mixed-content claim.
    expect(networkMessage('http://127.0.0.1:7030/x', 'https://keywire.example')).toMatch(/CORS/);
    expect(networkMessage('http://10.0.0.5/x', undefined)).not.toMatch(/CORS/);
  });
});
