#!/usr/bin/env node
// `npm start`: serves the built app (dist/) on loopback and prints the URL. The emulated boards ship inside the app.
import { spawn } from 'node:child_process';

const port = process.env.PORT ?? '4173';
const child = spawn('npx', ['vite', 'preview', '--port', port, '--strictPort'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
child.stdout.on('data', (chunk) => process.stdout.write(chunk));
child.on('spawn', () => {
  console.log(
    `\nKeyWire: open http://127.0.0.1:${port}/ in Chrome, Edge or Opera (emulated boards need no hardware).\n`,
  );
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
