import { toolRegistry } from '../tools/registry';
import { writeArtifact } from '../workspace/artifacts';
import type { Env } from '../env';
import { PROMPT_OUTPUT_CAP_BYTES, headBytes, wrapUntrusted } from './untrusted';

/**
 * A tool output as the model sees it: at most 16 KB (the full text spills to a workspace
 * artifact whose path the model gets), wrapped as untrusted unless the tool is trusted.
 */
export async function renderForModel(env: Env, runId: string, toolId: string, callId: string, output: unknown): Promise<string> {
  const text = typeof output === 'string' ? output : JSON.stringify(output, null, 1);
  const { head, truncated } = headBytes(text, PROMPT_OUTPUT_CAP_BYTES);
  let note = '';
  if (truncated) {
    const saved = await writeArtifact(env, runId, `tool-outputs/${callId}.txt`, text, 'text/plain; charset=utf-8');
    note = `\n[output truncated at ${PROMPT_OUTPUT_CAP_BYTES} bytes of ${new TextEncoder().encode(text).byteLength}; the full output is the workspace artifact ${saved.path}]`;
  }
  const trust = toolRegistry().get(toolId)?.manifest.output_trust ?? 'untrusted';
  return trust === 'trusted' ? head + note : wrapUntrusted(`${toolId}:${callId}`, head) + note;
}
