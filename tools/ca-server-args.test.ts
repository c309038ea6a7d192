import { describe, expect, it } from 'vitest';
import { DEFAULT_ORIGINS, DEFAULT_PORT, parseCaServerArgs } from './ca-server-args.ts';

describe('npm run ca-server -- command line', () => {
  it('defaults: loopback, port 7030, the app origins, no auth, 365 days, nothing pending, no warnings', () => {
    const r = parseCaServerArgs([]);
    if (!r.ok) throw new Error(r.error);
    expect(r.config).toMatchObject({
      host: '127.0.0.1',
      port: DEFAULT_PORT,
      origins: [...DEFAULT_ORIGINS],
      auth: null,
      validityDays: 365,
      pending: 0,
      retryAfter: 2,
      tls: false,
      misissue: null,
      warnings: [],
    });
    expect(r.config.dir).toMatch(/\.keywire[/\\]est-ca$/);
  });

  it('reads every option; origins repeat or come comma-separated; a trailing slash is dropped', () => {
    const r = parseCaServerArgs([
      ...['--host', '0.0.0.0', '--port', '0', '--dir', '/tmp/ca', '--origin', 'http://a:1,https://b.example/'],
      ...['--origin', 'http://c:3', '--user', 'u', '--password', 'p', '--validity-days', '30', '--pending', '2'],
      ...['--retry-after', '5', '--tls', '--misissue', 'expired'],
    ]);
    if (!r.ok) throw new Error(r.error);
    expect(r.config).toMatchObject({
      host: '0.0.0.0',
      port: 0,
      dir: '/tmp/ca',
      origins: ['http://a:1', 'https://b.example', 'http://c:3'],
      auth: { user: 'u', password: 'p' },
      validityDays: 30,
      pending: 2,
      retryAfter: 5,
      tls: true,
      misissue: 'expired',
    });
    expect(r.config.warnings.join('\n')).toMatch(/bound to 0\.0\.0\.0: other machines can reach this CA/);
    expect(r.config.warnings.join('\n')).toMatch(/WRONG certificates on purpose/);
  });

  it('takes credentials from KEYWIRE_CA_USER / KEYWIRE_CA_PASSWORD', () => {
    const r = parseCaServerArgs([], { KEYWIRE_CA_USER: 'bench', KEYWIRE_CA_PASSWORD: 'pw' });
    expect(r.ok && r.config.auth).toEqual({ user: 'bench', password: 'pw' });
  });

  it('warns when bound beyond loopback without a password', () => {
    const r = parseCaServerArgs(['--host', '192.168.1.5']);
    expect(r.ok && r.config.warnings[0]).toMatch(/without a password.*plain HTTP/);
  });

  const bad: [string[], RegExp][] = [
    [['--port', '70000'], /--port must be 0\.\.65535/],
    [['--port'], /--port needs a value/],
    [['--validity-days', '0'], /1\.\.3650/],
    [['--pending', '-1'], /--pending must be/],
    [['--misissue', 'sometimes'], /other-key, expired, wrong-chain/],
    [['--origin', 'http://a:1/path'], /nothing after it/],
    [['--origin', 'not a url'], /is not an origin/],
    [['--user', 'u'], /needs both a user and a password/],
    [['--user', 'a:b', '--password', 'p'], /cannot contain ":"/],
    [['--frobnicate', '1'], /unknown option --frobnicate/],
  ];
  for (const [argv, why] of bad) {
    it(`refuses ${argv.join(' ')}`, () => {
      const r = parseCaServerArgs(argv);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(why);
    });
  }

  it('--help asks for the usage text', () => {
    expect(parseCaServerArgs(['--help'])).toEqual({ ok: false, error: '', help: true });
  });
});
