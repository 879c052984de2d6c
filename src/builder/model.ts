import type { BuilderRequest } from '../domain/builder';
import type { ToolManifest } from '../domain/tooling';
import { AppError } from '../errors';
import { ModelProviderError, type ModelProvider } from '../executors/model';
import { BUILDER_APPROVALS } from './library';

/** Each registry entry's description is cut: the model needs what a tool is for, not its manual. */
const TOOL_DESCRIPTION_CHARS = 240;

/**
 * The system prompt: the document's shape, the live registry with each tool's risk class, and the
 * rules the answer is checked against, so a model that follows them is accepted at the first try.
 */
export function builderSystemPrompt(manifests: readonly ToolManifest[]): string {
  const tools = manifests.map((t) => `- ${t.id} [${t.risk}${t.tags.includes('run-scoped') ? ', run workspace only' : ''}]: ${t.description.slice(0, TOOL_DESCRIPTION_CHARS)}`);
  return [
    'You design Agent Studio Playbooks. Answer with exactly one Playbook YAML document in a ```yaml fenced block and nothing else.',
    'Shape: name; description; sop: {goal, steps: [{id (slug), title, instruction, allowed_tools: [tool ids], completion_criteria, on_failure: abort|skip|ask_user}]};',
    'inputs: [{name, type: string|number|integer|boolean|choice|table|tables|period|sql, label, description, required, default}];',
    'triggers: [{type: manual} | {type: cron, expression: "m h dom mon dow", timezone}]; budget: {max_usd_per_run, max_tokens_per_run, max_wall_clock_seconds, on_breach: pause_for_approval};',
    'approval_policy; risk_policy: {<risk class>: <decision>}; tool_policies: {<tool id>: allow|dry_run_first|approve|dry_run_then_approve|approve_admin|deny}.',
    'Rules: use only tool ids from the registry below; every step that may call a tool of class write, external_send or destructive that is not "run workspace only"',
    `must have an approval: name the tool in tool_policies with approve (or stricter). Default approval settings: ${JSON.stringify(BUILDER_APPROVALS)}.`,
    'Put schedules in a cron trigger; put channels, tables and thresholds in inputs with defaults rather than in instructions.',
    '',
    'Registry (id [risk class]: description):',
    ...tools,
  ].join('\n');
}

export function builderUserMessage(request: BuilderRequest): string {
  const parts = [`Describe-the-automation request:\n${request.description}`];
  if (request.answers) parts.push(`The author's answers: ${JSON.stringify(request.answers)}`);
  if (request.previous_yaml) parts.push(`Revise this earlier draft rather than starting over:\n\`\`\`yaml\n${request.previous_yaml}\n\`\`\``);
  return parts.join('\n\n');
}

/** The YAML of a model's answer: its first fenced block, else the whole text (some models skip the fence). */
export function yamlOf(text: string): string {
  const fenced = /```(?:ya?ml)?[^\n]*\n([\s\S]*?)```/i.exec(text);
  return (fenced ? fenced[1]! : text).trim();
}

/** One model turn; a provider failure is the provider's fault (502), never a half-made proposal. */
export async function askModel(provider: ModelProvider, maxOutputTokens: number, request: BuilderRequest, manifests: readonly ToolManifest[]): Promise<string> {
  try {
    const turn = await provider.turn({
      system: builderSystemPrompt(manifests),
      messages: [{ role: 'user', content: builderUserMessage(request) }],
      tools: [],
      max_output_tokens: maxOutputTokens,
    });
    return yamlOf(turn.text);
  } catch (error) {
    if (error instanceof ModelProviderError) {
      throw new AppError(502, 'model_failed', `The model (${error.provider}) did not answer: ${error.message}; nothing was proposed`, { provider: error.provider, status: error.status ?? null });
    }
    throw error;
  }
}
