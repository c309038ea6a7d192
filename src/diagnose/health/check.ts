// Layer: diagnostics. The board health check: facts in, report out. Per sec_tag: what it holds (and whether that set
// makes sense: a certificate needs its key and a CA to check the server), the CA certificates (readable, in date,
// within the board's size limits), and for each client certificate validity, usage, chain, key match and sizes.
// Pure and synchronous: the flow (src/flows/health-check.ts) gathered the facts through the device and the worker.
import { chainFindings, clockFinding, usageFindings, validityFindings } from './cert-checks.ts';
import { sortFindings, verdictOf, type Finding, type HealthCode } from './finding.ts';
import { keyFinding } from './key-evidence.ts';
import { caFindings, readFindings, sizeFindings } from './store-checks.ts';
import type { ClientCertFacts, HealthFacts, HealthReport, StoredItem, TagReport } from './types.ts';

type F = Finding<HealthCode>;

function structureFindings(
  secTag: number,
  items: readonly StoredItem[],
  listsKeys: boolean,
  factorySlot: number | undefined,
): F[] {
  const has = (kind: StoredItem['kind']) => items.some((i) => i.kind === kind);
  const evidence = `The board's credential list at sec_tag ${secTag}: ${items.map((i) => `${i.kind} (type ${i.deviceType})`).join(', ')}.`;
  const out: F[] = [];
  if (has('clientCert') && listsKeys && !has('privateKey'))
    out.push({
      code: 'key-missing',
      severity: 'error',
      secTag,
      title: 'A client certificate without a private key',
      explanation: `sec_tag ${secTag} holds a client certificate but no private key: the board cannot use it (mbedTLS fails to load its own certificate, Zephyr answers -EINVAL or -ENOENT).`,
      action: 'Re-provision this sec_tag: the board generates its key, then write the certificate issued for it.',
      evidence,
    });
  if (has('privateKey') && !has('clientCert'))
    out.push({
      code: 'cert-missing',
      severity: 'warning',
      secTag,
      title: 'A private key without a client certificate',
      explanation: `sec_tag ${secTag} holds a key but no certificate: provisioning stopped before the certificate was written.`,
      action: 'Continue provisioning: get a certificate for this key (Provision) and write it.',
      evidence,
    });
  // The factory identity's slot holds the vendor's certificate, never a CA for servers: nothing is missing there.
  if (has('clientCert') && !has('caCert') && secTag !== factorySlot)
    out.push({
      code: 'ca-missing',
      severity: 'warning',
      secTag,
      title: 'No CA certificate to check the server with',
      explanation: `Without a root CA certificate at sec_tag ${secTag} the board cannot verify the broker; unless peer verification is off (it must not be), the handshake fails with -0x2700 and alert 48 unknown_ca.`,
      action: "Store the broker's root CA certificate (type 0) at this sec_tag (Broker check shows which).",
      evidence,
    });
  return out;
}

function clientFindings(c: ClientCertFacts, facts: HealthFacts, tagCas: StoredItem[]): F[] {
  const out: F[] = [
    ...validityFindings(c.leaf, c.secTag, facts.checkedAt, facts.clock),
    ...usageFindings(c.leaf, c.secTag),
  ];
  const anchors = tagCas.flatMap((i) => (i.read.status === 'read' ? i.read.certificates : []));
  if (c.chainToTagCa)
    out.push(...chainFindings(c.leaf, c.chainToTagCa, { secTag: c.secTag, anchors, anchorSource: 'tag' }));
  if (c.chainToVendorRoot)
    out.push(
      ...chainFindings(c.leaf, c.chainToVendorRoot.report, {
        secTag: c.secTag,
        anchors: c.chainToVendorRoot.anchors,
        anchorSource: 'vendor',
      }),
    );
  if (c.chainToUserCa)
    out.push(
      ...chainFindings(c.leaf, c.chainToUserCa, { secTag: c.secTag, anchors: facts.userCa, anchorSource: 'user' }),
    );
  out.push(keyFinding(c.leaf, c.keyEvidence, c.secTag));
  return out;
}

function tagReport(secTag: number, facts: HealthFacts): TagReport {
  const items = facts.items.filter((i) => i.secTag === secTag);
  const cas = items.filter((i) => i.kind === 'caCert');
  const findings: F[] = [
    ...structureFindings(secTag, items, facts.listsKeys, facts.factorySlot),
    ...items.flatMap((i) => readFindings(i)),
    ...caFindings(secTag, cas, facts),
  ];
  for (const c of facts.clientCerts.filter((x) => x.secTag === secTag)) {
    findings.push(...clientFindings(c, facts, cas));
    const item = items.find((i) => i.kind === 'clientCert');
    findings.push(...sizeFindings(c, item, facts.limits));
  }
  return { secTag, items, findings: sortFindings(findings) };
}

export function checkHealth(facts: HealthFacts): HealthReport {
  const tags = [...new Set(facts.items.map((i) => i.secTag))].sort((a, b) => a - b).map((t) => tagReport(t, facts));
  const boardFindings = [clockFinding(facts.clock, facts.checkedAt)];
  const all = [...boardFindings, ...tags.flatMap((t) => t.findings)];
  return {
    kind: 'health-check',
    identity: facts.identity,
    family: facts.family,
    limits: facts.limits,
    checkedAt: new Date(facts.checkedAt).toISOString(),
    clock: facts.clock,
    verdict: verdictOf(all),
    boardFindings,
    tags,
    userCa: facts.userCa,
  };
}
