import { html } from '../html';
import { Link } from '../lib/router';
import { EmptyState } from '../components/empty-state';
import { PageHeader } from '../components/page-header';

/** Every screen has one h1 (screen readers navigate by it), a missing one too. */
export function NotFound(props: { path: string }) {
  return html`<${PageHeader} title="Page Not Found" />
    <${EmptyState} title="Nothing here" actions=${html`<${Link} href="/playbooks" class="btn">← playbooks<//>`}>
      Nothing lives at <code>${props.path}</code>.
    <//>`;
}
