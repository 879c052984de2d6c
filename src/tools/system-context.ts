import type { Env } from '../env';
import { resolveVaultHandles } from '../vault/service';
import type { ToolContext } from './types';
import { directWorkspace } from '../workspace/direct';
import { CLEAN } from '../broker/taint';

/**
 * A context for tenant work outside any run (connection discovery, trigger polling): no run, no
 * budget and no events; secrets straight from the vault; dry run so nothing is written.
 */
export function systemToolContext(env: Env, purpose: string): ToolContext {
  return {
    env, run_id: `tenant-${purpose}`, playbook_id: '', run_by: 'system', step_id: purpose, call_id: purpose, dry_run: true,
    remaining_budget: { usd: 0, tokens: 0, wall_clock_seconds: 0 },
    emit: () => {},
    workspace: directWorkspace(env, `tenant-${purpose}`),
    taint: () => CLEAN,
    memory: new Map(),
    secret: async (name) => (await resolveVaultHandles(env, `{{vault:${name}}}`)).value,
  };
}
