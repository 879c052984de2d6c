import { html } from '../html';
import { reflow } from '../lib/reflow';

/** Prose from a document (instructions, problems) as paragraphs that wrap with the column. */
export function FlowedText(props: { text: string; class?: string }) {
  const blocks = reflow(props.text);
  return html`<div class=${`flowed ${props.class ?? ''}`}>${blocks.map((b) => html`<p class=${/^\s*(\d+[.)]|[-*•])\s/.test(b) ? 'flowed-item' : undefined}>${b}</p>`)}</div>`;
}
