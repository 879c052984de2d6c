// How far inside a rule a matched pair lies: 0 on the rule's threshold, up to 1 for a decisive
// match. The rules question shows pairs near the threshold first (issue 16), because those are
// the ones a person's judgement changes; a pair far inside says little about where the rule errs.
import { datesAgree, numbersAgree, prefixAgrees, tokenSetSimilarity, withinOneEdit } from './compare';
import { jaroWinkler } from './jaro-winkler';
import { MATCH_INDEX, type PreparedRecord } from './prepare';
import type { Comparison, Condition, Rule } from './rules';

const binary = (holds: boolean) => (holds ? 1 : -1);

function comparisonMargin(c: Comparison, a: string[], b: string[]): number {
  const x = a[MATCH_INDEX[c.field]]!;
  if (c.method === 'present') {
    const y = b[MATCH_INDEX[c.field]]!;
    switch (c.side) {
      case 'left': return binary(x !== '');
      case 'right': return binary(y !== '');
      case 'either': return binary(x !== '' || y !== '');
      case 'not_both': return binary(x === '' || y === '');
      default: return binary(x !== '' && y !== '');
    }
  }
  const y = b[MATCH_INDEX[c.against ?? c.field]]!;
  switch (c.method) {
    case 'exact': return binary(x !== '' && x === y);
    case 'jaro_winkler':
    case 'token_set':
      if (x === '' || y === '') return -1;
      return (c.method === 'jaro_winkler' ? jaroWinkler(x, y) : tokenSetSimilarity(x, y)) - c.threshold;
    case 'date': return binary(datesAgree(x, y, c));
    case 'numeric': return binary(numbersAgree(x, y, c.maxDiff));
    case 'prefix': return binary(prefixAgrees(x, y, c.minLength));
    case 'edit_distance': return binary(withinOneEdit(x, y));
  }
}

function conditionMargin(c: Condition, a: string[], b: string[]): number {
  if ('all' in c) return Math.min(...c.all.map((p) => conditionMargin(p, a, b)));
  if ('any' in c) return Math.max(...c.any.map((p) => conditionMargin(p, a, b)));
  if ('atLeast' in c) {
    const margins = c.of.map((p) => conditionMargin(p, a, b)).sort((m, n) => n - m);
    return margins[c.atLeast - 1] ?? -1;
  }
  return comparisonMargin(c, a, b);
}

/** The rule's `when` margin for the pair (its `unless` is binary and did not hold for a match). */
export function ruleMargin(rule: Rule, a: PreparedRecord, b: PreparedRecord): number {
  return conditionMargin(rule.when, a.match, b.match);
}
