import { AppError, ConflictError } from '../../../errors';

/** Something the sample project does not have; the message lists what it does have, so a model can correct itself. */
export class SampleNotFoundError extends AppError {
  override name = 'SampleNotFoundError';
  constructor(kind: 'Bucket' | 'Table' | 'Component' | 'Configuration' | 'Semantic object', id: string, existing: string[]) {
    super(404, 'not_found', `${kind} "${id}" does not exist in the sample project. Existing: ${existing.join(', ') || '(none)'}`, { kind, id, existing });
  }
}

/** A CSV or table id an import cannot take; nothing was written. */
export class SampleImportError extends AppError {
  override name = 'SampleImportError';
  constructor(tableId: string, problem: string) {
    super(400, 'invalid_import', `Import into "${tableId}" refused: ${problem}`, { table_id: tableId });
  }
}

/** An uploaded CSV the built-in project cannot take, with the line a person can look at; nothing was changed. */
export class SampleUploadError extends AppError {
  override name = 'SampleUploadError';
  constructor(tableId: string, line: number, reason: string) {
    super(400, 'invalid_csv', `Upload into "${tableId}" refused at line ${line}: ${reason}. Nothing was changed.`, { table_id: tableId, line, reason });
  }
}

export class SampleUploadTooLargeError extends AppError {
  override name = 'SampleUploadTooLargeError';
  constructor(limitBytes: number, line: number) {
    super(413, 'payload_too_large', `The file is larger than ${limitBytes / 1024 / 1024} MiB (reading stopped at line ${line}). Nothing was changed.`, { limit_bytes: limitBytes, line, reason: 'too large' });
  }
}

/** A bundled sample table whose CSV is not valid: only calls on that table fail, with the reason. */
export class SampleBrokenTableError extends AppError {
  override name = 'SampleBrokenTableError';
  constructor(tableId: string, problem: string) {
    super(409, 'table_broken', `Table "${tableId}" could not be loaded into the sample project: ${problem}. Other tables are not affected; fix its CSV and rebuild.`, { table_id: tableId, problem });
  }
}

/** The SQL failed in the run's workspace; the SQLite message is kept verbatim. */
export class SampleQueryError extends AppError {
  override name = 'SampleQueryError';
  constructor(message: string) {
    super(400, 'query_failed', `SQL failed in the run's workspace (SQLite): ${message}`);
  }
}

/** Another writer changed the table (or the manifest) between our read and our write; imports are never retried silently. */
export class SampleConflictError extends ConflictError {
  override name = 'SampleConflictError';
}

/** The built-in project has only its main branch; a Playbook pinned to a dev branch needs a real Keboola project. */
export class SampleBranchError extends AppError {
  override name = 'SampleBranchError';
  constructor(branch: string) {
    super(400, 'no_dev_branch', `The built-in sample project has only the main branch; dev branch "${branch}" needs a Keboola project (KEBOOLA_API_URL and a token).`, { branch });
  }
}
