// The console in real Chromium with 5 MB of session log: only the rows in view exist in the DOM, the newest line
// is shown, a search match far up is scrolled into view and highlighted, and the controls have accessible names.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionLog } from '../../devices/transport/index.ts';
import { err } from '../../lib/result.ts';
import { ConsoleState } from './console.svelte.ts';
import ConsolePanel from './ConsolePanel.svelte';
import { SECRET_LINES } from '../../devices/adapters/index.ts';
import { maskSecretLine } from '../../devices/transport/index.ts';

const encoder = new TextEncoder();
let mounted: ReturnType<typeof mount> | null = null;

afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

/** About `megabytes` of realistic modem chatter: commands, answers and +CEREG lines. */
function fiveMegabytes(log: SessionLog, megabytes = 5): number {
  let lines = 0;
  let t = Date.parse('2026-01-01T00:00:00Z');
  while (log.totals.rx + log.totals.tx < megabytes * 1024 * 1024) {
    log.add({ t: t++, dir: 'tx', bytes: encoder.encode(`AT%CMNG=1,${lines}\r`) });
    log.add({
      t: t++,
      dir: 'rx',
      bytes: encoder.encode(`%CMNG: ${lines},0,"${'A'.repeat(64)}"\r\nOK\r\n+CEREG: 5\r\n`),
    });
    lines += 4;
  }
  return lines;
}

const nextFrame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));

describe('ConsolePanel with 5 MB of log', () => {
  it('keeps the DOM to the rows in view and shows the newest line', async () => {
    const log = new SessionLog({ secretLines: SECRET_LINES });
    const state = new ConsoleState({
      maskLine: (c) => maskSecretLine(c, SECRET_LINES),
      send: async () => err({ source: 'device', error: { code: 'not-open', message: '' } }),
    });
    state.attach(log);
    const lines = fiveMegabytes(log);
    log.add({ t: Date.now(), dir: 'rx', bytes: encoder.encode('the very last line\r\n') });
    state.open = true;
    mounted = mount(ConsolePanel, { target: document.body, props: { model: state, canSend: false } });
    await new Promise((r) => setTimeout(r, 150)); // the console's batch interval
    flushSync();
    await nextFrame();

    expect(state.lines.length).toBeGreaterThan(lines * 0.9);
    const rows = document.querySelectorAll('[role="listitem"]');
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(100);
    expect(document.querySelector('[aria-label="Session log lines"]')?.textContent).toContain('the very last line');
  });

  it('scrolls a search match from the start of the log into view and highlights it', async () => {
    const log = new SessionLog({ secretLines: SECRET_LINES });
    const state = new ConsoleState({
      maskLine: (c) => maskSecretLine(c, SECRET_LINES),
      send: async () => err({ source: 'device', error: { code: 'not-open', message: '' } }),
    });
    state.attach(log);
    log.add({ t: 1, dir: 'rx', bytes: encoder.encode('+CME ERROR: 518\r\n') });
    fiveMegabytes(log, 1);
    state.open = true;
    mounted = mount(ConsolePanel, { target: document.body, props: { model: state, canSend: false } });
    await new Promise((r) => setTimeout(r, 150));
    flushSync();

    const search = document.querySelector<HTMLInputElement>('input[type="search"]')!;
    search.value = 'CME ERROR: 518';
    search.dispatchEvent(new Event('input', { bubbles: true }));
    flushSync();
    await nextFrame();
    flushSync();
    expect(document.querySelector('[role="status"].matches, .matches')?.textContent).toBe('Match 1 of 1');
    const mark = document.querySelector('[role="listitem"] mark');
    expect(mark?.textContent).toBe('CME ERROR: 518');
    expect(document.querySelectorAll('[role="listitem"]').length).toBeLessThan(100);
  });

  it('names every control for assistive technology', () => {
    const state = new ConsoleState({
      maskLine: (c) => maskSecretLine(c, SECRET_LINES),
      send: async () => err({ source: 'device', error: { code: 'not-open', message: '' } }),
    });
    state.attach(new SessionLog({ secretLines: SECRET_LINES }));
    state.open = true;
    mounted = mount(ConsolePanel, { target: document.body, props: { model: state, canSend: true } });
    flushSync();
    for (const control of document.querySelectorAll('button, input')) {
      const labelled =
        control.getAttribute('aria-label') ||
        control.textContent?.trim() ||
        (control as HTMLInputElement).labels?.[0]?.textContent?.trim();
      expect(labelled, control.outerHTML).toBeTruthy();
    }
  });

  it("names the command line in the connected family's words, with no AT assumed", () => {
    const state = new ConsoleState({
      maskLine: (c) => c,
      send: async () => err({ source: 'device', error: { code: 'not-open', message: '' } }),
    });
    state.attach(new SessionLog());
    state.open = true;
    const words = { commandLabel: 'Shell command', example: 'cred list' };
    mounted = mount(ConsolePanel, { target: document.body, props: { model: state, canSend: true, words } });
    flushSync();
    const input = document.querySelector<HTMLInputElement>('form.command input')!;
    expect(input.labels?.[0]?.textContent?.trim()).toBe('Shell command');
    expect(input.placeholder).toBe('cred list');
    expect(document.body.textContent).not.toContain('AT command');
  });
});
