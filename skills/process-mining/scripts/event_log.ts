import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { buildEventLog, readCases } from '../lib/event-log';
import { asOfMs, eventLogCsv, readTable } from '../lib/io';
import { CANONICAL_STAGES, OTHER } from '../lib/stages';

export const risk = 'compute';

export const description =
  'Build a process-mining event log from an opportunities CSV and a stage-history CSV in the run workspace (Salesforce ' +
  'OpportunityFieldHistory or a table with case id, timestamp and stage): one case per opportunity created in the lookback ' +
  'window, one event per stage entered. Writes eventlog/event_log.csv and eventlog/summary.md; returns the raw stage values ' +
  'with counts, a proposed mapping to canonical stages, data checks, and a kbagent.human_in_loop question to confirm the mapping.';

export const args = z.strictObject({
  opportunities: z.string().min(1).max(512).describe('Workspace path of the opportunities CSV (id, created date, amount, closed/won flags; segment and owner team when present)'),
  history: z.string().min(1).max(512).describe('Workspace path of the stage-history CSV'),
  lookback_days: z.number().int().min(1).max(3650).default(365),
  as_of: z.string().regex(/^(\d{4}-\d{2}-\d{2}.*)?$/).max(40).default('').describe('The analysis date (YYYY-MM-DD); empty: now'),
  output_dir: z.string().min(1).max(256).default('eventlog'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const asOf = asOfMs(input.as_of);
  const opportunities = await readTable(ctx, input.opportunities);
  const cases = readCases(opportunities.rows, opportunities.columns, input.opportunities);
  const history = await readTable(ctx, input.history);
  const log = buildEventLog(cases, history.rows, history.columns, input.history, { asOf, lookbackDays: input.lookback_days });
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const from = asOf - input.lookback_days * 86_400_000;
  // No case in the window is a wrong window or a wrong table, never an empty process (issue 13).
  if (log.cases.length === 0) {
    const created = cases.map((c) => c.created).sort((a, b) => a - b);
    const range = created.length > 0 ? `its opportunities were created from ${day(created[0]!)} to ${day(created.at(-1)!)}` : 'it has no rows';
    throw new Error(`No opportunity in "${input.opportunities}" was created between ${day(from)} and ${day(asOf)}; ${range}. Widen lookback_days or set as_of.`);
  }
  if (log.events.length === 0) throw new Error(`"${input.history}" has no stage changes for the ${log.cases.length} opportunities in the window`);
  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { event_log: `${dir}/event_log.csv`, summary: `${dir}/summary.md` };
  await ctx.writeArtifact(files.event_log, await eventLogCsv(log.cases, log.events), 'text/csv');
  const times = log.events.map((e) => e.at).sort((a, b) => a - b);
  const proposed = Object.fromEntries(log.rawStages.map((s) => [s.value, s.proposed]));
  await ctx.writeArtifact(files.summary, [
    '# Event log', '',
    `- Cases (opportunities created ${day(from)} – ${day(asOf)}): ${log.cases.length}; left out as older: ${log.excludedBeforeLookback}`,
    `- Stage events: ${log.events.length}, from ${day(times[0]!)} to ${day(times.at(-1)!)}`, '',
    '| raw stage | events | proposed stage |', '|---|---|---|', ...log.rawStages.map((s) => `| ${s.value} | ${s.events} | ${s.proposed} |`), '',
    '## Data checks', '', ...Object.entries(log.checks).map(([k, v]) => `- ${k.replace(/_/g, ' ')}: ${Array.isArray(v) ? v.join(', ') || 'none' : v}`), '',
  ].join('\n'), 'text/markdown');
  const table = log.rawStages.map((s) => `${s.value} (${s.events} events) → ${s.proposed}`).join('\n');
  return {
    cases: log.cases.length,
    events: log.events.length,
    excluded_before_lookback: log.excludedBeforeLookback,
    as_of: new Date(asOf).toISOString(),
    date_range: { from: day(times[0]!), to: day(times.at(-1)!) },
    raw_stages: log.rawStages,
    proposed_mapping: proposed,
    checks: log.checks,
    files,
    // Exactly the arguments of kbagent.human_in_loop, so a step can pass it on as it is.
    question: {
      prompt: `Map the CRM's stage values onto the canonical stages (${[...CANONICAL_STAGES, OTHER].join(', ')}). Proposed:\n${table}`.slice(0, 4000),
      kind: 'radio' as const,
      options: [
        { value: 'use', label: 'Use this mapping' },
        { value: 'edit', label: 'Edit the mapping', requires_comment: true, detail: 'Write corrections in the comment, one per line: "raw stage -> canonical stage", e.g. "Legal Review -> Negotiation".' },
        { value: 'stop', label: 'Stop: the data is not right' },
      ],
    },
  };
}
