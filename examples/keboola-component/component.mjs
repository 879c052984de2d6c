#!/usr/bin/env node
// A Keboola component (or any scheduler's job) that runs an Agent Studio Playbook and writes its
// CSV results into Keboola Storage. Node 22, no dependencies. See README.md next to this file.
//
//   AGENT_STUDIO_URL    https://agent-studio.example.com
//   AGENT_STUDIO_TOKEN  a service-account token (POST /v1/agent-studio/service-accounts)
//   PLAYBOOK_ID         the Playbook to run (one the service account is allowed)
//   PLAYBOOK_INPUTS     JSON object of the run's inputs (default {})
//   KBC_URL, KBC_TOKEN  the Keboola stack and a Storage token that may write KBC_BUCKET
//   KBC_BUCKET          where the tables go (default out.c-agent-studio)
//   ARTIFACTS           comma-separated run file paths to write (default: every .csv file of the run)
//   RUN_TIMEOUT_SECONDS how long to wait for the run (default 1800)
//   IDEMPOTENCY_KEY     optional; the same key within 24 h returns the same run instead of a new one
import { pathToFileURL } from 'node:url';
import { AgentStudio } from './agent-studio.mjs';
import { KeboolaStorage } from './keboola-storage.mjs';

function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

/** A Storage table name from a run file path: "out/summary.csv" → "summary". */
export function tableNameOf(path) {
  return path.split('/').pop().replace(/\.csv$/i, '').replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 96) || 'result';
}

export async function main(env = process.env, log = (line) => console.log(line)) {
  const inputs = JSON.parse(env.PLAYBOOK_INPUTS || '{}');
  const studio = new AgentStudio({ url: required('AGENT_STUDIO_URL'), token: required('AGENT_STUDIO_TOKEN'), log });
  const storage = new KeboolaStorage({ url: required('KBC_URL'), token: required('KBC_TOKEN') });
  const bucket = env.KBC_BUCKET || 'out.c-agent-studio';
  const playbookId = required('PLAYBOOK_ID');

  const started = await studio.startRun(playbookId, inputs, env.IDEMPOTENCY_KEY || undefined);
  log(`started run ${started.id} (Job #${started.number}) of ${playbookId}`);
  const run = await studio.waitForRun(started.id, { timeoutMs: Number(env.RUN_TIMEOUT_SECONDS || 1800) * 1000 });
  if (run.status !== 'done') throw new Error(`run ${run.id} ended ${run.status}${run.status_reason ? `: ${run.status_reason}` : ''}`);

  const wanted = env.ARTIFACTS ? env.ARTIFACTS.split(',').map((p) => p.trim()).filter(Boolean) : null;
  const files = (await studio.listArtifacts(run.id)).filter((a) => (wanted ? wanted.includes(a.path) : /\.csv$/i.test(a.path)));
  if (wanted && files.length < wanted.length) throw new Error(`run ${run.id} has no file ${wanted.filter((p) => !files.some((f) => f.path === p)).join(', ')}`);
  await storage.ensureBucket(bucket);
  const written = [];
  for (const file of files) {
    const tableId = await storage.writeTable(bucket, tableNameOf(file.path), await studio.readArtifact(run.id, file.path));
    log(`wrote ${file.path} → ${tableId}`);
    written.push(tableId);
  }
  log(`done: run ${run.id}, ${written.length} table(s) written`);
  return { run_id: run.id, tables: written };
}

// Run as a script (not when a test imports main).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
