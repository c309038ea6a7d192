// Reading a Chromium trace (the JSON of CDP Tracing) for the app's renderer main thread: its complete events and its
// top-level tasks. One reading for the e2e bound on long tasks (e2e/fixtures/main-thread.ts) and the long-task
// profiler (bench/long-task-profile.ts).

export interface TraceEvent {
  name: string;
  cat?: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time: far below `dur` when the OS ran something else meanwhile. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: Record<string, unknown> };
}

const TASKS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** The complete events on the main thread of the renderer that ran the app's scripts (`origin`: the app's);
 * Chromium's own WebUI pages have renderers too. */
export function appMainThreadEvents(trace: Buffer, origin: string): TraceEvent[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const appPids = new Set(
    events.filter((e) => String(e.args?.data?.['url'] ?? '').startsWith(origin)).map((e) => e.pid),
  );
  const mains = new Set(
    events
      .filter(
        (e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && appPids.has(e.pid),
      )
      .map((e) => `${e.pid}:${e.tid}`),
  );
  return events.filter((e) => e.ph === 'X' && e.dur !== undefined && mains.has(`${e.pid}:${e.tid}`));
}

/** The top-level tasks among main-thread events, in time order (a RunTask inside a ThreadControllerImpl::RunTask
 * is the same task). */
export function topLevelTasks(events: readonly TraceEvent[]): TraceEvent[] {
  const tasks = events.filter((e) => TASKS.has(e.name)).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const top: TraceEvent[] = [];
  for (const t of tasks) {
    const last = top.at(-1);
    if (last && last.pid === t.pid && last.tid === t.tid && t.ts + t.dur! <= last.ts + last.dur!) continue;
    top.push(t);
  }
  return top;
}
