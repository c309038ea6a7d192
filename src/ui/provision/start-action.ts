// Layer: views (provision). What a press on the start view asked for; the provisioning view does it once it is in
// (ProvisionBody.svelte).
import type { HardwareRoute } from '../../app/browser-check.ts';
import { pickLabel } from '../device/connect-words.ts';
export type StartAction =
  | { readonly kind: 'pick'; readonly filter: 'known' | 'any' }
  | { readonly kind: 'emulated'; readonly boardId: string }
  | { readonly kind: 'batch' };

/** Whether doing `action` opens the browser's port picker (which needs a fresh click): a hardware pick, or a batch
 * that starts on the hardware route. */
export const needsGesture = (action: StartAction, hasHardware: boolean): boolean =>
  action.kind === 'pick' || (action.kind === 'batch' && hasHardware);

/** The words of the button that asked for `action` (the start view's and the provisioning view's are the same). */
export function pressedLabel(action: StartAction, route: HardwareRoute): string {
  if (action.kind === 'batch') return 'Start a batch with this profile and CA';
  if (action.kind === 'emulated') return 'Connect';
  return pickLabel(route, action.filter);
}
