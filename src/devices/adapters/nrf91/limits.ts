// Layer: nRF91 adapter. What the modem takes: 4096-character AT commands, about 4 kB of certificate chain, LF PEM.
import type { DeviceLimits } from '../../device.ts';
import { NRF91_MAX_COMMAND_CHARS } from './cmng.ts';

export const NRF91_LIMITS: DeviceLimits = {
  maxCommandChars: NRF91_MAX_COMMAND_CHARS,
  maxChainBytes: 4096,
  pemLineEnding: 'lf',
  // %CMNG type 1 takes one PEM certificate (a second block is refused with 527, as the emulator models it).
  clientCertChain: false,
};
