import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { buildLineage, lineageMermaid, type NormalisedInput, type SourceInput, type TargetInput } from '../lib/lineage';
import { readCsv } from '../lib/records';

export const risk = 'compute';

export const description =
  'Write the final report of a data-cleanup run (report.md: sources, profile highlights, overlap, rules proposed and chosen, ' +
  'match statistics, golden-record count, validation, promotion, semantic layer, cost and tokens) and its table- and ' +
  'column-level lineage (lineage.json and lineage.mmd) from the outputs of the earlier steps. Checks that the row counts add up.';

const Exported = z.looseObject({ table_id: z.string(), row_count: z.number(), columns: z.array(z.string()), saved_as: z.string() });
/** A step's `sample` (profile, detect_overlap, propose_rules): null when it read every row. */
const Sampled = z.looseObject({ rows: z.number(), of_rows: z.number(), reason: z.string() }).nullish();
const Profiled = z.looseObject({
  artifact: z.string(),
  sample: Sampled,
  rows: z.number(),
  candidate_keys: z.array(z.string()).default([]),
  pii_columns: z.array(z.string()).default([]),
  columns: z.array(z.looseObject({ name: z.string(), type_guess: z.string(), null_rate: z.number() })),
});
const Normalised = z.looseObject({
  source: z.string(), output: z.string(), mapping: z.record(z.string(), z.string()), id_column: z.string().nullable(), columns: z.array(z.string()), counts: z.looseObject({ rows: z.number() }),
});
const Rule = z.looseObject({ id: z.string(), label: z.string(), matches: z.number(), estimated_precision: z.number().nullable(), applicable: z.boolean().optional() });
const Write = z.looseObject({ table_id: z.string(), rows: z.number(), columns: z.array(z.string()), action: z.string() });
/** What a write's output is when the runtime restarted during it and a person confirmed it happened. */
const Confirmed = z.looseObject({ confirmed_by: z.string(), note: z.string() });

export const args = z.strictObject({
  exports: z.array(Exported).min(1).max(20).describe('Outputs of keboola.storage.tables export, one per source table'),
  profiles: z.array(Profiled).max(20).default([]).describe('Outputs of skill.data-quality-profiling.profile'),
  normalised: z.array(Normalised).min(1).max(20).describe('Outputs of skill.schema-normalization.normalise'),
  overlap: z.looseObject({ sample: Sampled, pairs: z.array(z.looseObject({ left: z.string(), right: z.string(), shared_keys: z.record(z.string(), z.number()) })) }).optional(),
  proposals: z.looseObject({ sample: Sampled, rules: z.array(Rule), recommended: z.array(z.string()) }),
  chosen: z.array(z.string()).describe('The rule ids the person chose (the HITL answer)'),
  comment: z.string().max(2000).default('').describe('What the person wrote with the answer'),
  resolution: z.looseObject({
    rules: z.array(z.looseObject({ id: z.string(), label: z.string() })),
    stats: z.looseObject({ records: z.number(), comparedPairs: z.number(), matchedPairs: z.number(), clusters: z.number(), multiRecordClusters: z.number(), largestCluster: z.number(), matchesByRule: z.record(z.string(), z.number()) }),
    outputs: z.looseObject({ cluster_map: z.string(), golden: z.string() }),
  }),
  comparison: z
    .looseObject({ where: z.enum(['warehouse', 'run']), reason: z.string(), rows_moved: z.looseObject({ forms_up: z.number(), pairs_down: z.number() }).optional() })
    .optional()
    .describe('Output of keboola.workspace.match_pairs: where blocking and comparison ran, and why'),
  sql: z
    .strictObject({
      rules: z.looseObject({ records: z.number(), of_records: z.number(), candidate_pairs: z.number(), files: z.looseObject({ rules: z.string() }) }),
      check: z.looseObject({ columns: z.array(z.string()), rows: z.array(z.array(z.unknown())).min(1), truncated: z.literal(false).optional() }),
    })
    .optional()
    .describe('rules_sql output and the sql.local cross-check result (a row of counts per batch of candidate pairs)'),
  validation: z.looseObject({ ok: z.boolean(), accounting_errors: z.number(), rows: z.number(), clusters: z.number(), oversized: z.number(), conflicts: z.number(), report: z.string() }),
  redaction: z.looseObject({ output: z.string(), policies: z.record(z.string(), z.string()) }).optional(),
  promotion: z.array(z.union([Write, Confirmed])).max(10).default([]).describe('Outputs of the keboola.storage.write calls'),
  semantic: z.looseObject({ path: z.string() }).optional().describe('Output of describe_entity'),
  spend: z.looseObject({ cost_usd: z.number(), tokens: z.number(), wall_clock_seconds: z.number(), waiting_seconds: z.number().default(0), compute_seconds: z.number().default(0), budget: z.looseObject({ max_usd_per_run: z.number(), max_tokens_per_run: z.number().optional(), max_wall_clock_seconds: z.number().optional() }) }),
  narrative_artifact: z.string().min(1).max(512).optional().describe('A summary written by an earlier step (e.g. summary.md), included when it exists'),
  report: z.string().min(1).max(512).default('report.md'),
  lineage_json: z.string().min(1).max(512).default('lineage.json'),
  lineage_mmd: z.string().min(1).max(512).default('lineage.mmd'),
});
type Input = z.infer<typeof args>;

export async function run(input: Input, ctx: SkillScriptContext) {
  const clusterMap = await readCsv(ctx, input.resolution.outputs.cluster_map);
  const golden = await readCsv(ctx, input.resolution.outputs.golden);
  const promotedFrom = input.redaction ? await readCsv(ctx, input.redaction.output) : golden;
  const narrative = input.narrative_artifact ? await ctx.readArtifact(input.narrative_artifact).catch(() => undefined) : undefined;

  // Row accounting: every source row is in the cluster map once, and the golden records account for all of them.
  const sourceRows = input.exports.reduce((n, e) => n + e.row_count, 0);
  const memberRows = golden.rows.reduce((n, g) => n + Number(g.member_count ?? 0), 0);
  const accounting = { source_rows: sourceRows, cluster_map_rows: clusterMap.rows.length, golden_member_rows: memberRows, golden_records: golden.rows.length, entities_in_map: new Set(clusterMap.rows.map((r) => r.entity_id)).size };
  const balanced = sourceRows === accounting.cluster_map_rows && sourceRows === memberRows && accounting.entities_in_map === golden.rows.length;

  const sources: SourceInput[] = input.exports.map((e) => ({ table_id: e.table_id, rows: e.row_count, columns: e.columns, export_artifact: e.saved_as }));
  const normalised: NormalisedInput[] = input.normalised.map((n) => ({ source: n.source, output: n.output, rows: n.counts.rows, columns: n.columns, mapping: n.mapping, id_column: n.id_column }));
  const targets: TargetInput[] = written(input).map((w) => ({ table_id: w.table_id, rows: w.rows, columns: w.columns, from: w.columns.includes('row_id') ? 'cluster_map' : 'golden' }));
  const lineage = buildLineage({
    sources,
    normalised,
    clusterMap: { artifact: input.resolution.outputs.cluster_map, rows: clusterMap.rows.length, columns: clusterMap.headers },
    golden: { artifact: input.resolution.outputs.golden, rows: golden.rows.length, columns: golden.headers },
    ...(input.redaction ? { redacted: { artifact: input.redaction.output, rows: promotedFrom.rows.length, columns: promotedFrom.headers, policy: input.redaction.policies } } : {}),
    targets,
  });
  await ctx.writeArtifact(input.lineage_json, JSON.stringify(lineage, null, 2), 'application/json');
  await ctx.writeArtifact(input.lineage_mmd, lineageMermaid(lineage), 'text/vnd.mermaid');
  await ctx.writeArtifact(input.report, markdown(input, accounting, balanced, narrative), 'text/markdown');
  return {
    report: input.report,
    lineage: { json: input.lineage_json, mermaid: input.lineage_mmd, nodes: lineage.nodes.length, edges: lineage.edges.length, column_edges: lineage.column_edges.length },
    accounting,
    balanced,
  };
}

/** The writes whose results were recorded (not those a person confirmed after a restart). */
function written(input: Input): z.infer<typeof Write>[] {
  return input.promotion.flatMap((w) => {
    const parsed = Write.safeParse(w);
    return parsed.success ? [parsed.data] : [];
  });
}

function markdown(input: Input, accounting: Record<string, number>, balanced: boolean, narrative: string | undefined): string {
  const { stats } = input.resolution;
  const pct = (p: number | null) => (p === null ? 'unknown' : `${Math.round(p * 100)} %`);
  const chosen = new Set(input.chosen);
  const dedup = stats.records > 0 ? (1 - stats.clusters / stats.records) * 100 : 0;
  const lines: string[] = ['# Data cleanup report', ''];
  if (narrative) lines.push('## Summary', '', narrative.trim().slice(0, 20_000), '');

  lines.push('## Sources', '', '| Table | Rows | Columns | Candidate keys | PII columns |', '|---|---:|---:|---|---|');
  input.exports.forEach((e, i) => {
    const profile = input.profiles[i];
    lines.push(`| ${e.table_id} | ${e.row_count} | ${e.columns.length} | ${profile?.candidate_keys.join(', ') || '—'} | ${profile?.pii_columns.join(', ') || '—'} |`);
  });
  lines.push('', '## Profile highlights', '');
  input.profiles.forEach((p, i) => {
    const worst = [...p.columns].sort((a, b) => b.null_rate - a.null_rate).slice(0, 3).filter((c) => c.null_rate > 0);
    lines.push(`- **${input.exports[i]?.table_id ?? p.artifact}**: ${worst.length ? `most empty: ${worst.map((c) => `${c.name} ${Math.round(c.null_rate * 100)} %`).join(', ')}` : 'no empty values'}; types: ${p.columns.map((c) => `${c.name} (${c.type_guess})`).join(', ')}.`);
  });
  lines.push('', '## Normalisation', '', '| Source | Rows | Column mapping | Row id |', '|---|---:|---|---|');
  for (const n of input.normalised) lines.push(`| ${n.source} | ${n.counts.rows} | ${Object.entries(n.mapping).map(([from, to]) => `${from} → ${to}`).join(', ')} | ${n.id_column ?? 'row number'} |`);
  if (input.overlap) {
    lines.push('', '## Overlap', '', '| Sources | Shared keys |', '|---|---|');
    for (const p of input.overlap.pairs) lines.push(`| ${p.left} ↔ ${p.right} | ${Object.entries(p.shared_keys).map(([k, n]) => `${k}: ${n}`).join(', ')} |`);
  }
  lines.push('', '## Rules', '', '| Rule | Matches | Estimated precision | Recommended | Chosen |', '|---|---:|---:|:---:|:---:|');
  for (const r of input.proposals.rules.filter((r) => r.applicable !== false)) {
    lines.push(`| ${r.label} (\`${r.id}\`) | ${r.matches} | ${pct(r.estimated_precision)} | ${input.proposals.recommended.includes(r.id) ? 'yes' : ''} | ${chosen.has(r.id) ? 'yes' : ''} |`);
  }
  lines.push('', `Applied: ${input.resolution.rules.map((r) => `${r.label} (\`${r.id}\`)`).join(', ')}.${input.comment ? ` Comment with the answer: “${input.comment}”.` : ''}`);
  lines.push(...readFrom(input));
  lines.push(
    '', '## Match statistics', '',
    `- Records: ${stats.records}`,
    ...comparedWhere(input),
    `- Matched pairs: ${stats.matchedPairs} (${Object.entries(stats.matchesByRule).map(([id, n]) => `${id}: ${n}`).join(', ')})`,
    `- Entities (golden records): **${stats.clusters}**, of which ${stats.multiRecordClusters} merge several rows; largest: ${stats.largestCluster} rows`,
    `- Deduplication: ${dedup.toFixed(1)} % fewer rows than the sources`,
    '', '## Validation', '',
    `- Row accounting: ${input.validation.accounting_errors === 0 ? 'every source row is in exactly one entity' : `**${input.validation.accounting_errors} errors**`} (${input.validation.rows} rows, ${input.validation.clusters} entities)`,
    `- Oversized clusters: ${input.validation.oversized}; hard-key conflicts: ${input.validation.conflicts}; details in \`${input.validation.report}\``,
    `- Counts: ${accounting.source_rows} source rows = ${accounting.cluster_map_rows} cluster-map rows = ${accounting.golden_member_rows} golden members in ${accounting.golden_records} golden records — ${balanced ? 'consistent' : '**inconsistent**'}`,
  );
  if (input.sql) {
    const { columns, rows } = input.sql.check;
    const total = (column: string) => rows.reduce((sum, row) => sum + Number(row[columns.indexOf(column)]), 0);
    const result = { sql_pairs: total('sql_pairs'), matcher_pairs: total('matcher_pairs'), differences: total('differences') };
    lines.push(
      '', '## Rules as SQL', '',
      `The chosen rules compiled to SQL (\`${input.sql.rules.files.rules}\`) and ran in the run's SQL workspace over ${input.sql.rules.candidate_pairs} candidate pairs of ${input.sql.rules.records} of the ${input.sql.rules.of_records} records: ` +
        `${result.sql_pairs} matched pairs against ${result.matcher_pairs} from the in-memory matcher, ${result.differences === 0 ? '**no differences**' : `**${result.differences} differences**`}.`,
    );
  }
  lines.push('', '## Promotion', '');
  if (input.redaction) lines.push(`PII policy before promotion: ${Object.entries(input.redaction.policies).map(([c, p]) => `${c}: ${p}`).join(', ')}.`, '');
  if (input.promotion.length === 0) lines.push('Nothing was promoted.');
  for (const w of written(input)) lines.push(`- \`${w.table_id}\`: ${w.action}, ${w.rows} rows, columns ${w.columns.join(', ')}`);
  for (const c of input.promotion.flatMap((w) => (Write.safeParse(w).success ? [] : [Confirmed.parse(w)]))) {
    lines.push(`- a write interrupted by a restart, confirmed by ${c.confirmed_by}: ${c.note}`);
  }
  lines.push('', '## Semantic layer', '', input.semantic ? `Dataset description: \`${input.semantic.path}\`.` : 'Not registered.');
  const { spend } = input;
  lines.push(
    '', '## Cost', '',
    `- Spent: $${spend.cost_usd.toFixed(4)} of $${spend.budget.max_usd_per_run}`,
    `- Tokens: ${spend.tokens}${spend.budget.max_tokens_per_run ? ` of ${spend.budget.max_tokens_per_run}` : ''}`,
    `- Wall clock: ${spend.wall_clock_seconds} s running${spend.budget.max_wall_clock_seconds ? ` of ${spend.budget.max_wall_clock_seconds} s` : ''}, ${spend.waiting_seconds} s waiting for people, ${spend.compute_seconds} s in tool calls and model turns (until this report)`,
    '', '## Artifacts', '',
    `- Golden table: \`${input.resolution.outputs.golden}\`; cluster map: \`${input.resolution.outputs.cluster_map}\``,
    `- Lineage: \`${input.lineage_mmd}\` (diagram), \`${input.lineage_json}\` (graph)`,
    '',
  );
  return lines.join('\n');
}

/** In the warehouse the run compares nothing itself: what it says instead is where and how much came back. */
/** Which steps read a sample of the sources, and why (above the pushdown threshold); nothing when every step read every row. */
function readFrom(input: Input): string[] {
  const lines = [
    ...input.profiles.flatMap((p, i) => (p.sample ? [`- Profile of ${input.exports[i]?.table_id ?? p.artifact}: a sample (${p.sample.reason})`] : [])),
    ...(input.overlap?.sample ? [`- Overlap: a sample (${input.overlap.sample.reason})`] : []),
    ...(input.proposals.sample ? [`- Rule proposals: a sample (${input.proposals.sample.reason}); the chosen rules were then applied to every row`] : []),
  ];
  return lines.length > 0 ? ['', '## Samples', '', ...lines] : [];
}

function comparedWhere(input: Input): string[] {
  const c = input.comparison;
  if (c?.where !== 'warehouse') return [`- Candidate pairs compared (in the run): ${input.resolution.stats.comparedPairs}`, ...(c ? [`- Where: ${c.reason}`] : [])];
  const moved = c.rows_moved;
  return [`- Where: ${c.reason}`, ...(moved ? [`- Rows moved: ${moved.forms_up} comparison forms up to the workspace, ${moved.pairs_down} matched pairs back`] : [])];
}
