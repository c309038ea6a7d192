// The Settings panel's words for one emulated board: the one-line facts, and what plugging it in or resetting it
// does. Each emulated family says them itself (`words` in its board-kind.ts), so the panel names no family.
import { boardWords } from '../../app/wiring.ts';
import type { EmulatedBoardControl } from '../../devices/emulator/types.ts';

/** "IMEI … · firmware · SIM inserted" for a modem, "hwinfo … · Zephyr …, NCS … · credentials in RAM" for Zephyr. */
export const boardFactsLine = (control: EmulatedBoardControl): string => boardWords(control).factsLine;

/** What the board does when it powers up (plug in, reset now). */
export const bootWords = (control: EmulatedBoardControl): string => boardWords(control).bootWords;
