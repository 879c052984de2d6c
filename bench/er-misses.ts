// Miss analysis for the CRM sample (issue 6, acceptance 3: "every seeded duplicate group is found
// or the report explains the misses"). Given every row's prepared record, its true entity (with
// the generator's corruption tags) and the entity the resolver gave it, this says why each
// seeded duplicate group was not recovered exactly: for every part split off a group, the
// closest pair across the split and the evidence that was missing; for every wrong merge, the
// rule that joined two people and what they shared. Reasons come from the records themselves
// (what the rules could see); the tags only name the generator's perturbation behind a name
// difference. Examples are masked: names keep their first and last letter, e-mails their domain,
// phones their last three digits.
import { compileMatcher, DEFAULT_RULES, exact, formalGivenName, givenName, isRoleEmail, jaroWinkler, MATCH_INDEX, namesAgree, present, sameEmployer, VALUE_INDEX, type MatchField, type PreparedRecord, type Rule } from '../src/er';

export type AnalysedRow = {
  source: string;
  id: string;
  /** True entity id (ground truth). */
  truth: string;
  /** Entity id the resolver assigned. */
  entity: string;
  /** The generator's corruption tags for this row. */
  tags: readonly string[];
  record: PreparedRecord;
};

export type Finding = { reason: string; entity: string; example: string };

export type MissAnalysis = {
  /** Truth entities with more than one row (the seeded duplicate groups). */
  groups: number;
  /** Of those, the ones whose rows form exactly one predicted cluster with nothing else in it. */
  recovered: number;
  /** Groups split across clusters, and one finding per part split off the group's largest part. */
  splitGroups: number;
  misses: Finding[];
  /** Clusters holding more than one true entity, and one finding per wrongly joined entity. */
  mergedClusters: number;
  falseMerges: Finding[];
};

// Probes: the pieces the default rules are made of, evaluated with the engine's own matcher so
// the analysis sees exactly what the rules saw.
const PROBES: Rule[] = [
  { id: 'email', label: '', when: exact('email_canonical') },
  { id: 'phone', label: '', when: exact('phone') },
  { id: 'name', label: '', when: namesAgree(0.9) },
  { id: 'employer', label: '', when: sameEmployer },
  { id: 'given', label: '', when: givenName(0.8) },
  { id: 'distinct', label: '', when: present('name_distinct', 'both') },
  { id: 'personal_email', label: '', when: exact('email_personal') },
  { id: 'personal_phone', label: '', when: exact('phone_personal') },
  { id: 'org_veto', label: '', when: { all: [exact('email_org'), present('email_personal', 'both')] } },
];
const probeMatcher = compileMatcher(PROBES);
const probeBit = Object.fromEntries(PROBES.map((p, i) => [p.id, 1 << i])) as Record<string, number>;

const field = (r: PreparedRecord, f: MatchField): string => r.match[MATCH_INDEX[f]] ?? '';
const both = (a: PreparedRecord, b: PreparedRecord, f: MatchField) => field(a, f) !== '' && field(b, f) !== '';

/** Name similarity used to pick the closest pair across a split (straight or swapped). */
function nameScore(a: PreparedRecord, b: PreparedRecord): number {
  const sim = (x: string, y: string) => (x === '' || y === '' ? 0 : jaroWinkler(x, y));
  const straight = sim(field(a, 'first_name'), field(b, 'first_name')) + sim(field(a, 'last_name'), field(b, 'last_name'));
  const swapped = sim(field(a, 'first_name'), field(b, 'last_name')) + sim(field(a, 'last_name'), field(b, 'first_name'));
  return Math.max(straight, swapped);
}

/** Same subscriber digits under a different (or no) country code: a normalisation miss. */
function sameSubscriber(a: PreparedRecord, b: PreparedRecord): boolean {
  const x = field(a, 'phone').replace(/\D/g, '').replace(/^0+/, '');
  const y = field(b, 'phone').replace(/\D/g, '').replace(/^0+/, '');
  return x !== y && x.length >= 8 && y.length >= 8 && x.slice(-8) === y.slice(-8);
}

/** Why two names of one person do not agree at the rules' threshold. */
function nameCause(a: AnalysedRow, b: AnalysedRow): string {
  const [x, y] = [a.record, b.record];
  const firsts = [field(x, 'first_name'), field(y, 'first_name')];
  const lasts = [field(x, 'last_name'), field(y, 'last_name')];
  const tags = new Set([...a.tags, ...b.tags]);
  if (lasts.some((l) => l === '')) return 'first name only on one side (no family name)';
  if (firsts.some((f) => f.replace(/ /g, '').length === 1)) return 'given name is an initial on one side';
  if (lasts[0] !== lasts[1] && (lasts[0]!.endsWith(` ${lasts[1]}`) || lasts[1]!.endsWith(` ${lasts[0]}`))) return 'surname particle lost ("de Vries" / "Vries")';
  if (tags.has('last_changed')) return 'surname changed';
  if (tags.has('nickname') && formalGivenName(firsts[0]!.split(' ')[0]!) !== formalGivenName(firsts[1]!.split(' ')[0]!)) {
    const typo = tags.has('first_typo');
    const apart = jaroWinkler(firsts[0]!, firsts[1]!) < 0.9;
    if (apart && !typo) return 'nickname not in the nickname table';
  }
  if (tags.has('first_typo') || tags.has('last_typo')) return 'typo in the name';
  return 'names differ';
}

function classifyMiss(a: AnalysedRow, b: AnalysedRow, matchesSelected: boolean): string {
  if (matchesSelected) return 'never compared: no blocking key in common';
  const [x, y] = [a.record, b.record];
  const p = probeMatcher.match(x, y);
  const has = (id: string) => (p & probeBit[id]!) !== 0;
  if (both(x, y, 'phone') && sameSubscriber(x, y)) return 'same phone number, different country code after normalisation';
  if (has('email') && !has('personal_email')) {
    const role = isRoleEmail(field(x, 'email_canonical'));
    if (!has('name')) return `same ${role ? 'role mailbox' : 'address the data shows on several people'}, and the names do not agree`;
    return `same ${role ? 'role mailbox' : 'shared address'} and names, but the name is common (namesakes expected)`;
  }
  if (has('phone') && !has('personal_phone')) {
    if (!has('name')) return 'same shared phone (switchboard or family line), and the names do not agree';
    return 'same shared phone and names, but the name is common (namesakes expected)';
  }
  if (has('phone') && !has('given')) return 'same phone, given names not compatible';
  // Employer evidence on both sides: a company name or a work address on each.
  const employer = (r: PreparedRecord) => field(r, 'company') !== '' || field(r, 'email_org') !== '';
  const employerDiffers = employer(x) && employer(y) && !has('employer');
  if (has('name')) {
    if (has('employer') && has('org_veto')) return 'different mailboxes at one organisation (taken for namesakes)';
    if (has('employer') && !has('distinct')) return 'name and employer agree, but the name is common there (namesakes expected) and nothing else agrees';
    if (employerDiffers) return 'employer written too differently (company names / work domain)';
    if (both(x, y, 'phone') && !has('phone')) return 'only the name in common: different e-mails and different phones';
    return 'only the name in common: different e-mails, and no phone, company or work domain present on both sides';
  }
  const cause = nameCause(a, b);
  if (has('employer') || has('phone') || has('email')) return `name below the threshold: ${cause}`;
  return `different e-mails, and the name differs too: ${cause}`;
}

function classifyMerge(a: AnalysedRow, b: AnalysedRow, fired: string[]): string {
  const [x, y] = [a.record, b.record];
  const p = probeMatcher.match(x, y);
  const has = (id: string) => (p & probeBit[id]!) !== 0;
  if (fired.includes('email')) {
    if (has('personal_email')) return 'same e-mail on two people, not recognised as shared (seen with compatible names only)';
    return `same ${isRoleEmail(field(x, 'email_canonical')) ? 'role mailbox' : 'shared address'} and agreeing names: namesakes with a distinctive name`;
  }
  if (fired.includes('phone')) {
    if (has('personal_phone')) return 'same phone on two people, not recognised as shared, and a compatible given name';
    return 'shared phone (switchboard or family line) and agreeing, distinctive names';
  }
  if (fired.includes('name_company')) {
    const [ox, oy] = [field(x, 'email_org'), field(y, 'email_org')];
    if (ox !== '' && oy !== '' && ox !== oy) return 'namesakes at similarly named companies (different work domains)';
    return 'namesakes at one employer with a name the data shows as distinctive, one with a personal or no work address';
  }
  return `matched by ${fired.join(', ')}`;
}

export function analyseMisses(rows: readonly AnalysedRow[], rules: readonly Rule[] = DEFAULT_RULES): MissAnalysis {
  const matcher = compileMatcher(rules);
  const firedRules = (a: AnalysedRow, b: AnalysedRow) => {
    const mask = matcher.match(a.record, b.record);
    return rules.filter((_, i) => mask & (1 << i)).map((r) => r.id);
  };
  const byTruth = groupBy(rows, (r) => r.truth);
  const byEntity = groupBy(rows, (r) => r.entity);

  let groups = 0;
  let recovered = 0;
  let splitGroups = 0;
  const misses: Finding[] = [];
  for (const [truth, members] of byTruth) {
    if (members.length < 2) continue;
    groups++;
    const parts = [...groupBy(members, (r) => r.entity).values()].sort((p, q) => q.length - p.length);
    if (parts.length === 1 && byEntity.get(parts[0]![0]!.entity)!.length === members.length) recovered++;
    if (parts.length === 1) continue;
    splitGroups++;
    const main = parts[0]!;
    for (const part of parts.slice(1)) {
      let best: [AnalysedRow, AnalysedRow] | undefined;
      let bestScore = -1;
      for (const a of part) for (const b of main) {
        const score = nameScore(a.record, b.record);
        if (score > bestScore) [best, bestScore] = [[a, b], score];
      }
      const [a, b] = best!;
      misses.push({ reason: classifyMiss(a, b, firedRules(a, b).length > 0), entity: truth, example: pairExample(a, b) });
    }
  }

  let mergedClusters = 0;
  const falseMerges: Finding[] = [];
  for (const [entity, members] of byEntity) {
    const truths = [...groupBy(members, (r) => r.truth).values()].sort((p, q) => q.length - p.length);
    if (truths.length < 2) continue;
    mergedClusters++;
    // One finding per true entity joined to another: the first cross pair a rule accepts.
    for (let i = 1; i < truths.length; i++) {
      let found: Finding | undefined;
      for (let j = 0; j < truths.length && !found; j++) {
        if (j === i) continue;
        for (const a of truths[i]!) {
          for (const b of truths[j]!) {
            const fired = firedRules(a, b);
            if (fired.length > 0) {
              found = { reason: classifyMerge(a, b, fired), entity, example: `${pairExample(a, b)} — rules ${fired.join(', ')}` };
              break;
            }
          }
          if (found) break;
        }
      }
      falseMerges.push(found ?? { reason: 'joined through a chain of other records', entity, example: rowExample(truths[i]![0]!) });
    }
  }
  return { groups, recovered, splitGroups, misses, mergedClusters, falseMerges };
}

/** Counts per reason, most frequent first, each with its first example. */
export function tally(findings: readonly Finding[]): { reason: string; count: number; example: string }[] {
  const byReason = groupBy(findings, (f) => f.reason);
  return [...byReason.entries()].map(([reason, list]) => ({ reason, count: list.length, example: list[0]!.example })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason));
}

/** `all`: every finding under its reason rather than the first example only; `top`: at most this many reasons per section (0: counts only). */
export function formatAnalysis(analysis: MissAnalysis, options: { all?: boolean; top?: number } = {}): string[] {
  const lines = [
    `  seeded duplicate groups: ${analysis.groups}, recovered exactly: ${analysis.recovered}, split: ${analysis.splitGroups} (${analysis.misses.length} parts split off), clusters with more than one true entity: ${analysis.mergedClusters}`,
    `  misses by reason (parts split off a group):`,
  ];
  const section = (findings: readonly Finding[]) => {
    for (const t of tally(findings).slice(0, options.top ?? Infinity)) {
      lines.push(`    ${String(t.count).padStart(3)}  ${t.reason}`);
      const shown = options.all ? findings.filter((f) => f.reason === t.reason) : [{ entity: '', example: t.example }];
      for (const f of shown) lines.push(`         ${options.all ? f.entity : 'e.g.'} ${f.example}`);
    }
  };
  section(analysis.misses);
  lines.push(`  false merges by reason (true entities joined to another):`);
  section(analysis.falseMerges);
  return lines;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

// ── masked examples ──────────────────────────────────────────────────────────────────────────

export function maskName(name: string): string {
  return name.split(' ').map((part) => (part.length <= 2 ? part : `${part[0]}${'*'.repeat(part.length - 2)}${part[part.length - 1]}`)).join(' ');
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return at <= 0 ? '' : `${email[0]}***${email.slice(at)}`;
}

export function maskPhone(phone: string): string {
  return phone.length <= 4 ? phone : `${phone.startsWith('+') ? phone.slice(0, 3) : ''}***${phone.slice(-3)}`;
}

function rowExample(row: AnalysedRow): string {
  const v = row.record.values;
  const name = [v[VALUE_INDEX.first_name], v[VALUE_INDEX.last_name]].filter(Boolean).map((s) => maskName(s!)).join(' ') || '(no name)';
  const parts = [name, maskEmail(v[VALUE_INDEX.email] ?? '') || 'no e-mail', maskPhone(v[VALUE_INDEX.phone] ?? '') || 'no phone', v[VALUE_INDEX.company] ? `"${v[VALUE_INDEX.company]}"` : 'no company'];
  const system = row.source.replace(/^in\.c-/, '').split('.')[0];
  return `${system}: ${parts.join(', ')}${row.tags.length ? ` [${row.tags.join(' ')}]` : ''}`;
}

function pairExample(a: AnalysedRow, b: AnalysedRow): string {
  return `${rowExample(a)} ↔ ${rowExample(b)}`;
}
