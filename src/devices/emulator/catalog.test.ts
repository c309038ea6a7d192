import { describe, expect, it } from 'vitest';
import { EMULATED_BOARD_CATALOG } from './catalog.ts';
import { createEmulatorLab } from './lab.ts';
import { MemoryFlashStore } from './flash-store.ts';
import { ALL_FACTORY_BOARDS } from './registry.ts';

describe('emulated board catalog', () => {
  it('lists every registered factory board, with its id and label, in the lab order', () => {
    expect(EMULATED_BOARD_CATALOG).toEqual(ALL_FACTORY_BOARDS.map((b) => ({ id: b.id, label: b.label })));
  });

  it('names the boards the page lab builds, so a picked id opens a port', () => {
    const lab = createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false });
    expect(lab.boards().map((b) => ({ id: b.id, label: b.label }))).toEqual([...EMULATED_BOARD_CATALOG]);
    for (const entry of EMULATED_BOARD_CATALOG) expect(lab.port(entry.id)).toBeDefined();
  });

  it('imports no board code: the module has no imports at all', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('./catalog.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\bimport\(/);
  });
});
