/// <reference types="node" />
// Starts the floor Worker (./worker.ts) under its own `wrangler dev`, with its own state, and
// measures how many new objects per second it creates for `clients` concurrent clients: the
// ceiling any run start has on this machine, measured in the same bench as the starts themselves.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, nodeBinary, stopChild } from '../../test/e2e/app-process';

const here = dirname(fileURLToPath(import.meta.url));
const READY_TIMEOUT_MS = 60_000;

export async function floorStartsPerSecond(clients: number, durationMs: number): Promise<number> {
  const state = mkdtempSync(join(tmpdir(), 'agent-studio-floor-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const wrangler = join(here, '../../node_modules/wrangler/bin/wrangler.js');
  const child = spawn(nodeBinary(), [wrangler, 'dev', '--config', join(here, 'wrangler.toml'), '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--show-interactive-dev-session=false'], {
    stdio: 'ignore', detached: true, env: { ...process.env, NO_COLOR: '1' },
  });
  try {
    for (const deadline = Date.now() + READY_TIMEOUT_MS; ;) {
      if (Date.now() > deadline) throw new Error(`the floor Worker did not answer on ${url}`);
      const answered = await fetch(url).then((r) => r.status === 201, () => false);
      if (answered) break;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    for (let i = 0; i < 10; i++) await (await fetch(url)).arrayBuffer(); // warm-up, as the app gets
    let created = 0;
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      while (performance.now() < t0 + durationMs) {
        const response = await fetch(url);
        await response.arrayBuffer();
        if (response.status === 201) created++;
      }
    }));
    return created / ((performance.now() - t0) / 1000);
  } finally {
    await stopChild(child, 'SIGTERM');
    rmSync(state, { recursive: true, force: true });
  }
}
