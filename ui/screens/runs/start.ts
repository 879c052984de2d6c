// "Run with inputs" (ui.md screen 3): a form generated from the Playbook's declared inputs. Pickers
// are filled from the project (use-input-options.ts) with a valid value preselected (preselect.ts).
// The API validates; its 422 issues (`inputs.<name>`) are shown next to their fields, all at once,
// and nothing else on the form changes. Inputs the author
// locked are read-only and never sent unless the user may edit the Playbook (owner or admin); a
// 403 input_locked (the Playbook was locked after this page loaded) is shown and the Playbook
// reloaded, so the form shows what is now fixed. On success the run view opens.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import { ApiError } from '../../api/client';
import type { InputSpec, PlaybookRecord } from '../../api/types';
import { navigate } from '../../lib/router';
import { usd } from '../../lib/format';
import { Loading } from '../../components/notice';
import { Section } from '../../components/section';
import { PlaybookHeader } from '../playbooks/header';
import { PlaybookLoadError } from '../playbooks/load-error';
import { usePlaybook } from '../playbooks/use-playbook';
import { initialDraft } from './input-field';
import { InputFailureNotice } from './input-failure';
import { InputFields } from './input-fields';
import { useInputDrafts } from './use-input-drafts';
import { useRunStart } from './use-run-start';

function StartForm(props: { playbook: PlaybookRecord; onStale: () => void }) {
  const p = props.playbook;
  const specs = p.spec.inputs;
  const fixed = (spec: InputSpec) => spec.locked && !p.can_edit;
  const form = useInputDrafts(p.id, specs, initialDraft, fixed);
  const [objective, setObjective] = useState('');
  const { busy, failure, submit } = useRunStart(
    specs,
    () => api.startRun(p.id, { inputs: form.values(), ...(objective.trim() ? { objective_override: objective.trim() } : {}) }),
    (error) => {
      if (error instanceof ApiError && error.code === 'input_locked') props.onStale();
    },
  );

  return html`<form class="run-form" onSubmit=${submit} noValidate aria-label="Run inputs">
    <${InputFailureNotice} failure=${failure} what="The run did not start" />
    <${Section} label=${specs.length > 0 ? `inputs · ${specs.length}` : 'inputs'}>
      <${InputFields} form=${form} failure=${failure} />
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

/**
 * The Playbook as this user's run will take it: the API gives runners the published revision and
 * its owner and admins the latest (src/playbooks/published.ts), so the form has that one's inputs.
 */
export function RunStart(props: { id: string }) {
  const playbook = usePlaybook(props.id);
  const p = playbook.data;
  if (playbook.error) return html`<${PlaybookLoadError} error=${playbook.error} />`;
  if (!p) return html`<${Loading} what="playbook" />`;
  return html`<${PlaybookHeader} playbook=${p} title=${`Run ${p.name}`} crumb="run" />
    <div class="narrow"><${StartForm} playbook=${p} onStale=${playbook.reload} /></div>`;
}
