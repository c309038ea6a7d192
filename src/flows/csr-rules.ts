// Layer: flows. The CSR check: the worker parses the board's answer (inspect); these rules decide on its report.
// Parses, proof of possession (the signature verifies; the explicit NULL parameter nRF91 modems emit is accepted),
// subject, key type and curve (the family profile's curves), and for a family whose key generation attests (the
// profile says; nRF91) the COSE_Sign1 the modem appended: same device UUID as the board, same
// sec_tag as chosen, digest over exactly these CSR bytes. Pure and table-tested.
import type { FamilyProfile } from '../devices/family-profile.ts';
import type { InspectedCsr, InspectedNrf91Keygen, InspectReport } from '../pki/crypto-types.ts';
import type { Finding } from './types.ts';

export interface CsrExpectations {
  /** The board family's profile: the curves its keys use, whether its key-generation answer carries attestation. */
  readonly profile: Pick<FamilyProfile, 'label' | 'keyCurves' | 'keygenAttestation'>;
  readonly secTag: number;
  /** The board's device UUID from identify (nRF91), or null when it reported none. */
  readonly deviceUuid: string | null;
  /** The CN the CSR must carry, or null when the board's default is not known. */
  readonly commonName: string | null;
}

export interface CsrVerdict {
  readonly findings: readonly Finding[];
  readonly csr: InspectedCsr | null;
  readonly keygen: InspectedNrf91Keygen | null;
}

const error = (code: string, message: string, action: string): Finding => ({
  code,
  severity: 'error',
  message,
  action,
});

const NEW_KEY = 'Start over to let the board generate a new key and CSR.';

export function checkCsr(report: InspectReport, want: CsrExpectations): CsrVerdict {
  const csr = report.objects.find((o): o is InspectedCsr => o.kind === 'csr') ?? null;
  // The family's attestation object (the profile names its kind); its shape is the COSE keygen object inspect makes.
  const kind = want.profile.keygenAttestation;
  const keygen = report.objects.find((o): o is InspectedNrf91Keygen => kind !== null && o.kind === kind) ?? null;
  const findings: Finding[] = [];
  if (!csr) {
    findings.push(
      error('unreadable', 'The board answered, but its answer holds no readable CSR.', `${NEW_KEY} Check the console.`),
    );
    return { findings, csr, keygen };
  }
  if (csr.signatureValid !== true)
    findings.push(
      error(
        'no-proof-of-possession',
        csr.signatureValid === false
          ? "The CSR's signature does not verify with its own key: there is no proof the board holds the key."
          : "The CSR's signature cannot be checked (unsupported algorithm).",
        NEW_KEY,
      ),
    );
  const k = csr.key;
  const curves: readonly string[] = want.profile.keyCurves;
  const curveOk = k.algorithm === 'EC' && curves.includes(k.curve ?? '');
  if (!curveOk)
    findings.push(
      error(
        'key-type',
        `The CSR carries a ${k.algorithm}${k.curve ? ` ${k.curve}` : ''} key; ${curves.length === 1 ? `this board family (${want.profile.label}) makes ${curves[0]} keys` : `KeyWire provisions EC ${curves.join(' or ')} keys`}.`,
        NEW_KEY,
      ),
    );
  if (want.commonName !== null && csr.subject.commonName !== want.commonName)
    findings.push(
      error(
        'subject',
        `The CSR subject is "${csr.subject.text}"; the profile asks for CN=${want.commonName}.`,
        `${NEW_KEY} If the board ignores the subject, choose CN "keep" or let the CA set the CN.`,
      ),
    );
  if (want.profile.keygenAttestation !== null) findings.push(...attestationFindings(keygen, want));
  return { findings, csr, keygen };
}

function attestationFindings(keygen: InspectedNrf91Keygen | null, want: CsrExpectations): Finding[] {
  if (!keygen)
    return [error('attestation-missing', "The modem's answer lacks the COSE_Sign1 that vouches for the CSR.", NEW_KEY)];
  const out: Finding[] = [];
  if (keygen.messageTypeName !== 'csr')
    out.push(error('attestation-type', `The COSE message type is ${keygen.messageType}, not a CSR (9).`, NEW_KEY));
  if (want.deviceUuid === null)
    out.push({
      code: 'attestation-uuid',
      severity: 'warning',
      message: `The board reported no device UUID, so the CSR's UUID (${keygen.deviceUuid}) cannot be compared.`,
      action: 'Check the UUID against your device records.',
    });
  else if (keygen.deviceUuid.toLowerCase() !== want.deviceUuid.toLowerCase())
    out.push(
      error(
        'attestation-uuid',
        `The CSR was made by device ${keygen.deviceUuid}, not by this board (${want.deviceUuid}).`,
        'Make sure only one board is connected, then start over.',
      ),
    );
  if (keygen.secTag !== want.secTag)
    out.push(
      error(
        'attestation-sec-tag',
        `The CSR's key is at sec_tag ${keygen.secTag}, not the chosen ${want.secTag}.`,
        NEW_KEY,
      ),
    );
  if (keygen.digest !== 'match')
    out.push(
      error(
        'attestation-digest',
        'The COSE digest does not cover these CSR bytes: the CSR was altered on the way.',
        `${NEW_KEY} Check the cable and the console for corrupted bytes.`,
      ),
    );
  return out;
}
