// The Agent Studio side: start a Playbook run with a service-account token, wait for it, read its
// files. Only the public HTTP API (GET /openapi.json describes it) and fetch.

const API = '/v1/agent-studio';
const ENDED = new Set(['done', 'failed', 'cancelled']);
// A person must act before these go on; a component waits for them like for any other status.
const WAITING_FOR_PEOPLE = new Set(['waiting_for_input', 'waiting_for_approval']);

export class AgentStudio {
  /** @param {{ url: string, token: string, log?: (line: string) => void }} options */
  constructor({ url, token, log = () => {} }) {
    this.base = url.replace(/\/+$/, '') + API;
    this.token = token;
    this.log = log;
  }

  async request(method, path, { json, idempotencyKey, raw = false } = {}) {
    const headers = { authorization: `Bearer ${this.token}`, accept: 'application/json' };
    if (json !== undefined) headers['content-type'] = 'application/json';
    // Makes a retried start return the run the first attempt started instead of starting another.
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const response = await fetch(this.base + path, { method, headers, body: json === undefined ? undefined : JSON.stringify(json) });
    if (!response.ok) {
      const body = await response.json().catch(() => ({}));
      const message = body?.error?.message ?? response.statusText;
      throw new Error(`Agent Studio ${method} ${path} answered ${response.status}: ${message}`);
    }
    return raw ? response : response.status === 204 ? null : response.json();
  }

  /** Starts the run; the same key within 24 h names the same run (safe to retry after a timeout). */
  startRun(playbookId, inputs, idempotencyKey) {
    return this.request('POST', `/playbooks/${encodeURIComponent(playbookId)}/run`, { json: { inputs }, idempotencyKey });
  }

  /**
   * Polls the run view until the run ends, backing off from `firstDelayMs` to `maxDelayMs` (x1.5
   * each time): quick runs are seen at once, long ones cost few requests.
   */
  async waitForRun(runId, { timeoutMs = 30 * 60_000, firstDelayMs = 500, maxDelayMs = 15_000, sleep = (ms) => new Promise((r) => setTimeout(r, ms)) } = {}) {
    const deadline = Date.now() + timeoutMs;
    let delay = firstDelayMs;
    let last = '';
    for (;;) {
      const run = await this.request('GET', `/runs/${encodeURIComponent(runId)}`);
      if (run.status !== last) this.log(`run ${runId}: ${run.status}${WAITING_FOR_PEOPLE.has(run.status) ? ' (a person must act in Agent Studio)' : ''}`);
      last = run.status;
      if (ENDED.has(run.status)) return run;
      if (Date.now() + delay > deadline) throw new Error(`run ${runId} did not end within ${Math.round(timeoutMs / 1000)} s (last status: ${run.status})`);
      await sleep(delay);
      delay = Math.min(maxDelayMs, Math.round(delay * 1.5));
    }
  }

  async listArtifacts(runId) {
    return (await this.request('GET', `/runs/${encodeURIComponent(runId)}/artifacts`)).artifacts;
  }

  async readArtifact(runId, path) {
    const response = await this.request('GET', `/runs/${encodeURIComponent(runId)}/artifacts/${path.split('/').map(encodeURIComponent).join('/')}`, { raw: true });
    return response.text();
  }
}
