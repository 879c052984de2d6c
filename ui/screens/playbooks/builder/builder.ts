// "Build from a description" (issue 18): the API proposes a Playbook (a model, or the question path
// when none is configured); accepting or saving an edit is the ordinary POST /playbooks.
import { useState } from 'preact/hooks';
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import { ApiError } from '../../../api/client';
import type { BuilderAnswers, BuilderResponse } from '../../../api/types';
import { navigate, Link } from '../../../lib/router';
import { PageHeader } from '../../../components/page-header';
import { ErrorNotice } from '../../../components/notice';
import { YamlForm } from '../../../components/yaml-form';
import { BuilderQuestions } from './questions';
import { BuilderProposal } from './proposal';

type Phase = { kind: 'describe' } | Extract<BuilderResponse, { kind: 'questions' }> | Extract<BuilderResponse, { kind: 'proposal' }> | { kind: 'edit'; yaml: string };

export function PlaybookBuilder() {
  const [description, setDescription] = useState('');
  const [phase, setPhase] = useState<Phase>({ kind: 'describe' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const ask = async (answers?: BuilderAnswers, mode?: 'questions') => {
    setBusy(true);
    setError(null);
    try {
      // A proposal on screen is the draft the next one revises (and is diffed against).
      const previous = phase.kind === 'proposal' ? { previous_yaml: phase.yaml } : {};
      setPhase(await api.proposePlaybook({ description, ...previous, ...(answers ? { answers } : {}), ...(mode ? { mode } : {}) }));
    } catch (e) {
      setError(e);
      // A refused description leaves no earlier proposal on screen to be mistaken for this one;
      // refused answers keep the form, to be corrected.
      if (!answers) setPhase({ kind: 'describe' });
    } finally {
      setBusy(false);
    }
  };
  const create = async (yaml: string) => {
    const created = await api.createPlaybook(yaml);
    navigate(`/playbooks/${created.id}`);
  };
  const accept = async (yaml: string) => {
    setBusy(true);
    setError(null);
    try {
      await create(yaml);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  const submit = (event: Event) => {
    event.preventDefault();
    void ask();
  };
  // A refused proposal lists every reason; nothing was saved.
  const issues = error instanceof ApiError ? error.issues : [];

  return html`
    <${PageHeader}
      title="Build a Playbook"
      eyebrow=${html`<${Link} href="/playbooks">playbooks<//> / <${Link} href="/playbooks/new">new<//> / build`}
      meta="Describe the automation. A configured model proposes a Playbook; without one, a few questions assemble it from the blueprints' steps. Nothing is saved until you accept."
    />
    <form class="fields builder-describe" onSubmit=${submit}>
      <div class="field">
        <label class="field-label" for="builder-description">Describe the automation</label>
        <textarea class="input textarea" id="builder-description" rows="3" value=${description}
          placeholder="Every Monday send the margin by region to #finance" onInput=${(e: Event) => setDescription((e.target as HTMLTextAreaElement).value)}></textarea>
      </div>
      <div class="row gap form-actions">
        <button type="submit" class="btn btn-green" disabled=${busy || description.trim().length < 3}>${busy && phase.kind === 'describe' ? 'proposing…' : 'propose a playbook'}</button>
        <button type="button" class="btn" disabled=${busy || description.trim().length < 3} onClick=${() => void ask(undefined, 'questions')}>answer questions instead</button>
      </div>
    </form>
    ${error && (issues.length > 0
      ? html`<div class="issues" role="alert" aria-label="Refused proposal">
          <h2 class="label label-red">proposal refused · not saved</h2>
          <ul>${issues.map((i) => html`<li class="issue"><code class="issue-path">${i.path}</code><p class="issue-message">${i.message}</p></li>`)}</ul>
        </div>`
      : html`<${ErrorNotice} error=${error} title="No proposal" />`)}
    ${phase.kind === 'questions' && html`<${BuilderQuestions} reason=${phase.reason} questions=${phase.questions} busy=${busy} onAnswer=${(a: BuilderAnswers) => void ask(a)} />`}
    ${phase.kind === 'proposal' && html`<${BuilderProposal} proposal=${phase} busy=${busy}
      onAccept=${() => void accept(phase.yaml)} onEdit=${() => setPhase({ kind: 'edit', yaml: phase.yaml })} onReject=${() => setPhase({ kind: 'describe' })} />`}
    ${phase.kind === 'edit' && html`<${YamlForm} id="builder-yaml" label="playbook yaml" initial=${phase.yaml} submitLabel="✓ create playbook"
      onSubmit=${create} onCancel=${() => setPhase({ kind: 'describe' })} />`}
  `;
}
