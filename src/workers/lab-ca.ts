// Layer: crypto worker. The lab CA: create (P-256/P-384, root alone or root + intermediate) or import (PEM/DER
// certificate + PKCS#8 or SEC1 key), list, select, delete, export the certificate, issue from a CSR. Private keys
// are WebCrypto keys created or imported with extractable=false inside the worker: no code path can export them.
// When an intermediate is made, the root key signs it once and is then dropped, like an offline root.
import { toArrayBuffer } from '../lib/bytes.ts';
import { err, ok } from '../lib/result.ts';
import { encodeName } from '../pki/csr-build.ts';
import { oid, octetString, sequence, smallInteger } from '../pki/der.ts';
import {
  certExtensions,
  keyIdentifier,
  randomSerial,
  signTbs,
  tbsCertificate,
  type CaCurve,
} from '../pki/cert-build.ts';
import { certificatesIn, materialElements } from '../pki/cert-material.ts';
import { derContent } from '../pki/der-read.ts';
import { issueCertificate } from '../pki/issue-certificate.ts';
import { CURVE_NAMES } from '../pki/algorithms.ts';
import { OID } from '../pki/oids.ts';
import { toPem } from '../pki/pem.ts';
import type { Certificate } from '../pki/x509-cert.ts';
import type { LabCaRecord, LabCaStore } from './lab-ca-store.ts';
import type { CryptoResult, IssuedCertificate, IssueProfile } from '../pki/crypto-types.ts';
import type { CreateLabCaOptions, ImportLabCaOptions, LabCaSummary } from '../ca/lab-ca-types.ts';

const DAY = 86_400_000;
const ALG = (curve: CaCurve) => ({ name: 'ECDSA', namedCurve: curve });

function summary(r: LabCaRecord, chain: Certificate[], selected: string | null): LabCaSummary {
  const issuing = chain[0]!;
  return {
    id: r.id,
    name: r.name,
    curve: r.curve,
    createdAt: r.createdAt,
    origin: r.origin,
    subject: issuing.subject.text,
    fingerprint: issuing.sha256,
    rootFingerprint: chain[chain.length - 1]!.sha256,
    notAfter: new Date(issuing.notAfter).toISOString(),
    hasIntermediate: chain.length > 1,
    selected: r.id === selected,
  };
}

function chainOf(r: LabCaRecord): Certificate[] {
  return r.chainDer.map((der) => certificatesIn(der).certs[0]!);
}

const nameText = (name: string) => name.trim().replace(/\s+/g, ' ');

export class LabCa {
  constructor(readonly store: LabCaStore) {}

  async list(): Promise<CryptoResult<LabCaSummary[]>> {
    const selected = await this.store.selected();
    return ok(
      (await this.store.list())
        .map((r) => summary(r, chainOf(r), selected))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
    );
  }

  async create(o: CreateLabCaOptions): Promise<CryptoResult<LabCaSummary>> {
    const name = nameText(o.name ?? '');
    if (!name || name.length > 48) return err({ code: 'bad-profile', message: 'the CA name must be 1..48 characters' });
    if (o.curve !== 'P-256' && o.curve !== 'P-384')
      return err({ code: 'bad-profile', message: `curve must be P-256 or P-384, got ${String(o.curve)}` });
    const days = o.validityDays ?? 3650;
    if (!Number.isInteger(days) || days < 1 || days > 9125)
      return err({ code: 'bad-profile', message: 'CA validity must be 1..9125 days' });
    const now = Date.now();
    const rootKeys = await crypto.subtle.generateKey(ALG(o.curve), false, ['sign', 'verify']);
    const rootSpki = new Uint8Array(await crypto.subtle.exportKey('spki', rootKeys.publicKey));
    const rootName = encodeName([
      { oid: OID.organization, value: 'KeyWire Lab' },
      { oid: OID.commonName, value: `${name} Root CA` },
    ]);
    const rootSki = keyIdentifier(bitContent(rootSpki));
    const rootDer = await signTbs(
      tbsCertificate({
        serial: randomSerial(),
        curve: o.curve,
        issuerDer: rootName,
        subjectDer: rootName,
        spkiDer: rootSpki,
        notBefore: now - 5 * 60_000,
        notAfter: now + days * DAY,
        extensions: certExtensions({
          ca: true,
          pathLength: o.withIntermediate ? 1 : 0,
          keyUsage: ['keyCertSign', 'cRLSign'],
          subjectKeyId: rootSki,
        }),
      }),
      o.curve,
      rootKeys.privateKey,
    );
    let chainDer = [rootDer];
    let key = rootKeys.privateKey;
    if (o.withIntermediate) {
      const keys = await crypto.subtle.generateKey(ALG(o.curve), false, ['sign', 'verify']);
      const spki = new Uint8Array(await crypto.subtle.exportKey('spki', keys.publicKey));
      const subject = encodeName([
        { oid: OID.organization, value: 'KeyWire Lab' },
        { oid: OID.commonName, value: `${name} Issuing CA` },
      ]);
      const der = await signTbs(
        tbsCertificate({
          serial: randomSerial(),
          curve: o.curve,
          issuerDer: rootName,
          subjectDer: subject,
          spkiDer: spki,
          notBefore: now - 5 * 60_000,
          notAfter: now + days * DAY - DAY,
          extensions: certExtensions({
            ca: true,
            pathLength: 0,
            keyUsage: ['keyCertSign', 'cRLSign'],
            subjectKeyId: keyIdentifier(bitContent(spki)),
            authorityKeyId: rootSki,
          }),
        }),
        o.curve,
        rootKeys.privateKey,
      );
      chainDer = [der, rootDer];
      key = keys.privateKey;
    }
    return this.#save({
      id: crypto.randomUUID(),
      name,
      curve: o.curve,
      createdAt: new Date(now).toISOString(),
      origin: 'created',
      chainDer,
      key,
    });
  }

  async import(o: ImportLabCaOptions): Promise<CryptoResult<LabCaSummary>> {
    const name = nameText(o.name ?? '');
    if (!name || name.length > 48) return err({ code: 'bad-profile', message: 'the CA name must be 1..48 characters' });
    const { certs, errors } = certificatesIn(o.certificate);
    const ca = certs[0];
    if (!ca) return err({ code: 'malformed', message: `no CA certificate: ${errors.join('; ')}` });
    if (!ca.extensions.basicConstraints?.ca)
      return err({
        code: 'ca-key-mismatch',
        message: `${ca.subject.text} is not a CA certificate (basicConstraints cA is not set)`,
      });
    const curve = CURVE_NAMES[ca.spki.curveOid ?? '']?.name;
    if (ca.spki.algorithm !== 'EC' || (curve !== 'P-256' && curve !== 'P-384')) {
      return err({
        code: 'unsupported-algorithm',
        message: `lab CA keys must be EC P-256 or P-384, this CA has ${curve ?? ca.spki.algorithm}`,
      });
    }
    const pkcs8 = pkcs8Of(o.privateKey, ca);
    if (!pkcs8)
      return err({ code: 'malformed', message: 'no PKCS#8 (PRIVATE KEY) or SEC1 (EC PRIVATE KEY) key found' });
    let key: CryptoKey;
    try {
      key = await crypto.subtle.importKey('pkcs8', toArrayBuffer(pkcs8), ALG(curve), false, ['sign']);
    } catch (e) {
      return err({
        code: 'ca-key-mismatch',
        message: `the private key does not import as ${curve} (${e instanceof Error ? e.name : 'error'})`,
      });
    }
    if (!(await keyMatches(key, ca, curve)))
      return err({ code: 'ca-key-mismatch', message: `the private key does not belong to ${ca.subject.text}` });
    return this.#save({
      id: crypto.randomUUID(),
      name,
      curve,
      createdAt: new Date().toISOString(),
      origin: 'imported',
      chainDer: certs.map((c) => c.der.slice()),
      key,
    });
  }

  async #save(record: LabCaRecord): Promise<CryptoResult<LabCaSummary>> {
    await this.store.put(record);
    if (!(await this.store.selected())) await this.store.select(record.id);
    return ok(summary(record, chainOf(record), await this.store.selected()));
  }

  async select(id: string): Promise<CryptoResult<LabCaSummary>> {
    const r = await this.store.get(id);
    if (!r) return err({ code: 'ca-not-found', message: `no lab CA with id ${id}` });
    await this.store.select(id);
    return ok(summary(r, chainOf(r), id));
  }

  async delete(id: string): Promise<CryptoResult<{ deleted: string }>> {
    const r = await this.store.get(id);
    if (!r) return err({ code: 'ca-not-found', message: `no lab CA with id ${id}` });
    await this.store.delete(id);
    return ok({ deleted: r.name });
  }

  /** The CA certificate chain as PEM (issuing CA first, root last). The key is never part of any export. */
  async exportCertificate(id: string): Promise<CryptoResult<{ pem: string; rootPem: string; chainDer: Uint8Array[] }>> {
    const r = await this.store.get(id);
    if (!r) return err({ code: 'ca-not-found', message: `no lab CA with id ${id}` });
    return ok({
      pem: r.chainDer.map((d) => toPem('CERTIFICATE', d)).join(''),
      rootPem: toPem('CERTIFICATE', r.chainDer[r.chainDer.length - 1]!),
      chainDer: r.chainDer.map((d) => d.slice()),
    });
  }

  async issue(id: string, csr: string | Uint8Array, profile: IssueProfile): Promise<CryptoResult<IssuedCertificate>> {
    const r = await this.store.get(id);
    if (!r) return err({ code: 'ca-not-found', message: `no lab CA with id ${id}` });
    return issueCertificate({ curve: r.curve, chain: chainOf(r), key: r.key }, csr, profile);
  }
}

/** The subjectPublicKey BIT STRING value of an SPKI (its last element, minus the unused-bits byte). */
function bitContent(spki: Uint8Array): Uint8Array {
  const node = materialElements(spki).elements[0]!.node.children[1]!;
  return derContent(spki, node).subarray(1);
}

/** PKCS#8 bytes from a PKCS#8 or SEC1 key (SEC1 gets wrapped with the CA's curve). */
function pkcs8Of(material: string | Uint8Array, ca: Certificate): Uint8Array | null {
  const el = materialElements(material).elements[0];
  if (!el) return null;
  const der = el.bytes.subarray(el.node.start, el.node.end);
  if (el.shape === 'pkcs8-private-key') return der;
  if (el.shape !== 'sec1-private-key') return null;
  return sequence(smallInteger(0), sequence(oid(OID.ecPublicKey), oid(ca.spki.curveOid!)), octetString(der));
}

async function keyMatches(key: CryptoKey, ca: Certificate, curve: CaCurve): Promise<boolean> {
  const probe = crypto.getRandomValues(new Uint8Array(32));
  const hash = curve === 'P-256' ? 'SHA-256' : 'SHA-384';
  const sig = await crypto.subtle.sign({ name: 'ECDSA', hash }, key, probe);
  const pub = await crypto.subtle.importKey('spki', toArrayBuffer(ca.spki.der), ALG(curve), false, ['verify']);
  return crypto.subtle.verify({ name: 'ECDSA', hash }, pub, sig, probe);
}
