import { html } from '../html';

/** Screen title (Title Case, 24-30 px) with an optional line above, meta below and actions on the right. */
export function PageHeader(props: { title: string; eyebrow?: unknown; meta?: unknown; actions?: unknown }) {
  return html`<header class="page-header">
    <div class="page-header-text">
      ${props.eyebrow && html`<div class="eyebrow">${props.eyebrow}</div>`}
      <h1 class="title">${props.title}</h1>
      ${props.meta && html`<div class="meta">${props.meta}</div>`}
    </div>
    ${props.actions && html`<div class="actions">${props.actions}</div>`}
  </header>`;
}
