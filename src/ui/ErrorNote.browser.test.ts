// An error note quoting what a board said: control and bidi characters shown as visible escapes, markup as text.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import ErrorNote from './ErrorNote.svelte';

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
});

describe('ErrorNote with board text', () => {
  it('shows hidden characters escaped and markup as text', () => {
    mounted = mount(ErrorNote, {
      target: document.body,
      props: {
        title: 'Unexpected answer',
        message: 'Unexpected answer to AT+CGMR: mfw\u202Egpj.exe\u0000 <img src=x>',
        details: { summary: 'What the board said', text: 'line one\nline\u009b two' },
      },
    });
    flushSync();
    const note = document.querySelector('[role="alert"]')!;
    expect(note.querySelector('img')).toBeNull();
    expect(note.textContent).toContain('mfw\\u202Egpj.exe\\x00 <img src=x>');
    expect(note.textContent).toContain('line one\nline\\x9B two');
    expect(note.textContent).not.toMatch(/[\u0000\u009b\u202e]/);
  });
});
