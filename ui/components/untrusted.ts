// Where untrusted data came from (spec §6), in words: a list for sections and notices, and a small
// marker for rows (a tool call, a workspace file) with the sources in its title.
import { html } from '../html';
import { describeSource, sourcesText } from '../lib/untrusted-sources';

/** One line per source; each keeps the API's own label in its title (the full call id, say). */
export function SourceList(props: { sources: readonly string[]; label: string }) {
  return html`<ul class="source-list" aria-label=${props.label}>
    ${props.sources.map((source) => html`<li key=${source} title=${source}>${describeSource(source)}</li>`)}
  </ul>`;
}

/**
 * "⚠ untrusted" in text, not colour alone; `what` says what derives from the sources. `compact`
 * (a narrow tree) shows only the sign and keeps the word for screen readers.
 */
export function UntrustedMark(props: { sources: readonly string[]; what: string; compact?: boolean }) {
  const title = `${props.what} derives from untrusted data: ${sourcesText(props.sources)}`;
  return props.compact
    ? html`<span class="untrusted-mark untrusted-mark-compact" title=${title}>⚠<span class="visually-hidden"> untrusted</span></span>`
    : html`<span class="untrusted-mark" title=${title}>⚠ untrusted</span>`;
}
