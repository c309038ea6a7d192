// Layer: app, the one place that wires the page. The page-wide objects are created or chosen here and handed down
// to the views: the audit store and its job runner
// (app-store.ts), the crypto worker client, the CA source configuration, the board families' profiles and what the
// device stack offers the views (connecting a batch's boards, the session log's masks, port troubleshooting, the
// emulator lab). The device session (the one connection) is made in app-session.ts from these same objects and handed
// to the sections by App.svelte. Views import these from here and only types from `src/devices/`.
export { appAudit, appAuditJobs } from './app-store.ts';
export { cryptoClient as appCrypto } from '../workers/crypto-client.ts';
export { caConfigState as appCaConfig } from '../ui/ca/ca-config.svelte.ts';
export { DEFAULT_FAMILY, FAMILY_PROFILES, profileFor } from './families.ts';
export { cmeCodeInfo, connectDevice, SECRET_LINES } from '../devices/adapters/index.ts';
export { detectPlatform, maskSecretLine, SessionLog, troubleshooting } from '../devices/transport/index.ts';
export { boardWords, factsOf, getEmulatorLab, MAX_NETWORK_TIME_OFFSET_DAYS } from '../devices/emulator/index.ts';
