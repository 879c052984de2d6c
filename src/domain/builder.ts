import { z } from '@hono/zod-openapi';
import { ModelChoice, PlaybookSpec } from './playbook';
import { cronProblem } from '../triggers/cron';

/** What the author tells the builder when no model designs the Playbook (the question path). */
export const BUILDER_TASKS = ['profile', 'allocate', 'detect_variances', 'margin'] as const;
export const BUILDER_SCHEDULES = ['manual', 'daily', 'weekly_monday', 'monthly'] as const;

export const BuilderAnswers = z
  .strictObject({
    task: z.enum(BUILDER_TASKS).openapi({ description: 'What the Playbook does: profile tables, allocate cost, detect cost variances, or explain the weekly margin' }),
    tables: z.array(z.string().min(1).max(256).regex(/^[A-Za-z0-9_.-]+$/, 'a Storage table id such as in.c-finance.gl_costs')).max(20).optional(),
    slack_channel: z
      .string()
      .regex(/^#?[A-Za-z0-9][\w.-]{0,79}$/, 'a Slack channel such as #finance or a channel id')
      .optional()
      .openapi({ description: 'Where a summary is sent (after approval); absent: no delivery' }),
    schedule: z.enum(BUILDER_SCHEDULES).default('manual'),
    hour: z.number().int().min(0).max(23).default(8),
    timezone: z.string().min(1).max(64).default('UTC'),
  })
  .superRefine((answers, ctx) => {
    // Named here, as the answer the author gave, not later as the assembled trigger's field.
    const problem = cronProblem('0 8 * * 1', answers.timezone);
    if (problem?.field === 'timezone') ctx.addIssue({ code: 'custom', path: ['timezone'], message: problem.message });
  })
  .openapi('BuilderAnswers');
export type BuilderAnswers = z.infer<typeof BuilderAnswers>;

export const BuilderRequest = z
  .strictObject({
    description: z.string().trim().min(3).max(5_000).openapi({ description: 'The automation in the author\'s words' }),
    answers: BuilderAnswers.optional().openapi({ description: 'Answers to the questions: the Playbook is then assembled from the blueprints\' step library, with no model' }),
    mode: z
      .enum(['auto', 'questions'])
      .default('auto')
      .openapi({ description: 'auto: a configured model proposes the Playbook, else the questions come back; questions: always the question path' }),
    model: ModelChoice.optional().openapi({ description: 'Which provider/model designs it (default: the configured one)' }),
    previous_yaml: z.string().max(256 * 1024).optional().openapi({ description: 'The draft this proposal replaces; the diff is against it (default: empty)' }),
  })
  .openapi('BuilderRequest');
export type BuilderRequest = z.infer<typeof BuilderRequest>;

export const BuilderQuestion = z
  .object({
    name: z.string(),
    label: z.string(),
    kind: z.enum(['choice', 'tables', 'text', 'number']),
    options: z.array(z.object({ value: z.string(), label: z.string() })).optional(),
    default: z.unknown().optional(),
    required: z.boolean(),
    hint: z.string().optional(),
  })
  .openapi('BuilderQuestion');
export type BuilderQuestion = z.infer<typeof BuilderQuestion>;

export const BuilderProposal = z
  .object({
    kind: z.literal('proposal'),
    source: z.enum(['model', 'library']).openapi({ description: 'model: designed by a model; library: assembled from the blueprints\' steps' }),
    yaml: z.string().openapi({ description: 'The proposed document; accepting it is POST /playbooks with this YAML' }),
    spec: PlaybookSpec,
    diff: z.object({ text: z.string(), added: z.number().int(), removed: z.number().int() }),
    notes: z.array(z.string()).openapi({ description: 'What the builder decided for the author, e.g. the approvals it added' }),
  })
  .openapi('BuilderProposal');

export const BuilderQuestions = z
  .object({
    kind: z.literal('questions'),
    reason: z.string().openapi({ description: 'Why questions, not a proposal (e.g. no model is configured)' }),
    questions: z.array(BuilderQuestion),
  })
  .openapi('BuilderQuestions');

export const BuilderResponse = z.discriminatedUnion('kind', [BuilderProposal, BuilderQuestions]).openapi('BuilderResponse');
export type BuilderResponse = z.infer<typeof BuilderResponse>;
