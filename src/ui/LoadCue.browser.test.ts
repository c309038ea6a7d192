// LoadCue in real Chromium: a part already in, or in at once, shows with no cue; a slow one keeps what was there and
// shows the cue; a failed one says so in words with Try again, which loads it again.
import { createRawSnippet, flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { lazy, type Lazy } from './lazy.ts';
import LoadCue from './LoadCue.svelte';

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

const content = createRawSnippet((text: () => string) => ({ render: () => `<p class="in">${text()}</p>` }));
const start = createRawSnippet(() => ({ render: () => `<p class="start">start view</p>` }));

/** Mounts a LoadCue and records every cue that was ever in the page (a flash counts). */
function show(source: Lazy<string>, cueAfterMs: number) {
  const cues: string[] = [];
  const observer = new MutationObserver(() => {
    for (const el of document.querySelectorAll('.cue')) cues.push(el.textContent ?? '');
  });
  observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  mounted = mount(LoadCue<string>, {
    target: document.body,
    props: { source, what: 'the test view', children: content, pending: start, cueAfterMs },
  });
  flushSync();
  return { cues, stop: () => observer.disconnect() };
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 25));
  if (!check()) throw new Error(`never: ${what}`);
};
const text = (selector: string) => document.querySelector(selector)?.textContent ?? null;

describe('LoadCue', () => {
  it('shows a part that is already in at once, with no cue and no start view', async () => {
    const part = lazy(async () => 'the view');
    await part.get();
    const { cues, stop } = show(part, 0);
    expect(text('.in')).toBe('the view');
    expect(text('.start')).toBeNull();
    await new Promise((r) => setTimeout(r, 50));
    stop();
    expect(cues).toEqual([]);
  });

  it('a fast load shows the start view, then the part, and never flashes the cue', async () => {
    const { cues, stop } = show(
      lazy(async () => 'the view'),
      300,
    );
    expect(text('.start')).toBe('start view');
    await until(() => text('.in') !== null, 'the part is shown');
    await new Promise((r) => setTimeout(r, 400));
    stop();
    expect(text('.in')).toBe('the view');
    expect(text('.start')).toBeNull();
    expect(cues).toEqual([]);
  });

  it('a slow load keeps the start view and shows the cue until the part is in', async () => {
    let arrive: (v: string) => void = () => {};
    const { stop } = show(
      lazy(() => new Promise<string>((r) => (arrive = r))),
      50,
    );
    await until(() => text('[role="status"]') !== null, 'the cue');
    expect(text('[role="status"]')).toBe('Loading the test view…');
    expect(text('.start')).toBe('start view');
    arrive('the view');
    await until(() => text('.in') !== null, 'the part is shown');
    stop();
    expect(document.querySelector('[role="status"]')).toBeNull();
  });

  it('a failed load says so in plain words, and Try again loads it again', async () => {
    let calls = 0;
    const { stop } = show(
      lazy(async () => {
        calls++;
        if (calls === 1) throw new TypeError('Failed to fetch dynamically imported module: /assets/x.js');
        return 'the view';
      }),
      5_000,
    );
    await until(() => document.querySelector('[role="alert"]') !== null, 'the error');
    const alert = document.querySelector('[role="alert"]')!;
    expect(alert.textContent).toContain('This part of KeyWire could not be loaded');
    expect(alert.textContent).toContain('The test view did not arrive');
    expect(alert.textContent).toContain('Check the connection, then try again.');
    expect(alert.textContent).not.toContain('TypeError');
    expect(alert.textContent).not.toContain('/assets/');
    const retry = [...alert.querySelectorAll('button')].find((b) => b.textContent === 'Try again')!;
    retry.click();
    await until(() => text('.in') !== null, 'the part after Try again');
    stop();
    expect(text('.in')).toBe('the view');
    expect(calls).toBe(2);
    expect(document.querySelector('[role="alert"]')).toBeNull();
  });
});
