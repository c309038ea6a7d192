// Layer: PKI codecs (the worker's `inspect`). Reads whatever the user pasted or dropped and says what each object
// is. Hostile input is bounded: a 16 MB cap, the strict DER reader before any schema, an object cap and a time
// budget checked between objects; a signal checked between objects, with a turn for the event loop now and then so
// a cancel message reaches a long bundle. Returns an error value; never throws.
import { err, ok } from '../lib/result.ts';
import { Yielder } from '../lib/yield.ts';
import { readDer, type DerNode } from './der-read.ts';
import { holdsOneObject, readDerObjects } from './der-objects.ts';
import { DerSchemaError, type Der } from './der-values.ts';
import { classifyDer, type DerShape } from './classify.ts';
import { INPUT_LIMIT_BYTES, splitInput, type InputPiece } from './input-forms.ts';
import { certificateOf } from './x509-cert.ts';
import { csrOf, type CertificationRequest } from './x509-csr.ts';
import { spkiOf, spkiFromPoint } from './spki.ts';
import { certificateObject, csrObject, publicKeyObject } from './inspect-objects.ts';
import { attestationObject, keygenObject, readKeygenCose } from './nrf91-inspect.ts';
import { pkcs7Certificates } from './pkcs7.ts';
import { chainsOf, type IndexedCertificate } from './inspect-chains.ts';
import type { Certificate } from './x509-cert.ts';
import type { CryptoResult, InspectChain, InspectedObject, InspectReport, ObjectSource } from './crypto-types.ts';

export { INPUT_LIMIT_BYTES };
const MAX_OBJECTS = 5000;

export interface InspectOptions {
  /** performance.now() value after which work stops with 'timeout'. Default: 10 s from the call. */
  readonly deadline?: number;
  /** Validation time for the "expired" notes; default now. */
  readonly now?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Stops the work at the next object with 'aborted'. */
  readonly signal?: AbortSignal;
}

class Budget extends Error {}
class Cancelled extends Error {}

const PRIVATE_FORMATS: Partial<Record<DerShape, string>> = {
  'pkcs8-private-key': 'PKCS#8',
  'encrypted-private-key': 'encrypted PKCS#8',
  'sec1-private-key': 'SEC1 EC',
  'rsa-private-key': 'PKCS#1 RSA',
};

const PRIVATE_KEY_NOTE =
  'This is a PRIVATE KEY. It was not read or kept. Never paste private keys into tools; treat it as exposed.';

class Inspector {
  readonly objects: InspectedObject[] = [];
  readonly certificates: IndexedCertificate[] = [];
  readonly #turn = new Yielder();
  constructor(
    readonly deadline: number,
    readonly now: number,
    readonly signal: AbortSignal | undefined,
  ) {}

  /** Between objects: a turn for the event loop when one is due, then stop if cancelled. */
  async checkpoint(): Promise<void> {
    await this.#turn.maybe();
    if (this.signal?.aborted) throw new Cancelled();
  }

  source(
    form: ObjectSource['form'],
    label: string | null,
    container: number | null,
    stored?: ObjectSource['stored'],
  ): ObjectSource {
    if (performance.now() > this.deadline) throw new Budget();
    if (this.objects.length >= MAX_OBJECTS) throw new Budget();
    return { index: this.objects.length, form, label, container, ...(stored ? { stored } : {}) };
  }

  certificate(cert: Certificate, index: number): Certificate {
    this.certificates.push({ index, cert });
    return cert;
  }

  unknown(src: ObjectSource, byteLength: number, reason: string): void {
    this.objects.push({ kind: 'unknown', source: src, notes: [], byteLength, reason });
  }

  /** One DER element: classify, then read with the schema for its shape. Returns the CSR when it was one. */
  async element(
    bytes: Uint8Array,
    node: DerNode,
    src: ObjectSource,
  ): Promise<{ shape: DerShape; csr: CertificationRequest | null }> {
    await this.checkpoint();
    const d: Der = { bytes, node };
    const shape = classifyDer(bytes, node);
    try {
      switch (shape) {
        case 'certificate':
          this.objects.push(await certificateObject(this.certificate(certificateOf(d), src.index), src, this.now));
          break;
        case 'csr': {
          const csr = csrOf(d);
          this.objects.push(await csrObject(csr, src));
          return { shape, csr };
        }
        case 'spki':
          this.objects.push(publicKeyObject(spkiOf(d), src, false));
          break;
        case 'pkcs7-signed-data':
          await this.pkcs7(d, src);
          break;
        case 'cms-other':
          this.unknown(
            src,
            node.end - node.start,
            'a CMS/PKCS#7 object that is not SignedData (no certificates to read)',
          );
          break;
        case 'unknown':
          this.unknown(src, node.end - node.start, 'DER, but not a certificate, CSR, public key or PKCS#7 bundle');
          break;
        default:
          this.objects.push({
            kind: 'privateKey',
            source: src,
            format: PRIVATE_FORMATS[shape]!,
            notes: [PRIVATE_KEY_NOTE],
          });
      }
    } catch (e) {
      if (!(e instanceof DerSchemaError)) throw e;
      this.unknown(src, node.end - node.start, `looks like a ${shape} but is malformed: ${e.message}`);
    }
    return { shape, csr: null };
  }

  async pkcs7(d: Der, src: ObjectSource): Promise<void> {
    const { certificates, crlCount, skipped } = pkcs7Certificates(d);
    const notes = skipped ? [`${skipped} non-X.509 certificate choice(s) skipped`] : [];
    if (certificates.length === 0) notes.push('The bundle holds no certificates.');
    this.objects.push({
      kind: 'pkcs7',
      source: src,
      notes,
      contentType: 'signedData',
      certificateCount: certificates.length,
      crlCount,
    });
    for (const c of certificates) await this.element(d.bytes, c, this.source('pkcs7', null, src.index));
  }

  async blob(
    bytes: Uint8Array,
    form: ObjectSource['form'],
    label: string | null,
    container: number | null,
    stored?: ObjectSource['stored'],
  ) {
    const r = readDerObjects(bytes, { single: holdsOneObject(form) });
    // A raw SEC1 point never starts with SEQUENCE; by chance its bytes may still parse as TLVs, so test it first.
    const point = spkiFromPoint(bytes);
    if (point && bytes[0] !== 0x30) {
      const pr = readDer(point);
      const src = this.source('sec1-point', label, container);
      if (pr.ok) this.objects.push(publicKeyObject(spkiOf({ bytes: point, node: pr.nodes[0]! }), src, true));
      return [];
    }
    if (!r.ok) {
      this.unknown(this.source(form, label, container), bytes.length, r.message);
      return [];
    }
    const out = [];
    for (const node of r.nodes) out.push(await this.element(bytes, node, this.source(form, label, container, stored)));
    return out;
  }

  async piece(p: InputPiece): Promise<void> {
    if (p.form === 'broken') {
      const src = this.source('pem', p.label, null);
      // An encrypted legacy key or a damaged block is still a private key by its label: refused the same way.
      if (p.label && /PRIVATE KEY/.test(p.label))
        return void this.objects.push({
          kind: 'privateKey',
          source: src,
          format: `PEM "${p.label}"`,
          notes: [PRIVATE_KEY_NOTE],
        });
      return this.unknown(src, p.byteLength, p.reason);
    }
    if (p.form === 'nrf91-cmng-list' || p.form === 'zephyr-cred-list') {
      const family = p.form === 'nrf91-cmng-list' ? 'nrf91' : 'zephyr-tls-shell';
      const failed = p.entries.filter((e) => e.status !== null && e.status !== 0).length;
      const notes = failed ? [`${failed} credential(s) listed with an error status: they cannot be used.`] : [];
      notes.push('A listing names slots and digests only; paste a read answer (or cred get) to see the content.');
      return void this.objects.push({
        kind: 'credentialList',
        source: this.source(p.form, null, null),
        notes,
        family,
        entries: p.entries,
      });
    }
    if (p.form === 'nrf91-attesttoken') {
      const src = this.source(p.form, null, null);
      const obj = attestationObject(p.first, p.cose, src);
      return typeof obj === 'string'
        ? this.unknown(src, p.first.length + p.cose.length, obj)
        : void this.objects.push(obj);
    }
    if (p.form === 'nrf91-keygen') {
      const src = this.source(p.form, null, null);
      const read = readKeygenCose(p.cose, src);
      if (!read.ok) return this.unknown(src, p.cose.length, read.reason);
      const at = this.objects.length;
      this.objects.push({ ...read.object, digest: 'mismatch', notes: [] });
      const inner = await this.blob(p.first, 'nrf91-keygen', null, src.index);
      const firstKind = inner[0]?.shape === 'spki' ? 'publicKey' : (inner[0]?.shape ?? 'unknown');
      this.objects[at] = keygenObject(read, p.first, inner[0]?.csr ?? null, firstKind);
      return;
    }
    if ('bytes' in p) await this.blob(p.bytes, p.form, p.label, null, p.stored);
  }
}

export async function inspectInput(
  input: string | Uint8Array,
  opts: InspectOptions = {},
): Promise<CryptoResult<InspectReport>> {
  try {
    const size = typeof input === 'string' ? input.length : input.byteLength;
    if (size > INPUT_LIMIT_BYTES) {
      return err({ code: 'too-large', message: `input is ${(size / 1048576).toFixed(1)} MB; the limit is 16 MB` });
    }
    if (size === 0 || (typeof input === 'string' && !input.trim()))
      return err({ code: 'empty-input', message: 'nothing to inspect' });
    const insp = new Inspector(opts.deadline ?? performance.now() + 10_000, opts.now ?? Date.now(), opts.signal);
    const { pieces, notes } = splitInput(input);
    // Progress at most every 50 ms (and at the end): a bundle of thousands of pieces must not send the page
    // thousands of messages.
    let reported = -Infinity;
    try {
      for (let i = 0; i < pieces.length; i++) {
        await insp.checkpoint();
        await insp.piece(pieces[i]!);
        const now = performance.now();
        if (i + 1 === pieces.length || now - reported >= 50) {
          reported = now;
          opts.onProgress?.(i + 1, pieces.length);
        }
      }
    } catch (e) {
      if (e instanceof Cancelled) return err({ code: 'aborted', message: 'inspection was cancelled' });
      if (!(e instanceof Budget)) throw e;
      if (insp.objects.length >= MAX_OBJECTS) notes.push(`stopped after ${MAX_OBJECTS} objects`);
      else
        return err({
          code: 'timeout',
          message: `inspection exceeded its time budget after ${insp.objects.length} objects`,
        });
    }
    if (insp.objects.every((o) => o.kind === 'unknown') && insp.objects.length <= 1) {
      const o = insp.objects[0];
      return err({
        code: 'unrecognised-input',
        message: o && o.kind === 'unknown' ? o.reason : 'no certificate material recognised',
      });
    }
    let chains: InspectChain[] = [];
    try {
      if (insp.certificates.length >= 2) chains = await chainsOf(insp.certificates, () => insp.checkpoint());
    } catch (e) {
      if (e instanceof Cancelled) return err({ code: 'aborted', message: 'inspection was cancelled' });
      throw e;
    }
    return ok({ objects: insp.objects, chains, notes });
  } catch (e) {
    return err({
      code: 'internal',
      message: `inspect failed unexpectedly (${e instanceof Error ? e.message : String(e)})`,
    });
  }
}
