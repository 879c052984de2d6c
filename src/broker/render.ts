import { writeArtifact } from '../workspace/artifacts';
import type { Env } from '../env';
import { isTainted, type Taint } from './taint';
import { PROMPT_OUTPUT_CAP_BYTES, byteLength, headBytes, wrapWithin } from './untrusted';

/** Room kept under the cap for the truncation note that names the artifact. */
const NOTE_BYTES = 320;

/**
 * A tool output as the model sees it: wrapped and neutralised when it derives from untrusted
 * content (its taint, not just its tool), and at most 16 KB in all, escaping, wrapper and note
 * included. The full text spills to a workspace artifact (with the same taint) named in the note.
 */
export async function renderForModel(env: Env, runId: string, toolId: string, callId: string, output: unknown, taint: Taint): Promise<string> {
  const text = typeof output === 'string' ? output : JSON.stringify(output, null, 1);
  const tainted = isTainted(taint);
  const fits = tainted ? wrapWithin(`${toolId}:${callId}`, text, PROMPT_OUTPUT_CAP_BYTES) : headBytes(text, PROMPT_OUTPUT_CAP_BYTES);
  if (!fits.truncated) return 'text' in fits ? fits.text : fits.head;
  const saved = await writeArtifact(env, runId, `tool-outputs/${callId}.txt`, text, { contentType: 'text/plain; charset=utf-8', taint });
  const note = `\n[output truncated to fit ${PROMPT_OUTPUT_CAP_BYTES} bytes; it has ${byteLength(text)}; the full output is the workspace artifact ${saved.path}]`;
  const room = PROMPT_OUTPUT_CAP_BYTES - Math.max(NOTE_BYTES, byteLength(note));
  const body = tainted ? wrapWithin(`${toolId}:${callId}`, text, room).text : headBytes(text, room).head;
  return body + note;
}
