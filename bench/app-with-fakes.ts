/// <reference types="node" />
// The real app (wrangler dev) wired to the network-edge fakes (Keboola, model providers, Slack),
// for benchmarks that need more than the shared app of the global setup: the app's outbound
// services point at one fake server started here.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type App } from '../test/e2e/app-process';
import { FAKE_OPENAI_KEY } from '../test/fakes/keys';
import { ROUTES } from '../test/fakes/routes';
import { startFakeServer, type RunningFakes } from '../test/fakes/server';

export type Who = 'admin' | 'author';
export type BenchApp = {
  app: App;
  fakes: RunningFakes;
  api: string;
  headers: (who: Who) => Record<string, string>;
  /** A JSON call to the API that throws on any non-2xx answer. */
  send: (method: string, path: string, who: Who, body?: unknown) => Promise<any>;
  /** The last lines of the server log, for a failed benchmark's message. */
  logTail: (lines?: number) => string;
  stop: () => Promise<void>;
};

export async function startAppWithFakes(): Promise<BenchApp> {
  const fakes = await startFakeServer(ROUTES);
  const devVars = join(mkdtempSync(join(tmpdir(), 'agent-studio-bench-')), 'dev.vars');
  // start.mjs keeps what the env file has and adds the demo tokens and keys.
  writeFileSync(devVars, [`KEBOOLA_API_URL=${fakes.url}/keboola`, `OPENAI_BASE_URL=${fakes.url}/openai/v1`, `OPENAI_API_KEY=${FAKE_OPENAI_KEY}`].join('\n') + '\n');
  const app = await startApp({ devVars });
  const api = `${app.baseUrl}/v1/agent-studio`;
  const headers = (who: Who) => ({ authorization: `Bearer ${app.tokens[who]}`, 'content-type': 'application/json' });
  const send = async (method: string, path: string, who: Who, body?: unknown) => {
    const response = await fetch(`${api}${path}`, { method, headers: headers(who), ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<any>;
  };
  return {
    app, fakes, api, headers, send,
    logTail: (lines = 40) => readFileSync(app.logFile, 'utf8').split('\n').slice(-lines).join('\n'),
    stop: async () => {
      await app.stop();
      await fakes.close();
    },
  };
}

export type Sample = { at: number; ms: number };

/** GET `url` every `everyMs` until `stop()`, which resolves with each request's start (epoch ms) and latency. */
export function sampleLatency(url: string, headers: Record<string, string>, everyMs = 100): { stop: () => Promise<Sample[]> } {
  const samples: Sample[] = [];
  let sampling = true;
  const loop = (async () => {
    while (sampling) {
      const at = Date.now();
      const started = performance.now();
      await (await fetch(url, { headers })).arrayBuffer();
      samples.push({ at, ms: performance.now() - started });
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      sampling = false;
      await loop;
      return samples;
    },
  };
}

/** Latency of `count` GETs of `url` one after another: the baseline for a run that is not working. */
export async function idleLatency(url: string, headers: Record<string, string>, count = 50): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await (await fetch(url, { headers })).arrayBuffer();
    latencies.push(performance.now() - started);
  }
  return latencies;
}
