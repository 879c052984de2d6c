// Playbooks library (ui.md screen 1): the Playbooks visible to you, as a card grid.
import { html } from '../../html';
import { api } from '../../api/endpoints';
import type { User } from '../../api/types';
import { Link } from '../../lib/router';
import { useAsync } from '../../lib/use-async';
import { canAuthor } from '../../lib/roles';
import { EmptyState } from '../../components/empty-state';
import { ErrorNotice, Loading } from '../../components/notice';
import { PageHeader } from '../../components/page-header';
import { PlaybookCard } from './playbook-card';

export function PlaybooksLibrary(props: { user: User }) {
  const playbooks = useAsync(() => api.playbooks(), []);
  const author = canAuthor(props.user);
  const list = playbooks.data;
  return html`
    <${PageHeader}
      title="Playbooks"
      eyebrow="process automation"
      meta=${list ? `${list.length} visible to you` : undefined}
      actions=${author && html`<${Link} href="/playbooks/new" class="btn btn-green">+ new playbook<//>`}
    />
    ${playbooks.error && html`<${ErrorNotice} error=${playbooks.error} title="Could not load Playbooks" />`}
    ${playbooks.loading && !list && html`<${Loading} what="playbooks" />`}
    ${list && list.length === 0 &&
    (author
      ? html`<${EmptyState}
          title="No Playbooks yet"
          actions=${html`<${Link} href="/blueprints" class="btn btn-green">◇ start from a blueprint<//>
            <${Link} href="/playbooks/new" class="btn">+ start from scratch<//>`}
        >
          A Playbook is a goal, ordered steps, the tools it may use, a budget and an approval policy.
        <//>`
      : html`<${EmptyState} title="Nothing shared with you yet">
          Playbooks appear here when an author shares one with you or your group.
        <//>`)}
    ${list && list.length > 0 && html`<ul class="grid" aria-label="Playbooks">${list.map((p) => html`<${PlaybookCard} key=${p.id} playbook=${p} />`)}</ul>`}
  `;
}
