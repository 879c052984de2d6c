// Compare two revisions (issue 18): pick a "from" and a "to" revision and read the unified diff of
// their YAML (GET /playbooks/{id}/revisions/diff), removed lines red, added lines green.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { RevisionDiff } from '../../api/types';
import { ErrorNotice, Loading } from '../../components/notice';
import { Section } from '../../components/section';
import { diffLineClass } from '../../lib/revision-lifecycle';

export function UnifiedDiff(props: { diff: RevisionDiff }) {
  const d = props.diff;
  if (d.diff === '') return html`<p class="muted small">Revisions ${d.from} and ${d.to} are the same.</p>`;
  const lines = d.diff.replace(/\n$/, '').split('\n');
  return html`<p class="muted small">${d.added} added · ${d.removed} removed</p>
    <pre class="code-block unified-diff" tabindex="0" aria-label=${`Diff from revision ${d.from} to revision ${d.to}`}>${lines.map(
      (line) => html`<span class=${diffLineClass(line)}>${line}</span>`,
    )}</pre>`;
}

function RevisionSelect(props: { id: string; label: string; value: number; latest: number; onChange: (n: number) => void }) {
  const options = Array.from({ length: props.latest }, (_, i) => props.latest - i);
  return html`<label class="field">
    <span class="field-label">${props.label}</span>
    <select id=${props.id} class="input" value=${String(props.value)} onChange=${(e: Event) => props.onChange(Number((e.target as HTMLSelectElement).value))}>
      ${options.map((n) => html`<option value=${String(n)}>revision ${n}</option>`)}
    </select>
  </label>`;
}

/** Shown once a Playbook has two revisions; starts at published → latest, or the two latest. */
export function RevisionCompare(props: { id: string; latest: number; published?: number }) {
  const start = props.published !== undefined && props.published < props.latest ? props.published : props.latest - 1;
  const [from, setFrom] = useState(start);
  const [to, setTo] = useState(props.latest);
  const [state, setState] = useState<{ busy: boolean; diff?: RevisionDiff; error?: unknown }>({ busy: false });
  if (props.latest < 2) return null;
  const compare = async (event: Event) => {
    event.preventDefault();
    setState({ busy: true });
    try {
      setState({ busy: false, diff: await api.revisionDiff(props.id, from, to) });
    } catch (error) {
      setState({ busy: false, error });
    }
  };
  return html`<${Section} label="compare revisions" id="section-revision-diff">
    <form class="revision-compare row gap-s" onSubmit=${compare} aria-label="Compare revisions">
      <${RevisionSelect} id="diff-from" label="from" value=${from} latest=${props.latest} onChange=${setFrom} />
      <${RevisionSelect} id="diff-to" label="to" value=${to} latest=${props.latest} onChange=${setTo} />
      <button type="submit" class="btn" disabled=${state.busy}>show diff</button>
    </form>
    ${state.busy && html`<${Loading} what="diff" />`}
    ${state.error && html`<${ErrorNotice} error=${state.error} title="Could not compare the revisions" />`}
    ${state.diff && html`<${UnifiedDiff} diff=${state.diff} />`}
  <//>`;
}
