// The checklists and the chain picture built from what the flow and the worker report.
import { describe, expect, it } from 'vitest';
import type { CsrSummary, Finding } from '../../flows/index.ts';
import type { WriteCheckReport } from '../../pki/crypto-types.ts';
import { chainNodes, csrChecklist, keyProofItems, writeChecklist } from './checks.ts';

const csr: CsrSummary = {
  pem: '',
  sha256: 'AA'.repeat(32),
  spkiSha256: 'BB'.repeat(32),
  subject: 'CN=50503041-3633-4261-803d-1e2b8f70111a',
  keyType: 'EC P-256',
  generatedAt: '2026-01-01T00:00:00.000Z',
  attestation: {
    deviceUuid: '50503041-3633-4261-803d-1e2b8f70111a',
    secTag: 42,
    digestHex: 'cd'.repeat(32),
    digestMatches: true,
  },
};

const finding = (code: string, severity: Finding['severity'] = 'error'): Finding => ({
  code,
  severity,
  message: `msg ${code}`,
  action: `do ${code}`,
});

describe('csrChecklist', () => {
  it('lists subject, key, proof of possession and the nRF91 attestation as passed with their facts', () => {
    const items = csrChecklist(csr, [], 'nrf91');
    expect(items.map((i) => `${i.id}:${i.verdict}`)).toEqual([
      'subject:passed',
      'key:passed',
      'pop:passed',
      'attestation:passed',
    ]);
    expect(items[0]!.detail).toBe(csr.subject);
    expect(items[3]!.detail).toContain('sec_tag 42');
    expect(items[3]!.detail).toContain('digest matches');
  });

  it('fails the item a finding names, with what to do; no attestation item for other families', () => {
    const items = csrChecklist(null, [finding('attestation-digest'), finding('no-proof-of-possession')], 'nrf91');
    expect(items.find((i) => i.id === 'attestation')).toMatchObject({
      verdict: 'failed',
      detail: 'msg attestation-digest',
      action: 'do attestation-digest',
    });
    expect(items.find((i) => i.id === 'pop')!.verdict).toBe('failed');
    expect(csrChecklist(csr, [], 'zephyr-tls-shell').map((i) => i.id)).not.toContain('attestation');
    expect(csrChecklist(csr, [finding('attestation-uuid', 'warning')], 'nrf91')[3]!.verdict).toBe('warning');
  });
});

const ref = (role: 'leaf' | 'intermediate' | 'anchor', subject: string, i: number) => ({
  pathIndex: i,
  role,
  inputIndex: 0,
  subject,
  sha256: `${i}`.repeat(64),
});

function report(o: Partial<WriteCheckReport> = {}): WriteCheckReport {
  return {
    writable: true,
    proofs: [],
    findings: [],
    checks: [
      { id: 'certificate-key', verdict: 'passed' },
      { id: 'chain', verdict: 'passed' },
    ],
    leaf: null,
    intermediatesPem: [],
    anchorPem: null,
    chainReport: {
      valid: true,
      path: [ref('leaf', 'CN=board', 0), ref('anchor', 'CN=Issuing CA', 1)],
      problems: [],
      at: '',
      purpose: 'clientAuth',
    },
    writes: [
      { kind: 'caCert', content: '', sha256: '', bytes: 1, commandChars: null, subject: 'CN=Root CA' },
      { kind: 'clientCert', content: '', sha256: '', bytes: 1, commandChars: null, subject: 'CN=board' },
    ],
    at: '',
    ...o,
  };
}

describe('chainNodes', () => {
  it('draws leaf -> issuing CA -> the root the board stores when the path ended below the root', () => {
    expect(chainNodes(report()).map((n) => `${n.role}:${n.subject}:${n.onBoard}`)).toEqual([
      'leaf:CN=board:false',
      'intermediate:CN=Issuing CA:false',
      'root:CN=Root CA:true',
    ]);
  });

  it('marks the anchor itself when it is the root written, and names the certificate a problem is about', () => {
    const r = report({
      writes: [{ kind: 'caCert', content: '', sha256: '', bytes: 1, commandChars: null, subject: 'CN=Issuing CA' }],
      chainReport: {
        valid: false,
        path: [ref('leaf', 'CN=board', 0), ref('anchor', 'CN=Issuing CA', 1)],
        problems: [{ code: 'bad-signature', severity: 'error', message: 'bad sig', cert: ref('leaf', 'CN=board', 0) }],
        at: '',
        purpose: 'clientAuth',
      },
    });
    const nodes = chainNodes(r);
    expect(nodes.map((n) => `${n.role}:${n.onBoard}`)).toEqual(['leaf:false', 'root:true']);
    expect(nodes[0]!.problem).toBe('bad sig');
  });
});

it('writeChecklist: each check with its verdict and the finding that explains it', () => {
  const r = report({
    writable: false,
    checks: [
      { id: 'certificate-key', verdict: 'failed' },
      { id: 'validity', verdict: 'passed' },
    ],
    findings: [
      {
        code: 'key-mismatch',
        check: 'certificate-key',
        severity: 'error',
        message: 'other key',
        action: 'get a new one',
      },
    ],
  });
  expect(writeChecklist(r)).toEqual([
    {
      id: 'certificate-key',
      label: "The certificate carries the board's own key",
      verdict: 'failed',
      detail: 'other key',
      action: 'get a new one',
    },
    { id: 'validity', label: 'Valid now', verdict: 'passed', detail: '', action: null },
  ]);
});

it('keyProofItems: each key proof the check used, with its verdict and what it compared', () => {
  const r = report({
    proofs: [
      { id: 'csr-signature', passed: true, detail: 'CSR signature verifies.' },
      { id: 'certificate-key', passed: true, detail: 'Same key.' },
      { id: 'board-challenge', passed: false, detail: 'The challenge does not verify.' },
    ],
  });
  const items = keyProofItems(r);
  expect(items.map((i) => [i.id, i.verdict])).toEqual([
    ['csr-signature', 'passed'],
    ['certificate-key', 'passed'],
    ['board-challenge', 'failed'],
  ]);
  expect(items[2]!.detail).toBe('The challenge does not verify.');
  expect(items[2]!.action).toMatch(/Nothing is written/);
  expect(items[0]!.action).toBeNull();
});
