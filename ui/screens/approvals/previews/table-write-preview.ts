// A table write as its outcome (issue 16): where it goes, whether it creates a bucket or table,
// appends or replaces every row, how many rows and columns before and after, which columns hold
// personal data, and the first rows as they will land, masked.
import { html } from '../../../html';
import { count } from '../../../lib/format';
import { Pill } from '../../../components/pill';
import type { TableWriteSummary } from './summaries';

const MODE = {
  create: { tone: 'green', text: 'creates a new table' },
  append: { tone: 'amber', text: 'adds rows (rows with an existing key are replaced)' },
  replace: { tone: 'red', text: 'replaces every row of the table' },
} as const;

const KIND: Record<string, string> = { email: 'e-mail', phone: 'phone', date_of_birth: 'date of birth', national_id: 'national id', financial: 'financial', name: 'name', address: 'address' };

const rowsText = (n: number | null) => (n === null ? 'unknown' : count(n));

export function TableWritePreview(props: { summary: TableWriteSummary }) {
  const s = props.summary;
  const mode = MODE[s.mode];
  const columns = s.sample[0] ? Object.keys(s.sample[0]) : s.columns;
  const pii = new Set(s.pii.map((p) => p.column));
  return html`<div class="write-preview">
    <dl class="facts write-facts">
      <div><dt>target</dt><dd><code>${s.table}</code></dd></div>
      <div><dt>what it does</dt><dd><${Pill} tone=${mode.tone}>${mode.text}<//>${s.creates_bucket ? html` <${Pill} tone="amber">creates the bucket<//>` : null}</dd></div>
      <div><dt>rows</dt><dd>${s.mode === 'create' ? rowsText(s.rows) : html`${rowsText(s.rows_before)} now → ${s.mode === 'append' ? 'at most ' : ''}${rowsText(s.rows_after)} after (${rowsText(s.rows)} in this load)`}</dd></div>
      <div><dt>columns</dt><dd>${s.columns.length ? `${s.columns.length}${s.new_columns.length ? `, new: ${s.new_columns.join(', ')}` : ''}` : 'unknown'}${s.primary_key.length ? html` · key <code>${s.primary_key.join(', ')}</code>` : null}</dd></div>
      ${s.diff && html`<div><dt>vs the table now</dt><dd aria-label="Changes to the table">${'skipped' in s.diff
        ? `not compared row by row: ${s.diff.skipped}`
        : html`<span>+${count(s.diff.added)} new · ${count(s.diff.changed)} changed${Object.keys(s.diff.changed_columns).length ? ` (${Object.entries(s.diff.changed_columns).map(([c, n]) => `${c}: ${count(n)}`).join(', ')})` : ''} · ${count(s.diff.unchanged)} unchanged${s.diff.removed ? html` · <strong class="diff-removed">−${count(s.diff.removed)} removed</strong>` : ''}</span> <span class="muted small">by ${s.diff.compared_by.join(', ')}</span>`}</dd></div>`}
      <div><dt>personal data</dt><dd>${s.pii.length
        ? html`<span class="pii-flags" aria-label="Personal data columns">${s.pii.map((p) => html`<${Pill} tone="red" title=${p.by === 'values' ? 'by its values' : 'by its name'}>⚠ ${p.column} · ${KIND[p.kind] ?? p.kind}<//> `)}</span>`
        : s.from_arguments_only ? 'unknown (no dry run)' : 'none found'}</dd></div>
    </dl>
    ${s.sample.length > 0 &&
    html`<div class="table-wrap" tabindex="0" role="region" aria-label="First rows, personal data masked (scrollable)"><table class="table write-sample" aria-label="First rows, personal data masked">
      <thead><tr>${columns.map((c) => html`<th scope="col" class=${pii.has(c) ? 'pii-col' : undefined}>${pii.has(c) ? `⚠ ${c}` : c}</th>`)}</tr></thead>
      <tbody>${s.sample.map((row) => html`<tr>${columns.map((c) => html`<td>${String(row[c] ?? '')}</td>`)}</tr>`)}</tbody>
    </table></div>
    <p class="muted small">The first ${s.sample.length} ${s.sample.length === 1 ? 'row' : 'rows'} as they will land; personal data masked here, not in the load.</p>`}
  </div>`;
}
