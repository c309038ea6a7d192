// Where Debian's Chromium lives and the flags it needs on this closed network. One place, used by vitest browser
// mode, Playwright e2e and the benchmarks.
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * The e2e suite's browser: the flags above, and site isolation off. The suite loads one origin (the app, plus loopback
 * CA servers it calls with fetch); with isolation on, every test's reset and load swapped in new renderer processes
 * (20 board connects took 46-54 s of CPU, 36-40 s without; 3 runs each, interleaved). The app uses no frames and
 * nothing it does depends on the process model. The benchmarks and browser tests keep Chromium's default.
 */
export const e2eChromiumArgs = [
  ...chromiumArgs,
  '--disable-site-isolation-trials',
  '--disable-features=site-per-process,IsolateOrigins',
];
