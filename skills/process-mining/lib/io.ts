// The event log as a workspace CSV (one row per raw stage entered, with its case's attributes) and
// the small readers the scripts share.
import type { SkillScriptContext } from '../../../src/skills/script';
import { parseCsvInSlices, toCsvInSlices } from '../../../src/skills/slices';
import type { CaseInfo, RawEvent } from './event-log';
import { proposeStage } from './stages';

export const EVENT_LOG_COLUMNS = ['case_id', 'raw_stage', 'proposed_stage', 'timestamp', 'created', 'amount', 'segment', 'owner_team', 'is_closed', 'is_won'];

export async function readTable(ctx: SkillScriptContext, path: string): Promise<{ columns: string[]; rows: Record<string, string | undefined>[] }> {
  const parsed = await parseCsvInSlices(await ctx.readArtifact(path));
  return { columns: parsed.fields, rows: parsed.data };
}

export function eventLogCsv(cases: readonly CaseInfo[], events: readonly RawEvent[]): Promise<string> {
  const byId = new Map(cases.map((c) => [c.case_id, c]));
  const iso = (ms: number) => new Date(ms).toISOString();
  return toCsvInSlices(EVENT_LOG_COLUMNS, events.map((e) => {
    const c = byId.get(e.case_id)!;
    return [e.case_id, e.raw_stage, proposeStage(e.raw_stage), iso(e.at), iso(c.created), c.amount.toFixed(2), c.segment, c.owner_team, String(c.is_closed), String(c.is_won)];
  }));
}

/** The cases and events of an event log written by `event_log`. */
export async function readEventLog(ctx: SkillScriptContext, path: string): Promise<{ cases: CaseInfo[]; events: RawEvent[] }> {
  const { columns, rows } = await readTable(ctx, path);
  const missing = EVENT_LOG_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length > 0) throw new Error(`"${path}" is not an event log written by skill.process-mining.event_log: it lacks ${missing.join(', ')}`);
  const cases = new Map<string, CaseInfo>();
  const events: RawEvent[] = [];
  for (const row of rows) {
    const id = row.case_id ?? '';
    if (!cases.has(id)) {
      cases.set(id, { case_id: id, created: Date.parse(row.created ?? ''), amount: Number(row.amount ?? 0), segment: row.segment ?? '', owner_team: row.owner_team ?? '', is_closed: row.is_closed === 'true', is_won: row.is_won === 'true' });
    }
    events.push({ case_id: id, raw_stage: row.raw_stage ?? '', at: Date.parse(row.timestamp ?? '') });
  }
  return { cases: [...cases.values()], events };
}

export async function readJson<T>(ctx: SkillScriptContext, path: string): Promise<T> {
  return JSON.parse(await ctx.readArtifact(path)) as T;
}

/** "2026-11-01" (or a full ISO instant) → ms; empty → now. */
export function asOfMs(value: string | undefined): number {
  if (!value) return Date.now();
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms)) throw new Error(`as_of "${value}" is not a date (YYYY-MM-DD)`);
  return ms;
}
