import { html } from '../html';

/** An ALL-CAPS 10 px section label (ui.md type scale) over its content. */
export function Section(props: { label: string; children?: unknown; actions?: unknown; id?: string }) {
  const headingId = props.id ?? `section-${props.label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return html`<section class="section" aria-labelledby=${headingId}>
    <div class="section-head">
      <h2 class="label" id=${headingId}>${props.label}</h2>
      ${props.actions}
    </div>
    ${props.children}
  </section>`;
}
