import type { Env } from '../env';
import type { ToolContext } from '../tools/types';
import { keboolaBackend } from '../connections/keboola';
import { resolveVaultHandles } from '../vault/service';
import type { TableSource } from './alarm';

/**
 * The backend table_updated polls: the configured Keboola project, else the built-in sample
 * (src/connections/keboola/index.ts decides). Polling runs in the Tenant's alarm, outside any run,
 * so the context has no run, no budget and no events; the token comes straight from the vault.
 */
export function tableSource(env: Env): TableSource {
  const context: ToolContext = {
    env, run_id: 'tenant-trigger-poll', playbook_id: '', run_by: 'system', step_id: 'trigger-poll', call_id: 'trigger-poll', dry_run: true,
    remaining_budget: { usd: 0, tokens: 0, wall_clock_seconds: 0 },
    emit: () => {},
    secret: async (name) => (await resolveVaultHandles(env, `{{vault:${name}}}`)).value,
  };
  return { tableDetail: async (tableId) => (await keboolaBackend(context)).tableDetail(tableId) };
}
