import type { Env } from '../env';
import { systemToolContext } from '../tools/system-context';
import { keboolaBackend } from '../connections/keboola';
import type { TableSource } from './alarm';

/**
 * The backend table_updated polls: the configured Keboola project, else the built-in sample
 * (src/connections/keboola/index.ts decides). Polling runs in the Tenant's alarm, outside any run,
 * so the context has no run, no budget and no events; the token comes straight from the vault.
 */
export function tableSource(env: Env): TableSource {
  const context = systemToolContext(env, 'trigger-poll');
  return { tableDetail: async (tableId) => (await keboolaBackend(context)).tableDetail(tableId) };
}
