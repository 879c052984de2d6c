import { html } from '../../html';
import type { BudgetView } from '../../api/types';
import { compact, cost, usd } from '../../lib/format';

/** `$spent / $cap · % · tokens` (ui.md screen 4); amber from 80 % of either cap, red at the cap. */
export function BudgetBadge(props: { budget: BudgetView }) {
  const b = props.budget;
  const usdShare = b.max_usd > 0 ? b.spent_usd / b.max_usd : 0;
  const tokenShare = b.max_tokens > 0 ? b.spent_tokens / b.max_tokens : 0;
  const share = Math.max(usdShare, tokenShare);
  const tone = share >= 1 ? 'red' : share >= 0.8 ? 'amber' : 'neutral';
  const percent = usdShare > 0 && usdShare < 0.01 ? '<1%' : `${Math.round(usdShare * 100)}%`;
  const title = `budget: ${cost(b.spent_usd)} of ${usd(b.max_usd)} spent, ${b.spent_tokens.toLocaleString('en')} of ${b.max_tokens.toLocaleString('en')} tokens; on breach: ${b.on_breach.replaceAll('_', ' ')}`;
  return html`<span class=${`pill pill-${tone} budget`} title=${title} aria-label=${title}>
    ${cost(b.spent_usd)} / ${usd(b.max_usd)} · ${percent} · ${compact(b.spent_tokens)} tokens
  </span>`;
}
