// Every command-line tool answers bad input (a missing file, a line that is not JSON, a bad option) with one plain
// line on stderr and a non-zero exit code: no stack trace, no wall of usage text.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const tmp = mkdtempSync(join(tmpdir(), 'keywire-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const file = (name: string, text: string) => {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
};

interface Case {
  readonly what: string;
  readonly command: readonly string[];
  readonly line: RegExp;
  readonly code: number;
}

const recompute = [process.execPath, join(ROOT, 'src', 'audit', 'recompute-chain.mjs')];
const emulator = [TSX, join(ROOT, 'tools', 'emulator.ts')];
const caServer = [TSX, join(ROOT, 'tools', 'ca-server.ts')];

const cases: Case[] = [
  { what: 'recompute: no file named', command: recompute, line: /^recompute-chain: name the export file/, code: 2 },
  {
    what: 'recompute: a missing file',
    command: [...recompute, join(tmp, 'nope.jsonl')],
    line: /^recompute-chain: no file .*nope\.jsonl \(usage: node recompute-chain\.mjs audit\.jsonl\)$/,
    code: 2,
  },
  {
    what: 'recompute: a line that is not JSON',
    command: [...recompute, file('half.jsonl', '{"seq":1}\nnot json at all\n')],
    line: /^recompute-chain: line 2 of .*half\.jsonl is not a JSON record: is this a KeyWire JSON Lines export\?/,
    code: 2,
  },
  {
    what: 'recompute: a bad option',
    command: [...recompute, '--fast'],
    line: /^recompute-chain: unknown option --fast /,
    code: 2,
  },
  {
    what: 'emulator: a bad option',
    command: [...emulator, 'nrf91', '--nope', '1'],
    line: /^emulator: unknown option --nope \(--help lists the options\)$/,
    code: 2,
  },
  {
    what: 'emulator: a state file that is not JSON',
    command: [...emulator, 'nrf91', '--state', file('flash.json', 'not json')],
    line: /^emulator: .*flash\.json is not a KeyWire emulator state file/,
    code: 2,
  },
  {
    what: 'emulator: a state file in a missing folder',
    command: [...emulator, 'nrf91', '--state', join(tmp, 'gone', 'flash.json')],
    line: /^emulator: no folder .*gone for --state /,
    code: 2,
  },
  {
    what: 'ca-server: a bad option',
    command: [...caServer, '--port', 'x'],
    line: /^ca-server: --port must be 0\.\.65535, got "x" \(--help lists the options\)$/,
    code: 2,
  },
  {
    what: 'ca-server: a CA folder that is a file',
    command: [...caServer, '--port', '0', '--dir', file('not-a-dir', 'x')],
    line: /^ca-server: .*not-a-dir/,
    code: 2,
  },
];

describe('command-line tools on bad input', () => {
  for (const c of cases) {
    it(`${c.what}: one plain line, exit ${c.code}`, () => {
      const [cmd, ...args] = c.command;
      const r = spawnSync(cmd!, args, {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 20_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(r.status).toBe(c.code);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(c.line);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    });
  }
});
