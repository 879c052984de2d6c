// A CSV file as a table: the first row is the header. papaparse loads on demand; long files show
// their first rows and say how many more there are.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html';

const MAX_ROWS = 500;

export function CsvTable(props: { source: string; label: string }) {
  const [rows, setRows] = useState<string[][] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    import('papaparse').then(
      ({ default: Papa }) => {
        if (!live) return;
        const parsed = Papa.parse<string[]>(props.source, { skipEmptyLines: true });
        setRows(parsed.data);
        setError(parsed.errors[0] ? `row ${(parsed.errors[0].row ?? 0) + 1}: ${parsed.errors[0].message}` : null);
      },
      (e: unknown) => live && setError(String(e)),
    );
    return () => {
      live = false;
    };
  }, [props.source]);
  if (!rows) return error ? html`<p class="notice notice-red">${error}</p>` : html`<p class="muted small" role="status">reading the table…</p>`;
  const [header = [], ...body] = rows;
  const shown = body.slice(0, MAX_ROWS);
  return html`<div class="csv">
    <p class="muted small">${body.length.toLocaleString('en')} rows · ${header.length} columns${body.length > MAX_ROWS ? ` · first ${MAX_ROWS} shown` : ''}${error ? ` · ${error}` : ''}</p>
    <div class="table-wrap" tabindex="0" role="region" aria-label=${`${props.label} (scrollable)`}>
      <table class="table" aria-label=${props.label}>
        <thead><tr>${header.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
        <tbody>${shown.map((row) => html`<tr>${header.map((_h, i) => html`<td>${row[i] ?? ''}</td>`)}</tr>`)}</tbody>
      </table>
    </div>
  </div>`;
}
