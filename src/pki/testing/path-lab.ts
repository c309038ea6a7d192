// Test support for chain-path.test.ts (unit tests only; app code never imports it): CA and leaf certificates made
// with WebCrypto whose names and key identifiers a test chooses freely — two CAs of one name, a key identifier left
// out or naming another key — because path building is about which certificate may have issued which.
import { keyIdentifier, randomSerial, signTbs, tbsCertificate } from '../cert-build.ts';
import { certificatesIn } from '../cert-material.ts';
import { encodeName, extension, keyUsageExtension } from '../csr-build.ts';
import { bool, octetString, sequence, tlv } from '../der.ts';
import { OID } from '../oids.ts';
import { readDer } from '../der-read.ts';
import { bitStringOf, child } from '../der-values.ts';
import { testKey, DAY, type TestKey } from '../test-certs.ts';
import type { Certificate } from '../x509-cert.ts';

export interface LabCert {
  readonly name: string;
  readonly subjectDer: Uint8Array;
  readonly key: TestKey;
  /** The key identifier of this certificate's key (written as its SKI unless left out). */
  readonly keyId: Uint8Array;
  readonly der: Uint8Array;
  readonly cert: Certificate;
}

export interface LabCertOptions {
  /** Subject common name. */
  readonly name: string;
  /** The issuing certificate; none: self-signed. */
  readonly issuer?: LabCert;
  /** The key to certify; default a new P-256 key (a rollover or cross certificate passes an existing one). */
  readonly key?: TestKey;
  /** A CA certificate (default true). */
  readonly ca?: boolean;
  /** Leave the subject key identifier out. */
  readonly noSki?: boolean;
  /** Write this other key's identifier as the subject key identifier (a mis-issued certificate). */
  readonly skiOf?: TestKey;
  /** Leave the authority key identifier out (default: written when there is an issuer). */
  readonly noAki?: boolean;
  /** The issuer's name without its certificate (an issuer that is never supplied); signed with `key` itself. */
  readonly issuerName?: string;
}

const nameDer = (name: string) => encodeName([{ oid: OID.commonName, value: name }]);

function keyBits(spki: Uint8Array): Uint8Array {
  const r = readDer(spki);
  if (!r.ok) throw new Error('bad SPKI');
  return bitStringOf(child({ bytes: spki, node: r.nodes[0]! }, 1, 'SPKI'), 'key').bits;
}

const keyIdOf = (key: TestKey) => keyIdentifier(keyBits(key.spki));

/** One certificate; read back with KeyWire's reader so tests hand `buildPath` what the validator would. */
export async function labCert(o: LabCertOptions): Promise<LabCert> {
  const key = o.key ?? (await testKey());
  const keyId = keyIdOf(key);
  const subjectDer = nameDer(o.name);
  const issuerDer = o.issuer?.subjectDer ?? (o.issuerName ? nameDer(o.issuerName) : subjectDer);
  const aki = o.issuer?.keyId ?? (o.issuerName ? undefined : keyId);
  const ca = o.ca ?? true;
  const now = Date.now();
  const extensions = [
    extension(OID.basicConstraints, ca ? sequence(bool(true)) : sequence(), true),
    keyUsageExtension(ca ? ['keyCertSign', 'cRLSign'] : ['digitalSignature'], true),
    ...(o.noSki ? [] : [extension(OID.subjectKeyIdentifier, octetString(o.skiOf ? keyIdOf(o.skiOf) : keyId))]),
    ...(o.noAki || !aki ? [] : [extension(OID.authorityKeyIdentifier, sequence(tlv(0x80, aki)))]),
  ];
  const tbs = tbsCertificate({
    serial: randomSerial(),
    curve: 'P-256',
    issuerDer,
    subjectDer,
    spkiDer: key.spki,
    notBefore: now - DAY,
    notAfter: now + 365 * DAY,
    extensions,
  });
  const der = await signTbs(tbs, 'P-256', (o.issuer?.key ?? key).keys.privateKey);
  const cert = certificatesIn(der).certs[0];
  if (!cert) throw new Error(`lab certificate ${o.name} does not read back`);
  return { name: o.name, subjectDer, key, keyId, der, cert };
}
