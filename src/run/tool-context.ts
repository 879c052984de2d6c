import { writeArtifactStream } from '../workspace/artifact-stream';
import type { TaintFlow } from '../broker/taint';
import type { ToolContext } from '../tools/types';
import { resolveVaultHandles } from '../vault/service';
import { readArtifact, readArtifactChunks, readArtifactSlices, writeArtifact } from '../workspace/artifacts';
import type { RunCore } from './core';

/** What a tool sees of the run calling it. `flow` collects what the call takes in: files it reads add their taint; files it writes get the total. */
export function toolContextFor(core: RunCore, stepId: string, callId: string, flow: TaintFlow): ToolContext {
  const run = core.store.run();
  return {
    env: core.env,
    run_id: run.id,
    playbook_id: run.playbook_id,
    run_by: run.created_by,
    step_id: stepId,
    call_id: callId,
    dry_run: false,
    remaining_budget: core.remainingBudget(),
    keboola_branch: core.spec().keboola?.branch,
    emit: (type, data) => core.emit(type, core.mask(data)),
    taint: () => flow.taint,
    workspace: {
      read: async (path) => {
        const { text, info } = await readArtifact(core.env, run.id, path);
        flow.add(info.taint);
        return text;
      },
      readSlices: async (path) => {
        const { slices, info } = await readArtifactSlices(core.env, run.id, path);
        flow.add(info.taint);
        return slices;
      },
      readChunks: async (path) => {
        const { chunks, info } = await readArtifactChunks(core.env, run.id, path);
        flow.add(info.taint);
        return chunks;
      },
      write: (path, body, contentType) => writeArtifact(core.env, run.id, path, body, { contentType, taint: flow.taint }),
      writeStream: (path, chunks, contentType) => writeArtifactStream(core.env, run.id, path, chunks, { contentType, taint: flow.taint }),
    },
    memory: core.memoryOf(callId),
    secret: async (name) => {
      const { value, secrets } = await resolveVaultHandles(core.env, `{{vault:${name}}}`);
      core.rememberSecrets(secrets);
      return value;
    },
  };
}
