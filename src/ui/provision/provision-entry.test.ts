import { describe, expect, it } from 'vitest';
import { ProvisionEntry, type EntryEnvironment } from './provision-entry.svelte.ts';
import { needsGesture, pressedLabel } from './start-action.ts';

const env = (over: Partial<EntryEnvironment> = {}): EntryEnvironment => ({
  deviceStackStarted: () => false,
  emulatorLabLoaded: () => false,
  storedBatch: () => false,
  grantedPorts: async () => 0,
  ...over,
});

describe('which Provision view shows', () => {
  it('a fresh page shows the start view, also after checking for granted ports', async () => {
    const entry = new ProvisionEntry(env());
    expect(entry.open).toBe(false);
    await entry.check('web-serial');
    expect(entry.open).toBe(false);
  });

  it('a press opens the provisioning view and hands it the action once; a later press replaces it', () => {
    const entry = new ProvisionEntry(env());
    entry.begin({ kind: 'pick', filter: 'known' });
    entry.begin({ kind: 'emulated', boardId: 'nrf9160-b' });
    expect(entry.open).toBe(true);
    expect(entry.take()).toEqual({ kind: 'emulated', boardId: 'nrf9160-b' });
    expect(entry.take()).toBeNull();
  });

  it.each([
    ['a device session started elsewhere in the page', { deviceStackStarted: () => true }],
    ['the emulator lab already made (its plug states)', { emulatorLabLoaded: () => true }],
    ['an interrupted batch to offer', { storedBatch: () => true }],
  ] as const)('opens the provisioning view at once for %s', (_what, over) => {
    const entry = new ProvisionEntry(env(over));
    expect(entry.open).toBe(true);
    expect(entry.take()).toBeNull();
  });

  it('opens it when the browser granted ports before (they are offered to reconnect), asking on the route', async () => {
    const asked: string[] = [];
    const entry = new ProvisionEntry(
      env({ grantedPorts: async (route) => (asked.push(route), route === 'webusb' ? 1 : 0) }),
    );
    await entry.check('web-serial');
    expect(entry.open).toBe(false);
    await entry.check('webusb');
    expect(entry.open).toBe(true);
    expect(asked).toEqual(['web-serial', 'webusb']);
  });
});

describe('start actions', () => {
  it('only the browser picker needs a fresh click: a hardware pick, or a batch on the hardware route', () => {
    expect(needsGesture({ kind: 'pick', filter: 'any' }, true)).toBe(true);
    expect(needsGesture({ kind: 'batch' }, true)).toBe(true);
    expect(needsGesture({ kind: 'batch' }, false)).toBe(false);
    expect(needsGesture({ kind: 'emulated', boardId: 'nrf9160-a' }, true)).toBe(false);
  });

  it('names the button that asked, in the route words', () => {
    expect(pressedLabel({ kind: 'pick', filter: 'known' }, 'web-serial')).toBe('Connect a board');
    expect(pressedLabel({ kind: 'pick', filter: 'any' }, 'webusb')).toBe('Any USB serial device');
    expect(pressedLabel({ kind: 'batch' }, 'web-serial')).toBe('Start a batch with this profile and CA');
  });
});
