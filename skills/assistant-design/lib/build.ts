// From a chosen template, the task description and the inventory to a complete Playbook document:
// the pattern's steps and inputs, the triggers the description asks for (always manual too), the
// budget by the governance rule, approvals, and policies no looser than the floors.
import type { PlaybookSpecInput } from '../../../src/domain/playbook';
import { describe, mentionedByName, mentionedColumns, unique, type Described } from './description';
import type { Inventory, StorageTable } from './inventory';
import { PATTERNS, type Pattern, type Plan } from './patterns';
import { template, type TemplateId } from './templates';
import { APPROVAL_POLICY, RISK_POLICY, sizeBudget } from './governance';

export type Request = { template: TemplateId; task_description: string; candidate_tables: string[]; audience: string; max_usd_per_run: number };
export type Source = 'description' | 'candidate tables' | 'template' | 'inventory' | 'governance rule' | 'default';
export type Requirement = { item: string; value: string; source: Source };
export type Draft = { doc: PlaybookSpecInput; plan: Plan; pattern: Pattern; described: Described; requirements: Requirement[]; budget: ReturnType<typeof sizeBudget> };

/** The tables the task is about: ids it names, then the candidates given, then tables it names by name. */
export function chooseTables(request: Request, described: Described, tables: readonly StorageTable[]): { chosen: StorageTable[]; source: Source } {
  const byId = new Map(tables.map((t) => [t.id, t]));
  const unknown = unique([...described.tables, ...request.candidate_tables]).filter((id) => !byId.has(id));
  if (unknown.length > 0) throw new Error(`${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not in the project; it has ${[...byId.keys()].join(', ')}`);
  const needed = request.template === 'reconcile' ? 2 : 1;
  const named = unique([...described.tables, ...request.candidate_tables]);
  const source: Source = described.tables.length > 0 ? 'description' : request.candidate_tables.length > 0 ? 'candidate tables' : 'inventory';
  const ids = named.length >= needed ? named : unique([...named, ...mentionedByName(request.task_description, [...byId.keys()])]);
  if (ids.length < needed) {
    throw new Error(`"${template(request.template).title}" needs ${needed} table${needed > 1 ? 's' : ''}; the description names ${ids.length ? ids.join(', ') : 'none'}. Name ${needed > 1 ? 'them' : 'it'} (e.g. in.c-bucket.table) or pass candidate_tables; the project has ${[...byId.keys()].join(', ')}`);
  }
  return { chosen: ids.slice(0, needed).map((id) => byId.get(id)!), source };
}

export function buildDraft(request: Request, inventory: Inventory): Draft {
  const described = describe(request.task_description);
  const { chosen, source } = chooseTables(request, described, inventory.tables);
  const plan: Plan = {
    template: request.template,
    tables: chosen,
    columns: mentionedColumns(request.task_description, chosen[0]!.columns),
    channel: described.channel,
    bucket: described.buckets.find((b) => b.startsWith('out.')) ?? described.buckets[0] ?? null,
  };
  const pattern = PATTERNS[request.template](plan);
  const budget = sizeBudget(pattern.steps.length, request.max_usd_per_run);
  const sends = pattern.steps.some((s) => s.allowed_tools?.includes('slack.send_message'));
  const triggers: NonNullable<PlaybookSpecInput['triggers']> = [{ type: 'manual' }];
  if (described.schedule) triggers.push({ type: 'cron', id: 'schedule', expression: described.schedule.expression, timezone: described.schedule.timezone });
  if (described.on_table_update) triggers.push({ type: 'keboola.table_updated', id: 'table-updated', table_id: chosen[0]!.id, poll_seconds: 900 });
  const doc: PlaybookSpecInput = {
    name: pattern.name,
    description: `Drafted by the assistant builder from: "${request.task_description.trim().slice(0, 1800)}"`,
    sop: { goal: pattern.goal, steps: pattern.steps, artifact_specs: pattern.artifacts },
    inputs: pattern.inputs,
    connections: ['keboola.connection', ...(sends ? ['slack'] : [])],
    skills: pattern.skills,
    triggers,
    budget: { max_usd_per_run: budget.max_usd_per_run, max_tokens_per_run: budget.max_tokens_per_run, max_wall_clock_seconds: budget.max_wall_clock_seconds, on_breach: budget.on_breach },
    approval_policy: APPROVAL_POLICY,
    risk_policy: RISK_POLICY,
    tool_policies: pattern.tool_policies,
  };
  const requirements: Requirement[] = [
    { item: 'Template', value: template(request.template).title, source: 'template' },
    { item: 'Goal', value: pattern.goal, source: 'template' },
    { item: 'Definition of done', value: pattern.steps.map((s) => s.completion_criteria).join(' '), source: 'template' },
    { item: 'Data sources', value: chosen.map((t) => `${t.id} (${t.columns.length} columns, ${t.rows_count ?? '?'} rows)`).join('; '), source },
    { item: 'Columns named', value: plan.columns.join(', ') || 'none', source: 'description' },
    ...pattern.decisions.map((d) => ({ item: 'Decided by the template', value: d, source: 'template' as const })),
    { item: 'Trigger', value: ['manual', described.schedule ? `cron "${described.schedule.expression}" (${described.schedule.timezone}) from "${described.schedule.said}"` : '', described.on_table_update ? `when ${chosen[0]!.id} is updated` : ''].filter(Boolean).join('; '), source: described.schedule || described.on_table_update ? 'description' : 'default' },
    { item: 'Inputs the runner supplies', value: pattern.inputs.map((i) => `${i.name}${i.default !== undefined ? ` (default ${String(i.default)})` : ' (required)'}`).join(', '), source: 'template' },
    { item: 'Deliverables', value: [...pattern.artifacts.map((a) => a.path), ...(sends ? [`a Slack message to ${plan.channel ?? 'the channel given at run time'}`] : [])].join(', '), source: 'template' },
    { item: 'Approvals', value: [sends ? 'every Slack message (external_send: approve, with its body hash)' : '', pattern.tool_policies['keboola.storage.write'] ? 'every Storage write, after its dry run' : '', 'destructive calls after their dry run; admin calls refused'].filter(Boolean).join('; '), source: 'governance rule' },
    { item: 'Who runs it', value: request.audience || 'not said', source: request.audience ? 'description' : 'default' },
    { item: 'Budget', value: `$${budget.max_usd_per_run} per run (estimate $${budget.estimate_usd} at ${budget.model}, ceiling $${request.max_usd_per_run}), ${budget.max_tokens_per_run} tokens, ${budget.max_wall_clock_seconds} s`, source: 'governance rule' },
  ];
  return { doc, plan, pattern, described, requirements, budget };
}

export function requirementsMarkdown(request: Request, draft: Draft): string {
  return [
    '# Requirements', '', '> ' + request.task_description.trim().replace(/\n/g, '\n> '), '',
    '| item | answer | source |', '|---|---|---|',
    ...draft.requirements.map((r) => `| ${r.item} | ${r.value.replace(/\|/g, '\\|').replace(/\n/g, ' ')} | ${r.source} |`), '',
  ].join('\n');
}

export function inventoryJson(draft: Draft, inventory: Inventory): Record<string, unknown> {
  const used = unique((draft.doc.sop.steps).flatMap((s) => s.allowed_tools ?? []));
  return {
    tables: draft.plan.tables.map((t) => ({ id: t.id, columns: t.columns, primary_key: t.primary_key, rows_count: t.rows_count, last_import_date: t.last_import_date, columns_needed: draft.pattern.reads.find((r) => r.table === t.id)?.columns ?? [] })),
    tools: used.map((id) => {
      const tool = inventory.tools.find((t) => (id.endsWith('*') ? t.id.startsWith(id.slice(0, -1)) : t.id === id));
      return { id, risk: tool?.risk ?? null, supports_dry_run: tool?.supports_dry_run ?? null, auth_state: tool?.auth_state ?? null, steps: draft.doc.sop.steps.filter((s) => s.allowed_tools?.includes(id)).map((s) => s.id) };
    }),
    missing: used.filter((id) => !inventory.tools.some((t) => (id.endsWith('*') ? t.id.startsWith(id.slice(0, -1)) : t.id === id))),
    project: { tables: inventory.tables.length, registered_tools: inventory.tools.length },
  };
}
