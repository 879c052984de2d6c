// A builder proposal: what the builder decided, the YAML and its diff, and accept / edit / reject.
import { html } from '../../../html';
import type { BuilderResponse } from '../../../api/types';
import { CodeBlock } from '../../../components/code-block';

type Proposal = Extract<BuilderResponse, { kind: 'proposal' }>;

export function BuilderProposal(props: { proposal: Proposal; busy: boolean; onAccept: () => void; onEdit: () => void; onReject: () => void }) {
  const { proposal } = props;
  const steps = proposal.spec.sop.steps;
  return html`<section class="builder-proposal" aria-label="Proposed Playbook">
    <h2>${proposal.spec.name}</h2>
    <p class="muted small">
      ${proposal.source === 'model' ? 'Designed by a model' : 'Assembled from the blueprints\u2019 steps'} · ${steps.length} steps · checked as a save is checked; nothing is saved until you accept.
    </p>
    ${proposal.notes.length > 0 && html`<ul class="small">${proposal.notes.map((n) => html`<li>${n}</li>`)}</ul>`}
    <h3 class="label">diff</h3>
    <${CodeBlock} text=${proposal.diff.text} label="Diff of the proposal" />
    <h3 class="label">yaml</h3>
    <${CodeBlock} text=${proposal.yaml} label="Proposed Playbook YAML" />
    <div class="row gap form-actions">
      <button type="button" class="btn btn-green" disabled=${props.busy} onClick=${props.onAccept}>${props.busy ? 'creating…' : '✓ accept: create draft'}</button>
      <button type="button" class="btn" onClick=${props.onEdit}>edit yaml</button>
      <button type="button" class="btn" onClick=${props.onReject}>reject</button>
    </div>
  </section>`;
}
