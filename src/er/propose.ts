// Rule proposals for the HITL question (issue 6, "propose rules"): for each candidate rule,
// how many pairs it matches, an estimate of its precision, and sample pairs a person can judge.
//
// Precision is estimated without ground truth from independent evidence: for a sample of the
// rule's pairs, do the fields the rule did NOT look at also agree (a rule on email is checked
// against names, dates of birth, addresses …)? Unrelated records agree on such fields by chance
// too, so the agreement rate c is corrected with the rate u among random pairs:
// precision ≈ (c − u) / (1 − u). It is conservative: true matches whose other fields are
// corrupted or missing count against the rule.
import { compileMatcher } from './match';
import { MATCH_FIELDS, MATCH_INDEX, valueRow, type MatchField, type PreparedRecord } from './prepare';
import { createResolver, type Resolver, type ResolverConfig } from './resolver';
import { dobAgrees, exact, fuzzyName, jw, ruleFields, tokens, type Condition, type Rule } from './rules';
import type { SourceRecord } from './schema';
import type { RowRef } from './survivorship';
import { seededRandom } from './random';

type EvidenceGroup = { id: string; fields: MatchField[]; agree: Condition; needs: MatchField[][] };

/** Independent kinds of evidence; `needs`: either field list present on both sides makes the group comparable. */
const EVIDENCE: EvidenceGroup[] = [
  { id: 'name', fields: ['first_name', 'last_name'], agree: fuzzyName(0.85), needs: [['first_name', 'last_name']] },
  { id: 'email', fields: ['email', 'email_canonical', 'email_org'], agree: exact('email_canonical'), needs: [['email_canonical']] },
  { id: 'phone', fields: ['phone'], agree: exact('phone'), needs: [['phone']] },
  { id: 'company', fields: ['company'], agree: jw('company', 0.85), needs: [['company']] },
  {
    id: 'location',
    fields: ['street_number', 'address_1', 'address_2', 'address', 'city', 'postcode', 'state', 'country'],
    agree: { any: [tokens('address', 0.5), exact('postcode')] },
    needs: [['address'], ['postcode']],
  },
  { id: 'dob', fields: ['dob'], agree: dobAgrees(), needs: [['dob']] },
  { id: 'national_id', fields: ['national_id'], agree: exact('national_id'), needs: [['national_id']] },
];

export type SamplePair = { left: RowRef & { values: Record<string, string> }; right: RowRef & { values: Record<string, string> }; rules: string[] };

export type RuleProposal = {
  rule: Rule;
  /** False when the data lacks the fields the rule needs (it can match nothing). */
  applicable: boolean;
  matches: number;
  /** Distinct records in at least one matched pair. */
  records: number;
  /** null when no sampled pair had independent evidence to check. */
  estimatedPrecision: number | null;
  evidence: { groups: string[]; sampled: number; comparable: number; corroborated: number; chance: number };
  samples: SamplePair[];
};

export type ProposeOptions = {
  /** Sample pairs shown per rule. Default 5. */
  samples?: number;
  /** Matched pairs per rule checked for independent evidence. Default 200. */
  evidenceSample?: number;
  seed?: number;
};

/** Proposals from a resolver that has compared its candidate pairs with every candidate rule. */
export function proposeRules(resolver: Resolver, options: ProposeOptions = {}): RuleProposal[] {
  const { records, config } = resolver;
  if (resolver.phase !== 'finishing' && resolver.phase !== 'done') throw new Error('propose rules after comparing (stepComparisons until done)');
  const matches = resolver.matchTriples();
  const rules = config.rules;
  const random = seededRandom(options.seed ?? 1);
  const sampleSize = options.samples ?? 5;
  const evidenceSize = options.evidenceSample ?? 200;

  // One pass over the matches: counts, involved records and a reservoir sample per rule.
  const counts = rules.map(() => 0);
  const involved = rules.map(() => new Set<number>());
  const reservoirs: number[][] = rules.map(() => []);
  for (let k = 0; k < matches.length; k += 3) {
    const mask = matches[k + 2]!;
    for (let r = 0; r < rules.length; r++) {
      if (!(mask & (1 << r))) continue;
      counts[r]!++;
      involved[r]!.add(matches[k]!).add(matches[k + 1]!);
      const reservoir = reservoirs[r]!;
      if (reservoir.length < evidenceSize) reservoir.push(k);
      else {
        const slot = Math.floor(random() * counts[r]!);
        if (slot < evidenceSize) reservoir[slot] = k;
      }
    }
  }

  const present = presentFields(records);
  const groupTests = EVIDENCE.map((g) => compileMatcher([{ id: g.id, label: g.id, when: g.agree }]));
  const randomPairs = randomPairsOf(records, config.mode, evidenceSize, random);

  return rules.map((rule, r) => {
    const used = ruleFields(rule);
    const groups = EVIDENCE.map((g, i) => ({ g, i })).filter(({ g }) => !g.fields.some((f) => used.has(f)));
    const corroborates = (a: PreparedRecord, b: PreparedRecord): boolean | undefined => {
      let comparable = 0;
      let agreeing = 0;
      for (const { g, i } of groups) {
        if (!g.needs.some((fields) => fields.every((f) => a.match[MATCH_INDEX[f]] !== '' && b.match[MATCH_INDEX[f]] !== ''))) continue;
        comparable++;
        if (groupTests[i]!.match(a, b)) agreeing++;
      }
      return comparable === 0 ? undefined : 2 * agreeing >= comparable;
    };
    let comparable = 0;
    let corroborated = 0;
    for (const k of reservoirs[r]!) {
      const verdict = corroborates(records[matches[k]!]!, records[matches[k + 1]!]!);
      if (verdict === undefined) continue;
      comparable++;
      if (verdict) corroborated++;
    }
    let chanceComparable = 0;
    let chanceAgree = 0;
    for (const [x, y] of randomPairs) {
      const verdict = corroborates(records[x]!, records[y]!);
      if (verdict === undefined) continue;
      chanceComparable++;
      if (verdict) chanceAgree++;
    }
    const c = comparable === 0 ? NaN : corroborated / comparable;
    const u = chanceComparable === 0 ? 0 : chanceAgree / chanceComparable;
    const estimate = comparable === 0 ? null : Math.min(1, Math.max(0, u >= 1 ? c : (c - u) / (1 - u)));
    // Spread the shown pairs over the sample rather than taking its (pass-ordered) head.
    const reservoir = reservoirs[r]!;
    const shown = Array.from({ length: Math.min(sampleSize, reservoir.length) }, (_, i) => samplePair(records, rules, matches, reservoir[Math.floor((i * reservoir.length) / Math.min(sampleSize, reservoir.length))]!));
    return {
      rule,
      applicable: feasible(rule.when, present),
      matches: counts[r]!,
      records: involved[r]!.size,
      estimatedPrecision: estimate,
      evidence: { groups: groups.map(({ g }) => g.id), sampled: reservoirs[r]!.length, comparable, corroborated, chance: u },
      samples: shown,
    };
  });
}

/** Convenience for small inputs: resolve `records` with the candidate rules and propose. */
export function proposeRulesFor(records: readonly SourceRecord[], config: ResolverConfig = {}, options: ProposeOptions = {}): RuleProposal[] {
  const resolver = createResolver(config);
  resolver.addRecords(records);
  while (!resolver.stepBlocking().done);
  while (!resolver.stepComparisons().done);
  return proposeRules(resolver, options);
}

function samplePair(records: readonly PreparedRecord[], rules: readonly Rule[], matches: readonly number[], k: number): SamplePair {
  const side = (i: number) => {
    const record = records[i]!;
    const values = Object.fromEntries(Object.entries(valueRow(record)).filter(([, v]) => v !== ''));
    return { source: record.source, id: record.id, values };
  };
  const mask = matches[k + 2]!;
  return { left: side(matches[k]!), right: side(matches[k + 1]!), rules: rules.filter((_, r) => mask & (1 << r)).map((rule) => rule.id) };
}

function presentFields(records: readonly PreparedRecord[]): Set<MatchField> {
  const present = new Set<MatchField>();
  for (const record of records) MATCH_FIELDS.forEach((f, i) => record.match[i] !== '' && present.add(f));
  return present;
}

/** Whether a condition can hold at all given which fields the data has. */
function feasible(c: Condition, present: Set<MatchField>): boolean {
  if ('all' in c) return c.all.every((p) => feasible(p, present));
  if ('any' in c) return c.any.some((p) => feasible(p, present));
  if ('atLeast' in c) return c.of.filter((p) => feasible(p, present)).length >= c.atLeast;
  return present.has(c.field) && present.has(c.against ?? c.field);
}

function randomPairsOf(records: readonly PreparedRecord[], mode: 'dedup' | 'link', count: number, random: () => number): [number, number][] {
  const pairs: [number, number][] = [];
  if (records.length < 2) return pairs;
  for (let attempt = 0; pairs.length < count && attempt < count * 20; attempt++) {
    const x = Math.floor(random() * records.length);
    const y = Math.floor(random() * records.length);
    if (x === y || (mode === 'link' && records[x]!.source === records[y]!.source)) continue;
    pairs.push([x, y]);
  }
  return pairs;
}
