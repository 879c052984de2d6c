import { BadRequestError } from '../errors';

/**
 * Artifact paths are relative, slash-separated and may not climb out of the run's prefix.
 * Decoding happens once, before the checks, so `%2e%2e%2f` is caught like `../`.
 */
export function normalizeArtifactPath(raw: string): string {
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    throw new BadRequestError(`Artifact path "${raw}" is not valid URL encoding`);
  }
  if (path.length === 0 || path.length > 512) throw new BadRequestError('Artifact path must be 1 to 512 characters');
  if (/[\u0000-\u001f\\]/.test(path)) throw new BadRequestError(`Artifact path "${raw}" contains a control character or backslash`);
  if (path.startsWith('/')) throw new BadRequestError(`Artifact path "${raw}" must be relative`);
  const parts = path.split('/');
  if (parts.some((p) => p === '..' || p === '.' || p === '')) {
    throw new BadRequestError(`Artifact path "${raw}" may not contain "..", "." or empty segments`);
  }
  return parts.join('/');
}

export function artifactKey(runId: string, path: string): string {
  return `runs/${runId}/${normalizeArtifactPath(path)}`;
}

export function artifactPrefix(runId: string): string {
  return `runs/${runId}/`;
}
