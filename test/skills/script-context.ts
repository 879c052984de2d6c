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
    readArtifactSlices: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`Artifact "${path}" was not found`);
      return (async function* () {
        yield text;
      })();
    },
    writeArtifact: async (path, body) => {
      files[path] = body;
      return { path } as never;
    },
    readChunks: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`Artifact "${path}" was not found`);
      return chunked(new TextEncoder().encode(text));
    },
    writeStream: async (path, chunks) => {
      const decoder = new TextDecoder();
      const parts: string[] = [];
      for await (const chunk of chunks) parts.push(decoder.decode(chunk, { stream: true }));
      files[path] = parts.join('') + decoder.decode();
      return { path } as never;
    },
    emit: () => {},
    memory: new Map(),
    continueWith: (checkpoint, progress) => new Continuation(checkpoint, progress),
    ...overrides,
  };
}

/** Calls a script until it stops returning a continuation, as the engine would across units. */
export async function runToEnd<A, R>(run: (args: A, ctx: SkillScriptContext) => Promise<R>, args: A, ctx: SkillScriptContext): Promise<{ result: Exclude<R, Continuation>; units: number }> {
  let units = 1;
  let result = await run(args, ctx);
  while (result instanceof Continuation) {
    units++;
    result = await run(args, { ...ctx, checkpoint: result.checkpoint });
  }
  return { result: result as Exclude<R, Continuation>, units };
}

/** Bytes in small chunks that cut lines and characters anywhere, as a download may. */
async function* chunked(bytes: Uint8Array, size = 4093): AsyncGenerator<Uint8Array> {
  for (let from = 0; from < bytes.byteLength; from += size) yield bytes.subarray(from, from + size);
}
