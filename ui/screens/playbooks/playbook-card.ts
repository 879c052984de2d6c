import { html } from '../../html';
import type { PlaybookListItem } from '../../api/types';
import { Link } from '../../lib/router';
import { ago, idChip } from '../../lib/format';
import { zonedTime } from '../../lib/cron-reading';
import { StatusDot } from '../../components/pill';
import { CardRunStats } from './run-stats';
import { PublishStatus } from './publish-control';

export function sharedWith(allowed: readonly string[]): string {
  return allowed.length === 0 ? 'only the owner' : allowed.join(', ');
}

export function PlaybookCard(props: { playbook: PlaybookListItem }) {
  const p = props.playbook;
  return html`<li class="card card-link-wrap">
    <div class="card-top">
      <span class="id-chip">${idChip(p.id, p.revision)}</span>
      <${StatusDot} status=${p.status} />
      <${PublishStatus} playbook=${p} />
    </div>
    <h2 class="card-title"><${Link} href=${`/playbooks/${p.id}`} class="card-link">${p.name}<//></h2>
    ${p.description && html`<p class="card-desc">${p.description}</p>`}
    <dl class="card-facts">
      <div><dt>owner</dt><dd>${p.created_by}</dd></div>
      <div><dt>shared</dt><dd>${sharedWith(p.allowed_users)}</dd></div>
      <div><dt>updated</dt><dd><time datetime=${p.updated_at}>${ago(p.updated_at)}</time></dd></div>
      ${p.next_run && html`<div class="card-next-run"><dt>next run</dt><dd><time datetime=${p.next_run.at} title=${`${ago(p.next_run.at)} · ${p.next_run.trigger}`}>${zonedTime(p.next_run.at, p.next_run.timezone)}</time></dd></div>`}
      <${CardRunStats} playbookId=${p.id} />
    </dl>
  </li>`;
}
