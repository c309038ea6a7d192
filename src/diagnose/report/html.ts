// Layer: diagnostics, report. The report as one self-contained HTML file: inline CSS, no script, no image, no link,
// no URL of any kind, and a Content-Security-Policy that forbids loading anything, so it opens offline and cannot
// call out even if a future change slipped a reference in. Every value from a board, a log or a user is escaped.
import type { Finding } from '../health/finding.ts';
import { boardName } from './boards.ts';
import { escapeHtml as e } from './escape.ts';
import { inspectedHtml } from './inspected.ts';
import { refusalsHtml } from './refusals.ts';
import type { ReportJson } from './model.ts';
import { REPORT_CSS } from './style.ts';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'";
const SEVERITY: Record<Finding['severity'], string> = {
  error: 'Error',
  warning: 'Warning',
  info: 'Note',
  ok: 'Passed',
};
const VERDICT = { passed: 'Passed', warnings: 'Passed with warnings', failed: 'Failed' } as const;

const row = (cells: readonly unknown[], head = false) =>
  `<tr>${cells.map((c) => (head ? `<th>${e(c)}</th>` : `<td>${e(c)}</td>`)).join('')}</tr>`;
const monoRow = (label: string, value: unknown) => `<tr><th>${e(label)}</th><td class="mono">${e(value)}</td></tr>`;

function finding(f: Finding): string {
  return `<div class="finding ${e(f.severity)}">
<p><span class="sev">${e(SEVERITY[f.severity])}</span><span class="label">${e(f.title)}</span> <span class="muted mono">${e(f.code)}</span></p>
<p>${e(f.explanation)}</p>
${f.action ? `<p><span class="label">What to do:</span> ${e(f.action)}</p>` : ''}
<p class="muted"><span class="label">Evidence:</span> ${e(f.evidence)}</p>
${f.certificate ? `<p class="muted mono">${e(f.certificate)}</p>` : ''}
</div>`;
}

function board(r: ReportJson): string {
  const b = r.board;
  if (!b) return `<h2>Board</h2><p class="muted">No board was checked for this report.</p>`;
  const rows: [string, unknown][] = [
    ['Device id', b.deviceId],
    ['Family', b.family],
    ['Manufacturer', b.manufacturer],
    ['Model', b.model],
    ['Firmware', b.firmware],
    ['Hardware', b.hardware],
    ['IMEI', b.imei],
    ['Device UUID', b.uuid],
    ['Modem firmware UUID', b.modemFirmwareUuid],
    ['Serial', b.serial],
    ['ICCID', b.iccid],
    ['Functional mode', b.functionalMode],
  ];
  return `<h2>Board</h2><table>${rows
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => monoRow(k, v))
    .join('')}</table>`;
}

function notes(r: ReportJson): string {
  return r.boardNotes
    .map((n) => `<div class="finding warning"><p><span class="sev">Warning</span>${e(n)}</p></div>`)
    .join('');
}

function credentials(r: ReportJson): string {
  if (r.credentials.length === 0) return '';
  const rows = r.credentials.map((c) => {
    const certs = c.certificates
      .map(
        (x) =>
          `<div class="mono">${e(x.subject)} · issuer ${e(x.issuer)} · ${e(x.key)} · ${e(x.signature)} · serial ${e(x.serial)} · ${e(x.notBefore)} to ${e(x.notAfter)}<br>certificate SHA-256 ${e(x.sha256)}<br>key (SPKI) SHA-256 ${e(x.spkiSha256)}</div>`,
      )
      .join('');
    return `<tr><td>${e(c.secTag)}</td><td>${e(c.kind)} (type ${e(c.deviceType)})</td><td class="mono">${e(c.sha256 ?? '')}</td><td>${certs}${c.note ? `<span class="muted">${e(c.note)}</span>` : ''}</td></tr>`;
  });
  return `<h2>Credentials and fingerprints</h2><table>${row(['sec_tag', 'Kind', 'SHA-256 the board lists', 'Certificates'], true)}${rows.join('')}</table>`;
}

function health(r: ReportJson): string {
  const h = r.healthCheck;
  if (!h) return `<h2>Board health check</h2><p class="muted">Not run for this report.</p>`;
  const tags = [...new Set(h.findings.map((f) => f.secTag))];
  const groups = tags
    .map((t) => {
      const list = h.findings.filter((f) => f.secTag === t);
      return `<h3>${t === null ? 'The board' : `sec_tag ${e(t)}`}</h3>${list.map(finding).join('')}`;
    })
    .join('');
  const clock = h.clock.status === 'known' ? `${h.clock.at} (${h.clock.source})` : `unknown: ${h.clock.reason}`;
  return `<h2>Board health check</h2>
<p class="meta">Board: ${e(boardName(h.board))}</p>
<p><span class="verdict ${e(h.verdict)}">${e(VERDICT[h.verdict])}</span> <span class="muted">checked ${e(h.checkedAt)}; board clock ${e(clock)}</span></p>
${groups}`;
}

function broker(r: ReportJson): string {
  const b = r.brokerCheck;
  if (!b) return `<h2>Broker check</h2><p class="muted">Not run for this report.</p>`;
  const d = b.diagram;
  const nodes = d.nodes
    .map(
      (n) =>
        `<li><span class="mono">${e(n.subject)}</span> — ${e(n.key)}, ${e(n.signature)}, ${e(n.derBytes)} bytes, ${n.from === 'server' ? 'sent by the server' : "from the board's CA store"}${n.anchor ? ' — <span class="label">trust anchor</span>' : ''}</li>`,
    )
    .join('');
  const end =
    d.end.status === 'anchored'
      ? `<p>Anchored by <span class="label">${e(d.end.name)}</span> (SHA-256 <span class="mono">${e(d.end.sha256)}</span>), which the board stores.</p>`
      : d.end.status === 'missing'
        ? `<p><span class="label">Anchor missing:</span> the board stores no certificate for <span class="mono">${e(d.end.issuer)}</span>${d.end.suggestion ? ` (store ${e(d.end.suggestion)})` : ''}.</p>`
        : '';
  const store =
    d.boardStore.map((s) => `${e(s.name)} <span class="mono">${e(s.sha256)}</span>`).join('<br>') || 'empty';
  const about = b.board ? `Board: ${e(boardName(b.board))}` : "The board's CA store was pasted, not read from a board.";
  return `<h2>Broker check: ${e(b.profile.name)}</h2>
<p class="meta">${about}</p>
<p><span class="verdict ${e(b.verdict)}">${e(VERDICT[b.verdict])}</span> <span class="muted">checked ${e(b.checkedAt)}; ${e(b.stack.name)}; ${b.secTag !== null ? `sec_tag ${e(b.secTag)}` : 'CA store pasted'}${b.host ? `; host ${e(b.host)}` : ''}</span></p>
${nodes ? `<h3>Server chain</h3><ol class="chain">${nodes}</ol>${end}` : ''}
<h3>The board's CA store</h3><p>${store}</p>
${b.findings.map(finding).join('')}`;
}

function decoded(r: ReportJson): string {
  if (r.decodedErrors.length === 0) return `<h2>Decoded errors</h2><p class="muted">None decoded for this report.</p>`;
  const rows = r.decodedErrors.map(
    (d) =>
      `<tr><td>${d.source === 'log' ? `log line ${e(d.line)}` : 'decoder'}</td><td class="mono">${e(d.read)}</td><td class="mono">${e(d.canonical)}<br>${e(d.name)}</td><td>${e(d.meaning)}<br><span class="muted">${e(d.versions)}</span>${d.checks.length ? `<br><span class="label">Check:</span> ${e(d.checks.join(' · '))}` : ''}</td></tr>`,
  );
  return `<h2>Decoded errors</h2><table>${row(['From', 'Read', 'Code', 'Meaning'], true)}${rows.join('')}</table>`;
}

function timeline(r: ReportJson): string {
  const t = r.logTimeline;
  if (!t) return '';
  const dec = t.diagnosis.decisive;
  return `<h2>Log timeline</h2>
<p class="muted">${e(t.source)}: ${e(t.lines)} lines, ${e(t.bytes)} bytes, ${e(t.attempts)} handshake attempt(s), ${e(t.failedAttempts)} failed.</p>
<div class="finding ${t.diagnosis.status === 'failed' ? 'error' : t.diagnosis.status === 'succeeded' ? 'ok' : 'info'}">
<p><span class="label">${e(t.diagnosis.title)}</span></p><p>${e(t.diagnosis.summary)}</p>
${dec ? `<p class="muted">Decisive line ${e(dec.line)}: <span class="mono">${e(dec.text)}</span></p>` : ''}
${t.diagnosis.checks.length ? `<p><span class="label">Check:</span> ${e(t.diagnosis.checks.join(' · '))}</p>` : ''}
</div>`;
}

export function renderHtml(r: ReportJson): string {
  const who = r.board ? `${r.board.model} ${r.board.imei ?? r.board.deviceId}` : 'no board';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>KeyWire diagnostics report — ${e(who)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<h1>KeyWire diagnostics report</h1>
<p class="meta">${e(who)} · created ${e(r.createdAt)} · KeyWire ${e(r.keywireVersion)} · ${e(r.format)}</p>
${notes(r)}
${board(r)}
${credentials(r)}
${health(r)}
${broker(r)}
${decoded(r)}
${timeline(r)}
${inspectedHtml(r.inspected)}
${refusalsHtml(r.refusals)}
<p class="muted">This report holds public facts only: fingerprints, findings, decoded codes and inspected objects. Every string was scanned for private keys, passwords and tokens before it was offered for download.</p>
</body>
</html>
`;
}
