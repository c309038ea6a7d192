// Fuzz harness: every fuzz target, one entry each. A new parser is one file here and one line below.
import type { FuzzTarget } from '../target.ts';
import { atClient, atLines, atResults } from './at-protocol.ts';
import { cbor, cose } from './cbor-cose.ts';
import { pki } from './pki.ts';
import { decoder, logParser } from './diagnose.ts';
import { estServer } from './est-server.ts';
import { seClient, seLines, shellClient, shellLines } from './shell-se.ts';
import { selftest } from './selftest.ts';

/** In the order they run: the slow ones first, so two lanes finish together. */
export const TARGETS: readonly FuzzTarget<never>[] = [
  estServer,
  pki,
  atClient,
  shellClient,
  seClient,
  logParser,
  decoder,
  cose,
  cbor,
  atResults,
  atLines,
  shellLines,
  seLines,
  selftest,
] as FuzzTarget<never>[];
