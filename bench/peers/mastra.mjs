// Mastra: the engine bench's workflow — STEPS sequential no-op steps, snapshots in LibSQL (a file
// on disk) — timed per run; prints one JSON line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Mastra } from '@mastra/core';
import { createStep, createWorkflow } from '@mastra/core/workflows';
import { LibSQLStore } from '@mastra/libsql';
import { z } from 'zod';

const STEPS = Number(process.env.STEPS ?? 50), WARMUP = 3, RUNS = Number(process.env.RUNS ?? 20);
const Log = z.object({ log: z.array(z.string()) });
let workflow = createWorkflow({ id: 'bench', inputSchema: Log, outputSchema: Log });
for (let i = 0; i < STEPS; i++) {
  workflow = workflow.then(createStep({ id: `s${i}`, inputSchema: Log, outputSchema: Log, execute: async ({ inputData }) => ({ log: [...inputData.log, `step ${i}`] }) }));
}
workflow.commit();
const storage = new LibSQLStore({ id: 'bench', url: `file:${join(mkdtempSync(join(tmpdir(), 'peer-mastra-')), 'mastra.db')}` });
const mastra = new Mastra({ workflows: { bench: workflow }, storage, logger: false });
const perStep = [];
for (let r = 0; r < WARMUP + RUNS; r++) {
  const run = await mastra.getWorkflow('bench').createRun();
  const t0 = performance.now();
  const result = await run.start({ inputData: { log: [] } });
  if (result.status !== 'success') throw new Error(`mastra run ${r}: ${result.status}`);
  if (r >= WARMUP) perStep.push((performance.now() - t0) / STEPS);
}
perStep.sort((a, b) => a - b);
console.log(JSON.stringify({ peer: 'mastra', version: '1.71', steps: STEPS, runs: RUNS, median_ms_per_step: perStep[Math.floor(RUNS / 2)] }));
