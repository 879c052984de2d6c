import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import type { PlaybookSpecInput } from '../../../src/domain/playbook';
import { sha256Hex } from '../../../src/broker/canonical';
import { parseYaml, toYaml } from '../../../src/yaml';
import { unifiedDiff } from '../../../src/playbooks/diff';
import { readRegistry } from '../lib/inventory';
import { keepPrevious, writeRiskReview } from '../lib/io';
import { judge } from '../lib/review';
import { applyChanges } from '../lib/revise';

export const risk = 'compute';

export const description =
  'Apply the requester\'s review of the draft: accept, revise (the changes in the comment, one per line: "name: <text>", ' +
  '"budget: <USD>", "schedule: <cron>", "timezone: <Area/City>", "channel: #<channel>", "remove step <id>", "no schedule"; the ' +
  'revised draft is validated again, diffed against the reviewed one and its risk review rewritten) or discard. Writes ' +
  'design/review.json and returns `create`: the arguments for kbagent.playbook.create_draft (path and sha256), none on discard.';

export const args = z.strictObject({
  answer: z.enum(['accept', 'revise', 'discard']),
  changes: z.string().max(4000).default(''),
  answered_by: z.string().max(200).default(''),
  draft: z.string().min(1).max(512).default('drafts/playbook.yaml'),
  previous: z.string().min(1).max(512).default('drafts/previous.yaml'),
  registry: z.string().min(1).max(512).default('design/registry.json'),
  max_usd_per_run: z.number().positive().max(1000).default(2),
  diff_path: z.string().min(1).max(512).default('design/draft.diff'),
});

export async function run(input: z.infer<typeof args>, ctx: SkillScriptContext) {
  const review = 'design/review.json';
  const record = (fields: Record<string, unknown>) => ctx.writeArtifact(review, JSON.stringify({ decision: input.answer, decided_by: input.answered_by, ...fields }, null, 2), 'application/json');
  if (input.answer === 'discard') {
    await record({ reason: input.changes, created: false });
    return { decision: input.answer, create: [], files: { review } };
  }
  let text = await ctx.readArtifact(input.draft);
  let applied: string[] = [];
  let diff: { added: number; removed: number } | undefined;
  if (input.answer === 'revise') {
    const registry = await readRegistry(ctx, input.registry);
    const revised = applyChanges(parseYaml(text, input.draft) as Record<string, unknown>, input.changes);
    applied = revised.applied;
    const next = toYaml(revised.doc);
    const verdict = judge(next, registry, input.max_usd_per_run);
    if (!verdict.valid) throw new Error(`The revised draft is invalid, so it was not saved: ${verdict.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}`);
    await keepPrevious(ctx, input.draft, input.previous, next);
    await ctx.writeArtifact(input.draft, next, 'application/yaml');
    const d = unifiedDiff(text, next, { from: `a/${input.previous}`, to: `b/${input.draft}` });
    await ctx.writeArtifact(input.diff_path, d.text, 'text/x-diff');
    await writeRiskReview(ctx, 'design/risk-review.md', revised.doc as PlaybookSpecInput, registry);
    diff = { added: d.added, removed: d.removed };
    text = next;
  }
  const sha256 = sha256Hex(text);
  await record({ changes: applied, sha256 });
  return { decision: input.answer, changes: applied, sha256, ...(diff ? { diff } : {}), create: [{ path: input.draft, sha256 }], files: { review, draft: input.draft } };
}
