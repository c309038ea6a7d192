// Build-time half of offline use (src/offline/): after the app is bundled, emits `sw.js`, the service worker from
// src/offline/service-worker.ts with the list of this build's files and a version derived from their names. Files
// in public/ are listed too. Only `vite build` runs it; the dev server has no service worker.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformWithOxc, type Plugin } from 'vite';
import { buildVersion, precacheList, SERVICE_WORKER_FILE } from '../src/offline/precache.ts';

const SOURCE = fileURLToPath(new URL('../src/offline/service-worker.ts', import.meta.url));

function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory()
      ? filesUnder(path).map((f) => `${name}/${f}`)
      : [relative(dir, path).split('\\').join('/')];
  });
}

export function offlinePlugin(): Plugin {
  let publicDir = '';
  return {
    name: 'keywire-offline',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      publicDir = config.publicDir;
    },
    async generateBundle(_options, bundle) {
      const files = precacheList([...Object.keys(bundle), ...filesUnder(publicDir)]);
      if (!files.includes('index.html')) this.error('keywire-offline: the build has no index.html to keep offline');
      const header = `const PRECACHE = ${JSON.stringify(files)};\nconst VERSION = ${JSON.stringify(buildVersion(files))};\n`;
      const { code } = await transformWithOxc(readFileSync(SOURCE, 'utf8'), SOURCE, { lang: 'ts' });
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: header + code });
    },
  };
}
