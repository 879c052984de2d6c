// LangGraph.js: the engine bench's workflow — STEPS sequential no-op nodes, checkpointed to SQLite
// after every step (SqliteSaver, a file on disk) — timed per run; prints one JSON line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Annotation, StateGraph, START, END } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';

const STEPS = Number(process.env.STEPS ?? 50), WARMUP = 3, RUNS = Number(process.env.RUNS ?? 20);
const State = Annotation.Root({ log: Annotation({ reducer: (a, b) => a.concat(b), default: () => [] }) });
let graph = new StateGraph(State);
for (let i = 0; i < STEPS; i++) graph = graph.addNode(`s${i}`, async () => ({ log: [`step ${i}`] }));
graph = graph.addEdge(START, 's0');
for (let i = 1; i < STEPS; i++) graph = graph.addEdge(`s${i - 1}`, `s${i}`);
graph = graph.addEdge(`s${STEPS - 1}`, END);
const app = graph.compile({ checkpointer: SqliteSaver.fromConnString(join(mkdtempSync(join(tmpdir(), 'peer-langgraph-')), 'checkpoints.db')) });
const perStep = [];
for (let r = 0; r < WARMUP + RUNS; r++) {
  const t0 = performance.now();
  await app.invoke({ log: [] }, { configurable: { thread_id: `run-${r}` }, recursionLimit: STEPS + 10 });
  if (r >= WARMUP) perStep.push((performance.now() - t0) / STEPS);
}
perStep.sort((a, b) => a - b);
console.log(JSON.stringify({ peer: 'langgraph', version: '1.7', steps: STEPS, runs: RUNS, median_ms_per_step: perStep[Math.floor(RUNS / 2)] }));
