// Fuzz harness: every fuzz target, one entry each. A new parser is one file here and one line below: the shell
// client (src/devices/protocols/shell-*.ts) and the secure-element client (se-*.ts) add theirs next to the AT ones
// (line splitter, result grammar, client), with their own transcripts in samples.ts.
import type { FuzzTarget } from '../target.ts';
import { atClient, atLines, atResults } from './at-protocol.ts';
import { cbor, cose } from './cbor-cose.ts';
import { pki } from './pki.ts';
import { decoder, logParser } from './diagnose.ts';
import { estServer } from './est-server.ts';
import { selftest } from './selftest.ts';

/** In the order they run: the slow ones first, so two lanes finish together. */
export const TARGETS: readonly FuzzTarget<never>[] = [
  estServer,
  pki,
  atClient,
  logParser,
  decoder,
  cose,
  cbor,
  atResults,
  atLines,
  selftest,
] as FuzzTarget<never>[];
