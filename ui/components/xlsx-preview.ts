// An .xlsx in the browser: one tab per visible sheet, cells as Excel shows them (number formats
// kept), the frozen header row as the table head. exceljs is read in a chunk of its own
// (ui/lib/xlsx-read.ts), imported only when a workbook is shown; long sheets show their first rows.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html';
import type { SheetModel } from '../lib/xlsx-sheet';
import { TabPanel, Tabs } from './tabs';

function Sheet(props: { sheet: SheetModel; label: string }) {
  const { sheet } = props;
  const head = sheet.rows.slice(0, sheet.headerRows);
  const body = sheet.rows.slice(sheet.headerRows);
  const cell = (c: SheetModel['rows'][number][number], header: boolean) => {
    const cls = [c.numeric ? 'num' : '', c.bold ? 'bold' : ''].filter(Boolean).join(' ') || undefined;
    return header ? html`<th scope="col" class=${cls}>${c.text}</th>` : html`<td class=${cls}>${c.text}</td>`;
  };
  return html`<div class="xlsx-sheet">
    <p class="muted small">
      ${sheet.totalRows.toLocaleString('en')} rows · ${sheet.widths.length} columns
      ${sheet.rows.length < sheet.totalRows && html` · <strong class="xlsx-note">first ${sheet.rows.length.toLocaleString('en')} rows shown; download the workbook for the rest</strong>`}
    </p>
    <div class="table-wrap xlsx-wrap" tabindex="0" role="region" aria-label=${`${props.label} (scrollable)`}>
      <table class="table xlsx-table" aria-label=${props.label}>
        <colgroup>${sheet.widths.map((w) => html`<col style=${w ? `min-width: ${Math.round(w)}ch` : undefined} />`)}</colgroup>
        ${head.length > 0 && html`<thead>${head.map((row) => html`<tr>${row.map((c) => cell(c, true))}</tr>`)}</thead>`}
        <tbody>${body.map((row) => html`<tr>${row.map((c) => cell(c, false))}</tr>`)}</tbody>
      </table>
    </div>
  </div>`;
}

export function XlsxPreview(props: { blob: Blob; label: string }) {
  const [sheets, setSheets] = useState<SheetModel[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState(0);
  useEffect(() => {
    let live = true;
    setSheets(null);
    setError(null);
    Promise.all([import('../lib/xlsx-read'), props.blob.arrayBuffer()])
      .then(([{ readWorkbook }, data]) => readWorkbook(data))
      .then(
        (read) => live && (setSheets(read), setSelected(0)),
        (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      live = false;
    };
  }, [props.blob]);
  if (error) return html`<p class="notice notice-red">Could not read the workbook: ${error}</p>`;
  if (!sheets) return html`<p class="muted small" role="status">reading the workbook…</p>`;
  if (sheets.length === 0) return html`<p class="muted small">The workbook has no visible sheets.</p>`;
  const tabs = sheets.map((s, i) => ({ id: `xlsx-sheet-${i}`, label: s.name }));
  const current = sheets[selected] ?? sheets[0]!;
  return html`<div class="xlsx">
    <${Tabs} tabs=${tabs} selected=${`xlsx-sheet-${selected}`} label=${`Sheets of ${props.label}`} onSelect=${(id: string) => setSelected(Number(id.slice('xlsx-sheet-'.length)))} />
    <${TabPanel} id=${`xlsx-sheet-${selected}`}><${Sheet} key=${selected} sheet=${current} label=${`${props.label} · ${current.name}`} /><//>
  </div>`;
}
