// Layer: views (device). The connect choices' words, shared by the connect panel (ConnectPanel.svelte) and its
// light twin on the start view (provision/ConnectStart.svelte), so the two never say different things.
import type { HardwareRoute } from '../../app/browser-check.ts';

/** The label of the hardware pick button: `known` lists the boards the browser recognises, `any` every port. */
export function pickLabel(route: HardwareRoute, filter: 'known' | 'any'): string {
  if (filter === 'any') return route === 'webusb' ? 'Any USB serial device' : 'Any serial port';
  return route === 'webusb' ? 'Connect a board over WebUSB' : 'Connect a board';
}

export const pickerHint = (route: HardwareRoute): string =>
  `The browser lists Nordic, SEGGER (J-Link) and ST boards. Pick "${pickLabel(route, 'any')}" for other USB-serial adapters.`;

export const NO_SERIAL_NOTE =
  'This browser cannot reach serial ports, so only the emulated boards below work here. For real boards use Chrome, ' +
  'Edge or Opera on a desktop computer.';

export const EMULATED_HINT = 'Boards inside KeyWire that speak the same bytes as real boards: no hardware needed.';
