// Layer: PKI codecs. Decodes the X.509 v3 extensions KeyWire reasons about (RFC 5280 §4.2). An extension that does
// not decode is listed under `other` with the reason, never dropped; the chain validator treats unknown critical
// extensions as RFC 5280 says (reject).
import { toHex } from '../lib/bytes.ts';
import { keyUsagesOf } from './key-usage.ts';
import { OID, OID_MORE } from './oids.ts';
import {
  bitStringOf,
  booleanOf,
  child,
  childrenOf,
  content,
  DerSchemaError,
  expectTag,
  oidOf,
  parseOne,
  smallIntegerOf,
  TAG,
  type Der,
} from './der-values.ts';
import { nameOf } from './x509-name.ts';
import type { ExtensionsInfo, GeneralNameInfo } from './inspect-types.ts';

const EKU_NAMES: Record<string, string> = {
  [OID.serverAuth]: 'serverAuth',
  [OID.clientAuth]: 'clientAuth',
  [OID_MORE.codeSigning]: 'codeSigning',
  [OID_MORE.emailProtection]: 'emailProtection',
  [OID_MORE.timeStamping]: 'timeStamping',
  [OID_MORE.ocspSigning]: 'OCSPSigning',
  [OID_MORE.anyExtendedKeyUsage]: 'anyExtendedKeyUsage',
};

const EXTENSION_NAMES: Record<string, string> = {
  [OID_MORE.certificatePolicies]: 'certificatePolicies',
  [OID_MORE.nameConstraints]: 'nameConstraints',
  [OID_MORE.policyConstraints]: 'policyConstraints',
  [OID_MORE.inhibitAnyPolicy]: 'inhibitAnyPolicy',
  [OID_MORE.policyMappings]: 'policyMappings',
  [OID_MORE.issuerAltName]: 'issuerAltName',
  [OID_MORE.ctPrecertScts]: 'CT precertificate SCTs',
  [OID_MORE.netscapeCertType]: 'netscapeCertType',
  [OID_MORE.netscapeComment]: 'netscapeComment',
};

function ipText(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  if (b.length === 16)
    return Array.from({ length: 8 }, (_, i) => ((b[2 * i]! << 8) | b[2 * i + 1]!).toString(16)).join(':');
  return `#${toHex(b)}`;
}

const ascii = (b: Uint8Array) => String.fromCharCode(...b.subarray(0, 2048));

export function generalNameOf(d: Der): GeneralNameInfo {
  const c = content(d);
  switch (d.node.tag) {
    case 0x81:
      return { type: 'email', value: ascii(c) };
    case 0x82:
      return { type: 'dns', value: ascii(c) };
    case 0x86:
      return { type: 'uri', value: ascii(c) };
    case 0x87:
      return { type: 'ip', value: ipText(c) };
    case 0xa4:
      return { type: 'dirName', value: nameOf(child(d, 0, 'directoryName')).text };
    default:
      return { type: 'other', value: `[${d.node.tag & 0x1f}] #${toHex(c.subarray(0, 64))}` };
  }
}

const generalNames = (d: Der) => childrenOf(expectTag(d, TAG.sequence, 'GeneralNames')).map(generalNameOf);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function decodeInto(out: Mutable<ExtensionsInfo>, oid: string, critical: boolean, value: Der): boolean {
  switch (oid) {
    case OID.keyUsage: {
      const { bits } = bitStringOf(value, 'keyUsage');
      out.keyUsage = { critical, usages: keyUsagesOf(bits) };
      return true;
    }
    case OID.extKeyUsage: {
      const purposes = childrenOf(expectTag(value, TAG.sequence, 'extKeyUsage')).map((p) => {
        const id = oidOf(p, 'KeyPurposeId');
        return { oid: id, name: EKU_NAMES[id] ?? id };
      });
      out.extKeyUsage = { critical, purposes };
      return true;
    }
    case OID.basicConstraints: {
      let ca = false;
      let pathLength: number | null = null;
      for (const item of childrenOf(expectTag(value, TAG.sequence, 'basicConstraints'))) {
        if (item.node.tag === TAG.boolean) ca = booleanOf(item, 'cA');
        else pathLength = smallIntegerOf(item, 'pathLenConstraint');
      }
      out.basicConstraints = { critical, ca, pathLength };
      return true;
    }
    case OID.subjectAltName:
      out.subjectAltName = { critical, names: generalNames(value) };
      return true;
    case OID.subjectKeyIdentifier:
      out.subjectKeyId = toHex(content(expectTag(value, TAG.octetString, 'subjectKeyIdentifier')), true);
      return true;
    case OID.authorityKeyIdentifier: {
      let keyId: string | null = null;
      let issuerSerial: string | null = null;
      for (const item of childrenOf(expectTag(value, TAG.sequence, 'authorityKeyIdentifier'))) {
        if (item.node.tag === 0x80) keyId = toHex(content(item), true);
        if (item.node.tag === 0x82) issuerSerial = toHex(content(item), true);
      }
      out.authorityKeyId = { keyId, issuerSerial };
      return true;
    }
    case OID.crlDistributionPoints: {
      const uris: string[] = [];
      for (const dp of childrenOf(expectTag(value, TAG.sequence, 'cRLDistributionPoints'))) {
        const name = childrenOf(dp).find((c) => c.node.tag === 0xa0);
        const full = name && childrenOf(name).find((c) => c.node.tag === 0xa0);
        if (full) for (const gn of childrenOf(full)) uris.push(generalNameOf(gn).value);
      }
      out.crlDistributionPoints = uris;
      return true;
    }
    case OID.authorityInfoAccess: {
      out.authorityInfoAccess = childrenOf(expectTag(value, TAG.sequence, 'authorityInfoAccess')).map((ad) => {
        const method = oidOf(child(ad, 0, 'AccessDescription'), 'accessMethod');
        const name = method === OID_MORE.ocsp ? 'OCSP' : method === OID_MORE.caIssuers ? 'caIssuers' : method;
        return { method: name, location: generalNameOf(child(ad, 1, 'AccessDescription')).value };
      });
      return true;
    }
    default:
      return false;
  }
}

export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  /** False when the extension's value did not decode or we do not know it. */
  readonly understood: boolean;
}

/** Decodes a SEQUENCE OF Extension. Returns the decoded view and the raw list (for critical-extension checks). */
export function extensionsOf(seq: Der | null): { info: ExtensionsInfo; raw: RawExtension[] } {
  const out: Mutable<ExtensionsInfo> = { other: [] };
  const other: { oid: string; name: string; critical: boolean; note: string }[] = [];
  const raw: RawExtension[] = [];
  if (!seq) return { info: out, raw };
  const seen = new Set<string>();
  for (const ext of childrenOf(expectTag(seq, TAG.sequence, 'Extensions'))) {
    expectTag(ext, TAG.sequence, 'Extension');
    const oid = oidOf(child(ext, 0, 'Extension'), 'extnID');
    const parts = childrenOf(ext);
    const critical = parts.length === 3 ? booleanOf(parts[1]!, 'critical') : false;
    const valueNode = expectTag(parts[parts.length - 1]!, TAG.octetString, 'extnValue');
    if (seen.has(oid))
      other.push({ oid, name: EXTENSION_NAMES[oid] ?? oid, critical, note: 'duplicate extension (RFC 5280 forbids)' });
    seen.add(oid);
    let understood = false;
    try {
      understood = decodeInto(out, oid, critical, parseOne(content(valueNode), oid));
      if (!understood) other.push({ oid, name: EXTENSION_NAMES[oid] ?? oid, critical, note: 'not decoded' });
    } catch (e) {
      if (!(e instanceof DerSchemaError)) throw e;
      other.push({ oid, name: EXTENSION_NAMES[oid] ?? oid, critical, note: `malformed: ${e.message}` });
    }
    raw.push({ oid, critical, understood });
  }
  out.other = other;
  return { info: out, raw };
}
