// The console shows what a hostile board sent with every byte outside printable ASCII as a visible escape and markup
// as text (the session log's line assembler does it).
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { err } from '../../lib/result.ts';
import { maskSecretLine, SECRET_LINES, SessionLog } from '../../app/wiring.ts';
import { ConsoleState } from './console.svelte.ts';
import ConsolePanel from './ConsolePanel.svelte';

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

describe('console lines from a hostile board', () => {
  it('shows control characters (the C1 bytes inside a bidi override too) escaped and markup as text', async () => {
    const log = new SessionLog({ secretLines: SECRET_LINES });
    const state = new ConsoleState({
      maskLine: (c) => maskSecretLine(c, SECRET_LINES),
      send: async () => err({ source: 'device', error: { code: 'not-open', message: '' } }),
    });
    state.attach(log);
    const line = 'Nordic<img src=x>\u202Egpj.exe\u0085end\u0000\u001b[31m\r\n';
    log.add({ t: 1, dir: 'rx', bytes: new TextEncoder().encode(line) });
    state.open = true;
    mounted = mount(ConsolePanel, { target: document.body, props: { model: state, canSend: false } });
    await new Promise((r) => setTimeout(r, 150)); // the console's batch interval
    flushSync();
    const list = document.querySelector('[aria-label="Session log lines"]')!;
    expect(list.querySelector('img')).toBeNull();
    // The console (the session log's line assembler) shows bytes outside printable ASCII as \xNN: U+202E's bytes
    // E2 80 AE and NEL's C2 85 included, so nothing reorders or hides the line.
    expect(list.textContent).toContain('Nordic<img src=x>\\xe2\\x80\\xaegpj.exe\\xc2\\x85end');
    expect(list.textContent).not.toMatch(/[\u0000-\u001f\u0080-\u009f\u202a-\u202e]/);
  });
});
