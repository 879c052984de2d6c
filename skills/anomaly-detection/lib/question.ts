// How an anomaly reads to a person, and the kbagent.human_in_loop grid that asks them to classify
// each one (src/tools/kbagent/human-in-loop.ts: at most 100 options and 200 rows a question).
import type { Explanation } from './explain';

export const CLASSES = ['expected', 'one-off', 'data error', 'investigate'] as const;
const MAX_ROWS = 200;

const OPTIONS = [
  { value: 'expected', label: 'Expected', detail: 'A known cause: a promotion, a holiday, a price change, a new customer' },
  { value: 'one-off', label: 'One-off', detail: 'Real but not repeating; no action' },
  { value: 'data error', label: 'Data error', detail: 'Wrong or missing source data; fix it at the source' },
  { value: 'investigate', label: 'Investigate', detail: 'Unexplained: someone should look into it' },
];

const amount = (x: number) => x.toLocaleString('en-US', { maximumFractionDigits: 2 });
const share = (s: number | null) => (s === null ? '' : ` ${Math.round(s * 100)} %`);

export type Flagged = { period: string; value: number; expected: number; deviation: number; z: number; explanation: Explanation };

/** "2026-W10: margin 81,200 vs 95,400 expected (-14,200, z -6.1); region=North 96 %, within it category=Beverages 91 %". */
export function headline(measure: string, a: Flagged): string {
  const sign = a.deviation > 0 ? '+' : '';
  let text = `${a.period}: ${measure} ${amount(a.value)} vs ${amount(a.expected)} expected (${sign}${amount(a.deviation)}, z ${a.z.toFixed(1)})`;
  const driver = a.explanation.driver;
  if (driver) {
    text += `; ${driver.dimension}=${driver.member}${share(driver.share)}`;
    const inner = a.explanation.drill_down?.top[0];
    if (inner) text += `, within it ${a.explanation.drill_down!.dimension}=${inner.member}${share(inner.share)}`;
  }
  return text;
}

/** The grid question, ready to pass to kbagent.human_in_loop as it is; null when nothing is flagged. */
export function classificationQuestion(measure: string, zThreshold: number, anomalies: readonly Flagged[]) {
  if (anomalies.length === 0) return null;
  const rows = anomalies.slice(0, MAX_ROWS).map((a) => ({ value: a.period, label: headline(measure, a).slice(0, 500) }));
  return {
    kind: 'grid' as const,
    prompt: `Classify each anomaly of ${measure} (a deviation from its seasonal expectation with a robust z beyond ${zThreshold}): one class per row, and a comment where it helps. The explanation names the members that drove it.`,
    options: OPTIONS,
    rows,
  };
}
