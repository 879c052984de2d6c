import { html } from '../../html';
import type { PlaybookRecord } from '../../api/types';
import { Link } from '../../lib/router';
import { ago, dateTime, idChip } from '../../lib/format';
import { Pill, StatusDot } from '../../components/pill';
import { PageHeader } from '../../components/page-header';
import { PublishStatus } from './publish-control';

/** Title block shared by the detail, edit and revision screens. */
export function PlaybookHeader(props: { playbook: PlaybookRecord; title?: string; actions?: unknown; crumb?: string }) {
  const p = props.playbook;
  return html`<${PageHeader}
    title=${props.title ?? p.name}
    eyebrow=${html`<${Link} href="/playbooks">playbooks<//> / <${Link} href=${`/playbooks/${p.id}`} class="id-chip">${idChip(p.id, p.revision)}<//>${props.crumb ? ` / ${props.crumb}` : ''}`}
    meta=${html`<${StatusDot} status=${p.status} /><${PublishStatus} playbook=${p} />
      <span>owner ${p.created_by}</span>
      ${p.source_blueprint && html`<span>from <${Link} href=${`/blueprints/${p.source_blueprint}`}>${p.source_blueprint}<//></span>`}
      <span>updated <time datetime=${p.updated_at} title=${dateTime(p.updated_at)}>${ago(p.updated_at)}</time></span>
      ${!p.can_edit && html`<${Pill} tone="amber" title="Only the owner or an admin may change it">read-only · shared with you<//>`}`}
    actions=${props.actions}
  />`;
}
