import { describe, expect, it } from 'vitest';
import { describeReadiness, offlineNotOffered } from './offline-status.ts';

describe('offlineNotOffered', () => {
  const env = { production: true, hasServiceWorker: true, secureContext: true };

  it('offers offline use in a production build on a secure page with service workers', () => {
    expect(offlineNotOffered(env)).toBeUndefined();
  });

  it('names why not: the dev server, an insecure page, a browser without service workers', () => {
    expect(offlineNotOffered({ ...env, production: false })).toBe('development');
    expect(offlineNotOffered({ ...env, secureContext: false })).toBe('insecure');
    expect(offlineNotOffered({ ...env, hasServiceWorker: false })).toBe('unsupported');
  });
});

describe('describeReadiness', () => {
  it('says what works and what to do in each state', () => {
    expect(describeReadiness({ kind: 'ready' })).toMatch(/without a network/);
    expect(describeReadiness({ kind: 'failed', message: 'the disk is full.' })).toMatch(
      /^Not available: the disk is full\. .*reload to try again/,
    );
    expect(describeReadiness({ kind: 'not-offered', why: 'insecure' })).toMatch(/https or localhost/);
    expect(describeReadiness({ kind: 'not-offered', why: 'development' })).toMatch(/npm start/);
    expect(describeReadiness({ kind: 'installing' })).toMatch(/offline use/);
  });
});
