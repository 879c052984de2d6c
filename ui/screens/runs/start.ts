// "Run with inputs" (ui.md screen 3): a form generated from the Playbook's declared inputs. Pickers
// are filled from the project (use-input-options.ts) with a valid value preselected (preselect.ts).
// The API validates; its 422 issues (`inputs.<name>`) are shown next to their fields, all at once,
// and nothing else on the form changes. Inputs the author
// locked are read-only and never sent unless the user may edit the Playbook (owner or admin); a
// 403 input_locked (the Playbook was locked after this page loaded) is shown and the Playbook
// reloaded, so the form shows what is now fixed. On success the run view opens.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { InputSpec, PlaybookRecord } from '../../api/types';
import { navigate } from '../../lib/router';
import { usd } from '../../lib/format';
import { ErrorNotice, Loading } from '../../components/notice';
import { Section } from '../../components/section';
import { PlaybookHeader } from '../playbooks/header';
import { usePlaybook } from '../playbooks/use-playbook';
import { InputField, initialDraft, inputValue, type Draft } from './input-field';
import { preselect } from './preselect';
import { useInputOptions } from './use-input-options';

type Failure = { fields: Record<string, string>; other: { path: string; message: string }[]; error?: unknown };

function failureOf(error: unknown, names: Set<string>): Failure {
  if (!(error instanceof ApiError) || error.issues.length === 0) return { fields: {}, other: [], error };
  const fields: Record<string, string> = {};
  const other: Failure['other'] = [];
  for (const issue of error.issues) {
    const name = /^inputs\.([^.[\]]+)/.exec(issue.path)?.[1];
    if (name && names.has(name)) fields[name] = fields[name] ? `${fields[name]}; ${issue.message}` : issue.message;
    else other.push(issue);
  }
  return { fields, other };
}

function StartForm(props: { playbook: PlaybookRecord; onStale: () => void }) {
  const p = props.playbook;
  const specs = p.spec.inputs;
  const fixed = (spec: InputSpec) => spec.locked && !p.can_edit;
  const [drafts, setDrafts] = useState<Record<string, Draft>>(() => Object.fromEntries(specs.map((s) => [s.name, initialDraft(s)])));
  const [objective, setObjective] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(null);
  const options = useInputOptions(p.id, specs, drafts, fixed);
  // Why a picker shows something other than the declared default, per input.
  const [notes, setNotes] = useState<Record<string, string | undefined>>({});
  const applied = useRef(new WeakSet<object>());
  useEffect(() => {
    for (const spec of specs) {
      const state = options[spec.name];
      if (state?.status !== 'ready' || applied.current.has(state)) continue;
      applied.current.add(state);
      const change = preselect(spec, drafts[spec.name] ?? '', state);
      if (!change) continue;
      setDrafts((d) => ({ ...d, [spec.name]: change.draft }));
      setNotes((n) => ({ ...n, [spec.name]: change.note }));
    }
  }, [options]);
  const edit = (name: string, value: Draft) => {
    setDrafts((d) => ({ ...d, [name]: value }));
    setNotes((n) => ({ ...n, [name]: undefined }));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setFailure(null);
    const inputs: Record<string, unknown> = {};
    for (const spec of specs) {
      if (fixed(spec)) continue;
      const value = inputValue(spec, drafts[spec.name] ?? '');
      if (value !== undefined) inputs[spec.name] = value;
    }
    try {
      const run = await api.startRun(p.id, { inputs, ...(objective.trim() ? { objective_override: objective.trim() } : {}) });
      navigate(`/runs/${run.id}`);
    } catch (error) {
      const f = failureOf(error, new Set(specs.map((s) => s.name)));
      setFailure(f);
      setBusy(false);
      if (error instanceof ApiError && error.code === 'input_locked') props.onStale();
      const first = specs.find((s) => f.fields[s.name]);
      if (first) document.getElementById(`input-${first.name}`)?.focus();
    }
  };

  const invalid = failure ? Object.keys(failure.fields).length + failure.other.length : 0;
  return html`<form class="run-form" onSubmit=${submit} noValidate aria-label="Run inputs">
    ${failure && invalid > 0 &&
    html`<div class="notice notice-red" role="alert">
      <strong>${invalid} ${invalid === 1 ? 'input needs' : 'inputs need'} attention · the run did not start</strong>
      ${failure.other.map((i) => html`<span><code>${i.path}</code> ${i.message}</span>`)}
    </div>`}
    ${failure?.error !== undefined && html`<${ErrorNotice} error=${failure.error} title="The run did not start" />`}
    <${Section} label=${specs.length > 0 ? `inputs · ${specs.length}` : 'inputs'}>
      ${specs.length === 0
        ? html`<p class="muted small">This Playbook declares no inputs.</p>`
        : html`<div class="fields">
            ${specs.map((spec) => html`<${InputField} key=${spec.name} spec=${spec} value=${fixed(spec) ? initialDraft(spec) : drafts[spec.name]}
              fixed=${fixed(spec)} error=${failure?.fields[spec.name]} note=${notes[spec.name]} options=${options[spec.name]}
              onChange=${(v: Draft) => edit(spec.name, v)} />`)}
          </div>`}
    <//>
    <${Section} label="objective">
      <details class="disclosure">
        <summary>override the goal for this run</summary>
        <div class="field">
          <label class="field-label" for="objective-override">objective override <span class="muted small">(optional)</span></label>
          <textarea id="objective-override" class="input textarea" rows="3" value=${objective} placeholder=${p.spec.sop.goal}
            onInput=${(e: Event) => setObjective((e.currentTarget as HTMLTextAreaElement).value)}></textarea>
        </div>
      </details>
    <//>
    <div class="row gap form-actions">
      <button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'starting…' : '▶ start run'}</button>
      <button type="button" class="btn" onClick=${() => navigate(`/playbooks/${p.id}`)}>cancel</button>
      <span class="muted small">runs revision ${p.revision}; budget ${usd(p.spec.budget.max_usd_per_run)} per run</span>
    </div>
  </form>`;
}

export function RunStart(props: { id: string }) {
  const playbook = usePlaybook(props.id);
  const p = playbook.data;
  if (playbook.error) return html`<${ErrorNotice} error=${playbook.error} title="Could not load the Playbook" />`;
  if (!p) return html`<${Loading} what="playbook" />`;
  return html`<${PlaybookHeader} playbook=${p} title=${`Run ${p.name}`} crumb="run" />
    <div class="narrow"><${StartForm} playbook=${p} onStale=${playbook.reload} /></div>`;
}
