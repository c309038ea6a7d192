// Test support (not bundled): a scripted Zephyr shell on a FakePort. Collects written bytes into command lines (CR,
// LF or CRLF end one, as the shell does) and answers each with the chunks the test scripts, optionally paced, so
// tests control the exact bytes (echo, colours, log lines, where chunks end). `zephyrAnswer` builds what a real
// shell prints for a command: the echo, CRLF, the answer lines and the coloured prompt.
import type { FakePort } from '../../transport/testing/fake-port.ts';

export type ShellReply = { readonly chunks: readonly string[]; readonly gapMs?: number } | undefined;

/** The prompt as Zephyr prints it with VT100 colours on: bold green, then colour reset. */
export const COLOURED_PROMPT = '\x1b[1;32muart:~$ \x1b[m';
export const RED = '\x1b[1;31m';
export const RESET = '\x1b[m';

export interface ScriptedShell {
  readonly commands: string[];
  send(text: string): void;
}

export function scriptShell(port: FakePort, answer: (command: string) => ShellReply): ScriptedShell {
  const commands: string[] = [];
  let pending = '';
  let lastCr = false;
  port.onWrite = (chunk) => {
    for (const ch of String.fromCharCode(...chunk)) {
      const wasCr = lastCr;
      lastCr = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        if (ch === '\n' && wasCr) continue;
        commands.push(pending);
        respond(answer(pending));
        pending = '';
      } else pending += ch;
    }
  };
  const respond = (reply: ShellReply) => {
    if (!reply) return;
    let at = 0;
    for (const chunk of reply.chunks) {
      at += reply.gapMs ?? 0;
      if (at === 0) queueMicrotask(() => port.send(chunk));
      else setTimeout(() => port.send(chunk), at);
    }
  };
  return { commands, send: (text) => port.send(text) };
}

/** Echo, line end, answer lines and the prompt in one chunk, as Zephyr prints them (CRLF by default). */
export function zephyrAnswer(
  command: string,
  lines: readonly string[],
  { eol = '\r\n', prompt = COLOURED_PROMPT }: { eol?: string; prompt?: string } = {},
): string {
  return `${command}${eol}${lines.map((l) => `${l}${eol}`).join('')}${prompt}`;
}

export const reply = (...chunks: string[]): ShellReply => ({ chunks });
