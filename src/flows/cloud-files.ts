// Layer: flows. What the chosen cloud needs after provisioning, as files for one board or a whole batch: nRF Cloud's
// bulk onboarding CSV, the chain file an Azure DPS enrollment group verifies, the certificates to register with AWS
// IoT Core (or a broker). Public material only: certificates, ids, no keys.
import { subjectAttributes, type CloudProfile } from './cloud-rules.ts';
import type { DoneSummary } from './types.ts';

/** One provisioned board as the cloud files need it. */
export interface CloudBoard {
  /** The id the cloud knows the board by: the certificate's CN (nRF Cloud device id, DPS registration id). */
  readonly deviceId: string;
  readonly certificatePem: string;
  /** CA certificates above the leaf, issuing CA first (the chain download). */
  readonly intermediatesPem?: readonly string[];
  readonly rootPem?: string | null;
}

export interface CloudFile {
  readonly name: string;
  readonly mime: 'text/csv' | 'application/x-pem-file';
  readonly text: string;
  /** What to do with it, in the cloud's words. */
  readonly purpose: string;
}

export interface NrfCloudOptions {
  /** nRF Cloud "subType" (custom device type); empty by default. */
  readonly subType?: string;
  readonly tags?: readonly string[];
  /** Firmware types for FOTA; nRF Cloud's own tools default to APP and MODEM. */
  readonly fwTypes?: readonly string[];
}

const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** nRF Cloud bulk onboarding: one row per device, no header, `deviceId,subType,tags,fwTypes,"<certificate PEM>"`
 * with tags and firmware types pipe-separated and the PEM in double quotes (it spans lines). */
export function nrfCloudOnboardingCsv(boards: readonly CloudBoard[], o: NrfCloudOptions = {}): string {
  const tags = (o.tags ?? []).join('|');
  const fw = (o.fwTypes ?? ['APP', 'MODEM']).join('|');
  return boards
    .map((b) => {
      const pem = b.certificatePem.trim().replace(/\r\n/g, '\n') + '\n';
      return [csvField(b.deviceId), csvField(o.subType ?? ''), csvField(tags), csvField(fw), `"${pem}"`].join(',');
    })
    .join('\n')
    .concat('\n');
}

const pemJoin = (pems: readonly string[]): string => pems.map((p) => p.trim() + '\n').join('');
const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80) || 'board';

/** The files Done offers for the chosen cloud, for one board or a batch (same call, more boards). */
export function cloudFiles(profile: CloudProfile | undefined, boards: readonly CloudBoard[]): CloudFile[] {
  if (!profile || boards.length === 0) return [];
  const one = boards.length === 1 ? safe(boards[0]!.deviceId) : `batch-of-${boards.length}`;
  const certs: CloudFile = {
    name: `${one}-certificates.pem`,
    mime: 'application/x-pem-file',
    text: pemJoin(boards.map((b) => b.certificatePem)),
    purpose: '',
  };
  switch (profile.kind) {
    case 'nrf-cloud':
      return [
        {
          name: `${one}-nrf-cloud-onboarding.csv`,
          mime: 'text/csv',
          text: nrfCloudOnboardingCsv(boards),
          purpose: 'Upload in nRF Cloud (Devices, Add devices, bulk onboarding) to onboard every device listed.',
        },
      ];
    case 'aws-iot':
      return [
        {
          ...certs,
          purpose: profile.jitpTemplate
            ? 'The CA that issued these must be registered in AWS IoT with your provisioning template; the devices register themselves on first connection (JITP).'
            : 'Register each certificate in AWS IoT Core (Security, Certificates, Add) and attach a policy and thing.',
        },
      ];
    case 'azure-dps': {
      const first = boards[0]!;
      const chain = [...(first.intermediatesPem ?? []), ...(first.rootPem ? [first.rootPem] : [])];
      return [
        ...(profile.enrollment === 'group' && chain.length
          ? [
              {
                name: `${one}-dps-chain.pem`,
                mime: 'application/x-pem-file' as const,
                text: pemJoin(chain),
                purpose:
                  'Upload and verify this CA in DPS (Certificates), then use it for the enrollment group; the devices present their certificate with the intermediate.',
              },
            ]
          : []),
        {
          ...certs,
          purpose:
            profile.enrollment === 'individual'
              ? 'Create an individual enrollment per device in DPS with its certificate; the registration id is the CN.'
              : 'The device certificates, for your records: the enrollment group admits every device whose chain reaches the verified CA.',
        },
      ];
    }
    case 'mosquitto':
      return [
        {
          ...certs,
          name: `${one}-certificates.pem`,
          purpose:
            'Mosquitto admits a client whose certificate chains to its cafile; with use_identity_as_username the CN becomes the user name.',
        },
      ];
  }
}

const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\r?\n?/g;

/** One provisioned board from Done's summary: the id is the certificate's CN (else the board's id). */
export function cloudBoardOf(summary: DoneSummary): CloudBoard | null {
  const cert = summary.files.find((f) => f.kind === 'certificate')?.content;
  if (!cert) return null;
  const chain = summary.files.find((f) => f.kind === 'chain')?.content ?? '';
  const above = (chain.match(PEM_BLOCK) ?? []).slice(1);
  return {
    deviceId: subjectAttributes(summary.certificate.subject).get('CN') ?? summary.device.deviceId,
    certificatePem: cert,
    intermediatesPem: above,
    rootPem: null,
  };
}
