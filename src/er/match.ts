// Rules → an in-memory matcher over prepared records. Similarities are computed at most once
// per pair (several rules read the same name comparison), and conditions short-circuit.
import { datesAgree, numbersAgree, prefixAgrees, tokenSetSimilarity, withinOneEdit } from './compare';
import { jaroWinkler } from './jaro-winkler';
import { MATCH_FIELDS, MATCH_INDEX, type PreparedRecord } from './prepare';
import { RuleError, type Comparison, type Condition, type Rule } from './rules';

export type Matcher = {
  readonly rules: readonly Rule[];
  /** Bit r is set when rules[r] holds for the pair; 0 when none does. */
  match(a: PreparedRecord, b: PreparedRecord): number;
};

/** A bit mask per pair keeps stored matches small; 30 rules is far more than anyone selects. */
export const MAX_RULES = 30;

type Test = (a: string[], b: string[]) => boolean;

export function compileMatcher(rules: readonly Rule[]): Matcher {
  validateRules(rules);
  // Numeric similarities (Jaro-Winkler, token set) shared between comparisons that differ only
  // in threshold live in per-pair slots; `generation` invalidates them without clearing.
  const slots = new Map<string, number>();
  /** Per Jaro-Winkler slot, the lowest threshold compared with it: scores below it need not be exact. */
  const floors: number[] = [];
  let values = new Float64Array(0);
  let seen = new Int32Array(0);
  let generation = 0;

  const slotFor = (key: string): number => {
    let slot = slots.get(key);
    if (slot === undefined) {
      slot = slots.size;
      slots.set(key, slot);
    }
    return slot;
  };

  const comparison = (c: Comparison): Test => {
    const left = MATCH_INDEX[c.field];
    if (c.method === 'present') {
      switch (c.side) {
        case 'left': return (a) => a[left] !== '';
        case 'right': return (_, b) => b[left] !== '';
        case 'either': return (a, b) => a[left] !== '' || b[left] !== '';
        case 'not_both': return (a, b) => a[left] === '' || b[left] === '';
        default: return (a, b) => a[left] !== '' && b[left] !== '';
      }
    }
    const right = MATCH_INDEX[c.against ?? c.field];
    switch (c.method) {
      case 'exact':
        return (a, b) => {
          const x = a[left]!;
          return x !== '' && x === b[right];
        };
      case 'jaro_winkler':
      case 'token_set': {
        const slot = slotFor(`${c.method}:${left}:${right}`);
        const threshold = c.threshold;
        floors[slot] = Math.min(floors[slot] ?? 1, threshold);
        const similarity = c.method === 'jaro_winkler' ? (x: string, y: string) => jaroWinkler(x, y, floors[slot]) : tokenSetSimilarity;
        return (a, b) => {
          const x = a[left]!;
          const y = b[right]!;
          if (x === '' || y === '') return false;
          if (seen[slot] !== generation) {
            seen[slot] = generation;
            values[slot] = similarity(x, y);
          }
          return values[slot]! >= threshold;
        };
      }
      case 'date':
        return (a, b) => datesAgree(a[left]!, b[right]!, c);
      case 'numeric':
        return (a, b) => numbersAgree(a[left]!, b[right]!, c.maxDiff);
      case 'prefix':
        return (a, b) => prefixAgrees(a[left]!, b[right]!, c.minLength);
      case 'edit_distance':
        return (a, b) => withinOneEdit(a[left]!, b[right]!);
    }
  };

  const condition = (c: Condition): Test => {
    if ('all' in c) {
      const parts = cheapestFirst(c.all).map(condition);
      return (a, b) => {
        for (let i = 0; i < parts.length; i++) if (!parts[i]!(a, b)) return false;
        return true;
      };
    }
    if ('any' in c) {
      const parts = cheapestFirst(c.any).map(condition);
      return (a, b) => {
        for (let i = 0; i < parts.length; i++) if (parts[i]!(a, b)) return true;
        return false;
      };
    }
    if ('atLeast' in c) {
      const parts = cheapestFirst(c.of).map(condition);
      const need = c.atLeast;
      return (a, b) => {
        let agreed = 0;
        for (let i = 0; i < parts.length; i++) {
          if (parts[i]!(a, b) && ++agreed >= need) return true;
          // Stop once the remaining parts cannot reach the count.
          if (agreed + (parts.length - 1 - i) < need) return false;
        }
        return false;
      };
    }
    return comparison(c);
  };

  const tests = rules.map((r): Test => {
    const when = condition(r.when);
    if (!r.unless) return when;
    const unless = condition(r.unless);
    return (a, b) => when(a, b) && !unless(a, b);
  });
  values = new Float64Array(slots.size);
  seen = new Int32Array(slots.size).fill(-1);

  return {
    rules,
    match(a, b) {
      generation++;
      let mask = 0;
      for (let r = 0; r < tests.length; r++) if (tests[r]!(a.match, b.match)) mask |= 1 << r;
      return mask;
    },
  };
}

/**
 * Rough cost of evaluating a condition, in units of an equality test: string similarities scan
 * both strings, token sets split them. Only used to order the parts of all / any / atLeast.
 */
const METHOD_COST: Record<Comparison['method'], number> = { present: 1, exact: 1, date: 2, numeric: 3, prefix: 3, edit_distance: 3, jaro_winkler: 10, token_set: 15 };

function cost(c: Condition): number {
  if ('all' in c) return c.all.reduce((sum, part) => sum + cost(part), 0);
  if ('any' in c) return c.any.reduce((sum, part) => sum + cost(part), 0);
  if ('atLeast' in c) return c.of.reduce((sum, part) => sum + cost(part), 0);
  return METHOD_COST[c.method];
}

/**
 * The parts of a condition, cheap ones first (stable otherwise). Every test is a pure function of
 * the pair, so all / any / atLeast give the same answer in any order; evaluated cheapest first,
 * a pair that fails on an equality (a different date of birth, street number or postcode) is
 * decided before any Jaro-Winkler score is computed.
 */
function cheapestFirst(parts: readonly Condition[]): Condition[] {
  return parts.map((part, i) => ({ part, i, cost: cost(part) })).sort((a, b) => a.cost - b.cost || a.i - b.i).map((p) => p.part);
}

export function validateRules(rules: readonly Rule[]): void {
  if (rules.length === 0) throw new RuleError('at least one rule is needed');
  if (rules.length > MAX_RULES) throw new RuleError(`at most ${MAX_RULES} rules can be combined, got ${rules.length}`);
  const ids = new Set<string>();
  for (const rule of rules) {
    if (ids.has(rule.id)) throw new RuleError(`rule id "${rule.id}" is used twice`, rule);
    ids.add(rule.id);
    checkCondition(rule.when, rule);
    if (rule.unless) checkCondition(rule.unless, rule);
  }
}

function checkCondition(c: Condition, rule: Rule): void {
  if ('all' in c || 'any' in c) {
    const parts = 'all' in c ? c.all : c.any;
    if (parts.length === 0) throw new RuleError(`rule "${rule.id}" has an empty all/any`, rule);
    parts.forEach((p) => checkCondition(p, rule));
    return;
  }
  if ('atLeast' in c) {
    if (!Number.isInteger(c.atLeast) || c.atLeast < 1 || c.atLeast > c.of.length) throw new RuleError(`rule "${rule.id}": atLeast ${c.atLeast} of ${c.of.length} conditions is impossible`, rule);
    c.of.forEach((p) => checkCondition(p, rule));
    return;
  }
  for (const field of [c.field, ('against' in c ? c.against : undefined) ?? c.field]) {
    if (!(MATCH_FIELDS as readonly string[]).includes(field)) throw new RuleError(`rule "${rule.id}" compares unknown field "${field}"`, rule);
  }
  if (c.method === 'present') {
    if (!['left', 'right', 'both', 'either', 'not_both'].includes(c.side)) throw new RuleError(`rule "${rule.id}": present needs side left, right, both, either or not_both`, rule);
    return;
  }
  if ((c.method === 'jaro_winkler' || c.method === 'token_set') && !(c.threshold >= 0 && c.threshold <= 1)) {
    throw new RuleError(`rule "${rule.id}": ${c.method} threshold must be between 0 and 1, got ${c.threshold}`, rule);
  }
  if (c.method === 'date' && [c.maxDays, c.maxDigitDiffs].some((n) => n !== undefined && !(Number.isInteger(n) && n >= 0))) {
    throw new RuleError(`rule "${rule.id}": date tolerances must be non-negative integers`, rule);
  }
  if (c.method === 'numeric' && !(c.maxDiff >= 0)) throw new RuleError(`rule "${rule.id}": numeric maxDiff must be ≥ 0`, rule);
  if (c.method === 'prefix' && !(Number.isInteger(c.minLength) && c.minLength >= 1)) throw new RuleError(`rule "${rule.id}": prefix minLength must be a positive integer`, rule);
  if (c.method === 'edit_distance' && c.max !== 1) throw new RuleError(`rule "${rule.id}": edit_distance supports max 1`, rule);
  if (!['exact', 'jaro_winkler', 'token_set', 'date', 'numeric', 'prefix', 'edit_distance'].includes(c.method)) throw new RuleError(`rule "${rule.id}": unknown method "${(c as { method: string }).method}"`, rule);
}
