/// <reference types="node" />
// Starts the app the way a developer does (`scripts/start.mjs`: build + wrangler dev) on a free
// port, waits until it answers, and hands back its base URL, the demo tokens and a stop function.
// The global setup starts one shared instance; a test can start its own (say, to crash and restart
// it on the same state directory).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const START_TIMEOUT_MS = 150_000;

export type Tokens = { admin: string; author: string; runner: string };

export type AppOptions = {
  /** Durable Object and R2 state; kept by the caller when given, else a temporary directory removed on stop. */
  persistDir?: string;
  /** The env file with the demo tokens and the vault key; reuse it with persistDir to restart the same app. */
  devVars?: string;
  /** Defaults to a free port. */
  port?: number;
};

export type App = {
  baseUrl: string;
  tokens: Tokens;
  persistDir: string;
  devVars: string;
  logFile: string;
  /** SIGTERM (a clean stop, SIGKILL after 10 s) or SIGKILL (a crash) to the whole process tree. */
  stop: (signal?: 'SIGTERM' | 'SIGKILL') => Promise<void>;
};

export function freePort(): Promise<number> {
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
export function nodeBinary(): string {
  const pinned = join(root, 'node_modules/.bin/node');
  return existsSync(pinned) ? pinned : process.execPath;
}

function readTokens(devVars: string): Tokens | undefined {
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

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // The group is already gone.
  }
}

/** Signals the whole process group (node → wrangler → workerd); a SIGTERM escalates to SIGKILL if it lingers. */
export async function stopChild(child: ChildProcess, signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  if (child.pid === undefined) return;
  const running = child.exitCode === null && child.signalCode === null;
  const exited = running ? new Promise<void>((resolve) => child.once('exit', () => resolve())) : Promise.resolve();
  signalGroup(child, signal);
  const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  // The leader is gone; make sure no workerd child outlives it (it would hold the port and the state).
  signalGroup(child, 'SIGKILL');
}

export async function startApp(options: AppOptions = {}): Promise<App> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-studio-e2e-'));
  const persistDir = options.persistDir ?? join(dir, 'state');
  const devVars = options.devVars ?? join(dir, 'dev.vars');
  const logFile = join(dir, 'server.log');
  const port = options.port ?? (await freePort());
  const baseUrl = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, 'a');
  const child = spawn(nodeBinary(), [join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: { ...process.env, PORT: String(port), PERSIST_DIR: persistDir, DEV_VARS: devVars, NO_COLOR: '1' },
    stdio: ['ignore', log, log],
    detached: true, // its own process group, so stop() reaches wrangler's workerd children too
  });

  // If vitest itself is killed, do not leave wrangler and workerd running.
  const killOnExit = () => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async (signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    await stopChild(child, signal);
    if (process.env.E2E_KEEP_STATE) console.log(`e2e: server log (and state, unless given) kept in ${dir}`);
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
      if (ready && tokens) return { baseUrl, tokens, persistDir, devVars, logFile, stop };
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } catch (error) {
    const tail = logTail(logFile);
    await stop('SIGKILL');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n--- server log (tail) ---\n${tail}`);
  }
}
