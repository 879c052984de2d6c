import { Continuation, type SkillScriptContext } from '../../src/skills/script';

/** A script context over an in-memory workspace, for calling skill scripts directly. */
export function memoryScriptContext(files: Record<string, string>, overrides: Partial<SkillScriptContext> = {}): SkillScriptContext {
  return {
    run_id: 'run_test', step_id: 'step', call_id: 'call_test', dry_run: false,
    readArtifact: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`Artifact "${path}" was not found`);
      return text;
    },
    writeArtifact: async (path, body) => {
      files[path] = body;
      return { path } as never;
    },
    emit: () => {},
    memory: new Map(),
    continueWith: (checkpoint, progress) => new Continuation(checkpoint, progress),
    ...overrides,
  };
}
