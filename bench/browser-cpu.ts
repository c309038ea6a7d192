// CPU time of the browser's processes, read from /proc (Linux): what the page's main thread competes with for the
// cores while a bench measures it, and a wait for them to fall quiet before a measured load.
import { readdirSync, readFileSync } from 'node:fs';

const TICK_MS = 10; // /proc/<pid>/stat counts CPU time in 1/100 s

/** CPU time (ms) used so far by this process's descendants (the browser's processes), by Chromium process type. */
export function browserCpuMs(): Map<string, number> {
  const children = new Map<number, number[]>();
  const used = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(f[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(d)]);
      used.set(Number(d), Number(f[11]) + Number(f[12])); // utime + stime
    } catch {
      // the process ended meanwhile
    }
  }
  const byType = new Map<string, number>();
  const walk = (pid: number): void => {
    for (const c of children.get(pid) ?? []) {
      let type = 'browser';
      try {
        const cmd = readFileSync(`/proc/${c}/cmdline`, 'utf8');
        type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? (cmd.includes('chrom') ? 'browser' : 'other');
        if (type === 'utility') type = /--utility-sub-type=[\w.]*?(\w+)Service/.exec(cmd)?.[1] ?? type;
      } catch {
        // ended
      }
      byType.set(type, (byType.get(type) ?? 0) + (used.get(c) ?? 0) * TICK_MS);
      walk(c);
    }
  };
  walk(process.pid);
  return byType;
}

/** after - before, per process type, and the total. */
export function cpuSpent(before: Map<string, number>, after: Map<string, number>): { total: number; text: string } {
  const spent = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, v]) => v > 0);
  return {
    total: spent.reduce((a, [, v]) => a + v, 0),
    text: spent
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  };
}

/**
 * Waits until the browser's processes are quiet: under `quietMs` of CPU in each of two 200 ms spells in a row (at most
 * `maxMs`); answers the time waited. A new context goes on starting after `newPage()` returns (its renderer process,
 * the browser's side of it: about 1.4 s of CPU on the 2-core machine), and a load measured meanwhile competes
 * with that, which no user's first visit does: their browser has long been running.
 */
export async function browserQuiet(quietMs = 20, maxMs = 5000): Promise<number> {
  const total = () => [...browserCpuMs().values()].reduce((a, b) => a + b, 0);
  const start = Date.now();
  let last = total();
  let quiet = 0;
  while (quiet < 2 && Date.now() - start < maxMs) {
    await new Promise((r) => setTimeout(r, 200));
    const now = total();
    quiet = now - last <= quietMs ? quiet + 1 : 0;
    last = now;
  }
  return Date.now() - start;
}
