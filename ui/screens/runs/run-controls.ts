// Pause, resume and cancel, each enabled only where the API allows it; a refusal (409) is shown.
// An ended run offers "run again" instead (again-dialog.ts).
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { RunDetail } from '../../api/types';
import { canCancel, canPause, canResume } from '../../lib/run-status';
import { canRerun } from '../../lib/run-again';
import { ErrorNotice } from '../../components/notice';
import { AgainDialog } from './again-dialog';

type Action = 'pause' | 'resume' | 'cancel';

export function RunControls(props: { run: RunDetail; onChanged: (run: RunDetail) => void }) {
  const { run } = props;
  const [busy, setBusy] = useState<Action | null>(null);
  const [armed, setArmed] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [again, setAgain] = useState(false);

  const act = async (action: Action) => {
    setBusy(action);
    setError(null);
    try {
      props.onChanged(await api.controlRun(run.id, action));
      setArmed(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  const cancellable = canCancel(run);
  return html`<div class="run-controls">
    <div class="row gap-s">
      ${canRerun(run) && html`<button type="button" class="btn btn-green" onClick=${() => setAgain(true)}>↻ run again</button>`}
      <button type="button" class="btn" disabled=${!canPause(run) || busy !== null} onClick=${() => act('pause')}>${busy === 'pause' ? 'pausing…' : '❚❚ pause'}</button>
      <button type="button" class="btn btn-green" disabled=${!canResume(run) || busy !== null} onClick=${() => act('resume')}>${busy === 'resume' ? 'resuming…' : '▶ resume'}</button>
      ${armed && cancellable
        ? html`<button type="button" class="btn btn-red armed" disabled=${busy !== null} onClick=${() => act('cancel')}>${busy === 'cancel' ? 'cancelling…' : '✕ confirm cancel'}</button>
            <button type="button" class="btn btn-quiet" onClick=${() => setArmed(false)}>keep running</button>`
        : html`<button type="button" class="btn btn-red" disabled=${!cancellable || busy !== null} onClick=${() => setArmed(true)}>✕ cancel</button>`}
    </div>
    ${error !== null && html`<${ErrorNotice} error=${error} title="Not done" />`}
    ${again && html`<${AgainDialog} run=${run} request=${{ mode: 'rerun' }} onClose=${() => setAgain(false)} />`}
  </div>`;
}
