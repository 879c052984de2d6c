import { AppError } from '../errors';

/**
 * What a run's workspace may hold, and why (docs/keboola.md "Large reads"). A Worker has 128 MB,
 * so the caps follow what is held in memory: a file written or read whole, or one that streams.
 */

/** Per-artifact cap for a file written or read as one string or buffer (spec §3); ArtifactSpecs may set their own, enforced by the tool that writes. */
export const DEFAULT_ARTIFACT_MAX_BYTES = 50 * 1024 * 1024;

/**
 * A file streamed in (a Keboola export) holds one 5 MiB part at a time, so its cap is what a run
 * should keep, not what fits in memory: 512 MiB is a ~5,000,000-row table of 100-byte rows, and
 * at the ~10 s sql.local took to load 55 MB locally (test/keboola/large-export.test.ts) about a
 * minute and a half of loading into the run's SQLite. Bigger tables belong in Keboola's own
 * workspace (keboola.workspace.query), not in a run.
 */
export const STREAMED_ARTIFACT_MAX_BYTES = 512 * 1024 * 1024;

/**
 * All of a run's files together. Every file stays 30 days, and a retry or fork copies the whole
 * workspace, so two streamed tables at their cap is the most a run keeps. Checked by streamed
 * writes, the only writes that can add more than 50 MB at once.
 */
export const WORKSPACE_QUOTA_BYTES = 1024 * 1024 * 1024;

export class ArtifactTooLargeError extends AppError {
  override name = 'ArtifactTooLargeError';
  constructor(path: string, size: number, limit: number, hint = '') {
    super(413, 'artifact_too_large', `Artifact "${path}" is ${size} bytes; the limit is ${limit}${hint ? `. ${hint}` : ''}`, { path, size, limit });
  }
}

/** A streamed file would take the run's files past WORKSPACE_QUOTA_BYTES (`used`: what its other files hold). */
export class WorkspaceFullError extends AppError {
  override name = 'WorkspaceFullError';
  constructor(path: string, size: number, used: number, quota: number) {
    super(413, 'workspace_full', `Artifact "${path}" does not fit: at ${size} bytes it takes the run's workspace (${used} bytes in its other files) past its quota of ${quota}; export fewer rows or an aggregate, or leave the table in Keboola and query it there`, { path, size, used, quota });
  }
}
