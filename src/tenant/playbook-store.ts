import type { PlaybookSummary, RevisionInfo } from '../domain/playbook';

type PlaybookRow = {
  id: string; name: string; description: string | null; revision: number; published_revision: number | null; status: string; created_by: string;
  allowed_users: string; source_blueprint: string | null; created_at: string; updated_at: string;
};

/** The Tenant's Playbook index and revision log (the documents themselves are in R2). */
export class PlaybookStore {
  private readonly sql: SqlStorage;

  constructor(
    private readonly storage: DurableObjectStorage,
    /** After every write to the index: the Tenant's Playbook lists are kept in memory until then. */
    private readonly onChange: () => void = () => undefined,
  ) {
    this.sql = storage.sql;
  }

  listPlaybooks(): PlaybookSummary[] {
    return this.sql
      .exec<PlaybookRow>('SELECT * FROM playbooks WHERE deleted_at IS NULL ORDER BY updated_at DESC, id')
      .toArray()
      .map(toSummary);
  }

  getPlaybook(id: string): PlaybookSummary | null {
    const row = this.sql.exec<PlaybookRow>('SELECT * FROM playbooks WHERE id = ? AND deleted_at IS NULL', id).toArray()[0];
    return row ? toSummary(row) : null;
  }

  insertPlaybook(p: PlaybookSummary): void {
    this.storage.transactionSync(() => {
      this.sql.exec(
        `INSERT INTO playbooks (id, name, description, revision, published_revision, status, created_by, allowed_users, source_blueprint, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        p.id, p.name, p.description ?? null, p.revision, p.published_revision ?? null, p.status, p.created_by, JSON.stringify(p.allowed_users),
        p.source_blueprint ?? null, p.created_at, p.updated_at,
      );
      this.sql.exec('INSERT INTO playbook_revisions (playbook_id, revision, created_by, created_at) VALUES (?, ?, ?, ?)', p.id, p.revision, p.created_by, p.created_at);
    });
    this.onChange();
  }

  /**
   * Moves the index to `revision` only if it still points at `revision - 1`: two concurrent edits
   * cannot both win, and the loser learns the current revision (optimistic concurrency).
   */
  commitRevision(id: string, revision: number, meta: { name: string; description?: string; by: string; at: string }): PlaybookSummary | null {
    return this.storage.transactionSync(() => {
      const cursor = this.sql.exec(
        'UPDATE playbooks SET revision = ?, name = ?, description = ?, updated_at = ? WHERE id = ? AND revision = ? AND deleted_at IS NULL',
        revision, meta.name, meta.description ?? null, meta.at, id, revision - 1,
      );
      if (cursor.rowsWritten === 0) return null;
      this.sql.exec('INSERT INTO playbook_revisions (playbook_id, revision, created_by, created_at) VALUES (?, ?, ?, ?)', id, revision, meta.by, meta.at);
      this.onChange();
      return this.getPlaybook(id);
    });
  }

  /**
   * Marks a committed revision as the one runners and triggers run. Null when the Playbook is gone
   * or has no such revision (the revision log is the list of committed ones).
   */
  publishRevision(id: string, revision: number, at: string): PlaybookSummary | null {
    return this.storage.transactionSync(() => {
      const known = this.sql.exec('SELECT 1 FROM playbook_revisions WHERE playbook_id = ? AND revision = ?', id, revision).toArray().length > 0;
      if (!known) return null;
      const cursor = this.sql.exec('UPDATE playbooks SET published_revision = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL', revision, at, id);
      this.onChange();
      return cursor.rowsWritten === 0 ? null : this.getPlaybook(id);
    });
  }

  setSharing(id: string, allowedUsers: string[], at: string): PlaybookSummary | null {
    this.sql.exec('UPDATE playbooks SET allowed_users = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL', JSON.stringify(allowedUsers), at, id);
    this.onChange();
    return this.getPlaybook(id);
  }

  setStatus(id: string, status: PlaybookSummary['status'], at: string): PlaybookSummary | null {
    this.sql.exec('UPDATE playbooks SET status = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL', status, at, id);
    this.onChange();
    return this.getPlaybook(id);
  }

  /** Soft delete: revisions stay in R2 because runs pin them. */
  deletePlaybook(id: string, at: string): boolean {
    const deleted = this.sql.exec('UPDATE playbooks SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL', at, id).rowsWritten > 0;
    this.onChange();
    return deleted;
  }

  /** Soft-deleted Playbooks still decide who sees their runs. */
  getPlaybookIncludingDeleted(id: string): PlaybookSummary | null {
    const row = this.sql.exec<PlaybookRow>('SELECT * FROM playbooks WHERE id = ?', id).toArray()[0];
    return row ? toSummary(row) : null;
  }

  listRevisions(id: string): RevisionInfo[] {
    return this.sql
      .exec<{ revision: number; created_by: string; created_at: string }>(
        'SELECT revision, created_by, created_at FROM playbook_revisions WHERE playbook_id = ? ORDER BY revision',
        id,
      )
      .toArray();
  }
}

function toSummary(row: PlaybookRow): PlaybookSummary {
  return {
    id: row.id,
    name: row.name,
    ...(row.description ? { description: row.description } : {}),
    revision: row.revision,
    ...(row.published_revision ? { published_revision: row.published_revision } : {}),
    status: row.status as PlaybookSummary['status'],
    created_by: row.created_by,
    allowed_users: JSON.parse(row.allowed_users) as string[],
    ...(row.source_blueprint ? { source_blueprint: row.source_blueprint } : {}),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
