// A budget approval (spec §6 "pause_for_approval"): the raise asked for and each cap, now → new.
import { html } from '../../html';
import type { BudgetView } from '../../api/types';
import { cost, count, duration, usd } from '../../lib/format';

const CAPS: { key: string; label: string; current: (b: BudgetView) => number; show: (n: number) => string }[] = [
  { key: 'max_usd_per_run', label: 'cost cap', current: (b) => b.max_usd, show: (n) => usd(n) },
  { key: 'max_tokens_per_run', label: 'token cap', current: (b) => b.max_tokens, show: (n) => count(n) },
  { key: 'max_wall_clock_seconds', label: 'wall-clock cap', current: (b) => b.max_wall_clock_seconds, show: (n) => duration(Math.round(n)) },
];

export function BudgetRaise(props: { payload: Record<string, unknown>; budget: BudgetView }) {
  const raise = typeof props.payload.raise_percent === 'number' ? props.payload.raise_percent : undefined;
  const caps = (props.payload.new_budget ?? {}) as Record<string, unknown>;
  const b = props.budget;
  return html`<div class="budget-raise">
    <p class="budget-raise-head">raise by <strong>${raise === undefined ? '?' : `${raise}%`}</strong>
      <span class="muted small">· spent so far ${cost(b.spent_usd)} and ${count(b.spent_tokens)} tokens</span></p>
    <div class="table-wrap" tabindex="0" role="region" aria-label="New budget caps (scrollable)">
      <table class="table" aria-label="New budget caps">
        <thead><tr><th scope="col">cap</th><th scope="col" class="num">now</th><th scope="col" class="num">after approval</th></tr></thead>
        <tbody>
          ${CAPS.filter((c) => typeof caps[c.key] === 'number').map(
            (c) => html`<tr key=${c.key}><td>${c.label}</td><td class="num">${c.show(c.current(b))}</td><td class="num"><strong>${c.show(caps[c.key] as number)}</strong></td></tr>`,
          )}
        </tbody>
      </table>
    </div>
  </div>`;
}
