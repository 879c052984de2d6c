// Draft → published (issue 18): which revision runners and triggers run, and, for the owner and
// admins, a button that publishes the latest revision.
import { useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { PlaybookSummary } from '../../api/types';
import { Pill } from '../../components/pill';
import { ErrorNotice } from '../../components/notice';
import { publishState } from '../../lib/revision-lifecycle';

export function PublishStatus(props: { playbook: Pick<PlaybookSummary, 'revision' | 'published_revision'> }) {
  const state = publishState(props.playbook);
  return html`<span class="publish-status"><${Pill} tone=${state.tone} title=${state.title}>${state.label}<//></span>`;
}

/** Owner or admin: publish the latest revision when it is not the published one. */
export function PublishButton(props: { playbook: PlaybookSummary; onPublished: () => void }) {
  const p = props.playbook;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (p.published_revision === p.revision) return null;
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.publish(p.id, p.revision);
      props.onPublished();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return html`<button type="button" class="btn btn-green" disabled=${busy} onClick=${publish}
      title=${`Runners and triggers will run revision ${p.revision}`}>${busy ? 'publishing…' : `⇪ publish r${p.revision}`}</button>
    ${error && html`<${ErrorNotice} error=${error} title="Could not publish" />`}`;
}
