// The files a run is expected to write (sop.artifact_specs): the run page lists them first, as
// its declared outputs, in this order.
import { html } from '../../../html';
import { AreaField, GroupErrors, TextField, numberOrText, valueText } from './fields';
import { setAt, type EditableSpec } from './spec-ops';

type Artifact = { path?: string; description?: string; content_type?: string; max_bytes?: unknown; retention_days?: unknown };
type Props = { spec: EditableSpec; onSpec: (spec: EditableSpec) => void };


export function ArtifactsForm(props: Props) {
  const list = (props.spec.sop.artifact_specs ?? []) as Artifact[];
  const set = (i: number, key: string, value: unknown) => props.onSpec(setAt(props.spec, ['sop', 'artifact_specs', i, key], value));
  const remove = (i: number) => props.onSpec(setAt(props.spec, ['sop', 'artifact_specs'], list.filter((_, j) => j !== i)));
  return html`<div class="se-artifacts">
    <${GroupErrors} k="sop.artifact_specs" />
    ${list.length === 0 && html`<p class="muted small">None declared: the run page lists every file the run writes.</p>`}
    ${list.length > 0 && html`<ol class="se-input-list" aria-label="declared outputs">
      ${list.map((a, i) => {
        const k = `sop.artifact_specs[${i}]`;
        const name = `output ${i + 1}${a.path ? ` (${a.path})` : ''}`;
        return html`<li class="se-input" key=${i} aria-label=${name}>
          <div class="se-grid">
            <${TextField} k=${`${k}.path`} label="path" value=${a.path ?? ''} onChange=${(v: string) => set(i, 'path', v)} hint="in the run's workspace" />
            <${TextField} k=${`${k}.content_type`} label="content type (optional)" value=${a.content_type ?? ''} onChange=${(v: string) => set(i, 'content_type', v || undefined)} />
            <${TextField} k=${`${k}.max_bytes`} label="max bytes" value=${valueText(a.max_bytes)} onChange=${(v: string) => set(i, 'max_bytes', numberOrText(v))} hint="default 50 MB" />
            <${TextField} k=${`${k}.retention_days`} label="kept for (days)" value=${valueText(a.retention_days)} onChange=${(v: string) => set(i, 'retention_days', numberOrText(v))} hint="default 30" />
          </div>
          <${AreaField} k=${`${k}.description`} label="description (optional)" rows=${2} value=${a.description ?? ''} onChange=${(v: string) => set(i, 'description', v || undefined)} />
          <button type="button" class="btn btn-xs" aria-label=${`remove ${name}`} onClick=${() => remove(i)}>✕ remove</button>
        </li>`;
      })}
    </ol>`}
    <button type="button" class="btn" onClick=${() => props.onSpec(setAt(props.spec, ['sop', 'artifact_specs'], [...list, { path: '' }]))}>+ add output</button>
  </div>`;
}
