// Rule proposals for the HITL question (issue 6, "propose rules"): for each candidate rule,
// how many pairs it matches, an estimate of its precision, and sample pairs a person can judge.
//
// Precision is estimated without ground truth from independent evidence: for a sample of the
// rule's pairs, do the fields the rule did NOT look at also agree (a rule on email is checked
// against names, dates of birth, addresses …)? Unrelated records agree on such fields by chance
// too, so the agreement rate c is corrected with the rate u among random pairs:
// precision ≈ (c − u) / (1 − u). It is conservative: true matches whose other fields are
// corrupted or missing count against the rule.
//
// Issue 14: a pair whose only agreement is a name (a person's personal and work address, nothing
// else shared) is not evidence against the rule; whether it is right depends on how many people
// with that name the table holds. Such a pair counts as right with the probability that no
// namesake exists at this table's density — 1 − e / (1 + e), e the expected number of other
// people with the name at the record's employer, or in the table (profile.ts) — so a rule's
// estimate falls as names get denser, and the proposal says why a rule is not recommended.
import { ruleMargin } from './margin';
import { compileMatcher } from './match';
import { MATCH_FIELDS, MATCH_INDEX, valueRow, type MatchField, type PreparedRecord } from './prepare';
import { deriveProfile } from './profile';
import { createResolver, type Resolver, type ResolverConfig } from './resolver';
import { dobAgrees, exact, fuzzyName, jw, ruleFields, tokens, type Condition, type Rule } from './rules';
import type { SourceRecord } from './schema';
import type { RowRef } from './survivorship';
import { seededRandom } from './random';

type EvidenceGroup = { id: string; fields: MatchField[]; agree: Condition; needs: MatchField[][] };

/** Independent kinds of evidence; `needs`: either field list present on both sides makes the group comparable. */
const EVIDENCE: EvidenceGroup[] = [
  {
    id: 'name',
    fields: ['first_name', 'last_name', 'last_given', 'first_initial', 'last_core', 'first_short', 'first_rare', 'last_rare', 'name_distinct', 'name_rare'],
    agree: fuzzyName(0.85),
    needs: [['first_name', 'last_name']],
  },
  { id: 'email', fields: ['email', 'email_canonical', 'email_org', 'email_personal'], agree: exact('email_canonical'), needs: [['email_canonical']] },
  { id: 'phone', fields: ['phone', 'phone_personal'], agree: exact('phone'), needs: [['phone']] },
  { id: 'company', fields: ['company', 'company_head'], agree: jw('company', 0.85), needs: [['company']] },
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
  evidence: {
    groups: string[];
    sampled: number;
    comparable: number;
    corroborated: number;
    chance: number;
    /** Sampled pairs with nothing but agreeing names, and the namesakes expected among them at this table's density. */
    nameOnly: number;
    expectedNamesakes: number;
  };
  /** Estimated precision at or above minPrecision, and the rule matches something. */
  recommended: boolean;
  /** Why it is not recommended, in words a person can weigh. */
  whyNot?: string;
  samples: SamplePair[];
};

export type ProposeOptions = {
  /** Sample pairs shown per rule. Default 5. */
  samples?: number;
  /** Matched pairs per rule checked for independent evidence. Default 200. */
  evidenceSample?: number;
  seed?: number;
  /** Rules estimated at least this precise are recommended. Default 0.9. */
  minPrecision?: number;
  /** Per record, its expected namesakes as profileSteps(records, namesakes) derives them; derived here at once when absent (a caller that must stay responsive derives them in steps). */
  namesakes?: Float64Array;
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
  // Expected namesakes per record at this table's density (the derivation is deterministic, so
  // the records' columns come out as the resolver compared them).
  const namesakes = options.namesakes ?? new Float64Array(records.length);
  if (!options.namesakes) deriveProfile(records, namesakes);
  const namesAgree = compileMatcher([{ id: 'names', label: 'names', when: fuzzyName(0.85) }]);
  const minPrecision = options.minPrecision ?? 0.9;
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
    // Pairs with agreeing names and no independent corroboration: right unless a namesake exists.
    let nameOnly = 0;
    let expectedFalse = 0;
    for (const k of reservoirs[r]!) {
      const [x, y] = [matches[k]!, matches[k + 1]!];
      const verdict = corroborates(records[x]!, records[y]!);
      if (verdict !== true && namesAgree.match(records[x]!, records[y]!)) {
        const e = Math.max(finite(namesakes[x]!), finite(namesakes[y]!));
        nameOnly++;
        expectedFalse += e / (1 + e);
        continue;
      }
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
    const evidenced = comparable === 0 ? 0 : Math.min(1, Math.max(0, u >= 1 ? c : (c - u) / (1 - u)));
    const judged = comparable + nameOnly;
    const estimate = judged === 0 ? null : (evidenced * comparable + (nameOnly - expectedFalse)) / judged;
    const applicable = feasible(rule.when, present);
    const whyNot = reasonNotRecommended({ applicable, matches: counts[r]!, estimate, minPrecision, comparable, corroborated, nameOnly, expectedFalse, chance: u });
    const shown = shownPairs(reservoirs[r]!.map((k) => ({ pair: samplePair(records, rules, matches, k), margin: ruleMargin(rule, records[matches[k]!]!, records[matches[k + 1]!]!) })), sampleSize);
    return {
      rule,
      applicable,
      matches: counts[r]!,
      records: involved[r]!.size,
      estimatedPrecision: estimate,
      evidence: { groups: groups.map(({ g }) => g.id), sampled: reservoirs[r]!.length, comparable, corroborated, chance: u, nameOnly, expectedNamesakes: expectedFalse },
      recommended: whyNot === undefined,
      ...(whyNot === undefined ? {} : { whyNot }),
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

const finite = (x: number): number => (Number.isFinite(x) ? x : 0);

type Verdict = { applicable: boolean; matches: number; estimate: number | null; minPrecision: number; comparable: number; corroborated: number; nameOnly: number; expectedFalse: number; chance: number };

/** Why a rule is not recommended (undefined: it is), naming what lowered its estimate. */
function reasonNotRecommended(v: Verdict): string | undefined {
  if (!v.applicable) return 'the data lacks the fields it compares';
  if (v.matches === 0) return 'it matches no pair in this table';
  if (v.estimate === null) return 'precision unknown: no sampled pair had other fields to check it against';
  if (v.estimate >= v.minPrecision) return undefined;
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  const parts: string[] = [];
  const uncorroborated = v.comparable - v.corroborated;
  if (v.comparable > 0 && uncorroborated > 0) parts.push(`${uncorroborated} of ${v.comparable} sampled pairs with other fields to compare disagree on them (unrelated records agree ${pct(v.chance)} of the time)`);
  if (v.nameOnly > 0 && v.expectedFalse >= 0.5) parts.push(`${v.nameOnly} sampled pairs share only a name, and at this table's name density about ${Math.round(v.expectedFalse)} of them would be namesakes`);
  return `estimated precision ${pct(v.estimate)} is below ${pct(v.minPrecision)}${parts.length > 0 ? `: ${parts.join('; ')}` : ''}`;
}

/** Fields a person compares when judging a pair. */
const JUDGED_FIELDS = ['first_name', 'last_name', 'email', 'phone', 'company', 'dob', 'address', 'postcode', 'national_id'];

/** Some field present on both sides differs: the pair shows the rule judging, not two copies of one row. */
function differs(p: SamplePair): boolean {
  return JUDGED_FIELDS.some((f) => {
    const [a, b] = [p.left.values[f]?.trim().toLowerCase(), p.right.values[f]?.trim().toLowerCase()];
    return !!a && !!b && a !== b;
  });
}

/**
 * The pairs a person is shown (issue 16): those that differ first, since an identical pair says
 * nothing about the rule; of those, half the nearest the rule's threshold (where it errs, if
 * anywhere) and the rest spread over the sample so the typical match is seen too; identical pairs
 * only fill what is left.
 */
function shownPairs(sampled: { pair: SamplePair; margin: number }[], size: number): SamplePair[] {
  const spread = <T>(list: T[], n: number) => Array.from({ length: Math.min(n, list.length) }, (_, i) => list[Math.floor((i * list.length) / Math.min(n, list.length))]!);
  const differing = sampled.filter(({ pair }) => differs(pair)).sort((x, y) => x.margin - y.margin);
  const near = differing.slice(0, Math.ceil(size / 2));
  const typical = spread(differing.slice(near.length), size - near.length);
  const shown = [...near, ...typical].map(({ pair }) => pair);
  return [...shown, ...spread(sampled.filter(({ pair }) => !differs(pair)).map(({ pair }) => pair), size - shown.length)];
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
  // "Not on both sides" holds where the data lacks the field altogether.
  if (c.method === 'present' && c.side === 'not_both') return true;
  return present.has(c.field) && present.has(('against' in c ? c.against : undefined) ?? c.field);
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
