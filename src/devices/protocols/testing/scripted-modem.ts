// Test support (not bundled): a scripted AT modem on a FakePort. Collects written bytes into commands (ended by CR
// or LF outside quotes, as the modem's AT host does) and answers each with the chunks the test scripts, optionally
// paced, so tests control the exact bytes and where chunks end.
import type { FakePort } from '../../transport/testing/fake-port.ts';

/** What to send back for a command: chunks sent in order `gapMs` apart; undefined means stay silent. */
export type Reply = { readonly chunks: readonly string[]; readonly gapMs?: number } | undefined;

export interface ScriptedModem {
  /** Commands received, in order, without terminators. */
  readonly commands: string[];
  /** Sends bytes as the modem, outside any command (a URC). */
  send(text: string): void;
}

export function scriptModem(port: FakePort, answer: (command: string) => Reply): ScriptedModem {
  const commands: string[] = [];
  let pending = '';
  let quoted = false;
  port.onWrite = (chunk) => {
    for (const ch of String.fromCharCode(...chunk)) {
      if (ch === '"') quoted = !quoted;
      if (!quoted && (ch === '\r' || ch === '\n')) {
        if (pending) {
          commands.push(pending);
          respond(answer(pending));
        }
        pending = '';
      } else pending += ch;
    }
  };
  const respond = (reply: Reply) => {
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

/** The usual `\r\n<line>\r\n...\r\nOK\r\n` answer in one chunk. */
export const answer = (lines: readonly string[], final = 'OK'): Reply => ({
  chunks: [`${lines.map((l) => `\r\n${l}\r\n`).join('')}\r\n${final}\r\n`],
});
