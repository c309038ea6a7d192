// Layer: diagnostics, generator support (used by tools/gen-diagnose-tables.ts only). Writes the generated tables as
// JSON that diffs one row at a time: a top-level object of named tables, each list item and each record entry on
// its own line, compact inside. The text is the generator's own and deterministic (prettier leaves these files
// alone, see .prettierignore), so the staleness test compares it byte for byte.

const compact = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`cannot serialise ${v}`);
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint')
      throw new Error(`cannot serialise a ${typeof v}`);
    return v;
  });

function table(value: unknown): string {
  if (value === undefined) throw new Error('cannot serialise undefined as a table');
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[\n${value.map((row) => `    ${compact(row)}`).join(',\n')}\n  ]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return entries.length === 0
      ? '{}'
      : `{\n${entries.map(([k, v]) => `    ${JSON.stringify(k)}: ${compact(v)}`).join(',\n')}\n  }`;
  }
  return compact(value);
}

/** `{ "//": note, "NAME": table, ... }` with one row per line; ends with a newline. */
export function toJsonTables(note: string, tables: Readonly<Record<string, unknown>>): string {
  const entries = Object.entries({ '//': note, ...tables }).map(([k, v]) => `  ${JSON.stringify(k)}: ${table(v)}`);
  return `{\n${entries.join(',\n')}\n}\n`;
}
