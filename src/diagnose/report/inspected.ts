// Layer: diagnostics, report. The "Inspected objects" section: what the Diagnose page's Inspect card showed for the
// objects the user chose to include (title, where it came from, the compared rows, verdicts, notes) and the chains
// they are part of, as plain text. The page makes the rows; the report only carries and renders them. Public facts
// only: the card never holds PEM bodies or key material, and the export's secret scan still runs over the files.
import { escapeHtml as e } from './escape.ts';

export interface ReportInspectedItem {
  readonly title: string;
  readonly from: string;
  readonly rows: readonly { readonly name: string; readonly value: string }[];
  readonly verdicts: readonly { readonly text: string; readonly ok: boolean | null }[];
  readonly notes: readonly string[];
}

export interface ReportInspection {
  /** What was inspected: "pasted text" or a file name. */
  readonly source: string;
  readonly inspectedAt: string;
  readonly items: readonly ReportInspectedItem[];
  /** Each chain the included objects are part of, in words: leaf first, then the links and the end. */
  readonly chains: readonly string[];
}

const verdictClass = (ok: boolean | null) => (ok === true ? 'ok' : ok === false ? 'error' : 'info');

export function inspectedHtml(i: ReportInspection | null): string {
  if (!i || i.items.length === 0) return '';
  const items = i.items
    .map(
      (item) => `<h3>${e(item.title)}</h3><p class="muted">${e(item.from)}</p>
${item.verdicts.map((v) => `<div class="finding ${verdictClass(v.ok)}"><p>${e(v.text)}</p></div>`).join('')}
<table>${item.rows.map((r) => `<tr><th>${e(r.name)}</th><td class="mono">${e(r.value)}</td></tr>`).join('')}</table>
${item.notes.length ? `<ul>${item.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul>` : ''}`,
    )
    .join('');
  const chains = i.chains.length
    ? `<h3>Chains</h3><ol class="chain">${i.chains.map((c) => `<li>${e(c)}</li>`).join('')}</ol>`
    : '';
  return `<h2>Inspected objects</h2><p class="muted">${e(i.source)}, inspected ${e(i.inspectedAt)}.</p>${chains}${items}`;
}
