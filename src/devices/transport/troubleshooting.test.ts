import { describe, expect, it } from 'vitest';
import type { DeviceErrorCode } from '../errors.ts';
import { mapSerialError, type SerialStep } from './serial-errors.ts';
import { detectPlatform, troubleshooting } from './troubleshooting.ts';

describe('troubleshooting', () => {
  it.each<[DeviceErrorCode, string[]]>([
    ['port-busy', ['other-app', 'linux-modemmanager']],
    ['open-failed', ['cable', 'windows-driver', 'linux-dialout']],
    ['permission-denied', ['secure-context']],
    ['disconnected', ['cable', 'replug']],
    ['timeout', ['baud-rate']],
  ])('lists the checks for %s', (code, ids) => {
    const got = troubleshooting(code).map((c) => c.id);
    for (const id of ids) expect(got).toContain(id);
  });

  it('gives the dialout command and filters by platform', () => {
    const dialout = troubleshooting('open-failed').find((c) => c.id === 'linux-dialout');
    expect(dialout?.command).toBe('sudo usermod -aG dialout $USER');
    expect(dialout?.detail).toMatch(/log out/);
    const windows = troubleshooting('open-failed', 'windows').map((c) => c.platform);
    expect(windows).not.toContain('linux');
    expect(windows).not.toContain('macos');
    expect(windows).toContain('windows');
  });

  it('names the programs that hold ports', () => {
    const detail = troubleshooting('port-busy')[0]!.detail;
    for (const app of ['nRF Connect', 'J-Link', 'IDE serial monitors', 'minicom']) expect(detail).toContain(app);
  });

  it('has nothing for codes that are not connect failures', () => {
    expect(troubleshooting('device-rejected')).toEqual([]);
    expect(troubleshooting('aborted')).toEqual([]);
  });

  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/130', 'windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) Chrome/130', 'macos'],
    ['Mozilla/5.0 (X11; Linux x86_64) Chrome/130', 'linux'],
    ['Mozilla/5.0 (Linux; Android 14) Chrome/130 Mobile', 'any'],
  ])('platform of %s is %s', (ua, want) => {
    expect(detectPlatform(ua)).toBe(want);
  });
});

describe('mapSerialError', () => {
  const dom = (name: string) => new DOMException('browser text', name);
  it.each<[string, SerialStep, DeviceErrorCode]>([
    ['NotFoundError', 'request', 'no-port-chosen'],
    ['SecurityError', 'request', 'permission-denied'],
    ['NotFoundError', 'open', 'disconnected'],
    ['NetworkError', 'open', 'port-busy'],
    ['InvalidStateError', 'open', 'already-open'],
    ['UnknownError', 'open', 'open-failed'],
    ['NetworkError', 'read', 'disconnected'],
    ['NetworkError', 'write', 'disconnected'],
    ['InvalidStateError', 'write', 'not-open'],
    ['AbortError', 'write', 'aborted'],
    ['SecurityError', 'getPorts', 'permission-denied'],
  ])('%s during %s -> %s', (name, step, code) => {
    const e = mapSerialError(dom(name), step);
    expect(e.code).toBe(code);
    expect(e.message.length).toBeGreaterThan(10);
  });

  it('handles things that are not errors at all', () => {
    expect(mapSerialError('weird', 'open').code).toBe('open-failed');
    expect(mapSerialError(undefined, 'read').code).toBe('disconnected');
  });
});

describe('mapSerialError for a picker without a click', () => {
  it('tells the user to use the button, not to change the address', () => {
    const e = mapSerialError(
      new DOMException('Must be handling a user gesture to show a permission request.', 'SecurityError'),
      'request',
    );
    expect(e.code).toBe('permission-denied');
    expect(e.message).toMatch(/click/);
  });
});
