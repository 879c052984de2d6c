// Changed values between two versions of a payload: path, before (struck) and after.
import { html } from '../../html';
import type { DiffEntry } from '../../lib/json-diff';

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
}

export function DiffView(props: { diff: readonly DiffEntry[]; label: string }) {
  if (props.diff.length === 0) return html`<p class="muted small">No changes.</p>`;
  return html`<div class="table-wrap diff-wrap" tabindex="0" role="region" aria-label=${`${props.label} (scrollable)`}>
    <table class="table diff" aria-label=${props.label}>
      <thead><tr><th scope="col">path</th><th scope="col">before</th><th scope="col">after</th></tr></thead>
      <tbody>
        ${props.diff.map(
          (d) => html`<tr key=${d.path}>
            <td><code>${d.path}</code></td>
            <td class="diff-before"><del>${show(d.before)}</del></td>
            <td class="diff-after"><ins>${show(d.after)}</ins></td>
          </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}
