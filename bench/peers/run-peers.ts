/// <reference types="node" />
// The optional peers (bench/peers: LangGraph.js with its SQLite saver, Mastra with LibSQL), each in
// its own process running the engine bench's workflow. Installed by `npm install` in this folder
// with the system's Node (their SQLite bindings are built for it), so they run under that Node,
// not the project's pinned one. Absent peers are reported as such, never as a failure.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const PEERS = ['langgraph', 'mastra'] as const;
export type Peer = (typeof PEERS)[number];

export const peersInstalled = (): boolean => existsSync(join(here, 'node_modules/@langchain/langgraph')) && existsSync(join(here, 'node_modules/@mastra/core'));

/** PATH without the project's node_modules/.bin, so `node` is the system's. */
const systemPath = () => (process.env.PATH ?? '').split(delimiter).filter((dir) => !dir.includes('node_modules')).join(delimiter);

/** The peer's median ms per step over `runs` timed runs (after 3 warm-ups), or the reason it could not run. */
export function runPeer(peer: Peer, steps: number, runs: number): { median_ms_per_step: number } | { error: string } {
  try {
    const out = execFileSync('node', [join(here, `${peer}.mjs`)], { cwd: here, env: { ...process.env, PATH: systemPath(), STEPS: String(steps), RUNS: String(runs) }, encoding: 'utf8', timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return JSON.parse(out.trim().split('\n').pop()!) as { median_ms_per_step: number };
  } catch (error) {
    return { error: String((error as { stderr?: string }).stderr || error).split('\n').slice(0, 3).join(' ') };
  }
}
