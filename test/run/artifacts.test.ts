import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from './drive';

async function runWithFile() {
  const author = await createTestUser('author');
  const runId = await startRun(author, await createPlaybook(author, playbookWith([
    scriptedStep('write', [{ tool: 'kbagent.workspace_artifact', args: { path: 'reports/summary.md', content: '# Summary\n' } }]),
  ])));
  expect((await drive(runId, author)).status).toBe('done');
  return { author, runId };
}

describe('workspace artifacts', () => {
  it('downloads with an ETag and answers If-None-Match with 304', async () => {
    const { author, runId } = await runWithFile();
    const first = await call('GET', `/runs/${runId}/artifacts/reports/summary.md`, author);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/markdown');
    expect(first.headers.get('x-content-type-options')).toBe('nosniff');
    const etag = first.headers.get('etag')!;
    const again = await (await import('cloudflare:workers')).exports.default.fetch(
      new Request(`http://studio.test/v1/agent-studio/runs/${runId}/artifacts/reports/summary.md`, { headers: { authorization: `Bearer ${author.token}`, 'if-none-match': etag } }),
    );
    expect(again.status).toBe(304);
  });

  it('refuses path traversal in any encoding with a 4xx, never a 500, and never reads outside the run', async () => {
    const { author, runId } = await runWithFile();
    const other = await runWithFile();
    await env.BUCKET.put(`runs/${runId}-secret.txt`, 'outside the prefix');
    const attempts = [
      '../../playbooks/x',
      '..%2F..%2Fplaybooks',
      '%2e%2e%2f%2e%2e%2fx',
      'reports/../../x',
      `..%2F${other.runId}%2Freports%2Fsummary.md`,
      '%2Fetc%2Fpasswd',
      'reports%5C..%5Cx',
      'a%00b',
      '%E0%A4%A',
    ];
    for (const path of attempts) {
      const res = await call('GET', `/runs/${runId}/artifacts/${path}`, author);
      expect([400, 404], path).toContain(res.status);
      expect((await json(res)).error.code, path).toMatch(/bad_request|not_found/);
    }
  });

  it('a tool cannot write outside the run workspace', async () => {
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, playbookWith([
      scriptedStep('escape', [{ tool: 'kbagent.workspace_artifact', args: { path: '../../playbooks/evil.yaml', content: 'x' } }]),
    ])));
    const run = await drive(runId, author);
    expect(run.status).toBe('failed');
    expect(run.status_reason).toMatch(/may not contain "\.\."/);
    expect(await env.BUCKET.get('playbooks/evil.yaml')).toBeNull();
  });
});
