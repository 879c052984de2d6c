import type { Env } from '../../../env';
import type { User } from '../../../domain/user';
import { assertRole } from '../../../api/auth';
import { ConflictError } from '../../../errors';
import { systemToolContext } from '../../../tools/system-context';
import type { TableInfo } from '../backend';
import { keboolaConfig } from '../index';
import { sampleBackend } from './backend';
import { sampleCatalogue } from './project';
import { seedProblem } from './seed';
import { uploadCsv, type UploadResult } from './upload';

/**
 * The built-in project as its own resource (issue 14, "your own tables, locally"): what it holds,
 * and CSV uploads into it. Uploading adds data every Playbook can read, so it is for the roles that
 * build Playbooks (authors and admins), not runners.
 */

export type LocalProject = {
  /** False when a Keboola project is configured: Playbooks then read Keboola's tables, not these. */
  in_use: boolean;
  tables: TableInfo[];
  /** Bundled tables whose CSV is not valid, with the reason; every other table works. */
  broken: { id: string; problem: string }[];
};

export async function listLocalProject(env: Env): Promise<LocalProject> {
  const context = systemToolContext(env, 'local-project');
  const [config, tables] = await Promise.all([keboolaConfig(env, context.secret), sampleBackend(context).listTables()]);
  const broken = sampleCatalogue().tables.flatMap((t) => {
    const problem = seedProblem(t.id);
    return problem ? [{ id: t.id, problem }] : [];
  });
  return { in_use: !config, tables, broken };
}

export async function uploadLocalTable(
  env: Env, user: User, tableId: string, body: ReadableStream<Uint8Array>, options: { replace: boolean },
): Promise<UploadResult> {
  assertRole(user, ['admin', 'author'], 'upload tables');
  if (await keboolaConfig(env, systemToolContext(env, 'local-project').secret)) {
    throw new ConflictError('A Keboola project is configured, so Playbooks read its tables, not the built-in project\'s: load the CSV into Keboola instead');
  }
  return uploadCsv(env, tableId, body, options);
}
