import { AppError, ConflictError } from '../../../errors';

/** Something the sample project does not have; the message lists what it does have, so a model can correct itself. */
export class SampleNotFoundError extends AppError {
  override name = 'SampleNotFoundError';
  constructor(kind: 'Bucket' | 'Table' | 'Component' | 'Configuration', id: string, existing: string[]) {
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
