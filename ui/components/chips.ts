import { html } from '../html';

/** A read-only list of short names (connections, skills, tools, systems). */
export function ChipList(props: { items: readonly string[]; empty?: string; label?: string }) {
  if (props.items.length === 0) return html`<p class="muted small">${props.empty ?? 'none'}</p>`;
  return html`<ul class="chips" aria-label=${props.label}>${props.items.map((item) => html`<li class="chip-static">${item}</li>`)}</ul>`;
}
