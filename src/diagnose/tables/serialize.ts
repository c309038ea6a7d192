// Layer: diagnostics, generator support (used by tools/gen-diagnose-tables.ts only). Writes plain data as a
// TypeScript literal; numbers under the keys in HEX_KEYS come out as hex so the generated tables read like headers.

const HEX_KEYS = new Set(['value', 'bit', 'id', 'mask']);

export function toTsLiteral(data: unknown, key = ''): string {
  if (data === null) return 'null';
  if (typeof data === 'number') {
    if (!Number.isFinite(data)) throw new Error(`cannot serialise ${data}`);
    if (HEX_KEYS.has(key) && Number.isInteger(data))
      return data < 0 ? `-0x${(-data).toString(16)}` : `0x${data.toString(16)}`;
    return String(data);
  }
  if (typeof data === 'string') return JSON.stringify(data);
  if (typeof data === 'boolean') return String(data);
  if (Array.isArray(data)) return `[${data.map((item) => toTsLiteral(item, key)).join(', ')}]`;
  if (typeof data === 'object') {
    const entries = Object.entries(data as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{ ${entries.map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${toTsLiteral(v, k)}`).join(', ')} }`;
  }
  throw new Error(`cannot serialise a ${typeof data}`);
}

export function exportConst(name: string, type: string, data: unknown): string {
  return `export const ${name}: ${type} = ${toTsLiteral(data)};\n`;
}
