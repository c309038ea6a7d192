// Layer: emulated nRF91, the +CCLK time text. `"yy/MM/dd,hh:mm:ss±zz"` (3GPP 27.007 §8.15; Nordic's nRF91 AT
// reference: zz is the time zone in quarter hours, -48..+48). Pure: parses what AT+CCLK= gets and formats what
// AT+CCLK? answers. The six fields are kept as given (a UTC-style timestamp of the fields) next to the zone, so the
// board answers exactly what it was told, running on; Nordic's date_time library reads them the same way.

/** A +CCLK time: the date and time fields as a timestamp (read as if UTC) and the zone in quarter hours. */
export interface CclkTime {
  readonly fieldsMs: number;
  readonly zoneQuarters: number;
}

/** Nordic's range for the time zone (3GPP allows ±96; the nRF91 reference documents ±48). */
export const MAX_ZONE_QUARTERS = 48;

const FORMAT = /^(\d{2})\/(\d{2})\/(\d{2}),(\d{2}):(\d{2}):(\d{2})([+-])(\d{2})$/;

export type CclkParse =
  { readonly ok: true; readonly time: CclkTime } | { readonly ok: false; readonly reason: string };

/** Reads the quoted content of `AT+CCLK="..."`; two-digit years are 2000..2099. */
export function parseCclkTime(text: string): CclkParse {
  const m = FORMAT.exec(text);
  if (!m) return { ok: false, reason: `"${text.slice(0, 40)}" is not "yy/MM/dd,hh:mm:ss±zz"` };
  const [yy, mo, dd, hh, mi, ss] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const zone = Number(m[8]) * (m[7] === '-' ? -1 : 1);
  const year = 2000 + yy;
  const fieldsMs = Date.UTC(year, mo - 1, dd, hh, mi, ss);
  const back = new Date(fieldsMs);
  if (mo < 1 || mo > 12) return { ok: false, reason: `month ${mo} is not 01..12` };
  if (dd < 1 || back.getUTCMonth() !== mo - 1) return { ok: false, reason: `${year}-${m[2]} has no day ${dd}` };
  if (hh > 23 || mi > 59 || ss > 59) return { ok: false, reason: `${m[4]}:${m[5]}:${m[6]} is not a time of day` };
  if (Math.abs(zone) > MAX_ZONE_QUARTERS)
    return { ok: false, reason: `time zone ${m[7]}${m[8]} is outside -${MAX_ZONE_QUARTERS}..+${MAX_ZONE_QUARTERS}` };
  return { ok: true, time: { fieldsMs, zoneQuarters: zone } };
}

const two = (n: number) => String(n).padStart(2, '0');

/** `yy/MM/dd,hh:mm:ss±zz` for a time (seconds cut, not rounded, as a clock shows them). */
export function formatCclkTime(time: CclkTime): string {
  const d = new Date(Math.floor(time.fieldsMs / 1000) * 1000);
  const date = `${two(d.getUTCFullYear() % 100)}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}`;
  const clock = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  const zone = `${time.zoneQuarters < 0 ? '-' : '+'}${two(Math.abs(time.zoneQuarters))}`;
  return `${date},${clock}${zone}`;
}
