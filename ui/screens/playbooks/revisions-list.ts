import { html } from '../../html';
import { api } from '../../api/endpoints';
import { Link } from '../../lib/router';
import { ago, dateTime } from '../../lib/format';
import { useAsync } from '../../lib/use-async';
import { ErrorNotice, Loading } from '../../components/notice';
import { Section } from '../../components/section';
import { PublishRevision, type OnPublished } from './publish-control';

/**
 * Revision history, newest first; each opens that revision's YAML. With `onPublished` (the owner
 * or an admin) every revision but the published one can be published from here.
 */
export function RevisionsList(props: { id: string; current: number; viewing?: number; published?: number; onPublished?: OnPublished }) {
  const revisions = useAsync(() => api.revisions(props.id), [props.id, props.current]);
  const list = revisions.data ? [...revisions.data].reverse() : undefined;
  return html`<${Section} label=${`revisions${list ? ` · ${list.length}` : ''}`}>
    ${revisions.error && html`<${ErrorNotice} error=${revisions.error} title="Could not load revisions" />`}
    ${!list && !revisions.error && html`<${Loading} what="revisions" />`}
    ${list &&
    html`<ol class="revisions" aria-label="Revisions">
      ${list.map((r) => {
        const viewing = r.revision === props.viewing;
        return html`<li class=${viewing ? 'revision viewing' : 'revision'}>
          <${Link} href=${`/playbooks/${props.id}/revisions/${r.revision}`} aria-current=${viewing ? 'page' : undefined}>revision ${r.revision}<//>
          ${r.revision === props.current &&
          (r.revision === props.published
            ? html`<span class="pill pill-green">current</span>`
            : html`<span class="pill pill-amber" title="The latest revision; runners and triggers do not run it until it is published">latest · draft</span>`)}
          ${r.revision === props.published && html`<span class="pill pill-green" title="Runners and triggers run this revision">published</span>`}
          ${props.onPublished && r.revision !== props.published &&
          html`<${PublishRevision} id=${props.id} revision=${r.revision} published=${props.published} onPublished=${props.onPublished} />`}
          <div class="muted small">${r.created_by} · <time datetime=${r.created_at} title=${dateTime(r.created_at)}>${ago(r.created_at)}</time></div>
        </li>`;
      })}
    </ol>`}
  <//>`;
}
