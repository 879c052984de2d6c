// The rule set a person chose in the HITL question, with their custom thresholds applied. In the
// engine, not the skill: the resolve step's pushdown tool compiles the same rules to warehouse SQL.
import { DEFAULT_RULES, type Condition, type Rule } from './rules';

/** The option propose_rules adds to its question for "my own thresholds" (not a rule). */
export const CUSTOM_THRESHOLDS = 'custom_thresholds';

/**
 * A person's answer to the rules question → rule ids and thresholds. With "custom_thresholds"
 * chosen, the thresholds come from the text they wrote with the answer ("name_company=0.95").
 */
export function rulesFromAnswer(ids: readonly string[] | undefined, thresholds: Record<string, number> = {}, text = ''): { rules: string[] | undefined; thresholds: Record<string, number> } {
  if (!ids?.includes(CUSTOM_THRESHOLDS)) return { rules: ids ? [...ids] : undefined, thresholds };
  const written = Object.fromEntries([...text.matchAll(/([a-z][a-z0-9_]*)\s*[=:]\s*(\d*\.?\d+)/gi)].map((m) => [m[1]!.toLowerCase(), Number(m[2])]));
  const all = { ...thresholds, ...written };
  if (Object.keys(all).length === 0) {
    throw new Error('"Custom thresholds" was chosen but no thresholds were given; write them with the answer as rule=threshold, e.g. "name_company=0.95"');
  }
  const bad = Object.entries(all).filter(([, t]) => !(t >= 0.5 && t <= 1));
  if (bad.length > 0) throw new Error(`Thresholds must be between 0.5 and 1: ${bad.map(([id, t]) => `${id}=${t}`).join(', ')}`);
  const rules = ids.filter((id) => id !== CUSTOM_THRESHOLDS);
  // Thresholds for rules not ticked select those rules too: naming a threshold is choosing the rule.
  for (const id of Object.keys(all)) if (!rules.includes(id)) rules.push(id);
  return { rules, thresholds: all };
}

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
