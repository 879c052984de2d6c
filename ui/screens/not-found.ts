import { html } from '../html';
import { Link } from '../lib/router';
import { EmptyState } from '../components/empty-state';

export function NotFound(props: { path: string }) {
  return html`<${EmptyState} title="Page Not Found" actions=${html`<${Link} href="/playbooks" class="btn">← playbooks<//>`}>
    Nothing lives at <code>${props.path}</code>.
  <//>`;
}
