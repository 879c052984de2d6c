import { describe, expect, it } from 'vitest';
import { createTestUser, json, type TestUser } from '../helpers';
import { createTriggered, deliver, runsOf, signedDelivery, triggeredPlaybook, triggersOf } from './helpers';

const INPUTS = [{ name: 'job_id', type: 'string' }, { name: 'configuration_id', type: 'string' }];

/** The event shape keboola-api.md documents, plus fields a real delivery may add. */
function jobEvent(job: { id?: string | number; component?: string; configuration?: string; status?: string }, extra: Record<string, unknown> = {}) {
  return {
    event: 'job-succeeded',
    job: {
      id: job.id ?? String(Math.floor(Math.random() * 1e9)),
      url: 'https://queue.keboola.com/jobs/1',
      component: { id: job.component ?? 'keboola.ex-salesforce', name: 'Salesforce' },
      configuration: { id: job.configuration ?? '12345', name: 'CRM contacts' },
      ...(job.status ? { status: job.status } : {}),
      startTime: '2026-03-02T06:00:00+0100',
      endTime: '2026-03-02T06:04:00+0100',
    },
    project: { id: 42, name: 'Acme' },
    ...extra,
  };
}

async function jobPlaybook(owner: TestUser, filters: Record<string, unknown> = { configuration_id: '12345' }) {
  const { id, body } = await createTriggered(owner, triggeredPlaybook([{ type: 'keboola.job_finished', id: 'after-crm-load', component_id: 'keboola.ex-salesforce', ...filters }], INPUTS));
  const issued = body.trigger_secrets[0];
  return { playbookId: id, triggerId: issued.trigger_id as string, secret: issued.secret as string, url: issued.notification_path as string, signedPath: issued.webhook_path as string };
}

describe('keboola.job_finished triggers', () => {
  it('a job of the matching configuration starts a run with the job as inputs; unknown fields are ignored', async () => {
    const author = await createTestUser('author');
    const { playbookId, triggerId, url } = await jobPlaybook(author);
    expect(url).toMatch(new RegExp(`^/v1/agent-studio/hooks/keboola/${triggerId}/[A-Za-z0-9_-]{43}$`));
    const res = await deliver(url, JSON.stringify(jobEvent({ id: 9001, status: 'success' }, { branch: { id: 'default' } })));
    expect(res.status).toBe(202);
    const result = await json(res);
    const runs = await runsOf(author, playbookId);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ id: result.run_id, trigger: { type: 'keboola.job_finished', id: triggerId }, inputs: { job_id: '9001', configuration_id: '12345' } });
  });

  it('a job of another configuration, component or status starts nothing and says why', async () => {
    const author = await createTestUser('author');
    const { playbookId, url } = await jobPlaybook(author);
    for (const [job, why] of [
      [{ configuration: '999' }, /configuration "999" is not "12345"/],
      [{ component: 'keboola.ex-hubspot' }, /component "keboola.ex-hubspot"/],
      [{ status: 'error' }, /job status "error" is not success/],
    ] as const) {
      const res = await deliver(url, JSON.stringify(jobEvent(job)));
      expect(res.status).toBe(200);
      const body = await json(res);
      expect(body.started).toEqual([]);
      expect(body.skipped).toMatch(why);
    }
    expect(await runsOf(author, playbookId)).toHaveLength(0);
  });

  it('status "any" and no configuration filter match any job of the component', async () => {
    const author = await createTestUser('author');
    const { playbookId, url } = await jobPlaybook(author, { status: 'any' });
    expect((await deliver(url, JSON.stringify(jobEvent({ configuration: '777', status: 'error' })))).status).toBe(202);
    expect(await runsOf(author, playbookId)).toHaveLength(1);
  });

  it('the same job twice, a wrong path token and a body without a job start nothing more', async () => {
    const author = await createTestUser('author');
    const { playbookId, triggerId, url } = await jobPlaybook(author);
    const event = JSON.stringify(jobEvent({ id: 'job-1' }));
    expect((await deliver(url, event)).status).toBe(202);
    const again = await deliver(url, event);
    expect(again.status).toBe(409);
    expect((await json(again)).error.code).toBe('webhook_replayed');
    const forged = await deliver(`/v1/agent-studio/hooks/keboola/${triggerId}/${'A'.repeat(43)}`, JSON.stringify(jobEvent({ id: 'job-2' })));
    expect(forged.status).toBe(401);
    expect((await json(forged)).error.code).toBe('webhook_token_invalid');
    const shapeless = await deliver(url, JSON.stringify({ hello: 'world' }));
    expect(shapeless.status).toBe(422);
    expect(await runsOf(author, playbookId)).toHaveLength(1);
  });

  it('also accepts Standard Webhooks deliveries at the trigger webhook URL', async () => {
    const author = await createTestUser('author');
    const { playbookId, secret, signedPath } = await jobPlaybook(author);
    expect((await signedDelivery(signedPath, secret, jobEvent({ id: 'job-3' }))).res.status).toBe(202);
    expect((await signedDelivery(signedPath, secret, jobEvent({ id: 'job-4' }), { signature: 'v1,AAAA' })).res.status).toBe(401);
    expect(await runsOf(author, playbookId)).toHaveLength(1);
    expect((await triggersOf(author, playbookId))[0]).toMatchObject({ type: 'keboola.job_finished', available: true, has_secret: true });
  });
});
