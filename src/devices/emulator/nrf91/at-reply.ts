// Layer: emulated board, answers. What a command handler returns, and how the board frames it on the wire.
//   at_client (default): `<info>\r\n...OK\r\n`, unsolicited `<line>\r\n` (the AT host prints the modem's text as is)
//   slm:                 `\r\n<info>\r\n...\r\n\r\nOK\r\n`, unsolicited `\r\n<line>\r\n` (Serial LTE Modem)
// CMEE decides how a refusal looks: 0 -> `ERROR`, 1 -> `+CME ERROR: <n>`. A syntax error or unknown command is
// `ERROR` in both modes (it is not an ME error); see README.md.

export type Framing = 'at_client' | 'slm';

export type Final =
  | { readonly kind: 'ok' }
  /** Plain ERROR whatever CMEE says: unknown command, bad syntax, overlong command. */
  | { readonly kind: 'error' }
  /** An ME error: ERROR under CMEE=0, `+CME ERROR: code` under CMEE=1. */
  | { readonly kind: 'cme'; readonly code: number };

export interface Reply {
  readonly lines: readonly string[];
  readonly final: Final;
}

/** The nRF91 CME codes the emulator uses (protocols.md). */
export const CME = {
  incorrectParameters: 50,
  notFound: 513,
  noAccess: 514,
  memoryFull: 515,
  notAllowedWhileActive: 518,
  keyGenerationFailed: 523,
  invalidContent: 527,
} as const;

export const okReply = (...lines: string[]): Reply => ({ lines, final: { kind: 'ok' } });
export const errorReply = (): Reply => ({ lines: [], final: { kind: 'error' } });
export const cmeReply = (code: number): Reply => ({ lines: [], final: { kind: 'cme', code } });
/** A well-formed command with a value the modem does not accept. */
export const paramReply = (): Reply => cmeReply(CME.incorrectParameters);

export function finalText(final: Final, cmee: number): string {
  if (final.kind === 'ok') return 'OK';
  if (final.kind === 'cme' && cmee === 1) return `+CME ERROR: ${final.code}`;
  return 'ERROR';
}

export function frameReply(reply: Reply, cmee: number, framing: Framing): string {
  const final = finalText(reply.final, cmee);
  if (framing === 'slm') {
    const info = reply.lines.length ? `\r\n${reply.lines.join('\r\n')}\r\n` : '';
    return `${info}\r\n${final}\r\n`;
  }
  return reply.lines.map((line) => `${line}\r\n`).join('') + `${final}\r\n`;
}

export const frameUnsolicited = (line: string, framing: Framing): string =>
  framing === 'slm' ? `\r\n${line}\r\n` : `${line}\r\n`;
