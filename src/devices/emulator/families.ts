// Layer: emulator registration list. One line per emulated board family: `export { BOARD_KIND as <kind> } from
// './<kind>/board-kind.ts';`. Nothing else belongs here; registry.ts reads this module's exports.
export { BOARD_KIND as nrf91 } from './nrf91/board-kind.ts';
export { BOARD_KIND as stsafe } from './stsafe/board-kind.ts';
export { BOARD_KIND as zephyr } from './zephyr/board-kind.ts';
