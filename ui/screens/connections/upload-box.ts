// The upload box of the Local Project screen: a table id, a CSV file, and whether to replace an
// existing table. A refused file shows the line and the reason the API named.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { ApiError } from '../../api/client';
import { localProject, type UploadedTable } from '../../api/local-project';
import { ErrorNotice } from '../../components/notice';

function Refusal(props: { error: unknown }) {
  const details = props.error instanceof ApiError ? (props.error.details as { line?: number; reason?: string } | undefined) : undefined;
  if (typeof details?.line !== 'number') return html`<${ErrorNotice} error=${props.error} title="Not uploaded" />`;
  return html`<div class="notice notice-red" role="alert" aria-label="Upload refused">
    <strong>Refused at line ${details.line}: ${details.reason}</strong>
    <span class="muted small">Nothing was changed. Fix that line and upload again.</span>
  </div>`;
}

function Uploaded(props: { result: UploadedTable }) {
  const renamed = props.result.columns.filter((c) => c.description !== undefined).length;
  return html`<div class="notice" role="status">
    <strong>${props.result.created ? 'Created' : 'Replaced'} ${props.result.table_id}: ${props.result.rows} rows, ${props.result.columns.length} columns</strong>
    ${renamed > 0 && html`<span class="muted small">${renamed} header ${renamed === 1 ? 'name was' : 'names were'} made safe; the originals are the column descriptions.</span>`}
  </div>`;
}

export function UploadBox(props: { onUploaded: () => void }) {
  const [tableId, setTableId] = useState('in.c-mine.');
  const [file, setFile] = useState<File | null>(null);
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ result: UploadedTable } | { error: unknown } | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setOutcome(null);
    try {
      setOutcome({ result: await localProject.upload(tableId.trim(), file, replace) });
      props.onUploaded();
    } catch (error) {
      setOutcome({ error });
    } finally {
      setBusy(false);
    }
  };

  return html`<form class="upload-box stack" onSubmit=${submit} aria-label="Upload a CSV">
    <div class="row gap">
      <label class="stack small">
        <span class="label">table id</span>
        <input class="input" required pattern="(in|out)\\.c-[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+" value=${tableId}
          onInput=${(e: Event) => setTableId((e.currentTarget as HTMLInputElement).value)} />
      </label>
      <label class="stack small">
        <span class="label">csv file (utf-8, header row, up to 100 MiB)</span>
        <input type="file" class="file-input" required accept=".csv,text/csv"
          onChange=${(e: Event) => setFile((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} />
      </label>
      <label class="row gap small">
        <input type="checkbox" checked=${replace} onChange=${(e: Event) => setReplace((e.currentTarget as HTMLInputElement).checked)} />
        replace an existing table
      </label>
    </div>
    <div class="row gap form-actions">
      <button type="submit" class="btn btn-green" disabled=${busy || !file}>${busy ? 'uploading…' : '↑ upload table'}</button>
    </div>
    ${outcome && ('result' in outcome ? html`<${Uploaded} result=${outcome.result} />` : html`<${Refusal} error=${outcome.error} />`)}
  </form>`;
}
