// The run's taint in a line or two under its header (spec §6): the untrusted sources it has taken
// in, and what follows from them for every later send or write; the full list opens on demand.
import { html } from '../../html';
import { sourceCount, sourcesSummary } from '../../lib/untrusted-sources';
import { SourceList } from '../../components/untrusted';

/** Entries named in the sentence; past them it only counts, so it stays short. */
const INLINE = 3;

export function UntrustedNotice(props: { sources: readonly string[] }) {
  const { sources } = props;
  if (sources.length === 0) return null;
  const count = sourceCount(sources);
  const { text, complete } = sourcesSummary(sources, INLINE);
  return html`<div class="banner banner-guard" role="note" aria-label="Untrusted data">
    <p><strong>⚠ This run has taken in untrusted data from ${count} ${count === 1 ? 'source' : 'sources'}:</strong> ${text}.
      Every send, and every write carrying that data, needs its own approval.</p>
    ${!complete &&
    html`<details class="banner-more"><summary>all ${count} sources</summary><${SourceList} sources=${sources} label="Untrusted sources of this run" /></details>`}
  </div>`;
}
