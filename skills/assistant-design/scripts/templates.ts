import { z } from '@hono/zod-openapi';
import type { SkillScriptContext } from '../../../src/skills/script';
import { describe } from '../lib/description';
import { recommend, TEMPLATES, template } from '../lib/templates';

export const risk = 'compute';

export const description =
  'Offer the Playbook templates the builder can draft without a model (table quality check → Slack, scheduled KPI digest, ' +
  'reconcile two tables, export a table to a bucket), each with what it needs, ranked by the words of the task description. ' +
  'Returns what the description already says (tables, Slack channel, schedule, buckets) and `question`: a radio question for ' +
  'kbagent.human_in_loop with the recommended template first.';

export const args = z.strictObject({
  task_description: z.string().min(1).max(10_000),
  candidate_tables: z.array(z.string().max(256)).max(50).default([]),
});

export async function run(input: z.infer<typeof args>, _ctx: SkillScriptContext) {
  const found = describe(input.task_description);
  const tables = [...new Set([...found.tables, ...input.candidate_tables])];
  const { ranked, scores } = recommend(input.task_description, tables);
  const recommended = ranked[0]!;
  const said = [
    tables.length ? `tables ${tables.join(', ')}` : 'no table id (name one, or the builder looks for a table named in it)',
    found.channel ? `Slack channel ${found.channel}` : 'no Slack channel',
    found.schedule ? `schedule "${found.schedule.said}" (cron ${found.schedule.expression}, ${found.schedule.timezone})` : 'no schedule (manual runs only)',
    ...(found.buckets.length ? [`bucket ${found.buckets.join(', ')}`] : []),
  ];
  return {
    recommended,
    scores,
    found: { tables, channel: found.channel, schedule: found.schedule, buckets: found.buckets, on_table_update: found.on_table_update },
    templates: ranked.map((id) => ({ ...template(id), score: scores[id] })),
    // Exactly the arguments of kbagent.human_in_loop, so a step can pass it on as it is.
    question: {
      prompt: `Which kind of assistant should the builder draft for:\n"${input.task_description.trim().slice(0, 1500)}"\n\nThe description gives: ${said.join('; ')}.\nRecommended: ${template(recommended).title}.`,
      kind: 'radio' as const,
      options: ranked.map((id) => {
        const t = TEMPLATES.find((x) => x.id === id)!;
        return { value: id, label: id === recommended ? `${t.title} (recommended)` : t.title, detail: `${t.summary} Needs: ${t.needs.join('; ')}.` };
      }),
    },
  };
}
