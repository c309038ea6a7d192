// Layer: diagnostics. The public API of src/diagnose/: what the UI, the console, the worker and (later) the health
// check, broker check and report import. Everything here is pure and runs in a page, a worker or Node.
export type * from './types.ts';
export { MBEDTLS_VERSIONS, LIBCS } from './types.ts';
export { decode, DECODE_MAX_CHARS } from './decode/decode.ts';
export { annotateLine } from './decode/annotate.ts';
export { KIND_LABEL } from './decode/numbers.ts';
export { createLogParser, LIMITS as LOG_LIMITS, type LogParser } from './log/parser.ts';
export { parseLog, LOG_LIMIT_BYTES, type LogError, type LogErrorCode, type ParseLogOptions } from './log/parse-log.ts';
export type * from './log/timeline.ts';
