// Layer: diagnostics, broker profile data. What each broker KeyWire knows expects of a device: host names, ports, the
// public roots its server chains end at, the server keys it presents, the TLS 1.2 suites it accepts, the client keys
// and certificate rules it enforces, SNI/ALPN. Sources: diagnostics.md and protocols.md (broker facts), AWS IoT Core
// "server authentication" and "TLS security policies" docs, Azure IoT Hub "TLS support" and root CA migration docs,
// nRF Cloud device-onboarding docs. A generic MQTT broker has no fixed rules: paste its chain.
import type { HashName } from './stacks.ts';
import type { RootId } from '../../pki/public-roots.ts';

export type BrokerId = 'aws-iot' | 'azure-iot-hub' | 'nrf-cloud' | 'generic-mqtt';

export interface ProfileRoot {
  readonly id: RootId;
  /** current: what the broker's chains end at today; ecc: only its ECC chains; reserved: published for the future;
   * legacy: no longer used by the broker (a board that has only this one cannot connect). */
  readonly use: 'current' | 'ecc' | 'reserved' | 'legacy';
  readonly note: string;
}

export interface ClientKeyRule {
  readonly rsaMinBits: number | null;
  readonly curves: readonly string[];
  /** How sure we are that keys outside the rule are refused (documented) or just not documented. */
  readonly outside: 'refused' | 'undocumented';
}

export interface BrokerProfile {
  readonly id: BrokerId;
  readonly name: string;
  readonly hosts: readonly string[];
  readonly ports: string;
  readonly roots: readonly ProfileRoot[];
  /** The server keys its certificates carry, for a check without a pasted chain. */
  readonly serverKeys: readonly { readonly key: string; readonly via: RootId }[];
  /** TLS 1.2 suites it accepts (IANA ids); null: set by whoever runs the broker. */
  readonly suites: readonly number[] | null;
  readonly clientKeys: ClientKeyRule | null;
  /** Signature hashes it accepts on client certificates. */
  readonly clientHashes: readonly HashName[];
  readonly commonName: 'device-id' | 'nrf-cloud-device-id' | 'none';
  readonly sni: 'required' | 'optional';
  readonly alpn: string | null;
  readonly notes: readonly string[];
}

const AWS_SUITES = [
  0xc02b, 0xc02f, 0xc023, 0xc027, 0xc009, 0xc013, 0xc02c, 0xc030, 0xc024, 0xc028, 0xc014, 0xc00a, 0x009c, 0x003c,
  0x002f, 0x009d, 0x003d, 0x0035,
];
const STRONG: readonly HashName[] = ['SHA-256', 'SHA-384', 'SHA-512'];

export const BROKER_PROFILES: readonly BrokerProfile[] = [
  {
    id: 'aws-iot',
    name: 'AWS IoT Core (ATS endpoint)',
    hosts: ['<prefix>-ats.iot.<region>.amazonaws.com'],
    ports: '8883 (MQTT over TLS); 443 with ALPN x-amzn-mqtt-ca',
    roots: [
      { id: 'amazon-root-ca-1', use: 'current', note: 'RSA chains (what most clients get)' },
      { id: 'amazon-root-ca-3', use: 'ecc', note: 'ECC chains, chosen when the client offers ECDSA suites' },
      { id: 'amazon-root-ca-2', use: 'reserved', note: 'published for future use' },
      { id: 'amazon-root-ca-4', use: 'reserved', note: 'published for future use' },
    ],
    serverKeys: [
      { key: 'RSA 2048', via: 'amazon-root-ca-1' },
      { key: 'EC P-256', via: 'amazon-root-ca-3' },
    ],
    suites: AWS_SUITES,
    clientKeys: { rsaMinBits: 2048, curves: ['P-256', 'P-384'], outside: 'refused' },
    clientHashes: STRONG,
    commonName: 'none',
    sni: 'required',
    alpn: 'x-amzn-mqtt-ca (MQTT on port 443 only)',
    notes: [
      'Use the -ats endpoint: the legacy endpoint chains to the VeriSign Class 3 G5 root instead.',
      'AWS IoT requires SNI with the endpoint name; without it the connection is refused.',
    ],
  },
  {
    id: 'azure-iot-hub',
    name: 'Azure IoT Hub',
    hosts: ['<hub>.azure-devices.net'],
    ports: '8883 (MQTT over TLS); 443 (MQTT over WebSockets)',
    roots: [
      { id: 'digicert-global-root-g2', use: 'current', note: 'since the 2023 migration' },
      { id: 'microsoft-rsa-root-2017', use: 'current', note: 'Microsoft asks devices to store it too' },
      { id: 'digicert-global-root-g3', use: 'ecc', note: 'ECC server certificates (preview)' },
      { id: 'baltimore-cybertrust-root', use: 'legacy', note: 'replaced in 2023; expired May 2025' },
    ],
    serverKeys: [{ key: 'RSA 2048', via: 'digicert-global-root-g2' }],
    suites: [0xc030, 0xc02f, 0xc028, 0xc027],
    clientKeys: { rsaMinBits: 2048, curves: ['P-256', 'P-384'], outside: 'refused' },
    clientHashes: STRONG,
    commonName: 'device-id',
    sni: 'required',
    alpn: null,
    notes: [
      'TLS 1.2 with ECDHE-RSA suites (GCM or CBC); the server key is RSA, so the board must verify RSA signatures.',
      'X.509 CA authentication: the certificate CN must be the device id registered in the hub.',
    ],
  },
  {
    id: 'nrf-cloud',
    name: 'nRF Cloud (MQTT)',
    hosts: ['mqtt.nrfcloud.com'],
    ports: '8883 (MQTT over TLS)',
    roots: [{ id: 'amazon-root-ca-1', use: 'current', note: 'nRF Cloud runs on AWS IoT' }],
    serverKeys: [{ key: 'RSA 2048', via: 'amazon-root-ca-1' }],
    suites: AWS_SUITES,
    clientKeys: { rsaMinBits: null, curves: ['P-256'], outside: 'undocumented' },
    clientHashes: STRONG,
    commonName: 'nrf-cloud-device-id',
    sni: 'required',
    alpn: null,
    notes: [
      'The device id is the MQTT client id: the modem UUID or nrf-<IMEI>; the certificate CN carries it.',
      'nRF Cloud keeps its credentials at sec_tag 16842753 by default.',
    ],
  },
  {
    id: 'generic-mqtt',
    name: 'Generic MQTT broker (Mosquitto, EMQX, HiveMQ…)',
    hosts: ['your broker'],
    ports: '8883 (MQTT over TLS) by convention',
    roots: [],
    serverKeys: [],
    suites: null,
    clientKeys: null,
    clientHashes: STRONG,
    commonName: 'none',
    sni: 'optional',
    alpn: null,
    notes: [
      'A self-run broker has whatever CA and suites its configuration says: paste its chain (openssl s_client -showcerts -connect host:8883) to check it.',
      'Mosquitto with use_identity_as_username takes the certificate CN as the user name: check it matches your ACLs.',
    ],
  },
];

export function brokerProfile(id: BrokerId): BrokerProfile {
  const p = BROKER_PROFILES.find((b) => b.id === id);
  if (!p) throw new Error(`unknown broker profile ${id}`);
  return p;
}
