// Layer: diagnostics, report. The report's only styling, inlined in its <style>: readable on screen, prints on A4
// or Letter without cut rows, and never relies on colour alone (every severity is also a word).

export const REPORT_CSS = `
:root { color-scheme: light; --ink: #17202a; --muted: #5b6773; --line: #d5dbe1; --bad: #a3231a; --warn: #8a5300;
  --good: #1d6b33; --info: #2c5d8a; }
* { box-sizing: border-box; }
body { font: 15px/1.45 system-ui, sans-serif; color: var(--ink); margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 0.25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid var(--line); padding-bottom: 0.2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
.meta, .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0; }
th, td { text-align: left; vertical-align: top; border: 1px solid var(--line); padding: 0.3rem 0.5rem; }
th { background: #f3f5f7; font-weight: 600; }
tr, .finding { break-inside: avoid; page-break-inside: avoid; }
.mono { font-family: ui-monospace, monospace; font-size: 0.85em; overflow-wrap: anywhere; }
.verdict { display: inline-block; font-weight: 700; border-radius: 4px; padding: 0.1rem 0.6rem; border: 2px solid; }
.finding { border: 1px solid var(--line); border-left: 6px solid var(--line); border-radius: 4px; padding: 0.5rem 0.75rem;
  margin: 0.5rem 0; }
.finding p { margin: 0.2rem 0; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 0.8rem; letter-spacing: 0.04em; margin-right: 0.4rem; }
.error { border-left-color: var(--bad); } .error .sev, .verdict.failed { color: var(--bad); }
.warning { border-left-color: var(--warn); } .warning .sev, .verdict.warnings { color: var(--warn); }
.info { border-left-color: var(--info); } .info .sev { color: var(--info); }
.ok { border-left-color: var(--good); } .ok .sev, .verdict.passed { color: var(--good); }
.label { font-weight: 600; }
ol.chain { padding-left: 1.5rem; }
@media print { body { margin: 0; max-width: none; font-size: 11pt; } h2 { break-after: avoid; } }
`;
