// Recognising a reboot from the lines a board prints at power-up, once per boot.
import { describe, expect, it } from 'vitest';
import { bootWatcher, isBootLine } from './board-events.ts';

describe('isBootLine', () => {
  it.each([
    ['*** Booting nRF Connect SDK v2.6.1-3758bcbfa5cd ***', true],
    ['*** Booting Zephyr OS build v3.5.99-ncs1 ***', true],
    ['The AT host sample started', true],
    ['Ready', true],
    ['OK', false],
    ['+CEREG: 5,"002F","0012BEEF",7', false],
    ['Ready to provision', false],
  ])('%s -> %s', (line, want) => expect(isBootLine(line)).toBe(want));
});

describe('bootWatcher', () => {
  it('fires once for the lines of one banner, again for a later boot', () => {
    let boots = 0;
    const watch = bootWatcher(() => boots++, 2000);
    watch('*** Booting nRF Connect SDK v2.6.1 ***', 1000);
    watch('The AT host sample started', 1010);
    watch('OK', 1020);
    expect(boots).toBe(1);
    watch('*** Booting nRF Connect SDK v2.6.1 ***', 9000);
    expect(boots).toBe(2);
  });
});
