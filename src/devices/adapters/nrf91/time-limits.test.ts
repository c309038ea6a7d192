// The nRF91 profile's command time limits (moved from the generic AT client's defaults): key generation is slow,
// and an AtClient made with the profile's options uses them.
import { describe, expect, it } from 'vitest';
import { defaultTimeoutMs } from '../../protocols/at-constants.ts';
import { NRF91_PROFILE } from './profile.ts';

const limit = (command: string) => NRF91_PROFILE.timeLimitMs(command) ?? defaultTimeoutMs(command);

describe('nRF91 command time limits', () => {
  it('has per-command default limits: key generation is slow', () => {
    expect(limit('AT+CGMI')).toBe(15_000);
    expect(limit('AT%KEYGEN=16842753,2,0')).toBeGreaterThanOrEqual(60_000);
    expect(limit('AT%CMNG=0,1,0,"x"')).toBeGreaterThan(15_000);
  });

  it('the generic AT client alone knows none of them', () => {
    expect(defaultTimeoutMs('AT%KEYGEN=16842753,2,0')).toBe(15_000);
  });
});
