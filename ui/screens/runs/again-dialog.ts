// Run again, retry from a step, fork at a step (issue 13): a modal with the original run's inputs
// to change (the run form's fields), for run again the revision (the one it ran, or the Playbook
// as it is now), and one line on what the new run will do. A refusal (422 per field, 409) stays on
// the form; on success the new run opens.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { InputSpec, PlaybookRecord, PlaybookRevision, Run, RunDetail, StepView } from '../../api/types';
import { useAsync } from '../../lib/use-async';
import { Modal } from '../../components/modal';
import { ErrorNotice, Loading } from '../../components/notice';
import { Section } from '../../components/section';
import { initialDraft } from './input-field';
import { InputFailureNotice } from './input-failure';
import { InputFields } from './input-fields';
import { useInputDrafts } from './use-input-drafts';
import { useRunStart } from './use-run-start';

export type AgainRequest = { mode: 'rerun' } | { mode: 'retry' | 'fork'; step: StepView };
type Revision = 'pinned' | 'current';

const SUBMIT: Record<AgainRequest['mode'], string> = { rerun: '▶ run again', retry: '↻ retry from here', fork: '⎇ fork' };

function title(run: RunDetail, request: AgainRequest): string {
  if (request.mode === 'rerun') return `Run again · Job #${run.number}`;
  const at = `step ${request.step.index + 1} · ${request.step.title}`;
  return request.mode === 'retry' ? `Retry from ${at}` : `Fork at ${at}`;
}

function explanation(run: RunDetail, request: AgainRequest): string {
  const job = `Job #${run.number}`;
  if (request.mode === 'rerun') return `A new run of ${run.playbook_name} from the start, with ${job}'s inputs; change any below.`;
  if (request.mode === 'retry') return `A new run starts at this step, for real; the steps before it keep what ${job} recorded.`;
  return `A new run starts at this step: its reads are served from ${job}'s record, and nothing is written or sent until a person approves it as new.`;
}

function send(run: RunDetail, request: AgainRequest, inputs: Record<string, unknown>, revision: Revision): Promise<Run> {
  if (request.mode === 'rerun') return api.rerun(run.id, { inputs, revision });
  const body = { from_step: request.step.id, inputs };
  return request.mode === 'retry' ? api.retry(run.id, body) : api.fork(run.id, body);
}

type Loaded = { playbook: PlaybookRecord; pinned: PlaybookRevision };

function AgainForm(props: { run: RunDetail; request: AgainRequest; loaded: Loaded; revision: Revision; onRevision: (r: Revision) => void; onClose: () => void }) {
  const { run, request, loaded, revision } = props;
  const specs = revision === 'current' ? loaded.playbook.spec.inputs : loaded.pinned.spec.inputs;
  const fixed = (spec: InputSpec) => spec.locked && !loaded.playbook.can_edit;
  // The original's values, not the declared defaults; an empty field is sent as null ("the default").
  const form = useInputDrafts(run.playbook_id, specs, (spec) => initialDraft({ ...spec, default: run.inputs[spec.name] ?? spec.default }), fixed);
  const { busy, failure, submit } = useRunStart(specs, async () => {
    const next = await send(run, request, form.values(null), revision);
    props.onClose();
    return next;
  });

  const current = loaded.playbook.revision;
  return html`<form class="modal-frame" onSubmit=${submit} noValidate>
    <header class="modal-head">
      <h2 class="modal-title" id="again-title">${title(run, request)}</h2>
      <p class="small" id="again-what">${explanation(run, request)}</p>
    </header>
    <div class="modal-body">
      <${InputFailureNotice} failure=${failure} what="The new run did not start" />
      ${request.mode === 'rerun' &&
      html`<fieldset class="again-revision">
        <legend class="label">revision</legend>
        <label class="check"><input type="radio" name="again-revision" value="pinned" checked=${revision === 'pinned'} onChange=${() => props.onRevision('pinned')} />
          revision ${run.revision}, as Job #${run.number} ran it</label>
        <label class="check"><input type="radio" name="again-revision" value="current" checked=${revision === 'current'} onChange=${() => props.onRevision('current')} />
          revision ${current}, the Playbook as it is now${current === run.revision ? ' (the same)' : ''}</label>
      </fieldset>`}
      <${Section} label=${`inputs · ${specs.length}`}><${InputFields} form=${form} failure=${failure} /><//>
    </div>
    <footer class="modal-foot">
      <div class="row gap-s modal-actions">
        <button type="button" class="btn" onClick=${props.onClose}>cancel</button>
        <span class="spacer"></span>
        <button type="submit" class="btn btn-green" disabled=${busy}>${busy ? 'starting…' : SUBMIT[request.mode]}</button>
      </div>
    </footer>
  </form>`;
}

export function AgainDialog(props: { run: RunDetail; request: AgainRequest; onClose: () => void }) {
  const { run } = props;
  const loaded = useAsync(
    async (): Promise<Loaded> => {
      const [playbook, pinned] = await Promise.all([api.playbook(run.playbook_id), api.revision(run.playbook_id, run.revision)]);
      return { playbook, pinned };
    },
    [run.playbook_id, run.revision],
  );
  const [revision, setRevision] = useState<Revision>('pinned');
  const shownRevision = revision === 'current' ? loaded.data?.playbook.revision : run.revision;
  return html`<${Modal} labelledBy="again-title" describedBy="again-what" class="again-modal" onClose=${props.onClose}>
    ${loaded.data
      ? // A different revision may declare other inputs: its fields start again from the original's values.
        html`<${AgainForm} key=${shownRevision} run=${run} request=${props.request} loaded=${loaded.data} revision=${revision} onRevision=${setRevision} onClose=${props.onClose} />`
      : html`<div class="modal-body">
          <h2 class="modal-title" id="again-title">${title(run, props.request)}</h2>
          ${loaded.error ? html`<${ErrorNotice} error=${loaded.error} title="Could not load the Playbook's inputs" />` : html`<${Loading} what="inputs" />`}
          <div class="row"><button type="button" class="btn" onClick=${props.onClose}>close</button></div>
        </div>`}
  <//>`;
}
