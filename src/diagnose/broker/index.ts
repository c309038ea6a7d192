// Layer: diagnostics. Public API of the broker check: profiles, public roots, board TLS stacks, the pure check.
export type * from './types.ts';
export { checkBroker } from './check.ts';
export { BROKER_PROFILES, brokerProfile, type BrokerId, type BrokerProfile, type ProfileRoot } from './profiles.ts';
export {
  PUBLIC_ROOTS,
  publicRootBySha,
  knownRootName,
  rootById,
  type PublicRoot,
  type RootId,
} from '../../pki/public-roots.ts';
export { STACK_FAMILY_CHOICES, TLS_STACKS, stackFor, curveName, type TlsStack, type HashName } from './stacks.ts';
export { hostMatches, normalizeHost } from './hostname.ts';
