// The identity card in real Chromium with a hostile board's identity: markup stays text (no element is made from it,
// no script runs), control and bidi characters are shown as visible escapes.
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import IdentityCard from './IdentityCard.svelte';

let mounted: ReturnType<typeof mount> | null = null;
afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  document.body.innerHTML = '';
  delete (window as { pwned?: boolean }).pwned;
});

describe('IdentityCard of a hostile board', () => {
  it('shows markup as text and hidden characters escaped', () => {
    mounted = mount(IdentityCard, {
      target: document.body,
      props: {
        identity: {
          family: 'nrf91',
          deviceId: 'x',
          manufacturer: '<img src=x onerror="window.pwned=true">',
          model: 'nRF9160\u202Egpj.exe',
          firmware: 'mfw\u0000\u009b31m',
          imei: '<script>window.pwned=true</script>',
        },
        capabilities: ['identify'],
      },
    });
    flushSync();
    const card = document.querySelector('section.identity')!;
    expect(card.querySelector('img, script')).toBeNull();
    expect((window as { pwned?: boolean }).pwned).toBeUndefined();
    const text = card.textContent ?? '';
    expect(text).toContain('<img src=x onerror="window.pwned=true">');
    expect(text).toContain('nRF9160\\u202Egpj.exe');
    expect(text).toContain('mfw\\x00\\x9B31m');
    expect(text).not.toMatch(/[\u0000\u009b\u202e]/);
  });
});
