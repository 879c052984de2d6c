// One workspace file's preview: Markdown rendered and sanitised, CSV as a table, JSON pretty,
// Mermaid flowcharts as a graph, .xlsx workbooks as sheets, other text as code; anything else is a download. A file whose
// content derives from untrusted data says from what.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import type { ArtifactInfo } from '../../../api/types';
import { bytes, dateTime } from '../../../lib/format';
import { CodeBlock } from '../../../components/code-block';
import { CsvTable } from '../../../components/csv-table';
import { Markdown } from '../../../components/markdown';
import { MermaidGraph } from '../../../components/mermaid-graph';
import { ErrorNotice } from '../../../components/notice';
import { SourceList } from '../../../components/untrusted';
import { XlsxPreview } from '../../../components/xlsx-preview';
import { saveBlob } from './download';

type Kind = 'markdown' | 'csv' | 'json' | 'mermaid' | 'xlsx' | 'text' | 'binary';

const PREVIEW_LIMIT = 2 * 1024 * 1024;
/** A workbook is zipped XML: a larger file still reads quickly, and long sheets show their first rows. */
const XLSX_LIMIT = 20 * 1024 * 1024;
const TEXT_EXT = new Set(['txt', 'log', 'yaml', 'yml', 'sql', 'html', 'xml', 'tsv', 'py', 'js', 'ts', 'jsonl', 'ndjson']);

export function kindOf(artifact: ArtifactInfo): Kind {
  const ext = artifact.path.split('.').pop()?.toLowerCase() ?? '';
  if (ext === 'md' || ext === 'markdown' || artifact.content_type.startsWith('text/markdown')) return 'markdown';
  if (ext === 'csv' || artifact.content_type.startsWith('text/csv')) return 'csv';
  if (ext === 'json' || artifact.content_type.startsWith('application/json')) return 'json';
  if (ext === 'mmd' || ext === 'mermaid' || artifact.content_type.includes('mermaid')) return 'mermaid';
  if (ext === 'xlsx' || artifact.content_type.startsWith('application/vnd.openxmlformats-officedocument.spreadsheetml')) return 'xlsx';
  if (TEXT_EXT.has(ext) || artifact.content_type.startsWith('text/') || artifact.content_type.includes('yaml')) return 'text';
  return 'binary';
}

function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

function Body(props: { kind: Kind; blob: Blob; text: string; label: string }) {
  switch (props.kind) {
    case 'xlsx':
      return html`<${XlsxPreview} blob=${props.blob} label=${props.label} />`;
    case 'markdown':
      return html`<${Markdown} source=${props.text} class="report" label=${props.label} />`;
    case 'csv':
      return html`<${CsvTable} source=${props.text} label=${props.label} />`;
    case 'json':
      return html`<${CodeBlock} text=${pretty(props.text)} label=${props.label} />`;
    case 'mermaid':
      return html`<${MermaidGraph} source=${props.text} label=${props.label} />`;
    default:
      return html`<${CodeBlock} text=${props.text} label=${props.label} />`;
  }
}

export function ArtifactPreview(props: { runId: string; artifact: ArtifactInfo }) {
  const a = props.artifact;
  const kind = kindOf(a);
  const previewable = kind !== 'binary' && a.size <= (kind === 'xlsx' ? XLSX_LIMIT : PREVIEW_LIMIT);
  const [blob, setBlob] = useState<{ blob: Blob; text: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const name = a.path.split('/').pop() ?? a.path;

  useEffect(() => {
    let live = true;
    setBlob(null);
    setError(null);
    if (previewable) {
      api.artifact(props.runId, a.path).then(
        async (b) => live && setBlob({ blob: b, text: kind === 'xlsx' ? '' : await b.text() }),
        (e: unknown) => live && setError(e),
      );
    }
    return () => {
      live = false;
    };
  }, [props.runId, a.path, a.etag]);

  const download = async () => {
    try {
      saveBlob(blob?.blob ?? (await api.artifact(props.runId, a.path)), name);
    } catch (e) {
      setError(e);
    }
  };

  return html`<section class="preview" aria-label=${`Preview of ${a.path}`}>
    <header class="preview-head">
      <div class="preview-title"><code>${a.path}</code><span class="muted small">${bytes(a.size)} · ${a.content_type.split(';')[0]} · ${dateTime(a.uploaded)}</span></div>
      <button type="button" class="btn" onClick=${download}>⇣ download</button>
    </header>
    ${a.taint?.length
      ? html`<div class="notice notice-amber preview-taint"><strong>⚠ Its content derives from untrusted data</strong><${SourceList} sources=${a.taint} label=${`Untrusted sources of ${a.path}`} /></div>`
      : null}
    ${error !== null && html`<${ErrorNotice} error=${error} title="Could not load the file" />`}
    ${!previewable && html`<p class="muted small">${kind === 'binary' ? 'No preview for this kind of file' : 'Too large to preview'}; download it instead.</p>`}
    ${previewable && !blob && error === null && html`<p class="muted small" role="status">loading ${name}…</p>`}
    ${blob && html`<${Body} kind=${kind} blob=${blob.blob} text=${blob.text} label=${a.path} />`}
  </section>`;
}
