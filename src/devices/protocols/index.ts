// Layer: protocols, its public surface.
export {
  AtClient,
  type AtClientOptions,
  type AtCommandOptions,
  type AtResponse,
  type UnsolicitedLine,
} from './at-client.ts';
export { enableCmee, restoreCmee, type CmeeState } from './at-cmee.ts';
export { DEFAULT_TIMEOUT_MS, defaultTimeoutMs, URC_PREFIXES } from './at-constants.ts';
export { AtLineSplitter } from './at-lines.ts';
export {
  commandPrefix,
  describeFinal,
  parseFinal,
  parseInfoLine,
  splitParams,
  unquote,
  type AtFinal,
  type InfoLine,
} from './at-result.ts';
export {
  SeClient,
  type SeAnswer,
  type SeDeviceError,
  type SeRejection,
  type SeRequestOptions,
  type SeUnsolicited,
} from './se-client.ts';
export * from './se-constants.ts';
export { parseSeLine, SeLineSplitter, type SeFields, type SeParsed } from './se-lines.ts';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_LINES,
  type ShellCommandOptions,
  type ShellError,
  type ShellResponse,
} from './shell-answer.ts';
export { ShellClient, type ShellClientOptions, type ShellUnsolicited } from './shell-client.ts';
export {
  DEFAULT_SHELL_BUFFER_SIZE,
  DEFAULT_SHELL_PROMPT,
  defaultShellTimeoutMs,
  parseLogLine,
  parseRefusal,
  type LogLine,
  type ShellRefusal,
} from './shell-grammar.ts';
export { ShellLineSplitter, type ScreenLine, type ShellColour } from './shell-lines.ts';
