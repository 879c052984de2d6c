import { KeboolaApiError } from './errors';
import { fastSchedule, waitFor } from './poll';
import type { KeboolaClient } from './http-client';

/**
 * SQL in a Keboola workspace through the Query Service (keboola-api.md; shapes from
 * keboola/query-service-api-python-sdk): submit → poll until completed | failed | canceled →
 * page through the last statement's results.
 */

/** The Query Service accepts page sizes of 100 to 10,000 rows. */
const PAGE_SIZE = 1_000;
const TERMINAL = new Set(['completed', 'failed', 'canceled', 'cancelled']);

type QueryJob = { queryJobId: string; status: string; statements?: { id: string; status?: string; error?: string; numberOfRows?: number }[] };
type ResultsPage = { status?: string; columns?: { name: string; type?: string }[]; data?: unknown[][]; numberOfRows?: number; message?: string };

export type QueryOutcome = { columns: string[]; rows: unknown[][]; total_rows: number };

export class QueryService {
  private ids?: Promise<{ branchId: string; workspaceId: string }>;

  constructor(private readonly client: KeboolaClient, private readonly configured: { branchId?: string | undefined; workspaceId?: string | undefined }) {}

  async run(sql: string, maxRows: number): Promise<QueryOutcome> {
    const operation = 'run SQL in the Keboola workspace';
    const base = `${await this.client.serviceUrl('query')}/api/v1`;
    const { branchId, workspaceId } = await this.workspace();
    const submitted = await this.client.transport.json<{ queryJobId: string }>({
      service: 'query', operation, method: 'POST',
      url: `${base}/branches/${encodeURIComponent(branchId)}/workspaces/${encodeURIComponent(workspaceId)}/queries`,
      json: { statements: [sql], transactional: false },
      retry: 'workspace-credentials',
    });
    const jobUrl = `${base}/queries/${encodeURIComponent(submitted.queryJobId)}`;
    const { last: job, finished } = await waitFor(this.client, {
      schedule: fastSchedule(this.client.transport.backoffMs),
      poll: () => this.client.transport.json<QueryJob>({ service: 'query', operation: `check query ${submitted.queryJobId}`, method: 'GET', url: jobUrl, retry: 'safe' }),
      finished: (j) => TERMINAL.has(j.status),
    });
    if (!finished) {
      throw new KeboolaApiError(`The query ${submitted.queryJobId} did not finish within ${this.client.maxWaitMs / 1000} s.`, { service: 'query', operation, code: 'still_running', retryable: false });
    }
    if (job.status !== 'completed') {
      const reason = job.statements?.find((s) => s.error)?.error;
      throw new KeboolaApiError(`The query ${job.status === 'failed' ? 'failed' : 'was cancelled'}${reason ? `: ${this.client.transport.scrub(reason)}` : ''}.`, {
        service: 'query', operation, code: `query_${job.status}`, retryable: false,
      });
    }
    const statement = job.statements?.[job.statements.length - 1];
    if (!statement) return { columns: [], rows: [], total_rows: 0 };
    return this.results(`${jobUrl}/${encodeURIComponent(statement.id)}/results`, maxRows);
  }

  private async results(url: string, maxRows: number): Promise<QueryOutcome> {
    let columns: string[] = [];
    const rows: unknown[][] = [];
    let total = 0;
    for (let offset = 0; rows.length < maxRows; ) {
      const page = await this.client.transport.json<ResultsPage>({ service: 'query', operation: 'read query results', method: 'GET', url: `${url}?offset=${offset}&pageSize=${PAGE_SIZE}`, retry: 'safe' });
      columns = page.columns?.map((c) => c.name) ?? columns;
      const data = page.data ?? [];
      total = page.numberOfRows ?? Math.max(total, offset + data.length);
      rows.push(...data.slice(0, maxRows - rows.length));
      offset += data.length;
      if (data.length === 0 || offset >= total) break;
    }
    return { columns, rows, total_rows: Math.max(total, rows.length) };
  }

  /** The configured branch and workspace, or the default branch and its first read-only-storage workspace. */
  private workspace(): Promise<{ branchId: string; workspaceId: string }> {
    this.ids ??= (async () => {
      const branchId = this.configured.branchId ?? String((await this.client.listBranches()).find((b) => b.isDefault)?.id ?? '');
      if (!branchId) throw new KeboolaApiError('The Keboola project has no default branch; set KEBOOLA_BRANCH_ID.', { service: 'storage', operation: 'find the default branch', code: 'no_branch', retryable: false });
      if (this.configured.workspaceId) return { branchId, workspaceId: this.configured.workspaceId };
      const workspaces = await this.client.listWorkspaces(branchId);
      const chosen = workspaces.find((w) => w.readOnlyStorageAccess) ?? workspaces[0];
      if (!chosen) {
        throw new KeboolaApiError('The Keboola project has no workspace to run SQL in; create one (with read-only storage access) and set KEBOOLA_WORKSPACE_ID.', {
          service: 'storage', operation: 'find a workspace', code: 'no_workspace', retryable: false,
        });
      }
      return { branchId, workspaceId: String(chosen.id) };
    })();
    return this.ids;
  }
}
