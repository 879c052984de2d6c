import { isDefaultBranch } from '../domain/common';
import type { ToolDefinition } from '../tools/types';

/**
 * A run pinned to a Keboola dev branch (Playbook `keboola.branch`) changes only that branch
 * (issue 17): a Keboola call with side effects whose `branch` argument names another branch — the
 * main branch above all — is refused before anything is recorded as intent. Reads may look
 * anywhere; a write without `branch` goes to the pinned branch (tools/keboola/shared.ts onBranch).
 */
export function branchRefusal(tool: ToolDefinition<any>, args: unknown, pinned: string | undefined): string | null {
  if (tool.manifest.provider !== 'keboola' || !tool.manifest.side_effects || isDefaultBranch(pinned)) return null;
  const target = (args as { branch?: string } | null)?.branch;
  if (target === undefined || target === pinned) return null;
  const where = isDefaultBranch(target) ? 'the main (default) branch' : `branch ${target}`;
  return `This run is pinned to Keboola dev branch ${pinned}; "${tool.manifest.id}" would write to ${where}. A run pinned to a dev branch writes only to that branch: remove "branch" or unpin the Playbook.`;
}
