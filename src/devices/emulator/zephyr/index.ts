// Layer: emulated Zephyr board, what the family offers outside its folder: the board model, its factory data and
// facts, and the flash image format (tests and tools compose them; the lab reaches the family through board-kind.ts).
export { ZephyrBoard, DEFAULT_ZEPHYR_KEYGEN_MS, type ZephyrBoardOptions } from './board.ts';
export { ZEPHYR_FACTORIES, zephyrFactory, type ZephyrFactory, type CredentialBackend } from './factory.ts';
export { ZEPHYR_FLASH_FORMAT, parseZephyrFlashImage, type ZephyrFlashImage } from './flash.ts';
export type { ZephyrBoardFacts } from './board-kind.ts';
