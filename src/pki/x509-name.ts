// Layer: PKI codecs. X.501 Name: readable text for people, normalised form for RFC 5280 §7.1 name matching.
import { OID, OID_MORE } from './oids.ts';
import { child, childrenOf, expectTag, oidOf, stringOf, TAG, whole, type Der } from './der-values.ts';
import type { NameInfo } from './inspect-types.ts';

const SHORT: Record<string, string> = {
  [OID.commonName]: 'CN',
  [OID.organization]: 'O',
  [OID.organizationalUnit]: 'OU',
  [OID.country]: 'C',
  [OID.locality]: 'L',
  [OID.state]: 'ST',
  [OID.serialNumber]: 'serialNumber',
  [OID.emailAddress]: 'emailAddress',
  [OID_MORE.domainComponent]: 'DC',
  [OID_MORE.userId]: 'UID',
  [OID_MORE.givenName]: 'GN',
  [OID_MORE.surname]: 'SN',
  [OID_MORE.title]: 'title',
  [OID_MORE.organizationIdentifier]: 'organizationIdentifier',
  [OID_MORE.streetAddress]: 'street',
  [OID_MORE.postalCode]: 'postalCode',
};

export interface Name extends NameInfo {
  readonly der: Uint8Array;
  /** Lower-cased, whitespace-collapsed values, for matching names whose string types differ. */
  readonly normalized: string;
}

const escape = (v: string) => v.replace(/([,+"\\<>;])/g, '\\$1');

export function nameOf(d: Der): Name {
  expectTag(d, TAG.sequence, 'Name');
  const attributes: { oid: string; name: string; value: string }[] = [];
  for (const rdn of childrenOf(d)) {
    expectTag(rdn, TAG.set, 'RelativeDistinguishedName');
    for (const atv of childrenOf(rdn)) {
      expectTag(atv, TAG.sequence, 'AttributeTypeAndValue');
      const oid = oidOf(child(atv, 0, 'AttributeTypeAndValue'), 'attribute type');
      attributes.push({ oid, name: SHORT[oid] ?? oid, value: stringOf(child(atv, 1, 'AttributeTypeAndValue')) });
    }
  }
  const text = attributes.map((a) => `${a.name}=${escape(a.value)}`).join(', ');
  const normalized = attributes.map((a) => `${a.oid}=${a.value.trim().replace(/\s+/g, ' ').toLowerCase()}`).join('/');
  const cn = attributes.find((a) => a.oid === OID.commonName);
  return { text: text || '(empty)', attributes, commonName: cn ? cn.value : null, der: whole(d), normalized };
}

export const sameName = (a: Name, b: Name): boolean => a.normalized === b.normalized;
