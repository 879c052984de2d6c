// "Deliverables first" (issue 16): at the top of a finished run, or one waiting for an approval,
// the Playbook's declared outputs (spec.sop.artifact_specs) the run produced — full names, what
// each is, a download — and the chosen one's preview (the workspace's ArtifactPreview: the report
// rendered, the workbook's sheets, the graph drawn). The chosen file is the URL's ?file=.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import type { RunDetail } from '../../../api/types';
import { bytes } from '../../../lib/format';
import { useAsync } from '../../../lib/use-async';
import { ErrorNotice } from '../../../components/notice';
import { UntrustedMark } from '../../../components/untrusted';
import { ArtifactPreview, kindOf } from './preview';
import { saveBlob } from './download';
import { declaredResults, pickResult, type Result } from './results-model';

const KIND_LABEL: Record<string, string> = { markdown: 'report', xlsx: 'workbook', mermaid: 'graph', csv: 'table', json: 'data', text: 'text', binary: 'file' };

function ResultItem(props: { runId: string; result: Result; selected: boolean; onSelect: (path: string) => void; onError: (e: unknown) => void }) {
  const { artifact, spec } = props.result;
  const name = artifact.path.split('/').pop() ?? artifact.path;
  const download = async () => {
    try {
      saveBlob(await api.artifact(props.runId, artifact.path), name);
    } catch (e) {
      props.onError(e);
    }
  };
  return html`<li class=${props.selected ? 'result selected' : 'result'}>
    <button type="button" class="result-open" aria-pressed=${props.selected ? 'true' : 'false'} onClick=${() => props.onSelect(artifact.path)}>
      <span class="result-kind">${KIND_LABEL[kindOf(artifact)]}</span>
      <span class="result-path">${artifact.path.split('/').map((part, i) => html`${i > 0 ? html`/<wbr />` : ''}${part}`)}</span>
      ${spec.description && html`<span class="result-description">${spec.description}</span>`}
    </button>
    <span class="result-meta muted small">
      ${artifact.taint?.length ? html`<${UntrustedMark} sources=${artifact.taint} what="its content" compact />` : null}
      ${bytes(artifact.size)}
      <button type="button" class="btn" aria-label=${`download ${artifact.path}`} onClick=${download}>⇣ download</button>
    </span>
  </li>`;
}

/**
 * `onOther`: the URL's file is not one of the results (or there are none), so the caller shows it
 * elsewhere (the workspace files). `preview` false: the workspace files are open and preview the
 * chosen file themselves, so the list is shown alone (one preview of a file on the page, not two).
 */
export function ResultsPanel(props: {
  run: RunDetail;
  version: number;
  file: string | null;
  preview: boolean;
  onSelect: (path: string) => void;
  onOther: (path: string) => void;
}) {
  const { run } = props;
  const revision = useAsync(() => api.revision(run.playbook_id, run.revision), [run.playbook_id, run.revision]);
  const files = useAsync(() => api.artifacts(run.id), [run.id, props.version]);
  const error = revision.error ?? files.error;
  const specs = revision.data?.spec.sop.artifact_specs;
  const [failed, setFailed] = useState<unknown>(null);
  const results = specs && files.data ? declaredResults(specs, files.data) : undefined;
  const other = props.file !== null && results !== undefined && !results.some((r) => r.artifact.path === props.file);
  useEffect(() => {
    if (other) props.onOther(props.file!);
  }, [other, props.file]);
  if (error) return html`<section class="results" aria-label="Results"><${ErrorNotice} error=${error} title="Could not list the results" /></section>`;
  if (!specs || !results || results.length === 0) return null;
  const current = pickResult(results, props.file)!;
  return html`<section class="results" id="results" aria-label="Results">
    <header class="results-head">
      <h2 class="label">results · ${results.length} of ${specs.length} declared</h2>
    </header>
    <ul class="results-list" aria-label="Declared outputs">
      ${results.map(
        (r) => html`<${ResultItem} key=${r.artifact.path} runId=${run.id} result=${r} selected=${r === current} onSelect=${props.onSelect} onError=${setFailed} />`,
      )}
    </ul>
    ${failed !== null && html`<${ErrorNotice} error=${failed} title="Could not download the file" />`}
    ${props.preview
      ? html`<${ArtifactPreview} key=${current.artifact.path} runId=${run.id} artifact=${current.artifact} />`
      : html`<p class="muted small">The chosen file is previewed in the workspace files below.</p>`}
  </section>`;
}
