import type { Env } from '../env';
import type { ToolWorkspace } from '../tools/types';
import { readArtifactChunks, readArtifactSlices, readArtifactText, writeArtifact } from './artifacts';
import { writeArtifactStream } from './artifact-stream';

/**
 * A run's workspace read and written directly, with no taint kept: for tool contexts outside the
 * run loop (tenant work, unit tests of a tool). Inside a run the engine's workspace tracks taint.
 */
export function directWorkspace(env: Env, runId: string): ToolWorkspace {
  return {
    read: (path) => readArtifactText(env, runId, path),
    readSlices: async (path) => (await readArtifactSlices(env, runId, path)).slices,
    readChunks: async (path) => (await readArtifactChunks(env, runId, path)).chunks,
    write: (path, body, contentType) => writeArtifact(env, runId, path, body, { contentType }),
    writeStream: (path, chunks, contentType) => writeArtifactStream(env, runId, path, chunks, { contentType }),
  };
}
