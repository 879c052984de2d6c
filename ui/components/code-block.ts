import { html } from '../html';

/** Preformatted text (YAML, payloads) that scrolls instead of stretching the page. */
export function CodeBlock(props: { text: string; label: string }) {
  return html`<pre class="code" tabindex="0" aria-label=${props.label}><code>${props.text}</code></pre>`;
}
