import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { sha256Hex } from '../../../src/broker/canonical';
import { unifiedDiff } from '../../../src/playbooks/diff';
import { readRegistry } from '../lib/inventory';
import { readOr } from '../lib/io';
import { judge, outline, reviewQuestion } from '../lib/review';

export const risk = 'compute';

export const description =
  'Validate drafts/playbook.yaml with the validator POST /playbooks uses (YAML limits, schema, policy floors, references), ' +
  'plus: every tool exists in the saved registry (kbagent.tool_broker.discover) and actions call only allowed tools, a manual ' +
  'trigger, the budget within max_usd_per_run, external_send and destructive set to approve or stricter, skill tools with their ' +
  'skill listed. Returns { valid, errors[] with paths, sha256 }, writes design/validation.json and the unified diff against the ' +
  'previous draft (or empty) to design/draft.diff, and returns the review `question` for kbagent.human_in_loop.';

export const args = z.strictObject({
  draft: z.string().min(1).max(512).default('drafts/playbook.yaml'),
  previous: z.string().min(1).max(512).default('drafts/previous.yaml').describe('The previous draft; absent means the diff is against an empty document'),
  registry: z.string().min(1).max(512).default('design/registry.json'),
  max_usd_per_run: z.number().positive().max(1000).default(2),
  diff_path: z.string().min(1).max(512).default('design/draft.diff'),
  fail_when_invalid: z.boolean().default(false).describe('Fail (with every error) instead of returning valid: false'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const text = await ctx.readArtifact(input.draft);
  const previous = await readOr(ctx, input.previous);
  const registry = await readRegistry(ctx, input.registry);
  const verdict = judge(text, registry, input.max_usd_per_run);
  const sha256 = sha256Hex(text);
  const diff = unifiedDiff(previous ?? '', text, { from: previous === null ? '/dev/null' : `a/${input.previous}`, to: `b/${input.draft}` });
  await ctx.writeArtifact(input.diff_path, diff.text, 'text/x-diff');
  await ctx.writeArtifact('design/validation.json', JSON.stringify({ draft: input.draft, valid: verdict.valid, errors: verdict.errors, sha256, diff: { path: input.diff_path, added: diff.added, removed: diff.removed } }, null, 2), 'application/json');
  if (!verdict.valid && input.fail_when_invalid) {
    throw new Error(`${input.draft} is invalid: ${verdict.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
  }
  const summary = verdict.spec ? outline(verdict.spec, registry) : null;
  return {
    valid: verdict.valid,
    errors: verdict.errors,
    sha256,
    diff: { path: input.diff_path, added: diff.added, removed: diff.removed, against: previous === null ? 'empty' : input.previous },
    outline: summary,
    ...(summary ? { question: reviewQuestion(summary, diff.text, input.diff_path) } : {}),
  };
}
