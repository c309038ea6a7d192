// Lab EST server, --tls: a fresh server certificate at every start, issued by the lab issuing CA for the bound
// host plus localhost, 127.0.0.1 and ::1 (subjectAltName, serverAuth, 90 days). Key and certificate stay in
// memory; clients trust <dir>/root.pem (curl --cacert, or the OS/browser trust store for the app).
import { isIP } from 'node:net';
import { concatBytes } from '../src/lib/bytes.ts';
import { encodeName, extension } from '../src/pki/csr-build.ts';
import { sequence, tlv } from '../src/pki/der.ts';
import { OID } from '../src/pki/oids.ts';
import { toPem } from '../src/pki/pem.ts';
import { DAY, leafCertificate, newKeyPair, pkcs8Of } from './ca-server-ca.ts';
import type { ServerCa } from './ca-server-store.ts';

function ipBytes(ip: string): Uint8Array {
  if (isIP(ip) === 4) return Uint8Array.from(ip.split('.').map(Number));
  // IPv6: expand "::" and write 8 groups of 16 bits.
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return concatBytes(...groups.map((g) => Uint8Array.of(parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff)));
}

function subjectAltName(hosts: readonly string[]): Uint8Array {
  const names = hosts.map((h) => (isIP(h) ? tlv(0x87, ipBytes(h)) : tlv(0x82, new TextEncoder().encode(h))));
  return extension(OID.subjectAltName, sequence(...names));
}

export async function tlsCredentials(ca: ServerCa, host: string): Promise<{ key: string; cert: string }> {
  const hosts = [...new Set(['localhost', '127.0.0.1', '::1', host].filter((h) => h !== '0.0.0.0' && h !== '::'))];
  const keys = await newKeyPair(true);
  const now = Date.now();
  const der = await leafCertificate({
    issuer: { cert: ca.issuing, key: ca.issuingKey },
    subjectDer: encodeName([{ oid: OID.commonName, value: host }]),
    spki: keys.spki,
    notBefore: now - 5 * 60_000,
    notAfter: Math.min(now + 90 * DAY, ca.issuing.notAfter),
    purpose: 'serverAuth',
    extra: [subjectAltName(hosts)],
  });
  return {
    key: toPem('PRIVATE KEY', await pkcs8Of(keys.privateKey)),
    cert: toPem('CERTIFICATE', der) + toPem('CERTIFICATE', ca.issuing.der),
  };
}
