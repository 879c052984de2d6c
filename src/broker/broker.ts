import type { Step } from '../domain/playbook';
import { riskRank, type RiskClass } from '../domain/risk';
import { issuesOf } from '../domain/issues';
import { toolAllowed, toolRegistry } from '../tools/registry';
import { ToolError, type ToolContext, type ToolDefinition, type ToolResult } from '../tools/types';

/**
 * The one entry point every tool call passes through (spec §6), for scripted actions, model tool
 * calls and external run-token callers alike. `authorize` decides before anything is recorded or
 * dispatched; `dispatch` runs an authorized call.
 */
export type CallRequest = { tool_id: string; args: unknown; step: Step };

export type Authorization =
  /** `risk` is the class by effect (riskOf); `effect` says why when it is above the manifest's. */
  | { kind: 'allow'; tool: ToolDefinition<any>; args: unknown; risk: RiskClass; effect?: string }
  | { kind: 'refuse'; reason: string; code: 'unknown_tool' | 'not_allowed' | 'invalid_args'; risk?: RiskClass };

export function authorize(request: CallRequest): Authorization {
  const tool = toolRegistry().get(request.tool_id);
  if (!tool) return { kind: 'refuse', code: 'unknown_tool', reason: `There is no tool "${request.tool_id}"` };
  const risk = tool.manifest.risk;
  if (!toolAllowed(request.step.allowed_tools, request.tool_id)) {
    return { kind: 'refuse', code: 'not_allowed', risk, reason: `Tool "${request.tool_id}" is not in step "${request.step.id}"'s allowed_tools` };
  }
  const parsed = tool.args.safeParse(request.args);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    return { kind: 'refuse', code: 'invalid_args', risk, reason: `Arguments for "${request.tool_id}" are invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}` };
  }
  return { kind: 'allow', tool, args: parsed.data, ...effectiveRisk(tool, parsed.data) };
}

/** The class of a call with these (parsed) arguments: the manifest's, or higher when its effect says so. */
export function effectiveRisk(tool: ToolDefinition<any>, args: unknown): { risk: RiskClass; effect?: string } {
  const effect = tool.riskOf?.(args);
  if (!effect || riskRank(effect.risk) <= riskRank(tool.manifest.risk)) return { risk: tool.manifest.risk };
  return { risk: effect.risk, effect: effect.reason };
}

export type DispatchOutcome = { ok: true; result: ToolResult } | { ok: false; error: string };

export async function dispatch(tool: ToolDefinition<any>, args: unknown, ctx: ToolContext): Promise<DispatchOutcome> {
  try {
    return { ok: true, result: await tool.execute(args, ctx) };
  } catch (error) {
    const message = error instanceof ToolError || error instanceof Error ? error.message : String(error);
    return { ok: false, error: message };
  }
}
