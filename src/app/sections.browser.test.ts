import { describe, expect, it } from 'vitest';
import { sectionFromHash } from './sections.ts';

describe('section routing (in real Chromium)', () => {
  it('maps hashes to sections and falls back to Provision', () => {
    expect(sectionFromHash('#/audit')).toBe('audit');
    expect(sectionFromHash('#/nope')).toBe('provision');
    expect(typeof navigator.userAgent).toBe('string');
    expect(navigator.userAgent).toContain('Chrome');
  });
});
