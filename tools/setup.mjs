#!/usr/bin/env node
// Installs what is missing before `npm start` / `npm test`, using only Node built-ins so it runs on a fresh clone.
//   node tools/setup.mjs start  -> npm packages
//   node tools/setup.mjs test   -> npm packages + Debian's chromium, socat and openssl (apt-get) when absent
import { execSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const mode = process.argv[2] ?? 'start';
const say = (msg) => console.log(`[setup] ${msg}`);

function run(cmd, args, env = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (res.status !== 0) {
    console.error(`[setup] failed: ${cmd} ${args.join(' ')}`);
    process.exit(res.status ?? 1);
  }
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`[setup] KeyWire needs Node.js 20.19 or newer; this is ${process.versions.node}.`);
  process.exit(1);
}

// npm packages: reinstall when node_modules is absent or package-lock.json changed since the last install.
const lockHash = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
const stamp = 'node_modules/.keywire-lock-sha256';
if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== lockHash) {
  say('installing npm packages (npm ci)');
  run('npm', ['ci', '--no-fund', '--no-audit'], { PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' });
  writeFileSync(stamp, lockHash);
}

if (mode === 'test') {
  const has = (bin) => spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore' }).status === 0;
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const missing = [];
  if (!existsSync(chromium)) missing.push('chromium');
  if (!has('socat')) missing.push('socat');
  if (!has('openssl')) missing.push('openssl');
  if (missing.length > 0) {
    const root = process.getuid?.() === 0;
    if (!root && !has('sudo')) {
      console.error(`[setup] missing ${missing.join(', ')}; install them with apt-get as root, then run again.`);
      process.exit(1);
    }
    const pre = root ? [] : ['sudo', '-n'];
    say(`installing Debian packages: ${missing.join(' ')}`);
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    const [cmd, ...rest] = [...pre, 'apt-get'];
    run(cmd, [...rest, 'update', '-qq'], env);
    run(cmd, [...rest, 'install', '-y', '-qq', '--no-install-recommends', ...missing], env);
  }
  say(`chromium: ${execSync(`${chromium} --version 2>/dev/null || true`).toString().trim()}`);
}
