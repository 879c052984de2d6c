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
import { ErrorNotice, Loading } from '../../components/notice';
import { Section } from '../../components/section';
import { PlaybookHeader } from '../playbooks/header';
import { useAsync } from '../../lib/use-async';
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
 * The Playbook as this user's run will take it (src/playbooks/published.ts): the latest revision
 * for those who may edit it, the published one for runners — its inputs may differ from a draft's.
 */
function useRunnable(id: string) {
  return useAsync(async (): Promise<PlaybookRecord> => {
    const latest = await api.playbook(id);
    const published = latest.published_revision;
    if (latest.can_edit || published === undefined || published === latest.revision) return latest;
    const revision = await api.revision(id, published);
    return { ...latest, revision: published, spec: revision.spec, yaml: revision.yaml };
  }, [id]);
}

export function RunStart(props: { id: string }) {
  const playbook = useRunnable(props.id);
  const p = playbook.data;
  if (playbook.error) return html`<${ErrorNotice} error=${playbook.error} title="Could not load the Playbook" />`;
  if (!p) return html`<${Loading} what="playbook" />`;
  const unpublished = !p.can_edit && p.published_revision === undefined;
  return html`<${PlaybookHeader} playbook=${p} title=${`Run ${p.name}`} crumb="run" />
    ${unpublished && html`<p class="notice notice-amber" role="note">This Playbook is not published yet: only its owner or an admin can run it until they publish a revision.</p>`}
    <div class="narrow"><${StartForm} playbook=${p} onStale=${playbook.reload} /></div>`;
}
