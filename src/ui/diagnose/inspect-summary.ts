// Layer: views (diagnose). What the Inspect card shows for one object the worker's `inspect` read: a title, rows a
// support engineer compares (each with a stable `id` the page and tests find it by), verdicts (proof of possession,
// validity, the COSE digest), and notes. Pure, so it is tested with fixed clocks; the exported report takes the same
// rows, so what the card says and what the ticket says cannot drift apart.
import { profileFor } from '../../app/wiring.ts';
import { colonHex, keyText, validityOf } from '../device/certificate-summary.ts';
import { kindLabel } from '../device/labels.ts';
import type { ExtensionsInfo, InspectedCredentialList, InspectedView, ObjectSource } from '../../pki/crypto-types.ts';
import { certificateRole, validityText } from './inspect-words.ts';
import {
  FAMILY_FORM_WORDS,
  familyObjectView,
  type InspectRow,
  type InspectVerdict,
} from '../../diagnose/inspect/index.ts';

export type { InspectRow, InspectVerdict };

export interface InspectSummary {
  readonly index: number;
  readonly kind: InspectedView['kind'];
  readonly title: string;
  /** Where it came from: "PEM block", "inside the PKCS#7 bundle #1", a board answer and the slot it names. */
  readonly from: string;
  readonly rows: readonly InspectRow[];
  readonly verdicts: readonly InspectVerdict[];
  readonly notes: readonly string[];
}

const FORM_WORDS: Record<ObjectSource['form'], string> = {
  ...(FAMILY_FORM_WORDS as Record<ObjectSource['form'], string>),
  pem: 'PEM block',
  der: 'DER',
  base64: 'base64',
  hex: 'hex',
  pkcs7: 'inside the PKCS#7 bundle',
  'zephyr-csr-line': 'CSR: line (nrf_cloud_cred csr)',
  'zephyr-pubkey-line': 'PUBKEY: line (nrf_cloud_cred pubkey)',
  'sec1-point': 'raw EC point',
  'zephyr-cred-list': 'cred list output',
};

function fromText(s: ObjectSource): string {
  const parts = [s.label ? `PEM "${s.label}"` : FORM_WORDS[s.form]];
  if (s.container !== null && s.form !== 'pkcs7') parts.push(`inside object #${s.container + 1}`);
  if (s.container !== null && s.form === 'pkcs7') parts[0] = `inside the PKCS#7 bundle #${s.container + 1}`;
  if (s.stored) {
    const profile = profileFor(s.stored.family);
    const kind = profile.kindOf(String(s.stored.cmngType));
    parts.push(
      `${profile.credentialReadName}: ${profile.slotWord} ${s.stored.secTag}, ${kind ? kindLabel(kind) : 'type'} (type ${s.stored.cmngType})`,
    );
  }
  return parts.join(', ');
}

function extensionRows(e: ExtensionsInfo, requested: boolean): InspectRow[] {
  const rows: InspectRow[] = [];
  const name = (what: string) => (requested ? `Requested ${what}` : what[0]!.toUpperCase() + what.slice(1));
  if (e.subjectAltName)
    rows.push({
      id: 'san',
      name: name('subject alternative names'),
      value: e.subjectAltName.names.map((n) => `${n.type.toUpperCase()}:${n.value}`).join(', '),
    });
  if (e.keyUsage)
    rows.push({
      id: 'key-usage',
      name: name('key usage'),
      value: e.keyUsage.usages.join(', ') + (e.keyUsage.critical ? ' (critical)' : ''),
    });
  if (e.extKeyUsage)
    rows.push({
      id: 'ext-key-usage',
      name: name('extended key usage'),
      value: e.extKeyUsage.purposes.map((p) => p.name).join(', '),
    });
  if (e.basicConstraints)
    rows.push({
      id: 'basic-constraints',
      name: 'Basic constraints',
      value: e.basicConstraints.ca
        ? `CA${e.basicConstraints.pathLength !== null ? `, path length ${e.basicConstraints.pathLength}` : ''}`
        : 'not a CA',
    });
  if (e.subjectKeyId) rows.push({ id: 'ski', name: 'Subject key id', value: colonHex(e.subjectKeyId), mono: true });
  if (e.authorityKeyId?.keyId)
    rows.push({ id: 'aki', name: 'Authority key id', value: colonHex(e.authorityKeyId.keyId), mono: true });
  return rows;
}

export function summarizeInspected(o: InspectedView, now: number): InspectSummary {
  const base = { index: o.source.index, kind: o.kind, from: fromText(o.source), notes: o.notes };
  switch (o.kind) {
    case 'certificate': {
      const validity = validityOf(o.notBefore, o.notAfter, now);
      const verdicts: InspectVerdict[] = [
        { id: 'validity', ok: validity === 'valid', text: validityText(validity, o.notBefore, o.notAfter, now) },
      ];
      if (o.selfIssued && o.selfSignatureValid !== null)
        verdicts.push({
          id: 'self-signature',
          ok: o.selfSignatureValid,
          text: o.selfSignatureValid ? 'Self-signature verifies' : 'Self-signature does NOT verify',
        });
      return {
        ...base,
        title: certificateRole(o),
        verdicts,
        rows: [
          { id: 'subject', name: 'Subject', value: o.subject.text },
          ...extensionRows(o.extensions, false).filter((r) => r.id === 'san'),
          { id: 'issuer', name: 'Issuer', value: o.issuer.text },
          { id: 'key', name: 'Key', value: keyText(o.key) },
          { id: 'valid-from', name: 'Valid from', value: o.notBefore },
          { id: 'valid-until', name: 'Valid until', value: o.notAfter },
          ...extensionRows(o.extensions, false).filter((r) => r.id !== 'san'),
          { id: 'signature', name: 'Signature', value: o.signature.name },
          { id: 'serial', name: 'Serial', value: colonHex(o.serialHex), mono: true },
          { id: 'sha256', name: 'SHA-256 fingerprint', value: colonHex(o.sha256), mono: true },
          { id: 'sha1', name: 'SHA-1 fingerprint', value: colonHex(o.sha1), mono: true },
          { id: 'spki-sha256', name: 'Key SHA-256 (SPKI)', value: colonHex(o.key.spkiSha256), mono: true },
        ],
      };
    }
    case 'csr':
      return {
        ...base,
        title: 'Certificate signing request (CSR)',
        verdicts: [
          {
            id: 'pop',
            ok: o.signatureValid,
            text:
              o.signatureValid === true
                ? 'Proof of possession: verified (signed by the key it carries)'
                : o.signatureValid === false
                  ? 'Proof of possession: FAILED (do not issue a certificate for it)'
                  : 'Proof of possession: not checked',
          },
        ],
        rows: [
          { id: 'subject', name: 'Subject', value: o.subject.text },
          { id: 'key', name: 'Key', value: keyText(o.key) },
          { id: 'signature', name: 'Signature', value: o.signature.name },
          ...extensionRows(o.extensions, true),
          { id: 'spki-sha256', name: 'Key SHA-256 (SPKI)', value: colonHex(o.key.spkiSha256), mono: true },
        ],
      };
    case 'publicKey':
      return {
        ...base,
        title: 'Public key',
        verdicts: [],
        rows: [
          { id: 'key', name: 'Key', value: keyText(o.key) },
          { id: 'spki-sha256', name: 'Key SHA-256 (SPKI)', value: colonHex(o.key.spkiSha256), mono: true },
        ],
      };
    default:
      return summarizeOther(o, base);
  }
}

type Base = Pick<InspectSummary, 'index' | 'kind' | 'from' | 'notes'>;

function summarizeOther(o: InspectedView, base: Base): InspectSummary {
  const family = familyObjectView(o);
  if (family) return { ...base, ...family };
  switch (o.kind) {
    case 'pkcs7':
      return {
        ...base,
        title: 'PKCS#7 / CMS bundle',
        verdicts: [],
        rows: [
          { id: 'certificates', name: 'Certificates', value: String(o.certificateCount) },
          { id: 'crls', name: 'CRLs', value: String(o.crlCount) },
        ],
      };
    case 'credentialList':
      return {
        ...base,
        title: profileFor(o.family).credentialListName,
        verdicts: [],
        rows: o.entries.map((e, i) => ({
          id: `entry-${i}`,
          name: `sec_tag ${e.secTag}`,
          value: `${listedType(o.family, e.type)} · ${e.digest}${e.status !== null && e.status !== 0 ? ` · status ${e.status}` : ''}`,
          mono: true,
        })),
      };
    case 'privateKey':
      return {
        ...base,
        title: 'Private key: refused',
        verdicts: [{ id: 'private-key', ok: false, text: 'Not read, not shown, not kept' }],
        rows: [{ id: 'format', name: 'Format', value: o.format }],
      };
    case 'unknown':
      return {
        ...base,
        title: 'Not recognised',
        verdicts: [],
        rows: [{ id: 'reason', name: 'Why', value: o.reason }],
      };
    default:
      return { ...base, title: o.kind, verdicts: [], rows: [] };
  }
}

function listedType(family: InspectedCredentialList['family'], type: string): string {
  const kind = profileFor(family).kindOf(type);
  return kind ? `${kindLabel(kind)} (type ${type})` : /^\d+$/.test(type) ? `type ${type}` : type;
}
