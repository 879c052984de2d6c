// Draft → published (issue 18): which revision runners and triggers run, and, for the owner and
// admins, publishing: the latest revision from the page header, any revision from the revisions list
// (an older one rolls back, so it asks first).
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { PlaybookSummary, PublishedPlaybook } from '../../api/types';
import { Pill } from '../../components/pill';
import { ErrorNotice } from '../../components/notice';
import { publishState } from '../../lib/revision-lifecycle';

/** Told the publish result: its new published revision, and the secrets of hook triggers it registered (shown once). */
export type OnPublished = (result: PublishedPlaybook) => void;

export function PublishStatus(props: { playbook: Pick<PlaybookSummary, 'revision' | 'published_revision'> }) {
  const state = publishState(props.playbook);
  return html`<span class="publish-status"><${Pill} tone=${state.tone} title=${state.title}>${state.label}<//></span>`;
}

function usePublish(id: string, revision: number, onPublished: OnPublished) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const publish = async () => {
    setBusy(true);
    setError(null);
    try {
      onPublished(await api.publish(id, revision));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, publish };
}

/** Owner or admin: publish the latest revision when it is not the published one. */
export function PublishButton(props: { playbook: PlaybookSummary; onPublished: OnPublished }) {
  const p = props.playbook;
  const { busy, error, publish } = usePublish(p.id, p.revision, props.onPublished);
  if (p.published_revision === p.revision) return null;
  return html`<button type="button" class="btn btn-green" disabled=${busy} onClick=${publish}
      title=${`Runners and triggers will run revision ${p.revision}`}>${busy ? 'publishing…' : `⇪ publish r${p.revision}`}</button>
    ${error && html`<${ErrorNotice} error=${error} title="Could not publish" />`}`;
}

/**
 * Owner or admin, in the revisions list: publish this revision. Going back to a revision older
 * than the published one takes a newer one away from runners and triggers, so that asks first.
 */
export function PublishRevision(props: { id: string; revision: number; published?: number; onPublished: OnPublished }) {
  const { id, revision, published } = props;
  const [armed, setArmed] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (armed) confirm.current?.focus();
  }, [armed]);
  const { busy, error, publish } = usePublish(id, revision, props.onPublished);
  const rollback = published !== undefined && revision < published;
  const label = `publish revision ${revision}`;
  const failed = error && html`<${ErrorNotice} error=${error} title="Could not publish" />`;
  if (!armed || !rollback) {
    return html`<button type="button" class="btn btn-xs" disabled=${busy} aria-label=${label} onClick=${rollback ? () => setArmed(true) : publish}
        title=${`Runners and triggers will run revision ${revision}`}>${busy ? 'publishing…' : '⇪ publish'}</button>${failed}`;
  }
  return html`<span class="confirm-group" role="group" aria-label=${`roll back to revision ${revision}?`} onKeyDown=${(e: KeyboardEvent) => e.key === 'Escape' && setArmed(false)}>
    <span class="small">Runners and triggers go back from r${published} to r${revision}.</span>
    <button type="button" class="btn btn-xs btn-green armed" ref=${confirm} disabled=${busy} onClick=${publish}>${busy ? 'publishing…' : `⇪ confirm roll back to r${revision}`}</button>
    <button type="button" class="btn btn-quiet btn-xs" onClick=${() => setArmed(false)}>cancel</button>
    ${failed}
  </span>`;
}
