import type { BuilderAnswers, BuilderQuestion } from '../domain/builder';
import { InputSpec, type PlaybookSpec, type Step } from '../domain/playbook';
import { pathOf, referencesIn } from '../domain/references';
import type { ToolManifest } from '../domain/tooling';
import { getBlueprint } from '../blueprints/catalogue';
import { toolAllowed } from '../tools/registry';
import { declaredDecision, needsApproval } from './checks';
import { strictness } from '../domain/risk';

/** The approval settings every built draft gets: a body hash on what leaves the run, a working day to decide. */
export const BUILDER_APPROVALS = {
  default_ttl_seconds: 14_400,
  require_body_hash_for: ['write', 'external_send', 'destructive'] as ('write' | 'external_send' | 'destructive')[],
  undo_window_seconds_for_external_send: 5,
};

/** Which bundled blueprint's steps do each task, and which of its steps delivers to Slack. */
const LIBRARY: Record<BuilderAnswers['task'], { blueprint: string; steps: string[]; deliver?: string; label: string }> = {
  profile: { blueprint: 'data-cleanup-for-ai', steps: ['profile'], label: 'Profile tables (types, nulls, keys, PII)' },
  allocate: { blueprint: 'product-cost-allocation', steps: ['run-allocation', 'reconcile'], deliver: 'deliver-slack', label: 'Allocate cost to products and reconcile' },
  detect_variances: { blueprint: 'product-cost-allocation', steps: ['detect-variances'], deliver: 'deliver-slack', label: 'Detect cost variances against the prior period' },
  margin: { blueprint: 'weekly-margin-cockpit', steps: ['margin-bridge', 'flag-exceptions'], deliver: 'post-brief', label: 'Explain the weekly margin (bridge, exceptions)' },
};

const CRON: Record<Exclude<BuilderAnswers['schedule'], 'manual'>, (hour: number) => string> = {
  daily: (h) => `0 ${h} * * *`,
  weekly_monday: (h) => `0 ${h} * * 1`,
  monthly: (h) => `0 ${h} 1 * *`,
};

export const BUILDER_QUESTIONS: BuilderQuestion[] = [
  { name: 'task', label: 'What should it do?', kind: 'choice', required: true, options: Object.entries(LIBRARY).map(([value, l]) => ({ value, label: l.label })) },
  { name: 'tables', label: 'Which tables does it read?', kind: 'tables', required: false, hint: 'Storage table ids, e.g. in.c-finance.gl_costs; empty keeps the blueprint\'s sample tables' },
  { name: 'slack_channel', label: 'Where should the summary go (Slack channel)?', kind: 'text', required: false, hint: 'e.g. #finance; empty: no message. Every message waits for a person\'s approval' },
  {
    name: 'schedule', label: 'When should it run?', kind: 'choice', required: true, default: 'manual',
    options: [
      { value: 'manual', label: 'When someone starts it' }, { value: 'daily', label: 'Every day' },
      { value: 'weekly_monday', label: 'Every Monday' }, { value: 'monthly', label: 'On the 1st of each month' },
    ],
  },
  { name: 'hour', label: 'At what hour?', kind: 'number', required: false, default: 8 },
  { name: 'timezone', label: 'Time zone', kind: 'text', required: false, default: 'UTC', hint: 'an IANA zone such as Europe/Prague' },
];

/** The steps a chosen step reads from (steps.<id>, or answers of another step's human_in_loop action). */
function dependencies(step: Step, all: readonly Step[]): string[] {
  const out = new Set<string>();
  for (const expression of referencesIn(step.actions ?? [])) {
    let path: ReturnType<typeof pathOf>;
    try {
      path = pathOf(expression);
    } catch {
      continue;
    }
    const [root, name] = path;
    if (root === 'steps' && typeof name === 'string') out.add(name);
    if ((root === 'answers' || root === 'questions') && typeof name === 'string') {
      const owner = all.find((s) => (s.actions ?? []).some((a) => a.id === name));
      if (owner) out.add(owner.id);
    }
  }
  out.delete(step.id);
  return [...out];
}

/** The chosen steps plus every step they read from, in the blueprint's order (references must point backwards). */
function withDependencies(chosen: string[], all: readonly Step[]): Step[] {
  const keep = new Set<string>();
  const visit = (id: string) => {
    if (keep.has(id)) return;
    const step = all.find((s) => s.id === id);
    if (!step) throw new Error(`The step library has no step "${id}"`);
    keep.add(id);
    dependencies(step, all).forEach(visit);
  };
  chosen.forEach(visit);
  return all.filter((s) => keep.has(s.id));
}

/** A delivery step for a blueprint without one of its own: a note with the run's link, sent after approval. */
function notifyStep(name: string): Step {
  return {
    id: 'notify', title: 'Post a note to Slack after approval', on_failure: 'ask_user', skills: [],
    instruction: 'Send one message with slack.send_message to inputs.slack_channel saying the run finished, with the run\'s link. It waits for approval; send it once.',
    allowed_tools: ['slack.send_message'], completion_criteria: 'The note was sent once after approval, or the approver rejected it.',
    actions: [{ id: 'send', tool: 'slack.send_message', args: { channel: '${{ inputs.slack_channel }}', text: `${name} finished: \${{ run.url }}` } }],
  };
}

/**
 * A draft assembled from the bundled blueprints' steps, with no model: the task's steps and those
 * they read from, the delivery step when a channel is named, the answers as input defaults and a
 * cron trigger, and an approval named for every tool that writes or sends. Still only a candidate:
 * the caller checks it exactly as a model's proposal is checked.
 */
export function assembleFromLibrary(description: string, answers: BuilderAnswers, manifests: readonly ToolManifest[]): { spec: PlaybookSpec; notes: string[] } {
  const entry = LIBRARY[answers.task];
  const template = getBlueprint(entry.blueprint).playbook_template;
  const notes = [`Steps taken from the blueprint "${entry.blueprint}".`];
  const deliver = answers.slack_channel !== undefined;
  const steps = withDependencies([...entry.steps, ...(deliver && entry.deliver ? [entry.deliver] : [])], template.sop.steps);
  const name = description.split(/[.\n]/)[0]!.trim().slice(0, 120) || template.name;
  if (deliver && !entry.deliver) steps.push(notifyStep(name));
  let inputs = template.inputs.map((input) => {
    if (input.name === 'slack_channel' && answers.slack_channel) return { ...input, default: answers.slack_channel };
    return input;
  });
  if (deliver && !inputs.some((i) => i.name === 'slack_channel')) {
    inputs = [...inputs, InputSpec.parse({ name: 'slack_channel', type: 'string', label: 'Slack channel', description: 'Where the note is posted after approval.', required: true, default: answers.slack_channel })];
  }
  if (answers.tables?.length) {
    const many = inputs.findIndex((i) => i.type === 'tables');
    const one = inputs.findIndex((i) => i.type === 'table');
    if (many >= 0) inputs[many] = { ...inputs[many]!, default: answers.tables };
    else if (one >= 0) inputs[one] = { ...inputs[one]!, default: answers.tables[0] };
    notes.push(`The tables you named are the default of the input "${inputs[many >= 0 ? many : one]?.name}".`);
  }
  const triggers: PlaybookSpec['triggers'] = [{ type: 'manual', enabled: true }];
  if (answers.schedule !== 'manual') triggers.push({ type: 'cron', id: answers.schedule.replace('_', '-'), enabled: true, expression: CRON[answers.schedule](answers.hour), timezone: answers.timezone });
  const spec: PlaybookSpec = {
    ...template,
    name,
    description: description.slice(0, 2_000),
    sop: { ...template.sop, steps },
    inputs,
    connections: deliver ? template.connections : template.connections.filter((c) => c !== 'slack'),
    triggers,
    approval_policy: { ...template.approval_policy, ...BUILDER_APPROVALS },
    tool_policies: { ...template.tool_policies },
  };
  for (const tool of manifests) {
    if (!needsApproval(tool) || !steps.some((s) => toolAllowed(s.allowed_tools, tool.id))) continue;
    if (strictness(declaredDecision(spec, tool)) >= strictness('approve')) continue;
    spec.tool_policies[tool.id] = 'approve';
    notes.push(`${tool.id} (${tool.risk}) waits for a person's approval.`);
  }
  return { spec, notes };
}
