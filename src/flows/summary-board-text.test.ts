// The printable label of a hostile board: its id, IMEI and model show control and bidi characters as visible
// escapes (the QR text too) and are cut to a label line; markup stays text for the view to show as text.
import { describe, expect, it } from 'vitest';
import { labelFor } from './summary.ts';

const FP = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

describe('label of a hostile board', () => {
  it('escapes the id, IMEI and model and cuts them to a label line', () => {
    const label = labelFor(
      {
        family: 'nrf91',
        deviceId: 'dev\u202E1234\u0000',
        manufacturer: 'x',
        model: `<script>alert(1)</script>\u2066${'M'.repeat(500)}`,
        firmware: 'y',
        imei: '3526\u009b561',
      },
      42,
      FP,
      '2031-01-01T00:00:00.000Z',
    );
    expect(label.deviceId).toBe('dev\\u202E1234\\x00');
    expect(label.imei).toBe('3526\\x9B561');
    expect(label.model.startsWith('<script>alert(1)</script>\\u2066MMM')).toBe(true);
    expect(label.model).toHaveLength(80);
    expect(label.qrText).toBe(`keywire:v1;id=dev\\u202E1234\\x00;sha256=${FP.toUpperCase()}`);
  });
});
