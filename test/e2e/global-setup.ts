/// <reference types="node" />
// Starts the app the way a developer does (`scripts/start.mjs`: build + wrangler dev) on a free
// port with a fresh state directory and env file, waits until it answers, provides the base URL
// and the demo tokens to the tests, and stops the whole process tree afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 150_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** wrangler needs Node 22; the repo pins it as a dev dependency (node_modules/.bin/node). */
function nodeBinary(): string {
  const pinned = join(root, 'node_modules/.bin/node');
  return existsSync(pinned) ? pinned : process.execPath;
}

function readTokens(devVars: string): { admin: string; author: string; runner: string } | undefined {
  if (!existsSync(devVars)) return undefined;
  const vars = Object.fromEntries(
    readFileSync(devVars, 'utf8')
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const { DEMO_ADMIN_TOKEN: admin, DEMO_AUTHOR_TOKEN: author, DEMO_RUNNER_TOKEN: runner } = vars;
  return admin && author && runner ? { admin, author, runner } : undefined;
}

async function answers(url: string, init?: RequestInit): Promise<boolean> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(5_000) });
    return response.ok;
  } catch {
    return false;
  }
}

function logTail(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').slice(-40).join('\n') : '(no log)';
}

/** SIGTERM to the whole process group (node → wrangler → workerd), then SIGKILL if it lingers. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is already gone.
    }
  };
  signalGroup('SIGTERM');
  const timer = setTimeout(() => signalGroup('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  signalGroup('SIGKILL');
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-studio-e2e-'));
  const devVars = join(dir, 'dev.vars');
  const logFile = join(dir, 'server.log');
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, 'a');
  const child = spawn(nodeBinary(), [join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), PERSIST_DIR: join(dir, 'state'), DEV_VARS: devVars, NO_COLOR: '1' },
    stdio: ['ignore', log, log],
    detached: true, // its own process group, so teardown reaches wrangler's workerd children too
  });

  // If vitest itself is killed, do not leave wrangler and workerd running.
  const killOnExit = () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already stopped.
    }
  };
  process.once('exit', killOnExit);

  const teardown = async () => {
    process.off('exit', killOnExit);
    await stop(child);
    if (process.env.E2E_KEEP_STATE) console.log(`e2e: state and server log kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };

  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    let tokens = readTokens(devVars);
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the app exited with code ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`the app did not answer on ${baseUrl} within ${START_TIMEOUT_MS / 1000}s`);
      tokens ??= readTokens(devVars);
      const ready =
        tokens &&
        (await answers(`${baseUrl}/healthz`)) &&
        (await answers(`${baseUrl}/`)) &&
        (await answers(`${baseUrl}/v1/agent-studio/me`, { headers: { authorization: `Bearer ${tokens.author}` } }));
      if (ready && tokens) {
        project.provide('baseUrl', baseUrl);
        project.provide('tokens', tokens);
        return teardown;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (error) {
    const tail = logTail(logFile);
    await teardown();
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- server log (tail) ---\n${tail}`);
  }
}
