// Layer: emulated nRF91, what the family folder offers outside itself: its registration (BOARD_KIND), the board
// model and its factory data for tests and tools, the network time offset limits the Settings panel shows.
export { Nrf91Board, DEFAULT_KEYGEN_MS, type Nrf91BoardOptions } from './nrf91-board.ts';
export {
  NRF91_FACTORY_BOARDS,
  factoryBoard,
  type Nrf91Factory,
  type Nrf91BoardFacts,
  type FlashCredential,
} from './nrf91-factory.ts';
export { MAX_NETWORK_TIME_OFFSET_DAYS, MAX_NETWORK_TIME_OFFSET_MS, networkTimeOffsetProblem } from './nrf91-rtc.ts';
export { NRF91_FLASH_FORMAT } from './nrf91-flash.ts';
export type { Framing } from './at-reply.ts';
