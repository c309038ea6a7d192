// Layer: flows, the public surface. The UI's state classes import from here.
export type * from './types.ts';
export type * from './batch-types.ts';
export { ProvisionFlow, type ProvisionFlowOptions } from './provision-flow.ts';
export { BatchSession, type BatchSnapshot } from './batch.ts';
export { batchCsv, BATCH_CSV_COLUMNS } from './batch-csv.ts';
export { FlowStore, FLOWS_DB_NAME, type FlowStoreError } from './flow-store.ts';
export {
  cryptoFromApi,
  cryptoFromClient,
  defaultConnector,
  type Connector,
  type FlowAudit,
  type FlowCrypto,
  type FlowDeps,
} from './deps.ts';
export { DEFAULT_PROFILE, DEFAULT_SEC_TAG, profileProblems } from './profile.ts';
export { CLOUD_NAMES, jitpTemplateParameters, type CloudProfile } from './cloud-rules.ts';
export { cloudBoardOf, cloudFiles, nrfCloudOnboardingCsv, type CloudBoard, type CloudFile } from './cloud-files.ts';
export { BOARD_STEPS, nextActionFor } from './transitions.ts';
export { STEP_TITLES } from './step-titles.ts';
export { caRefOf, sameCa } from './ca-ref.ts';
export type { IntentDecision } from './open-intents.ts';
export type { FlowRecord, FlowPhase, IssuedRecord } from './record.ts';
