import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { composeBrief, type BriefSources } from '../lib/brief';
import type { BridgeFile } from '../lib/comparison';
import type { ExceptionsFile } from '../lib/exceptions';
import type { DataIssues } from '../lib/issues';

export const risk = 'compute';

export const description =
  'Write the weekly margin brief (at most 200 words) to cockpit/brief.md from bridge.json, exceptions.json and data-issues.json: ' +
  'revenue, margin and margin rate with their changes vs prior week and last year, the bridge vs prior week (and last year when it ' +
  'fits), the three largest erosions with their driving effect, the below-cost total, data issues when they touch more than 1 % of ' +
  'revenue, and the anomalies with a person\'s class for each (or "to classify") when an anomaly-detection file is given. Amounts in thousands (€412k), names only, no contact ' +
  'details. With `commentary` (a workspace file a model wrote, e.g. cockpit/commentary.md), its words follow the figures as a ' +
  '"Commentary:" paragraph, cut to the words left under 200; a missing or empty file adds nothing. Returns the text, its word count and `message`, the Slack text "Margin cockpit <week>", the brief and the workbook, for slack.send_message.';

export const args = z.strictObject({
  bridge: z.string().min(1).max(512).default('cockpit/bridge.json'),
  exceptions: z.string().min(1).max(512).default('cockpit/exceptions.json'),
  data_issues: z.string().max(512).default('cockpit/data-issues.json').describe('Empty: no data-issues line'),
  anomalies: z.string().max(512).default('').describe('Workspace path of skill.anomaly-detection.detect\'s anomalies JSON; empty: none'),
  classifications: z
    .array(z.array(z.strictObject({ row: z.string(), choice: z.string() })))
    .max(10)
    .default([])
    .describe('The answers to detect\'s classification question (grid answers: one list of {row, choice} per question asked); the brief names each anomaly\'s class'),
  commentary: z
    .string()
    .max(512)
    .default('')
    .describe('Workspace path of a commentary on the drivers and anomalies (cockpit/commentary.md); missing or empty: none. The figures never come from it'),
  workbook: z.string().min(1).max(1000).default('cockpit/margin-cockpit.xlsx').describe('The workbook\'s workspace path or a link to it'),
  currency: z.string().max(8).default('€'),
  output: z.string().min(1).max(512).default('cockpit/brief.md'),
});

async function json<T>(ctx: SkillScriptContext, path: string): Promise<T> {
  try {
    return JSON.parse(await ctx.readArtifact(path)) as T;
  } catch (error) {
    throw new Error(`cannot read "${path}": ${(error as Error).message}`);
  }
}

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const sources: BriefSources = {
    bridge: await json<BridgeFile>(ctx, input.bridge),
    exceptions: await json<ExceptionsFile>(ctx, input.exceptions),
    issues: input.data_issues ? await json<DataIssues>(ctx, input.data_issues) : null,
    anomalies: input.anomalies ? await json<BriefSources['anomalies']>(ctx, input.anomalies) : null,
    classified: Object.fromEntries(input.classifications.flat().map((a) => [a.row, a.choice])),
    currency: input.currency,
    commentary: input.commentary ? await ctx.readArtifact(input.commentary).catch(() => '') : '',
  };
  if (sources.exceptions.week !== sources.bridge.week) throw new Error(`"${input.exceptions}" is for ${sources.exceptions.week} but "${input.bridge}" for ${sources.bridge.week}; run both on the same margin_lines`);
  const { text, words, commentary } = composeBrief(sources);
  // One paragraph per line, so the run view renders them as the lines Slack shows.
  await ctx.writeArtifact(input.output, `${text.split('\n').join('\n\n')}\n`, 'text/markdown');
  return {
    week: sources.bridge.week,
    text,
    words,
    ...(commentary ? { commentary } : {}),
    path: input.output,
    workbook: input.workbook,
    message: `Margin cockpit ${sources.bridge.week}\n\n${text}\n\nWorkbook: ${input.workbook}`,
  };
}
