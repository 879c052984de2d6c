// Opportunity rows and stage-history rows → an event log: one case per opportunity, one event per
// stage entered. Column names differ between CRMs, so each role is found among known names, and a
// missing one is an error naming the columns the file has.
import { proposeStage } from './stages';

export type CaseInfo = { case_id: string; created: number; amount: number; segment: string; owner_team: string; is_closed: boolean; is_won: boolean };
/** A raw stage entered (consecutive repeats of one raw value dropped). */
export type RawEvent = { case_id: string; raw_stage: string; at: number };
type Row = Record<string, string | undefined>;

const ROLES = {
  case: ['Id', 'id', 'case_id', 'deal_id', 'hs_object_id', 'opportunity_id'],
  created: ['CreatedDate', 'createdate', 'created_at', 'created', 'create_date'],
  amount: ['Amount', 'amount', 'value'],
  closed: ['IsClosed', 'is_closed', 'closed'],
  won: ['IsWon', 'is_won', 'won'],
  segment: ['Segment', 'segment'],
  team: ['OwnerTeam', 'owner_team', 'team'],
  historyCase: ['OpportunityId', 'opportunity_id', 'deal_id', 'case_id'],
  at: ['CreatedDate', 'timestamp', 'changed_at', 'created_at', 'change_date'],
  stage: ['NewValue', 'new_value', 'stage', 'dealstage'],
  field: ['Field', 'field', 'property'],
} as const;
const STAGE_FIELDS = new Set(['stagename', 'dealstage', 'stage']);

function column(columns: readonly string[], role: keyof typeof ROLES, file: string, required = true): string | undefined {
  const found = ROLES[role].find((name) => columns.includes(name));
  if (!found && required) throw new Error(`"${file}" has no ${role} column (one of ${ROLES[role].join(', ')}); it has ${columns.join(', ')}`);
  return found;
}

const truthy = (value: string | undefined) => /^(true|1|yes|y)$/i.test(value?.trim() ?? '');

export function readCases(rows: readonly Row[], columns: readonly string[], file: string): CaseInfo[] {
  const c = { id: column(columns, 'case', file)!, created: column(columns, 'created', file)!, amount: column(columns, 'amount', file, false), closed: column(columns, 'closed', file)!, won: column(columns, 'won', file)!, segment: column(columns, 'segment', file, false), team: column(columns, 'team', file, false) };
  return rows.map((row, i) => {
    const created = Date.parse(row[c.created] ?? '');
    if (!Number.isFinite(created)) throw new Error(`"${file}" row ${i + 1}: ${c.created} "${row[c.created] ?? ''}" is not a date`);
    const amount = c.amount ? Number(row[c.amount] || 0) : 0;
    return {
      case_id: row[c.id]?.trim() ?? '', created, amount: Number.isFinite(amount) ? amount : 0,
      segment: (c.segment && row[c.segment]?.trim()) || '(none)', owner_team: (c.team && row[c.team]?.trim()) || '(none)',
      is_closed: truthy(row[c.closed]), is_won: truthy(row[c.won]),
    };
  });
}

export type Checks = { history_rows_ignored: number; unparseable_timestamps: number; unknown_cases: number; events_before_created: number; events_after_as_of: number; cases_without_events: number; stage_values_seen_once: string[]; closed_without_closed_stage: number };

/**
 * The event log of the cases created in [asOf − lookbackDays, asOf): each case's stage changes in
 * time order, consecutive repeats of one raw value dropped. Rows that cannot be placed are
 * counted in `checks`, never silently used.
 */
export function buildEventLog(cases: readonly CaseInfo[], history: readonly Row[], columns: readonly string[], file: string, window: { asOf: number; lookbackDays: number }) {
  const h = { case: column(columns, 'historyCase', file)!, at: column(columns, 'at', file)!, stage: column(columns, 'stage', file)!, field: column(columns, 'field', file, false) };
  const from = window.asOf - window.lookbackDays * 86_400_000;
  const inWindow = cases.filter((c) => c.created >= from && c.created < window.asOf);
  const byId = new Map(inWindow.map((c) => [c.case_id, c]));
  const known = new Set(cases.map((c) => c.case_id));
  const checks: Checks = { history_rows_ignored: 0, unparseable_timestamps: 0, unknown_cases: 0, events_before_created: 0, events_after_as_of: 0, cases_without_events: 0, stage_values_seen_once: [], closed_without_closed_stage: 0 };
  const perCase = new Map<string, RawEvent[]>();
  for (const row of history) {
    if (h.field && !STAGE_FIELDS.has((row[h.field] ?? '').trim().toLowerCase())) {
      checks.history_rows_ignored++;
      continue;
    }
    const id = row[h.case]?.trim() ?? '';
    if (!known.has(id)) checks.unknown_cases++;
    const info = byId.get(id);
    if (!info) continue;
    const at = Date.parse(row[h.at] ?? '');
    if (!Number.isFinite(at)) {
      checks.unparseable_timestamps++;
      continue;
    }
    if (at > window.asOf) {
      checks.events_after_as_of++;
      continue;
    }
    if (at < info.created - 60_000) checks.events_before_created++;
    const raw = row[h.stage]?.trim() ?? '';
    if (raw === '') continue;
    const list = perCase.get(id) ?? [];
    list.push({ case_id: id, raw_stage: raw, at });
    perCase.set(id, list);
  }
  const events: RawEvent[] = [];
  const rawCounts = new Map<string, number>();
  for (const info of inWindow) {
    const list = (perCase.get(info.case_id) ?? []).sort((a, b) => a.at - b.at);
    const kept = list.filter((e, i) => i === 0 || e.raw_stage !== list[i - 1]!.raw_stage);
    if (kept.length === 0) checks.cases_without_events++;
    if (info.is_closed && !kept.some((e) => proposeStage(e.raw_stage).startsWith('Closed'))) checks.closed_without_closed_stage++;
    for (const e of kept) rawCounts.set(e.raw_stage, (rawCounts.get(e.raw_stage) ?? 0) + 1);
    events.push(...kept);
  }
  checks.stage_values_seen_once = [...rawCounts].filter(([, n]) => n === 1).map(([v]) => v).sort();
  const rawStages = [...rawCounts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([value, count]) => ({ value, events: count, proposed: proposeStage(value) }));
  return { cases: inWindow, events, rawStages, excludedBeforeLookback: cases.filter((c) => c.created < from).length, checks };
}
