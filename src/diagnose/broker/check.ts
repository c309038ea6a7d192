// Layer: diagnostics. The broker check: facts in, report out. Anchor (the board's CA store against the pasted chain
// or the profile's roots), compatibility (keys, curves, signatures, suites, sizes, SNI/ALPN) and the client
// certificate against the broker's rules, with a diagram of the chain. Pure and synchronous: the crypto worker has
// already read the pasted chain and validated it against the board's CA store.
import { sortFindings, verdictOf } from '../health/finding.ts';
import { anchorFindings, chainDiagram } from './anchor-checks.ts';
import { clientFindings } from './client-checks.ts';
import { compatibilityFindings } from './compat-checks.ts';
import type { BrokerFacts, BrokerReport } from './types.ts';

export function checkBroker(facts: BrokerFacts): BrokerReport {
  const findings = sortFindings([...anchorFindings(facts), ...compatibilityFindings(facts), ...clientFindings(facts)]);
  return {
    kind: 'broker-check',
    board: facts.caSource === 'board' ? facts.identity : null,
    profile: { id: facts.profile.id, name: facts.profile.name },
    stack: { id: facts.stack.id, name: facts.stack.name },
    secTag: facts.secTag,
    caSource: facts.caSource,
    host: facts.host,
    checkedAt: new Date(facts.checkedAt).toISOString(),
    verdict: verdictOf(findings),
    findings,
    diagram: chainDiagram(facts),
  };
}
