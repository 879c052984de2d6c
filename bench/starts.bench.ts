/// <reference types="node" />
// Issue 12: how fast runs start, and what 1,000 runs leave behind in workerd's memory.
//  1. Throughput: CLIENTS concurrent clients start runs of a 3-step scripted Playbook (kbagent.log)
//     for DURATION_MS, each starting its next run as soon as the last start answered; then the same
//     load on a bare Worker that creates one SQLite object per request (bench/floor), the ceiling.
//  2. 1,000 runs started at once (BURST_CLIENTS at a time) and left to run to `done` by their own
//     alarms; how many finished, how long it took, and workerd's resident memory (VmRSS) before,
//     at the peak and after the runs have finished and the app has been idle for a while — then a
//     second burst, to tell memory that is held (it grows again) from memory kept for reuse.
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { inject, it } from 'vitest';
import { report } from './report';
import { floorStartsPerSecond } from './floor/start-floor';

const CLIENTS = 32;
const DURATION_MS = 10_000;
const BURST_RUNS = 1_000;
const BURST_CLIENTS = 200;
/** How long the app may take to finish the burst before the runs still open count as lost. */
const FINISH_TIMEOUT_MS = 300_000;
/** Idle time after the burst before "after" is read, sampled every second. */
const SETTLE_MS = 60_000;

type Json = Record<string, any>;

function threeStepPlaybook(name: string) {
  const steps = ['one', 'two', 'three'].map((id) => ({
    id, title: `Step ${id}`, instruction: 'log', completion_criteria: 'logged', allowed_tools: ['kbagent.log'], actions: [{ tool: 'kbagent.log', args: { message: `step ${id}` } }],
  }));
  return { name, budget: { max_usd_per_run: 1 }, sop: { goal: 'bench', steps } };
}

// ---- workerd's memory ----------------------------------------------------------------------------
// wrangler dev runs two workerd processes: its proxy (listening on the app's port) and the app's
// own (the Worker and every Durable Object, one JS isolate). The app's is the one measured; the
// proxy's is printed beside it. Besides the resident size, the app's JS heap (after a full GC,
// through its inspector) and its live run objects (each holds its SQLite file open) tell a leak
// from memory the allocator keeps for reuse.

function procText(pid: string, file: string): string {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return '';
  }
}

function parentOf(pid: string): string | undefined {
  // The command may hold spaces and parentheses: the fields after the last ")" are fixed.
  const stat = procText(pid, 'stat');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];
}

/** workerd processes whose ancestor is the `wrangler dev --port <port>` of this app (other apps may run on the machine). */
function workerdPids(port: string): { app: string; proxy: string | undefined } {
  const pids = workerdsUnder(port);
  const isProxy = (pid: string) => procText(pid, 'cmdline').split('\0').includes(`--socket-addr=entry=127.0.0.1:${port}`);
  const app = pids.find((pid) => !isProxy(pid));
  if (!app) throw new Error(`no workerd process found under wrangler dev --port ${port}`);
  return { app, proxy: pids.find(isProxy) };
}

function workerdsUnder(port: string): string[] {
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid) && procText(pid, 'comm').trim() === 'workerd').filter((pid) => {
    for (let p = parentOf(pid); p && p !== '0' && p !== '1'; p = parentOf(p)) {
      const args = procText(p, 'cmdline').split('\0');
      const at = args.indexOf('--port');
      if (at >= 0 && args[at + 1] === port) return true;
    }
    return false;
  });
}

function rssMb(pid: string | undefined): number {
  return pid ? Number(/VmRSS:\s+(\d+)/.exec(procText(pid, 'status'))?.[1] ?? 0) / 1024 : 0;
}

function fdsOf(pid: string): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`);
  } catch {
    return [];
  }
}

/** Run objects in memory: each keeps its own SQLite file open until workerd evicts it (10 s idle). */
function liveRunObjects(pid: string): number {
  let open = 0;
  for (const fd of fdsOf(pid)) {
    try {
      if (/PlaybookRun\/[0-9a-f]{64}\.sqlite$/.test(readlinkSync(`/proc/${pid}/fd/${fd}`))) open++;
    } catch {
      // Closed meanwhile.
    }
  }
  return open;
}

/** The DevTools endpoint of the app's Worker: the listening port of `pid` that answers /json with it. */
async function inspectorUrl(pid: string): Promise<string | undefined> {
  const inodes = new Set(fdsOf(pid).map((fd) => {
    try {
      return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
    } catch {
      return undefined;
    }
  }).filter(Boolean));
  const ports = procText('self', 'net/tcp').split('\n').slice(1).map((line) => line.trim().split(/\s+/))
    .filter((f) => f[3] === '0A' && inodes.has(f[9]!)).map((f) => parseInt(f[1]!.split(':')[1]!, 16));
  for (const port of ports) {
    try {
      const targets = (await (await fetch(`http://127.0.0.1:${port}/json`, { signal: AbortSignal.timeout(2_000) })).json()) as { id: string; webSocketDebuggerUrl: string }[];
      const worker = targets.find((t) => t.id.startsWith('core:user:'));
      if (worker) return worker.webSocketDebuggerUrl;
    } catch {
      // Not the inspector.
    }
  }
  return undefined;
}

/** The isolate's JS heap in MB after a full GC, asked over the DevTools protocol; NaN if it does not answer in time. */
async function jsHeapMb(url: string | undefined): Promise<number> {
  if (!url) return Number.NaN;
  const socket = new WebSocket(url);
  const answers = new Map<number, (result: any) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) answers.get(message.id)?.(message.result);
  });
  let id = 0;
  const call = (method: string) => new Promise<any>((resolve) => {
    answers.set(++id, resolve);
    socket.send(JSON.stringify({ id, method }));
  });
  const session = (async () => {
    await new Promise((resolve, reject) => ((socket.onopen = resolve), (socket.onerror = reject)));
    await call('HeapProfiler.enable');
    // workerd runs the collection but never answers it; the next answer comes after it.
    socket.send(JSON.stringify({ id: 0, method: 'HeapProfiler.collectGarbage' }));
    return ((await call('Runtime.getHeapUsage')) as { usedSize: number }).usedSize / 1024 / 1024;
  })();
  const timeout = new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 30_000));
  try {
    return await Promise.race([session, timeout]);
  } catch {
    return Number.NaN;
  } finally {
    socket.close();
  }
}

// ---- driving the API ----------------------------------------------------------------------------

/** Runs `work` for every item with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

const OPEN_STATUSES = ['queued', 'running', 'reviewing', 'blocked', 'waiting_for_input', 'waiting_for_approval'];

it('run starts per second, then twice 1,000 runs to done and workerd memory', async () => {
  const baseUrl = inject('baseUrl');
  const base = `${baseUrl}/v1/agent-studio`;
  const port = new URL(baseUrl).port;
  const headers = { authorization: `Bearer ${inject('tokens').author}`, 'content-type': 'application/json' };
  const get = async (path: string): Promise<Json> => {
    const response = await fetch(`${base}${path}`, { headers });
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}`);
    return (await response.json()) as Json;
  };
  const create = async (name: string): Promise<string> => {
    const response = await fetch(`${base}/playbooks`, { method: 'POST', headers, body: JSON.stringify(threeStepPlaybook(name)) });
    if (response.status !== 201) throw new Error(`create failed: ${response.status} ${await response.text()}`);
    return ((await response.json()) as Json).id;
  };
  const start = async (playbookId: string): Promise<string | null> => {
    const response = await fetch(`${base}/playbooks/${playbookId}/run`, { method: 'POST', headers, body: '{"inputs":{}}' });
    const body = (await response.json()) as Json;
    return response.status === 201 ? body.id : null;
  };
  /** The Tenant's index says no run of the Playbook is open (it lags the runs by a sync at most). */
  const openRuns = async (playbookId: string): Promise<number> => {
    let open = 0;
    for (const status of OPEN_STATUSES) open += (await get(`/runs?playbook_id=${playbookId}&status=${status}`)).runs.length;
    return open;
  };
  const waitUntilNoneOpen = async (playbookId: string, timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if ((await openRuns(playbookId)) === 0) return true;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    return false;
  };

  const { app, proxy } = workerdPids(port);
  const inspector = await inspectorUrl(app);
  const rssAtStart = rssMb(app);
  const heapAtStart = await jsHeapMb(inspector);

  // 1. Throughput.
  const throughputPlaybook = await create('Start bench');
  for (let i = 0; i < 10; i++) await start(throughputPlaybook); // warm-up: the isolate, the Tenant, the revision
  let started = 0;
  let refused = 0;
  const t0 = performance.now();
  const stopAt = t0 + DURATION_MS;
  await Promise.all(Array.from({ length: CLIENTS }, async () => {
    while (performance.now() < stopAt) {
      if (await start(throughputPlaybook)) started++;
      else refused++;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  report('starts.throughput', { clients: CLIENTS, seconds, started, refused, runs_per_s: started / seconds, target_runs_per_s: 150 });
  const throughputDrained = await waitUntilNoneOpen(throughputPlaybook, FINISH_TIMEOUT_MS);
  // The same clients against a Worker that only creates a new SQLite object per request: the
  // machine's ceiling for any start, so the ratio says how much of it our own work takes.
  const floor = await floorStartsPerSecond(CLIENTS, DURATION_MS);
  report('starts.floor', { clients: CLIENTS, new_objects_per_s: floor, runs_per_s_over_floor: started / seconds / floor });

  // 2. 1,000 runs at once, to done; then idle. Twice: memory a leak holds grows again with the
  // second burst, memory the allocator keeps for reuse does not.
  const burst = async (name: string, settleMs: number) => {
    const playbook = await create(name);
    const heapBefore = await jsHeapMb(inspector);
    const before = rssMb(app);
    let peak = before;
    let peakObjects = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, rssMb(app));
      peakObjects = Math.max(peakObjects, liveRunObjects(app));
    }, 250);
    const b0 = performance.now();
    const ids: string[] = [];
    let refusedHere = 0;
    await pool(Array.from({ length: BURST_RUNS }, (_, i) => i), BURST_CLIENTS, async () => {
      const id = await start(playbook);
      if (id) ids.push(id);
      else refusedHere++;
    });
    const startSeconds = (performance.now() - b0) / 1000;
    await waitUntilNoneOpen(playbook, FINISH_TIMEOUT_MS);
    // The index said so; each run's own object has the last word.
    const statuses: Record<string, number> = {};
    await pool(ids, 50, async (id) => {
      const status = (await get(`/runs/${id}`)).status as string;
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
    const finishSeconds = (performance.now() - b0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, rssMb(app));
    const atFinish = rssMb(app);
    // wrangler dev restarts workerd when the source changes (an edit in the working tree): the numbers would mean nothing.
    if (atFinish === 0) throw new Error(`workerd ${app} is gone: wrangler dev restarted it mid-bench; run again`);
    // Idle: what stays resident once nothing runs (run objects are evicted 10 s after their last event).
    let after = atFinish;
    for (const until = Date.now() + settleMs; Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      after = rssMb(app);
    }
    const done = statuses.done ?? 0;
    report(`starts.${name}`, {
      runs: BURST_RUNS, started: ids.length, refused: refusedHere, done, lost: BURST_RUNS - done,
      statuses: Object.entries(statuses).map(([status, n]) => `${status}:${n}`).join(','), start_s: startSeconds, to_done_s: finishSeconds,
    });
    report(`starts.${name}.workerd_rss_mb`, { app_pid: app, before, peak, at_finish: atFinish, after_idle: after, idle_s: settleMs / 1000, after_over_before: after / before, target_ratio: 1.2 });
    report(`starts.${name}.workerd_js_heap_mb_after_gc`, { before: heapBefore, after_idle: await jsHeapMb(inspector), live_run_objects_peak: peakObjects, live_run_objects_after_idle: liveRunObjects(app) });
    return { before, after };
  };
  const first = await burst('burst', SETTLE_MS);
  const second = await burst('second_burst', SETTLE_MS / 2);
  report('starts.memory', {
    rss_at_bench_start: rssAtStart, js_heap_at_bench_start: heapAtStart, throughput_drained: String(throughputDrained),
    rss_after_first_burst_over_before: first.after / first.before, second_burst_growth_mb: second.after - first.after, proxy_rss_after: rssMb(proxy),
  });
});
