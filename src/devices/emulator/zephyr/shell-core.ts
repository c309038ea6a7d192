// Layer: emulated Zephyr board, the shell core. Command tables as Zephyr declares them (SHELL_CMD_ARG: a handler,
// mandatory and optional argument counts, the command name counted as in Zephyr) and the dispatch the shell core
// does before any command code runs, with its exact refusals: `<word>: command not found`,
// `<cmd>: wrong parameter count`, `Please specify a subcommand.`. Arguments split on spaces (no quoting is needed
// by any command the emulator has). `-h` / `--help` prints the command's help line instead of running it.
import type { EmulatorClock } from '../clock.ts';
import type { ZephyrFactory } from './factory.ts';
import type { ZephyrStores } from './store.ts';

export interface OutLine {
  readonly text: string;
  readonly level: 'normal' | 'error' | 'warning';
}

export const normal = (text: string): OutLine => ({ text, level: 'normal' });
export const error = (text: string): OutLine => ({ text, level: 'error' });
export const warning = (text: string): OutLine => ({ text, level: 'warning' });

export interface ShellContext {
  readonly factory: ZephyrFactory;
  readonly stores: ZephyrStores;
  readonly clock: EmulatorClock;
  /** Aborts when the board loses power. */
  readonly signal: AbortSignal;
  /** The TLS credentials shell's buffer (`cred buf`), RAM only. */
  credBuf: string;
  keygenMs: number;
  uptimeMs(): number;
  /** Asks the board to reboot once the command returns (it never prints its prompt). */
  reboot(): void;
}

export type Handler = (argv: readonly string[], ctx: ShellContext) => OutLine[] | Promise<OutLine[]>;

export interface CommandNode {
  readonly handler?: Handler;
  /** [mandatory, optional], the command's own name counted in mandatory, as SHELL_CMD_ARG. */
  readonly args?: readonly [number, number];
  readonly sub?: Readonly<Record<string, CommandNode>>;
  readonly help?: string;
}

export type CommandTable = Readonly<Record<string, CommandNode>>;

export async function dispatch(table: CommandTable, line: string, ctx: ShellContext): Promise<OutLine[]> {
  const words = line.trim().split(/ +/);
  let node: CommandNode | undefined = table[words[0]!];
  if (!node) return [error(`${words[0]}: command not found`)];
  let i = 1;
  while (node.sub && i < words.length && node.sub[words[i]!]) node = node.sub[words[i++]!]!;
  const isHelp = (w: string) => w === '-h' || w === '--help';
  // A word that is not a subcommand of a command without a handler is unknown, even before a `-h`.
  if (!node.handler && i < words.length && !isHelp(words[i]!)) return [error(`${words[i]}: command not found`)];
  // `-h` / `--help` after the command: the shell core prints help and runs nothing.
  if (words.slice(i).some(isHelp)) return [normal(`${words.slice(0, i).join(' ')} - ${node.help ?? 'no help'}`)];
  if (!node.handler) return [error('Please specify a subcommand.')];
  const argv = words.slice(i - 1);
  const [mandatory, optional] = node.args ?? [1, 0];
  if (argv.length < mandatory || argv.length > mandatory + optional)
    return [error(`${argv[0]}: wrong parameter count`)];
  return node.handler(argv, ctx);
}
