import { html } from '../html';
import { statusTone, type Tone } from '../lib/format';

export function Pill(props: { tone?: Tone; children?: unknown; title?: string }) {
  return html`<span class=${`pill pill-${props.tone ?? 'neutral'}`} title=${props.title}>${props.children}</span>`;
}

/** Status is a dot plus a label (ui.md), coloured by the status family. */
export function StatusDot(props: { status: string; label?: string }) {
  return html`<span class="status"><span class=${`dot dot-${statusTone(props.status)}`} aria-hidden="true"></span>${props.label ?? props.status.replaceAll('_', ' ')}</span>`;
}
