/** The library list carries each Playbook's next cron run (issue 16), from the trigger schedule. */
import { describe, expect, it } from 'vitest';
import { createTestUser, json } from '../helpers';
import { api } from '../api/contract';
import { createTriggered, triggeredPlaybook } from './helpers';

const listed = async (who: Awaited<ReturnType<typeof createTestUser>>, id: string) =>
  ((await json(await api('GET', '/playbooks', who))).playbooks as any[]).find((p) => p.id === id);

describe('next run in the Playbook list', () => {
  it('is the earliest enabled cron fire, with its zone and trigger; absent without one', async () => {
    const author = await createTestUser('author');
    const { id } = await createTriggered(author, triggeredPlaybook([
      { type: 'cron', id: 'yearly', expression: '0 8 1 1 *', timezone: 'UTC' },
      { type: 'cron', id: 'morning', expression: '0 8 * * *', timezone: 'Europe/Prague' },
      { type: 'http_webhook', id: 'hook' },
    ]));
    const item = await listed(author, id);
    expect(item.next_run.trigger).toBe('morning');
    expect(item.next_run.timezone).toBe('Europe/Prague');
    const at = new Date(item.next_run.at);
    expect(at.getTime()).toBeGreaterThan(Date.now());
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Prague', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at)).toBe('08:00');

    const triggers = (await json(await api('GET', `/playbooks/${id}/triggers`, author))).triggers as any[];
    const morning = triggers.find((t) => t.key === 'morning');
    expect((await api('PATCH', `/playbooks/${id}/triggers/${morning.id}`, author, { json: { enabled: false } })).status).toBe(200);
    expect((await listed(author, id)).next_run.trigger).toBe('yearly');

    const { id: plain } = await createTriggered(author, triggeredPlaybook([{ type: 'http_webhook', id: 'hook' }]));
    expect((await listed(author, plain)).next_run).toBeUndefined();
  });
});
