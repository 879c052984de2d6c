import type { ToolDefinition } from './types';
import { callPlaybook } from './kbagent/call-playbook';
import { playbookCreateDraft } from './kbagent/create-draft';
import { toolBrokerDiscover } from './kbagent/discover';
import { humanInLoop } from './kbagent/human-in-loop';
import { logNote } from './kbagent/log';
import { requestApproval } from './kbagent/request-approval';
import { workspaceArtifact } from './kbagent/workspace-artifact';
import { sqlLocal } from './sql-local';
import { slackSendMessage } from './slack/send-message';
import { keboolaJobsRun } from './keboola/jobs-run';
import { keboolaLineageGet } from './keboola/lineage';
import { keboolaSemanticGet, keboolaSemanticList, keboolaSemanticPut } from './keboola/semantic';
import { keboolaStorageTables } from './keboola/storage-tables';
import { keboolaStorageWrite } from './keboola/storage-write';
import { keboolaWorkspaceQuery } from './keboola/workspace-query';
import { keboolaMatchPairs } from './keboola/match-pairs';
import { skillTools } from './skills';
import { xlsxRenderer } from './xlsx/render';
import { loadRemoteTools, remoteTools, remoteToolsVersion } from '../mcp/remote/registry';
import { componentTools, componentToolsVersion, loadComponentTools } from './keboola/components/registry';
import type { Env } from '../env';

const FIRST_PARTY: readonly ToolDefinition<any>[] = [humanInLoop, workspaceArtifact, callPlaybook, logNote, requestApproval, sqlLocal, slackSendMessage,
  keboolaStorageTables, keboolaStorageWrite, keboolaWorkspaceQuery, keboolaMatchPairs, keboolaJobsRun,
  keboolaSemanticList, keboolaSemanticGet, keboolaSemanticPut, keboolaLineageGet, xlsxRenderer];

// Skill tools: skill.load_reference, skill.save_context and every built-in script (skill.<skill>.<script>).
// kbagent.tool_broker.discover lists this very registry and kbagent.playbook.create_draft checks documents against it,
// so each is given a way to read it rather than importing it.
const discover = toolBrokerDiscover(() => [...toolRegistry().values()].map((tool) => tool.manifest).sort((a, b) => a.id.localeCompare(b.id)));
const createDraft = playbookCreateDraft(() => toolRegistry().keys());
const REGISTRY: ReadonlyMap<string, ToolDefinition<any>> = new Map([...FIRST_PARTY, discover, createDraft, ...skillTools()].map((tool) => [tool.manifest.id, tool]));

let merged: { version: string; tools: ReadonlyMap<string, ToolDefinition<any>> } = { version: '', tools: REGISTRY };

/**
 * Every tool the Broker can dispatch, by id: the built-in ones, then registered MCP servers'
 * (`mcp.<server>.<tool>`), then the discovered Keboola configurations' (`keboola.<component>.<config>[.<row>].run`).
 * A built-in id always wins.
 */
export function toolRegistry(): ReadonlyMap<string, ToolDefinition<any>> {
  const version = `${remoteToolsVersion()}:${componentToolsVersion()}`;
  if (merged.version !== version) {
    const added = [...remoteTools(), ...componentTools()].filter(([id]) => !REGISTRY.has(id));
    merged = { version, tools: added.length === 0 ? REGISTRY : new Map([...REGISTRY, ...added]) };
  }
  return merged.tools;
}

/** Loads the tools whose list lives outside the code (at most a few seconds old), before the Broker decides. */
export async function loadTools(env: Env): Promise<void> {
  await Promise.all([loadRemoteTools(env), loadComponentTools(env)]);
}

/** `allowed_tools` entries are exact ids or prefixes ending in `*` (e.g. `keboola.*`). */
export function toolAllowed(allowed: readonly string[], toolId: string): boolean {
  return allowed.some((entry) => (entry.endsWith('*') ? toolId.startsWith(entry.slice(0, -1)) : entry === toolId));
}
