import { describe, expect, it } from 'vitest';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { failKeboola, keboolaProject, keboolaSubscriptions, useKeboola, type FakeKeboola } from '../keboola/fake';
import { createTriggered, deliver, triggeredPlaybook, triggersOf } from './helpers';

// Issue 17: a keboola.job_finished trigger creates (and removes) its own subscription in Keboola's
// Notification service; nobody subscribes by hand. PUBLIC_BASE_URL is http://studio.test in tests.
const BASE = 'http://studio.test';
const INPUTS = [{ name: 'job_id', type: 'string' }];
const jobTrigger = (extra: Record<string, unknown> = {}) => ({ type: 'keboola.job_finished', id: 'after-load', component_id: 'keboola.ex-salesforce', configuration_id: '12345', ...extra });

async function jobPlaybook(owner: TestUser, extra: Record<string, unknown> = {}) {
  const { id, body } = await createTriggered(owner, triggeredPlaybook([jobTrigger(extra)], INPUTS));
  const issued = body.trigger_secrets[0];
  return { playbookId: id, triggerId: issued.trigger_id as string, path: issued.notification_path as string };
}

async function subscriptionOf(owner: TestUser, playbookId: string) {
  return (await triggersOf(owner, playbookId))[0].notification_subscription;
}

const forUrl = async (project: FakeKeboola, url: string) => (await keboolaSubscriptions(project)).filter((s) => s.recipient.url === url);

describe('keboola.job_finished triggers subscribe themselves', () => {
  it('without a Keboola connection nothing is sent and the trigger says why', async () => {
    const author = await createTestUser('author');
    const { playbookId } = await jobPlaybook(author);
    expect(await subscriptionOf(author, playbookId)).toMatchObject({ state: 'not_subscribed', reason: expect.stringMatching(/Keboola is not connected/) });
  });

  it('saving the Playbook subscribes to the job events with the trigger\'s own URL and filters; a notification to it starts a run', async () => {
    const admin = await createTestUser('admin');
    const project = await keboolaProject();
    await useKeboola(admin, project);
    const author = await createTestUser('author');
    const { playbookId, path } = await jobPlaybook(author);
    const subscriptions = await keboolaSubscriptions(project);
    expect(subscriptions.map((s) => s.event).sort()).toEqual(['job-succeeded', 'job-succeeded-with-warning']);
    for (const s of subscriptions) {
      expect(s.recipient).toEqual({ channel: 'webhook', url: BASE + path });
      expect(s.filters).toEqual([{ field: 'job.component.id', value: 'keboola.ex-salesforce' }, { field: 'job.configuration.id', value: '12345' }]);
    }
    expect(await subscriptionOf(author, playbookId)).toMatchObject({ state: 'subscribed', events: ['job-succeeded', 'job-succeeded-with-warning'], subscription_ids: subscriptions.map((s) => s.id) });
    // What Keboola would send to that URL is accepted as the trigger's notification.
    const job = { event: 'job-succeeded', job: { id: 77, component: { id: 'keboola.ex-salesforce' }, configuration: { id: '12345' } } };
    expect((await deliver(new URL(subscriptions[0]!.recipient.url).pathname, JSON.stringify(job))).status).toBe(202);

    // status: any → the failed jobs too.
    const any = await jobPlaybook(author, { status: 'any' });
    expect((await forUrl(project, BASE + any.path)).map((s) => s.event).sort()).toEqual(['job-failed', 'job-succeeded', 'job-succeeded-with-warning']);
  });

  it('a draft adding a job trigger subscribes nothing until it is published (issue 18)', async () => {
    const admin = await createTestUser('admin');
    const project = await keboolaProject();
    await useKeboola(admin, project);
    const author = await createTestUser('author');
    const { id } = await createTriggered(author, triggeredPlaybook([{ type: 'cron', id: 'nightly', expression: '0 3 * * *' }], INPUTS));
    const drafted = await call('PATCH', `/playbooks/${id}`, author, { json: { triggers: [jobTrigger()] }, contentType: 'application/merge-patch+json' });
    expect(drafted.status).toBe(200);
    expect(await keboolaSubscriptions(project)).toEqual([]);
    const published = await json(await call('POST', `/playbooks/${id}/publish`, author, { json: { revision: 2 } }));
    const path = published.trigger_secrets[0].notification_path;
    expect((await forUrl(project, BASE + path)).map((s) => s.event).sort()).toEqual(['job-succeeded', 'job-succeeded-with-warning']);
  });

  it('a rotated secret moves the subscription to the new URL; disabling, removing the trigger and deleting the Playbook remove it', async () => {
    const admin = await createTestUser('admin');
    const project = await keboolaProject();
    await useKeboola(admin, project);
    const author = await createTestUser('author');
    const { playbookId, triggerId, path } = await jobPlaybook(author);
    expect(await forUrl(project, BASE + path)).toHaveLength(2);

    const rotated = await json(await call('POST', `/playbooks/${playbookId}/triggers/${triggerId}/secret`, author));
    expect(rotated.notification_path).not.toBe(path);
    expect(await forUrl(project, BASE + path)).toHaveLength(0);
    expect(await forUrl(project, BASE + rotated.notification_path)).toHaveLength(2);

    expect((await call('PATCH', `/playbooks/${playbookId}/triggers/${triggerId}`, author, { json: { enabled: false } })).status).toBe(200);
    expect(await forUrl(project, BASE + rotated.notification_path)).toHaveLength(0);
    expect(await subscriptionOf(author, playbookId)).toBeUndefined();
    expect((await call('PATCH', `/playbooks/${playbookId}/triggers/${triggerId}`, author, { json: { enabled: true } })).status).toBe(200);
    expect(await forUrl(project, BASE + rotated.notification_path)).toHaveLength(2);

    const cron = { type: 'cron', id: 'nightly', expression: '0 3 * * *' };
    expect((await call('PATCH', `/playbooks/${playbookId}`, author, { json: { triggers: [cron] }, contentType: 'application/merge-patch+json' })).status).toBe(200);
    // A draft without the trigger leaves the published one subscribed; publishing it unsubscribes.
    expect(await forUrl(project, BASE + rotated.notification_path)).toHaveLength(2);
    expect((await call('POST', `/playbooks/${playbookId}/publish`, author, { json: { revision: 2 } })).status).toBe(200);
    expect(await forUrl(project, BASE + rotated.notification_path)).toHaveLength(0);
    // Publishing revision 1 again (a rollback) registers the trigger anew: a new secret, shown once, and its URL subscribed.
    const rolledBack = await json(await call('POST', `/playbooks/${playbookId}/publish`, author, { json: { revision: 1 } }));
    expect(await forUrl(project, BASE + rolledBack.trigger_secrets[0].notification_path)).toHaveLength(2);

    const other = await jobPlaybook(author);
    expect(await forUrl(project, BASE + other.path)).toHaveLength(2);
    expect((await call('DELETE', `/playbooks/${other.playbookId}`, author)).status).toBe(204);
    expect(await forUrl(project, BASE + other.path)).toHaveLength(0);
  });

  it('Keboola refusing the subscription does not fail the save: the trigger shows what Keboola said, and the next publish subscribes', async () => {
    const admin = await createTestUser('admin');
    const project = await keboolaProject();
    await useKeboola(admin, project);
    await failKeboola(project, 'subscribe', { status: 403, message: 'Token has no access to notifications' });
    const author = await createTestUser('author');
    const { playbookId, path } = await jobPlaybook(author);
    expect(await subscriptionOf(author, playbookId)).toMatchObject({ state: 'failed', reason: expect.stringContaining('Token has no access to notifications') });
    expect(await forUrl(project, BASE + path)).toHaveLength(0);

    expect((await call('PATCH', `/playbooks/${playbookId}`, author, { json: { description: 'again' }, contentType: 'application/merge-patch+json' })).status).toBe(200);
    // A draft does not touch the registry; publishing it (or publishing revision 1 again) re-syncs.
    expect(await subscriptionOf(author, playbookId)).toMatchObject({ state: 'failed' });
    expect((await call('POST', `/playbooks/${playbookId}/publish`, author, { json: { revision: 2 } })).status).toBe(200);
    expect(await subscriptionOf(author, playbookId)).toMatchObject({ state: 'subscribed' });
    expect(await forUrl(project, BASE + path)).toHaveLength(2);
  });
});
