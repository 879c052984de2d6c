import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import type { bottlenecks } from '../lib/bottlenecks';
import type { discover } from '../lib/discovery';
import { readJson } from '../lib/io';
import { findings, processMap } from '../lib/render';
import { parseOrder } from '../lib/stages';

export const risk = 'compute';

export const description =
  'Render the process map (Mermaid flowchart: stages in the intended order, an edge per directly-follows pair with at ' +
  'least 1 % of transitions labelled "transitions · median days", backward edges dotted, the worst bottlenecks marked) ' +
  'and the findings report (the process in five sentences, top variants, conformance, bottlenecks with actions, the ' +
  'stage mapping and data checks) from the outputs of discover and bottlenecks. With `narrative` (a workspace file a model ' +
  'wrote, e.g. process/in-short.md), its paragraph opens the report as "In short"; a missing or empty file adds nothing, and ' +
  'every figure of the report still comes from discover and bottlenecks.';

export const args = z.strictObject({
  discovery: z.string().min(1).max(512).default('process/discovery.json'),
  bottlenecks: z.string().min(1).max(512).default('process/bottlenecks.json'),
  mapping_file: z.string().min(1).max(512).default('eventlog/stage-mapping.json'),
  intended_order: z.string().min(1).max(2000),
  source: z.string().max(1000).default('the CRM tables').describe('What the data came from, for the report'),
  lookback_days: z.number().int().min(1).max(3650).default(365),
  checks: z.record(z.string(), z.unknown()).default({}).describe('The data checks event_log returned'),
  narrative: z.string().max(512).default('').describe('Workspace path of a short narrative for a sales leader (process/in-short.md); missing or empty: none'),
  output_dir: z.string().min(1).max(256).default('process'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const d = await readJson<ReturnType<typeof discover>>(ctx, input.discovery);
  const b = await readJson<ReturnType<typeof bottlenecks>>(ctx, input.bottlenecks);
  const mapping = await readJson<Record<string, string>>(ctx, input.mapping_file);
  const dir = input.output_dir.replace(/\/+$/, '');
  const files = { map: `${dir}/process-map.mmd`, findings: `${dir}/findings.md` };
  const narrative = input.narrative ? (await ctx.readArtifact(input.narrative).catch(() => '')).trim() : '';
  const map = processMap(d, b, parseOrder(input.intended_order));
  await ctx.writeArtifact(files.map, map, 'text/plain');
  await ctx.writeArtifact(files.findings, findings(d, b, { source: input.source, as_of: b.as_of, lookback_days: input.lookback_days, mapping, checks: input.checks, ...(narrative ? { narrative } : {}) }), 'text/markdown');
  return { files, bottleneck: b.bottlenecks[0]?.stage ?? null, map_edges: map.split('\n').filter((l) => l.includes('->')).length };
}
