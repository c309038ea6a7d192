// The emulated Zephyr board as a registered family of the emulator lab: on the default bench next to the other
// families with unique ids, reachable through its Web Serial port, its one setting, the lab's `backend` option, its
// flash image kept in the core's FlashStore (a reload keeps it, a foreign image is ignored, a factory reset erases
// it), and its facts narrowed by kind.
import { describe, expect, it } from 'vitest';
import { MemoryFlashStore } from '../flash-store.ts';
import { createEmulatorLab, type Lab } from '../lab.ts';
import { ALL_FACTORY_BOARDS, factsOf } from '../registry.ts';
import { ZEPHYR_FLASH_FORMAT } from './flash.ts';

/** Types `command` on the board's port (as the app would) and returns the text until the prompt is back. */
async function shell(lab: Lab, id: string, command: string): Promise<string> {
  const port = lab.port(id);
  await port.open({ baudRate: 115200 });
  const reader = port.readable!.getReader();
  const writer = port.writable!.getWriter();
  await writer.write(new TextEncoder().encode(`${command}\r`));
  let text = '';
  // A reboot's banner (held while the port was closed) may come first: wait for this command's echo, then the prompt.
  while (!(text.includes(`${command}\r\n`) && text.endsWith('uart:~$ \x1b[m'))) {
    const { value, done } = await reader.read();
    if (done) break;
    text += new TextDecoder().decode(value);
  }
  await reader.cancel();
  reader.releaseLock();
  writer.releaseLock();
  await port.close();
  return text.slice(text.indexOf(`${command}\r\n`)).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
}

const lab = (options: Partial<Parameters<typeof createEmulatorLab>[0]> = {}) =>
  createEmulatorLab({ flash: new MemoryFlashStore(), pacing: false, keygenMs: 0, ...options });

describe('the Zephyr family in the emulator lab', () => {
  it('is on the default bench with the other families, ids unique, each entry naming its kind', () => {
    const boards = lab().boards();
    const zephyr = boards.filter((b) => b.kind === 'zephyr').map((b) => b.id);
    expect(zephyr).toEqual(['nrf7002dk-a', 'nrf7002dk-volatile', 'nrf7002dk-nopubkey', 'nrf7002dk-nokeygen']);
    expect(boards.some((b) => b.kind === 'nrf91')).toBe(true);
    expect(new Set(boards.map((b) => b.id)).size).toBe(ALL_FACTORY_BOARDS.length);
  });

  it('answers on its port like the real shell and shows its facts by kind', async () => {
    const l = lab();
    expect(await shell(l, 'nrf7002dk-a', 'hwinfo devid')).toBe(
      'hwinfo devid\r\nLength: 8\r\nID: 0xa1b2c3d4e5f60718\r\nuart:~$ ',
    );
    const facts = factsOf(l.control('nrf7002dk-a'), 'zephyr');
    expect(facts).toMatchObject({ hwid: 'a1b2c3d4e5f60718', backend: 'persistent', pubkeyCommand: true });
    expect(() => factsOf(l.control('nrf7002dk-a'), 'nrf91')).toThrow(/is an emulated zephyr board, not nrf91/);
  });

  it('has the keygenMs setting (and the hostile-board mode), refusing a negative time', () => {
    const control = lab().control('nrf7002dk-a');
    expect(control.settingNames).toEqual(['keygenMs', 'hostile']);
    control.keygenMs = 250;
    expect(control.setting('keygenMs')).toBe(250);
    expect(() => (control.keygenMs = -1)).toThrow(/>= 0 ms/);
    expect(control.networkTimeOffsetMs).toBe(0);
    expect(() => (control.networkTimeOffsetMs = 1)).toThrow(/no setting "networkTimeOffsetMs"/);
  });

  it('keeps credentials in its flash image across a new lab (a page reload); the backend option overrides it', async () => {
    const flash = new MemoryFlashStore();
    const first = lab({ flash });
    await shell(first, 'nrf7002dk-a', 'cred buf aGVsbG8=');
    expect(await shell(first, 'nrf7002dk-a', 'cred add 7 CA DEFAULT bint')).toContain('Added TLS credential');
    expect(flash.load('nrf7002dk-a')?.format).toBe(ZEPHYR_FLASH_FORMAT);
    expect(await shell(lab({ flash }), 'nrf7002dk-a', 'cred list')).toContain('1 credentials found.');

    const volatile = lab({ flash, boardOptions: { backend: 'volatile' } });
    expect(await shell(volatile, 'nrf7002dk-a', 'cred list')).toContain('0 credentials found.');
  });

  it('ignores another family’s image under its id and erases its own on factory reset', async () => {
    const flash = new MemoryFlashStore();
    flash.save('nrf7002dk-a', { format: 'keywire-nrf91-flash', version: 1, credentials: [{ secTag: 7 }] });
    const l = lab({ flash });
    expect(await shell(l, 'nrf7002dk-a', 'cred list')).toContain('0 credentials found.');
    await shell(l, 'nrf7002dk-a', 'cred buf aGVsbG8=');
    await shell(l, 'nrf7002dk-a', 'cred add 7 CA DEFAULT bint');
    await l.control('nrf7002dk-a').factoryReset();
    expect(flash.load('nrf7002dk-a')).toBeNull();
    expect(await shell(l, 'nrf7002dk-a', 'cred list')).toContain('0 credentials found.');
  });

  it('loses a volatile credential on the lab’s reset, keeps a persistent one', async () => {
    const l = lab();
    for (const id of ['nrf7002dk-a', 'nrf7002dk-volatile']) {
      await shell(l, id, 'cred buf aGVsbG8=');
      await shell(l, id, 'cred add 7 CA DEFAULT bint');
      l.control(id).reset();
    }
    expect(await shell(l, 'nrf7002dk-a', 'cred list')).toContain('1 credentials found.');
    expect(await shell(l, 'nrf7002dk-volatile', 'cred list')).toContain('0 credentials found.');
  });
});
