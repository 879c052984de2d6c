import { html } from '../html';

export function EmptyState(props: { title: string; children?: unknown; actions?: unknown }) {
  return html`<div class="card empty">
    <h2 class="empty-title">${props.title}</h2>
    ${props.children && html`<p class="muted">${props.children}</p>`}
    ${props.actions && html`<div class="row gap">${props.actions}</div>`}
  </div>`;
}
