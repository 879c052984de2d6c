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
import { remoteTools, remoteToolsVersion } from '../mcp/remote/registry';

const FIRST_PARTY: readonly ToolDefinition<any>[] = [humanInLoop, workspaceArtifact, callPlaybook, logNote, requestApproval, sqlLocal, slackSendMessage,
  keboolaStorageTables, keboolaStorageWrite, keboolaWorkspaceQuery, keboolaMatchPairs, keboolaJobsRun,
  keboolaSemanticList, keboolaSemanticGet, keboolaSemanticPut, keboolaLineageGet, xlsxRenderer];

// Skill tools: skill.load_reference, skill.save_context and every built-in script (skill.<skill>.<script>).
// kbagent.tool_broker.discover lists this very registry and kbagent.playbook.create_draft checks documents against it,
// so each is given a way to read it rather than importing it.
const discover = toolBrokerDiscover(() => [...REGISTRY.values()].map((tool) => tool.manifest).sort((a, b) => a.id.localeCompare(b.id)));
const createDraft = playbookCreateDraft(() => REGISTRY.keys());
const REGISTRY: ReadonlyMap<string, ToolDefinition<any>> = new Map([...FIRST_PARTY, discover, createDraft, ...skillTools()].map((tool) => [tool.manifest.id, tool]));

let merged: { version: number; tools: ReadonlyMap<string, ToolDefinition<any>> } = { version: -1, tools: REGISTRY };

/** Every tool the Broker can dispatch, by id: the built-in ones, then registered MCP servers' (`mcp.<server>.<tool>`). */
export function toolRegistry(): ReadonlyMap<string, ToolDefinition<any>> {
  const version = remoteToolsVersion();
  if (merged.version !== version) {
    const remote = [...remoteTools()].filter(([id]) => !REGISTRY.has(id));
    merged = { version, tools: remote.length === 0 ? REGISTRY : new Map([...REGISTRY, ...remote]) };
  }
  return merged.tools;
}

/** `allowed_tools` entries are exact ids or prefixes ending in `*` (e.g. `keboola.*`). */
export function toolAllowed(allowed: readonly string[], toolId: string): boolean {
  return allowed.some((entry) => (entry.endsWith('*') ? toolId.startsWith(entry.slice(0, -1)) : entry === toolId));
}
