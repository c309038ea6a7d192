// The words the device views use: every device error code has a title and a next step; +CME codes come with the
// diagnostics table's name and advice; modes and digests read the way technicians say them.
import { describe, expect, it } from 'vitest';
import type { DeviceErrorCode } from '../../devices/errors.ts';
import { deviceErrorText } from './error-text.ts';
import { credentialTypeText, functionalModeText, shortDigest } from './labels.ts';

const CODES: DeviceErrorCode[] = [
  'no-port-chosen',
  'permission-denied',
  'port-busy',
  'already-open',
  'open-failed',
  'not-open',
  'disconnected',
  'timeout',
  'aborted',
  'protocol',
  'device-rejected',
  'too-long',
  'invalid-input',
  'unsupported',
];

describe('deviceErrorText', () => {
  it.each(CODES)('%s has a title and a next step', (code) => {
    const words = deviceErrorText({ code, message: 'm' });
    expect(words.title.length).toBeGreaterThan(3);
    expect(words.next.length).toBeGreaterThan(3);
  });

  it('names a +CME code and says what to do about it', () => {
    const words = deviceErrorText({ code: 'device-rejected', message: 'm', final: { kind: 'cme', code: 518 } });
    expect(words.title).toMatch(/^The board refused: \+CME ERROR 518 \(.+\)$/);
    expect(words.next).toMatch(/offline|CFUN/i);
    expect(deviceErrorText({ code: 'device-rejected', message: 'm', final: { kind: 'cme', code: 9999 } }).title).toBe(
      'The board refused: +CME ERROR 9999',
    );
  });
});

describe('labels', () => {
  it('words nRF91 functional modes and keeps unknown ones as numbers', () => {
    expect(functionalModeText('nrf91', 4)).toBe('offline (+CFUN 4)');
    expect(functionalModeText('nrf91', 99)).toBe('mode 99');
    expect(functionalModeText('zephyr-tls-shell', 4)).toBe('mode 4');
  });

  it('shortens digests to both ends and leaves short text alone', () => {
    const sha = '2C43952EE9E000FF2ACC4E2ED0897C0A72AD5FA72C3D934E81741CBD54F05BD1';
    expect(shortDigest(sha)).toBe('2C43952E…54F05BD1');
    expect(shortDigest('ABCD')).toBe('ABCD');
    expect(credentialTypeText('clientCert', '1')).toBe('Client certificate (type 1)');
  });
});
