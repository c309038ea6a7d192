// Layer: diagnostics. Each kind of code in words (badges, ambiguity notes). Its own module so a view can name a kind
// without loading the code tables.
import type { DecodedKind } from '../types.ts';

export const KIND_LABEL: Readonly<Record<DecodedKind, string>> = {
  mbedtls: 'mbedTLS',
  psa: 'PSA',
  'x509-flags': 'X.509 verify flags',
  'tls-alert': 'TLS alert',
  'nrf-cme': 'modem CME',
  errno: 'errno',
  stsafe: 'STSAFE-A status',
  message: 'known message',
};
