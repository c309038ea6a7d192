// Layer: emulated STSAFE-A110, what the family folder offers outside itself: the board model, its factory data and
// the emulated vendor root (the trust anchor of the factory certificate in zone 0) for tests, tools and the app.
export { StsafeBoard, type StsafeBoardOptions, type StsafeFault } from './stsafe-board.ts';
export {
  STSAFE_FACTORY_BOARDS,
  type StsafeBoardFacts,
  type StsafeFactory,
  type StsafeZoneLayout,
} from './stsafe-factory.ts';
export { EMULATED_STSAFE_VENDOR_ROOT_PEM } from './stsafe-factory-pems.ts';
export { STSAFE_NVM_FORMAT, parseStsafeNvm, type StsafeNvmImage } from './stsafe-nvm.ts';
export { StsafeStream } from './stsafe-stream.ts';
