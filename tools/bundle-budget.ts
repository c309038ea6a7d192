// The first-screen JavaScript budget, read from a production build: the entry chunk of index.html and every chunk
// it imports statically (transitively), gzipped. Chunks reached only through dynamic import() load when first
// needed and do not count. Used by the bundle-budget test and `npm run bench`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * The budget (issue 14): at most 100 KB of gzipped JavaScript for the first screen. The bundle-budget test holds the
 * production build to it and `npm run bench` reports against it. The first screen is the app shell, the browser
 * check and Provision's start view (about 27 KB); the sections, the provisioning view with the device stack and the
 * flows, the emulator lab and its curves, the code tables, the label/QR code and each CA client load when first
 * needed (src/app/README.md, "What loads when").
 */
export const FIRST_SCREEN_BUDGET = 100 * 1000;

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly isDynamicEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
}

export interface ChunkSize {
  /** The manifest key (the source module or the chunk name). */
  readonly key: string;
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
}

export interface FirstScreen {
  readonly chunks: readonly ChunkSize[];
  readonly gzip: number;
  readonly raw: number;
}

export type Manifest = Readonly<Record<string, ManifestChunk>>;

export const readManifest = (outDir: string): Manifest =>
  JSON.parse(readFileSync(join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;

/** The manifest keys of the first screen's JavaScript: the entries and their static imports, each once. */
export function firstScreenKeys(manifest: Manifest): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    for (const k of manifest[key]!.imports ?? []) visit(k);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...seen].filter((k) => manifest[k]!.file.endsWith('.js'));
}

export function firstScreen(outDir: string, manifest: Manifest = readManifest(outDir)): FirstScreen {
  const chunks = firstScreenKeys(manifest)
    .map((key) => {
      const bytes = readFileSync(join(outDir, manifest[key]!.file));
      return { key, file: manifest[key]!.file, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
  return {
    chunks,
    gzip: chunks.reduce((n, c) => n + c.gzip, 0),
    raw: chunks.reduce((n, c) => n + c.raw, 0),
  };
}

/** null when the first screen fits; else a message naming its chunks, largest first. */
export function budgetProblem(screen: FirstScreen, budget = FIRST_SCREEN_BUDGET): string | null {
  if (screen.gzip <= budget) return null;
  const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;
  const list = screen.chunks.map((c) => `  ${c.file} (${c.key}): ${kb(c.gzip)} gzipped, ${kb(c.raw)} raw`).join('\n');
  return `The first screen loads ${kb(screen.gzip)} of JavaScript gzipped, over the ${kb(budget)} budget. Its chunks:\n${list}\nLoad what the first screen does not need with import().`;
}
