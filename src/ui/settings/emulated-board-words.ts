// The Settings panel's words for one emulated board, by its family (`info.kind`): the one-line facts, and what
// plugging it in or resetting it does. The lab's facts are a union over the registered families; this file narrows
// them with factsOf, so the panel itself names no family.
import { factsOf } from '../../app/wiring.ts';
import type { EmulatedBoardControl } from '../../devices/emulator/types.ts';

/** "IMEI … · firmware · SIM inserted" for a modem, "hwinfo … · Zephyr …, NCS … · credentials in RAM" for Zephyr. */
export function boardFactsLine(control: EmulatedBoardControl): string {
  switch (control.info.kind) {
    case 'nrf91': {
      const f = factsOf(control, 'nrf91');
      return `IMEI ${f.imei} · ${f.firmware} · ${f.iccid ? 'SIM inserted' : 'no SIM'}`;
    }
    case 'zephyr': {
      const f = factsOf(control, 'zephyr');
      const store =
        f.backend === 'volatile' ? 'credentials in RAM (lost on reboot)' : 'credentials in protected storage';
      const keys = !f.keygenShell
        ? 'no on-board key generation'
        : f.pubkeyCommand
          ? 'PSA keys'
          : 'PSA keys, no pubkey command';
      return `hwinfo ${f.hwid} · Zephyr ${f.zephyrVersion}, nRF Connect SDK ${f.ncsVersion} · ${store} · ${keys}`;
    }
    default:
      return control.info.label;
  }
}

/** What the board does when it powers up (plug in, reset now). */
export function bootWords(control: EmulatedBoardControl): string {
  switch (control.info.kind) {
    case 'nrf91':
      return 'the board booted with its radio off (CFUN 0)';
    case 'zephyr':
      return factsOf(control, 'zephyr').backend === 'volatile'
        ? 'the board booted to its shell prompt; its RAM credential store is empty again'
        : 'the board booted to its shell prompt';
    default:
      return 'the board booted';
  }
}
