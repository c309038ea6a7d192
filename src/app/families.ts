// Layer: app. The board families' profiles as the views see them: the app hands them down so that `ui/` imports
// nothing but types from `devices/` (the profiles themselves live with their adapters, src/devices/adapters/).
export { DEFAULT_FAMILY, profileFor } from '../devices/adapters/index.ts';
