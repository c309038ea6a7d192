// Test support (not bundled): a terminal on an emulated Zephyr board. Types a command as a host would (bytes, then
// CR) and collects what the board prints until the prompt is back, colour codes and all.
import { MemoryFlashStore, type FlashStore } from '../flash-store.ts';
import { ZephyrBoard, type ZephyrBoardOptions } from './board.ts';
import { zephyrFactory } from './factory.ts';

export const PROMPT_BYTES = '\x1b[1;32muart:~$ \x1b[m';

export interface Terminal {
  readonly board: ZephyrBoard;
  readonly flash: FlashStore;
  /** Everything printed since the last take(). */
  take(): string;
  /** Types `command` + CR and resolves with what was printed until the next prompt (prompt included). */
  type(command: string, terminator?: string): Promise<string>;
}

export function terminal(
  id = 'nrf7002dk-a',
  options: Partial<ZephyrBoardOptions> & { flash?: FlashStore } = {},
): Terminal {
  const factory = zephyrFactory(id);
  if (!factory) throw new Error(`no emulated Zephyr board ${id}`);
  const flash = options.flash ?? new MemoryFlashStore();
  const board = new ZephyrBoard({ keygenMs: 0, ...options, factory, flash });
  let out = '';
  let waiter: (() => void) | undefined;
  board.onOutput = (bytes) => {
    out += String.fromCharCode(...bytes);
    waiter?.();
  };
  board.powerOn();
  const take = () => {
    const text = out;
    out = '';
    return text;
  };
  return {
    board,
    flash,
    take,
    async type(command, terminator = '\r') {
      take();
      board.receive(Uint8Array.from(command + terminator, (c) => c.charCodeAt(0)));
      const prompt = factory.colours ? `\x1b[1;32m${factory.prompt}\x1b[m` : factory.prompt;
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no prompt after ${command}: ${JSON.stringify(out)}`)), 2000);
        waiter = () => {
          if (out.endsWith(prompt) && out.length > command.length) {
            clearTimeout(timer);
            waiter = undefined;
            resolve();
          }
        };
        waiter();
      });
      return take();
    },
  };
}

/** The answer lines of a transcript: echo and prompt removed, colours stripped, split on CRLF. */
export function answerLines(transcript: string): string[] {
  const plain = transcript.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
  const lines = plain.split('\r\n');
  return lines.slice(1, -1);
}
