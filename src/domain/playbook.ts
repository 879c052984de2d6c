import { z } from '@hono/zod-openapi';
import { Slug, ToolId, IsoDateTime, UserId, boundedJsonObject, KeboolaBranch } from './common';
import { BudgetPolicy } from './budget';
import { ApprovalPolicy, RiskPolicy, floorViolations } from './policy';
import { PolicyDecision } from './risk';
import { IssuedTriggerSecret, Trigger } from './trigger';
import { referenceIssues } from './references';
import { InputSpec, tableInputIssues } from './input-spec';

export { InputSpec } from './input-spec';

export const ON_FAILURE = ['abort', 'skip', 'ask_user', 'call_subagent'] as const;

/** One deterministic tool call of a scripted step (spec §5). Args may hold `${{ ... }}` references. */
export const Action = z
  .strictObject({
    id: Slug.optional(),
    tool: ToolId,
    args: boundedJsonObject().default({}),
    description: z.string().max(500).optional(),
    for_each: z
      .string()
      .max(500)
      .optional()
      .openapi({ description: 'A reference to a list (e.g. "${{ inputs.source_tables }}"): the tool is called once per item, `${{ item }}` in args; the output is the list of results' }),
  })
  .openapi('Action');
export type Action = z.infer<typeof Action>;

export const Step = z
  .strictObject({
    id: Slug,
    title: z.string().min(1).max(200),
    instruction: z.string().min(1).max(20_000),
    allowed_tools: z.array(ToolId).default([]),
    completion_criteria: z.string().min(1).max(5_000),
    on_failure: z.enum(ON_FAILURE).default('abort'),
    subagent: Slug.optional(),
    mode: z
      .enum(['scripted', 'agent', 'auto'])
      .optional()
      .openapi({ description: 'Default: scripted when the step has actions, else agent. auto: the model when the Playbook chooses one (model:), else the actions' }),
    skills: z.array(Slug).default([]),
    actions: z.array(Action).max(100).optional(),
  })
  .openapi('Step');
export type Step = z.infer<typeof Step>;

export const ArtifactSpec = z
  .strictObject({
    path: z.string().min(1).max(256),
    description: z.string().max(1000).optional(),
    content_type: z.string().max(128).optional(),
    max_bytes: z.number().int().positive().max(1024 * 1024 * 1024).default(50 * 1024 * 1024),
    retention_days: z.number().int().positive().max(3650).default(30),
  })
  .openapi('ArtifactSpec');

export const Sop = z
  .strictObject({
    goal: z.string().min(1).max(5_000),
    steps: z.array(Step).min(1).max(200),
    sub_playbooks: z.array(Slug).default([]),
    artifact_specs: z.array(ArtifactSpec).default([]),
  })
  .openapi('Sop');

export const ModelChoice = z
  .strictObject({
    provider: z.enum(['anthropic', 'openai-compatible', 'workers-ai']).optional(),
    model: z.string().min(1).max(128).optional(),
    max_output_tokens: z.number().int().positive().max(200_000).optional(),
  })
  .openapi('ModelChoice');
export type ModelChoice = z.infer<typeof ModelChoice>;

/** The Playbook document as written in YAML (spec §2-3). Metadata lives on PlaybookRecord. */
export const PlaybookSpec = z
  .strictObject({
    name: z.string().min(1).max(120),
    description: z.string().max(2_000).optional(),
    sop: Sop,
    inputs: z.array(InputSpec).default([]),
    connections: z.array(z.string().min(1).max(128)).default([]),
    skills: z.array(Slug).default([]),
    plugins: z.array(z.string().min(1).max(128)).default([]),
    logins: z.array(z.string().min(1).max(128)).default([]),
    triggers: z.array(Trigger).default([{ type: 'manual', enabled: true }]),
    budget: BudgetPolicy,
    approval_policy: ApprovalPolicy.default(ApprovalPolicy.parse({})),
    risk_policy: RiskPolicy.default({}),
    tool_policies: z.record(ToolId, PolicyDecision).default({}),
    model: ModelChoice.optional(),
    /** Pins the run's Keboola tools to a dev branch: reads go there by default, writes only there (the Broker refuses others). */
    keboola: z.strictObject({ branch: KeboolaBranch }).optional(),
  })
  .superRefine((doc, ctx) => {
    for (const v of floorViolations(doc.risk_policy)) {
      ctx.addIssue({
        code: 'custom',
        path: ['risk_policy', v.risk],
        message: `${v.risk} may not be looser than "${v.floor}" (got "${v.decision}")`,
      });
    }
    const seen = new Set<string>();
    doc.sop.steps.forEach((step, i) => {
      if (seen.has(step.id)) ctx.addIssue({ code: 'custom', path: ['sop', 'steps', i, 'id'], message: `duplicate step id "${step.id}"` });
      seen.add(step.id);
      if (step.mode === 'auto' && !step.actions?.length) {
        ctx.addIssue({ code: 'custom', path: ['sop', 'steps', i, 'actions'], message: 'mode "auto" needs actions to run when the Playbook chooses no model' });
      }
      if (step.on_failure === 'call_subagent' && !step.subagent) {
        ctx.addIssue({ code: 'custom', path: ['sop', 'steps', i, 'subagent'], message: 'on_failure "call_subagent" needs a subagent (a sub-playbook id)' });
      }
      if (step.subagent && !doc.sop.sub_playbooks.includes(step.subagent)) {
        ctx.addIssue({ code: 'custom', path: ['sop', 'steps', i, 'subagent'], message: `subagent "${step.subagent}" is not listed in sop.sub_playbooks` });
      }
    });
    const names = new Set<string>();
    doc.inputs.forEach((input, i) => {
      if (names.has(input.name)) ctx.addIssue({ code: 'custom', path: ['inputs', i, 'name'], message: `duplicate input "${input.name}"` });
      names.add(input.name);
    });
    for (const issue of referenceIssues(doc.sop.steps, names)) ctx.addIssue({ code: 'custom', ...issue });
    for (const issue of tableInputIssues(doc.inputs)) ctx.addIssue({ code: 'custom', ...issue });
  })
  .openapi('PlaybookSpec');
export type PlaybookSpec = z.infer<typeof PlaybookSpec>;
export type PlaybookSpecInput = z.input<typeof PlaybookSpec>;

export const PlaybookStatus = z.enum(['draft', 'active', 'archived']).openapi('PlaybookStatus');

/** The tenant index row for a Playbook: who owns it, who may see it, which revision is current. */
export const PlaybookSummary = z
  .object({
    id: Slug,
    name: z.string(),
    description: z.string().optional(),
    revision: z.number().int().positive(),
    published_revision: z.number().int().positive().optional().openapi({
      description: 'The revision runners and triggers run (POST /playbooks/{id}/publish); absent: none published yet. Later revisions are drafts until published',
    }),
    status: PlaybookStatus,
    created_by: UserId,
    allowed_users: z.array(z.string()),
    source_blueprint: z.string().optional(),
    created_at: IsoDateTime,
    updated_at: IsoDateTime,
  })
  .openapi('PlaybookSummary');
export type PlaybookSummary = z.infer<typeof PlaybookSummary>;

/** A Playbook in the library list: its summary and, when a cron trigger is scheduled, its next run. */
export const PlaybookListItem = PlaybookSummary.extend({
  next_run: z
    .object({
      at: IsoDateTime,
      timezone: z.string().openapi({ description: "The cron trigger's time zone, to show the time in" }),
      trigger: z.string().openapi({ description: "The trigger's key in the Playbook" }),
    })
    .optional()
    .openapi({ description: 'The earliest next fire of its enabled cron triggers; absent when none is scheduled or the Playbook is archived' }),
}).openapi('PlaybookListItem');
export type PlaybookListItem = z.infer<typeof PlaybookListItem>;

export const PlaybookRecord = PlaybookSummary.extend({
  spec: PlaybookSpec,
  yaml: z.string(),
  can_edit: z.boolean(),
  trigger_secrets: z.array(IssuedTriggerSecret).optional().openapi({ description: 'Secrets of webhook triggers this save created: shown here once, never again' }),
}).openapi('Playbook');
export type PlaybookRecord = z.infer<typeof PlaybookRecord>;

export const PlaybookRevision = z
  .object({
    playbook_id: Slug,
    revision: z.number().int().positive(),
    created_by: UserId,
    created_at: IsoDateTime,
    spec: PlaybookSpec,
    yaml: z.string(),
  })
  .openapi('PlaybookRevision');
export type PlaybookRevision = z.infer<typeof PlaybookRevision>;

export const RevisionInfo = z
  .object({ revision: z.number().int().positive(), created_by: UserId, created_at: IsoDateTime })
  .openapi('RevisionInfo');
export type RevisionInfo = z.infer<typeof RevisionInfo>;

/** POST /playbooks/{id}/publish: which revision runners and triggers run from now on. */
export const PublishRequest = z
  .strictObject({ revision: z.number().int().positive().openapi({ description: 'An existing revision of this Playbook (an older one rolls back)' }) })
  .openapi('PublishRequest');

/** What a publish answers: the Playbook, and the secrets of hook triggers the published revision brought in. */
export const PublishedPlaybook = PlaybookSummary.extend({
  trigger_secrets: z.array(IssuedTriggerSecret).optional().openapi({ description: 'Secrets of webhook and job triggers this publish registered: shown here once, never again' }),
}).openapi('PublishedPlaybook');
export type PublishedPlaybook = z.infer<typeof PublishedPlaybook>;

const RevisionNumber = z.coerce.number().int().positive();

/** GET /playbooks/{id}/revisions/diff?from=N&to=M. */
export const RevisionDiffQuery = z.strictObject({
  from: RevisionNumber.openapi({ param: { name: 'from', in: 'query' }, description: 'The older side (lines marked -)' }),
  to: RevisionNumber.openapi({ param: { name: 'to', in: 'query' }, description: 'The newer side (lines marked +)' }),
});

export const RevisionDiff = z
  .object({
    playbook_id: Slug,
    from: z.number().int().positive(),
    to: z.number().int().positive(),
    diff: z.string().openapi({ description: "A unified diff (diff -u) of the two revisions' YAML; empty when they are the same" }),
    added: z.number().int().nonnegative(),
    removed: z.number().int().nonnegative(),
  })
  .openapi('RevisionDiff');
export type RevisionDiff = z.infer<typeof RevisionDiff>;

/**
 * How a step runs (spec §5): actions make it scripted, none make it a model step; `auto` steps
 * use the model only when the Playbook chooses one, so a fork runs without any model configured.
 */
export function stepMode(step: Step, model: ModelChoice | undefined): 'scripted' | 'agent' {
  if (step.mode === 'auto') return model ? 'agent' : 'scripted';
  if (step.mode) return step.mode;
  return step.actions && step.actions.length > 0 ? 'scripted' : 'agent';
}
