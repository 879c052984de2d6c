// The rule set a person chose in the HITL question, with their custom thresholds applied.
import { DEFAULT_RULES, type Condition, type Rule } from '../../../src/er';

/** Unknown ids are an error rather than ignored: a typo must not silently drop a rule. */
export function chosenRules(ids: readonly string[] | undefined, thresholds: Record<string, number> = {}): Rule[] {
  const known = new Map(DEFAULT_RULES.map((r) => [r.id, r]));
  const wanted = ids ?? DEFAULT_RULES.map((r) => r.id);
  const unknown = [...wanted, ...Object.keys(thresholds)].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new Error(`Unknown rule(s) ${unknown.join(', ')}; rules are ${[...known.keys()].join(', ')}`);
  if (wanted.length === 0) throw new Error('Choose at least one rule');
  return wanted.map((id) => {
    const rule = known.get(id)!;
    const threshold = thresholds[id];
    return threshold === undefined ? rule : { ...rule, description: `${rule.description ?? ''} (custom similarity threshold ${threshold})`, when: withThreshold(rule.when, threshold) };
  });
}

/**
 * A custom threshold replaces every Jaro-Winkler threshold in the rule. Token-set (address)
 * overlaps are on another scale and exact or date comparisons have none, so they stay.
 */
function withThreshold(condition: Condition, threshold: number): Condition {
  if ('all' in condition) return { all: condition.all.map((c) => withThreshold(c, threshold)) };
  if ('any' in condition) return { any: condition.any.map((c) => withThreshold(c, threshold)) };
  if ('atLeast' in condition) return { atLeast: condition.atLeast, of: condition.of.map((c) => withThreshold(c, threshold)) };
  return condition.method === 'jaro_winkler' ? { ...condition, threshold } : condition;
}
