// The broker check's pure rules, table-driven: host names match per RFC 6125, a profile's roots against the board's
// CA store, keys/curves/hashes/suites against the board's TLS stack, the broker's client certificate rules (AWS key
// types, Azure CN = device id, nRF Cloud device id) and the size limits (nRF91: 4096-byte chains). The public roots'
// bytes are tested where they live (src/pki/public-roots.test.ts).
import { describe, expect, it } from 'vitest';
import type { DeviceIdentity } from '../../devices/device.ts';
import { rootById, type RootId } from '../../pki/public-roots.ts';
import type { ChainReport } from '../../pki/crypto-types.ts';
import type { CertSummary } from '../health/types.ts';
import { cert, iso, NOW } from '../testing.ts';
import { checkBroker } from './check.ts';
import { hostMatches, normalizeHost } from './hostname.ts';
import { brokerProfile, type BrokerId } from './profiles.ts';
import { TLS_STACKS, type TlsStack } from './stacks.ts';
import type { BrokerFacts } from './types.ts';

const rootCert = (id: RootId) =>
  cert({
    subject: rootById(id).name,
    commonName: rootById(id).name,
    sha256: rootById(id).sha256,
    isCa: true,
    selfIssued: true,
  });
const IDENTITY: DeviceIdentity = {
  family: 'nrf91',
  deviceId: '50363154-3931-44f0-8022-4b5745000a01',
  uuid: '50363154-3931-44f0-8022-4b5745000a01',
  imei: '352656100402174',
  manufacturer: 'Nordic Semiconductor ASA',
  model: 'nRF9160-SICA',
  firmware: 'mfw_nrf9160_1.3.5',
};

function facts(o: Partial<BrokerFacts> & { broker?: BrokerId } = {}): BrokerFacts {
  return {
    profile: brokerProfile(o.broker ?? 'aws-iot'),
    stack: TLS_STACKS['nrf91-modem'],
    limits: { maxCommandChars: 4096, maxChainBytes: 4096, pemLineEnding: 'lf' },
    identity: IDENTITY,
    secTag: 42,
    caSource: 'board',
    boardCas: [rootCert('amazon-root-ca-1')],
    clientCert: cert({ commonName: IDENTITY.uuid!, subject: `CN=${IDENTITY.uuid}` }),
    clientExtra: [],
    pasted: null,
    host: null,
    deviceId: null,
    checkedAt: NOW,
    ...o,
  };
}
const codes = (f: BrokerFacts) => checkBroker(f).findings.map((x) => `${x.code}:${x.severity}`);

describe('host names (RFC 6125)', () => {
  const table: [string, string, boolean][] = [
    ['mqtt.example.com', 'MQTT.example.com', true],
    ['*.iot.eu-west-1.amazonaws.com', 'abc-ats.iot.eu-west-1.amazonaws.com', true],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'a.b.example.com', false],
    ['mqtt.example.com.', 'mqtt.example.com', true],
    ['other.example.com', 'mqtt.example.com', false],
  ];
  for (const [name, host, want] of table)
    it(`${name} vs ${host}: ${want}`, () => expect(hostMatches(name, host)).toBe(want));
  const hosts: [string, string | null][] = [
    ['mqtts://Hub.azure-devices.net:8883/', 'hub.azure-devices.net'],
    ['mqtt.nrfcloud.com', 'mqtt.nrfcloud.com'],
    ['not a host!', null],
  ];
  for (const [input, want] of hosts) it(`normalizeHost(${input})`, () => expect(normalizeHost(input)).toBe(want));
});

describe("anchor: a profile's roots against the board's CA store", () => {
  const table: { name: string; f: BrokerFacts; want: string }[] = [
    { name: 'AWS with Amazon Root CA 1', f: facts(), want: 'anchor-ok:ok' },
    {
      name: 'AWS with only Amazon Root CA 3',
      f: facts({ boardCas: [rootCert('amazon-root-ca-3')] }),
      want: 'anchor-legacy:warning',
    },
    {
      name: 'Azure with only Baltimore',
      f: facts({ broker: 'azure-iot-hub', boardCas: [rootCert('baltimore-cybertrust-root')] }),
      want: 'anchor-legacy:error',
    },
    {
      name: 'Azure with DigiCert Global Root G2',
      f: facts({ broker: 'azure-iot-hub', boardCas: [rootCert('digicert-global-root-g2')] }),
      want: 'anchor-ok:ok',
    },
    {
      name: 'nRF Cloud with DigiCert G2 only',
      f: facts({ broker: 'nrf-cloud', boardCas: [rootCert('digicert-global-root-g2')] }),
      want: 'anchor-missing:error',
    },
    { name: 'no CA at the tag', f: facts({ boardCas: [] }), want: 'no-ca-on-board:error' },
    { name: 'generic broker without a chain', f: facts({ broker: 'generic-mqtt' }), want: 'no-chain-given:info' },
  ];
  for (const t of table) it(t.name, () => expect(codes(t.f)).toContain(t.want));
});

const chain = (certificates: CertSummary[], validation: ChainReport | { error: string }) => ({
  certificates,
  validation,
});
const valid = (anchorSha: string): ChainReport => ({
  valid: true,
  path: [
    { pathIndex: 0, role: 'leaf', inputIndex: 0, subject: 'CN=mqtt.example.com', sha256: 'C1'.repeat(32) },
    { pathIndex: 1, role: 'anchor', inputIndex: 0, subject: 'CN=Root', sha256: anchorSha },
  ],
  problems: [],
  at: iso(NOW),
  purpose: 'serverAuth',
});
const serverLeaf = (o: Partial<CertSummary> = {}) =>
  cert({
    subject: 'CN=mqtt.example.com',
    commonName: 'mqtt.example.com',
    dnsNames: ['mqtt.example.com'],
    sha256: 'C1'.repeat(32),
    extKeyUsage: [{ oid: '1.3.6.1.5.5.7.3.1', name: 'serverAuth' }],
    ...o,
  });

describe('compatibility: keys, signatures, suites, sizes, SNI', () => {
  const amazon = rootById('amazon-root-ca-1').sha256;
  const zephyr = TLS_STACKS['zephyr-mbedtls'];
  const gcm256Only: TlsStack = { ...TLS_STACKS['nrf91-modem'], suites: [0xc02c] };
  const table: { name: string; f: BrokerFacts; want: string[]; not?: string[] }[] = [
    {
      name: 'nRF91 and Azure share ECDHE-RSA suites',
      f: facts({ broker: 'azure-iot-hub', boardCas: [rootCert('digicert-global-root-g2')] }),
      want: ['suites-ok:ok', 'server-key-ok:ok'],
    },
    {
      name: 'a board with only 0xC02C and Azure share none',
      f: facts({ broker: 'azure-iot-hub', stack: gcm256Only }),
      want: ['suites-none-shared:error'],
    },
    {
      name: 'Zephyr: suites depend on the build; SNI is a build option',
      f: facts({ stack: zephyr }),
      want: ['suites-unknown:info', 'sni-required:warning'],
    },
    { name: 'nRF91: SNI is set by the application', f: facts(), want: ['sni-required:info', 'alpn-note:info'] },
    {
      name: 'a P-521 server key the nRF91 cannot verify',
      f: facts({
        broker: 'generic-mqtt',
        pasted: chain([serverLeaf({ curve: 'P-521', keyBits: 521 })], valid(amazon)),
      }),
      want: ['server-key-unsupported:error'],
    },
    {
      name: 'an intermediate signed with SHA-1 on Zephyr',
      f: facts({
        broker: 'generic-mqtt',
        stack: zephyr,
        pasted: chain(
          [
            serverLeaf(),
            cert({
              subject: 'CN=Int',
              isCa: true,
              signatureHash: 'SHA-1',
              signatureAlgorithm: 'sha1WithRSAEncryption',
            }),
          ],
          valid(amazon),
        ),
      }),
      want: ['server-signature-unsupported:error'],
    },
    {
      name: 'an RSA server key with only ECDSA suites on the board',
      f: facts({
        broker: 'generic-mqtt',
        stack: { ...TLS_STACKS['nrf91-modem'], suites: [0xc02b, 0xc023] },
        pasted: chain([serverLeaf({ keyAlgorithm: 'RSA', curve: null, keyBits: 2048 })], valid(amazon)),
      }),
      want: ['suites-none-shared:error'],
    },
    {
      name: 'a server chain over 4096 bytes',
      f: facts({
        broker: 'generic-mqtt',
        pasted: chain([serverLeaf({ derBytes: 2500 }), cert({ isCa: true, derBytes: 1700 })], valid(amazon)),
      }),
      want: ['server-chain-too-large:error'],
    },
    {
      name: 'a server chain of exactly 4096 bytes',
      f: facts({
        broker: 'generic-mqtt',
        pasted: chain([serverLeaf({ derBytes: 2396 }), cert({ isCa: true, derBytes: 1700 })], valid(amazon)),
      }),
      want: ['server-chain-size-ok:ok', 'anchor-ok:ok'],
    },
    {
      name: 'the host the board uses is not in the certificate',
      f: facts({ broker: 'generic-mqtt', host: 'broker.other.example', pasted: chain([serverLeaf()], valid(amazon)) }),
      want: ['chain-hostname:error'],
    },
  ];
  for (const t of table)
    it(t.name, () => {
      const got = codes(t.f);
      for (const w of t.want) expect(got).toContain(w);
    });
});

describe("the client certificate against the broker's rules", () => {
  const rsa = (bits: number) => ({ keyAlgorithm: 'RSA', curve: null, keyBits: bits });
  const table: { name: string; f: BrokerFacts; want: string[] }[] = [
    { name: 'AWS: P-256 accepted', f: facts(), want: ['client-key-ok:ok'] },
    {
      name: 'AWS: P-521 refused',
      f: facts({ clientCert: cert({ curve: 'P-521', keyBits: 521 }) }),
      want: ['client-key-refused:error', 'client-key-unsupported-by-board:warning'],
    },
    { name: 'AWS: RSA 1024 refused', f: facts({ clientCert: cert(rsa(1024)) }), want: ['client-key-refused:error'] },
    {
      name: 'AWS: RSA 2048 accepted, but not a key the nRF91 makes',
      f: facts({ clientCert: cert(rsa(2048)) }),
      want: ['client-key-ok:ok', 'client-key-unsupported-by-board:warning'],
    },
    {
      name: 'nRF Cloud: P-384 is not documented',
      f: facts({ broker: 'nrf-cloud', clientCert: cert({ curve: 'P-384', keyBits: 384, commonName: IDENTITY.uuid! }) }),
      want: ['client-key-refused:warning'],
    },
    { name: 'nRF Cloud: CN = UUID', f: facts({ broker: 'nrf-cloud' }), want: ['client-cn-ok:ok'] },
    {
      name: 'nRF Cloud: CN = nrf-<IMEI>',
      f: facts({ broker: 'nrf-cloud', clientCert: cert({ commonName: `nrf-${IDENTITY.imei}` }) }),
      want: ['client-cn-ok:ok'],
    },
    {
      name: 'nRF Cloud: another CN',
      f: facts({ broker: 'nrf-cloud', clientCert: cert({ commonName: 'my-device' }) }),
      want: ['client-cn-mismatch:error'],
    },
    {
      name: 'Azure: CN = the device id given',
      f: facts({ broker: 'azure-iot-hub', deviceId: 'dev-1' }),
      want: ['client-cn-mismatch:error'],
    },
    {
      name: 'Azure: CN equals the device id',
      f: facts({ broker: 'azure-iot-hub', deviceId: IDENTITY.uuid!, clientCert: cert({ commonName: IDENTITY.uuid! }) }),
      want: ['client-cn-ok:ok'],
    },
    { name: 'Azure: no device id given', f: facts({ broker: 'azure-iot-hub' }), want: ['client-cn-unchecked:info'] },
    {
      name: 'AWS: a SHA-1 signed client certificate',
      f: facts({ clientCert: cert({ signatureHash: 'SHA-1', signatureAlgorithm: 'sha1WithRSAEncryption' }) }),
      want: ['client-signature-refused:error'],
    },
    { name: 'no client certificate at the tag', f: facts({ clientCert: null }), want: ['client-cert-missing:error'] },
    {
      name: 'a client chain over 4096 bytes',
      f: facts({ clientCert: cert({ derBytes: 1000 }), clientExtra: [cert({ isCa: true, derBytes: 3200 })] }),
      want: ['client-chain-too-large:error'],
    },
  ];
  for (const t of table)
    it(t.name, () => {
      const got = codes(t.f);
      for (const w of t.want) expect(got).toContain(w);
    });
});

describe('the chain diagram', () => {
  it('marks the pasted root as the anchor when the board stores it too', () => {
    const root = rootCert('amazon-root-ca-1');
    const r = checkBroker(facts({ broker: 'generic-mqtt', pasted: chain([serverLeaf(), root], valid(root.sha256)) }));
    expect(r.diagram.nodes.map((n) => [n.from, n.anchor])).toEqual([
      ['server', false],
      ['server', true],
    ]);
    expect(r.diagram.end).toEqual({ status: 'anchored', name: 'Amazon Root CA 1', sha256: root.sha256 });
  });

  it('names the missing root and suggests the public one by name', () => {
    const inter = cert({
      subject: 'CN=Amazon RSA 2048 M02',
      issuer: 'C=US, O=Amazon, CN=Amazon Root CA 1',
      isCa: true,
    });
    const r = checkBroker(
      facts({
        boardCas: [rootCert('digicert-global-root-g2')],
        pasted: chain([serverLeaf(), inter], {
          valid: false,
          path: [],
          problems: [{ code: 'missing-intermediate', severity: 'error', message: 'issuer not supplied', cert: null }],
          at: iso(NOW),
          purpose: 'serverAuth',
        }),
      }),
    );
    expect(r.diagram.end).toEqual({
      status: 'missing',
      issuer: 'C=US, O=Amazon, CN=Amazon Root CA 1',
      suggestion: 'Amazon Root CA 1',
    });
    const f = r.findings.find((x) => x.code === 'anchor-missing')!;
    expect(f.action).toContain('Store Amazon Root CA 1');
    expect(r.diagram.profileRoots.find((x) => x.name === 'Amazon Root CA 1')?.onBoard).toBe(false);
  });
});
