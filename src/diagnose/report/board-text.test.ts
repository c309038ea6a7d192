// A hostile board's identity in the report: both files show its control and bidi characters as visible escapes and
// its markup as text; neither carries the hidden characters themselves.
import { describe, expect, it } from 'vitest';
import type { DeviceIdentity } from '../../devices/device.ts';
import { decode } from '../decode/decode.ts';
import { NOW } from '../testing.ts';
import { exportReport } from './export.ts';
import type { ReportInput } from './model.ts';

const board: DeviceIdentity = {
  family: 'nrf91',
  deviceId: 'id\u0000-1',
  manufacturer: '<img src=x onerror=alert(1)>',
  model: 'nRF9160\u202Egpj.exe',
  firmware: 'mfw\u009b31m\ufffd\ud800',
};

const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffd]|[\ud800-\udfff]/;

describe('report of a hostile board', () => {
  it('escapes the board identity in the HTML and the JSON', () => {
    const input: ReportInput = {
      version: '0.1.0',
      createdAt: NOW,
      board,
      health: null,
      broker: null,
      decoded: decode('0xc680'),
      timeline: null,
    };
    const r = exportReport(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.html).toContain('nRF9160\\u202Egpj.exe');
    expect(r.value.html).not.toContain('<img');
    expect(r.value.html).not.toMatch(HIDDEN);
    expect(r.value.json).toContain('nRF9160\\\\u202Egpj.exe');
    expect(r.value.json).toContain('mfw\\\\x9B31m\\\\uFFFD\\\\uD800');
    expect(r.value.json).not.toMatch(HIDDEN);
    expect(JSON.parse(r.value.json).board.deviceId).toBe('id\\x00-1');
  });
});
