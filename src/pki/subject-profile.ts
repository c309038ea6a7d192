// Layer: PKI codecs. The subject of an issued device certificate: the CSR's own subject, or its CN replaced by the
// device UUID (nRF Cloud, Azure device id), the IMEI (nrf-<IMEI> style ids keep only digits here) or a custom text.
import { err, ok, type Result } from '../lib/result.ts';
import { encodeName } from './csr-build.ts';
import { OID } from './oids.ts';
import type { Name } from './x509-name.ts';
import type { SubjectCnMode } from './crypto-types.ts';

/** IMEI: 15 digits with a valid Luhn check digit (3GPP TS 23.003 §6.2.1). */
export function validImei(imei: string): boolean {
  if (!/^\d{15}$/.test(imei)) return false;
  let sum = 0;
  for (let i = 0; i < 15; i++) {
    let d = Number(imei[14 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function issuedSubject(csrSubject: Name, mode: SubjectCnMode): Result<Uint8Array> {
  let cn: string;
  switch (mode.mode) {
    case 'keep':
      if (csrSubject.attributes.length === 0)
        return err({ code: 'bad-profile', message: 'the CSR has an empty subject; choose a CN' });
      return ok(csrSubject.der);
    case 'device-uuid':
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(mode.uuid)) {
        return err({ code: 'bad-profile', message: `"${mode.uuid}" is not a UUID (8-4-4-4-12 hex digits)` });
      }
      cn = mode.uuid.toLowerCase();
      break;
    case 'imei':
      if (!validImei(mode.imei))
        return err({ code: 'bad-profile', message: `"${mode.imei}" is not a valid IMEI (15 digits, Luhn check)` });
      cn = mode.imei;
      break;
    case 'custom':
      cn = mode.cn.trim();
      if (cn.length < 1 || cn.length > 64)
        return err({ code: 'bad-profile', message: `CN must be 1..64 characters, got ${cn.length}` });
      break;
  }
  const attrs = csrSubject.attributes
    .filter((a) => a.oid !== OID.commonName)
    .map((a) => ({ oid: a.oid, value: a.value }));
  return ok(encodeName([...attrs, { oid: OID.commonName, value: cn }]));
}
