/**
 * View scoping of run-scoped things (spec §8; security.md "View scoping"), now applied inside the
 * Tenant object so each list or run read is one call (issue 12, item 2): a run, its approvals and
 * its inbox items are visible to admins, to whoever started the run and to anyone who can see its
 * Playbook; everyone else gets the 404 of an id that does not exist, and lists leave them out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestUser, json, type TestUser } from '../helpers';
import { drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { sendStep } from '../governance/helpers';
import { api } from './contract';

let author: TestUser;
let shared: TestUser;
let member: TestUser;
let stranger: TestUser;
let admin: TestUser;
let group: string;
let asking: { playbook: string; run: string };
let sending: { playbook: string; run: string; approval: string };

async function create(who: TestUser, doc: Record<string, unknown>): Promise<string> {
  const created = await api('POST', '/playbooks', who, { json: doc });
  expect(created.status).toBe(201);
  return (await json(created)).id;
}

const share = (id: string, allowed: string[]) => api('PUT', `/playbooks/${id}/sharing`, author, { json: { allowed_users: allowed } });

const ids = async (who: TestUser, path: string, key: string, field = 'id'): Promise<string[]> => {
  const response = await api('GET', path, who);
  expect(response.status, path).toBe(200);
  return (await json(response))[key].map((item: Record<string, string>) => item[field]);
};

/** Every read of one run, its approval and its inbox item by `who`, as [what, status or seen]. */
async function sees(who: TestUser, run: string, approval?: string): Promise<Record<string, number | boolean>> {
  return {
    detail: (await api('GET', `/runs/${run}`, who)).status,
    audit: (await api('GET', `/runs/${run}/audit`, who)).status,
    artifacts: (await api('GET', `/runs/${run}/artifacts`, who)).status,
    listed: (await ids(who, '/runs', 'runs')).includes(run),
    inbox: (await ids(who, '/inbox', 'items', 'run_id')).includes(run),
    ...(approval ? { approvals: (await ids(who, '/approvals', 'approvals')).includes(approval) } : {}),
  };
}

const VISIBLE = { detail: 200, audit: 200, artifacts: 200, listed: true, inbox: true };
const HIDDEN = { detail: 404, audit: 404, artifacts: 404, listed: false, inbox: false };

beforeAll(async () => {
  group = `finance-${crypto.randomUUID().slice(0, 8)}`;
  author = await createTestUser('author');
  shared = await createTestUser('runner');
  member = await createTestUser('runner', [group]);
  stranger = await createTestUser('runner');
  admin = await createTestUser('admin');

  const askingId = await create(author, playbookWith([scriptedStep('ask', [{ tool: 'kbagent.human_in_loop', args: { prompt: 'Go on?', kind: 'text' } }])]));
  const askingRun = await startRun(author, askingId);
  expect((await drive(askingRun, author)).status).toBe('waiting_for_input');
  asking = { playbook: askingId, run: askingRun };

  const sendingId = await create(author, playbookWith([sendStep('post', '#scoping', 'hello')]));
  const sendingRun = await startRun(author, sendingId);
  const waiting = await drive(sendingRun, author);
  expect(waiting.status).toBe('waiting_for_approval');
  sending = { playbook: sendingId, run: sendingRun, approval: waiting.approvals.find((a: { status: string }) => a.status === 'pending').id };

  for (const id of [askingId, sendingId]) expect((await share(id, [shared.id, `group:${group}`])).status).toBe(200);
});

describe('view scoping of runs, approvals and the inbox', () => {
  it('the owner, people it is shared with (by id or group) and admins see them; a stranger sees nothing', async () => {
    for (const who of [author, shared, member, admin]) {
      expect(await sees(who, asking.run), who.id).toEqual(VISIBLE);
      expect(await sees(who, sending.run, sending.approval), who.id).toEqual({ ...VISIBLE, approvals: true });
    }
    expect(await sees(stranger, asking.run)).toEqual(HIDDEN);
    expect(await sees(stranger, sending.run, sending.approval)).toEqual({ ...HIDDEN, approvals: false });
    expect(await ids(stranger, `/runs?playbook_id=${asking.playbook}`, 'runs')).toEqual([]);
  });

  it('a stranger cannot decide an approval or steer a run: the same 404 as for a missing id', async () => {
    const approve = await api('POST', `/approvals/${sending.approval}/approve`, stranger, { json: { body_hash: 'a'.repeat(64) } });
    const missing = await api('POST', `/approvals/${sending.approval}x/approve`, stranger, { json: { body_hash: 'a'.repeat(64) } });
    expect(approve.status).toBe(404);
    expect((await json(approve)).error.message.replace(sending.approval, '<id>')).toBe((await json(missing)).error.message.replace(`${sending.approval}x`, '<id>'));
    expect((await api('POST', `/runs/${asking.run}/cancel`, stranger)).status).toBe(404);
    expect((await api('POST', `/runs/${asking.run}/input`, stranger, { json: { question_id: 'q', answer: 'yes' } })).status).toBe(404);
    expect((await api('POST', `/runs/${asking.run}/token`, stranger)).status).toBe(404);
    // Nothing changed: the run still waits and the approval is still pending.
    expect((await json(await api('GET', `/runs/${asking.run}`, author))).status).toBe('waiting_for_input');
    expect(await ids(author, '/approvals?status=pending', 'approvals')).toContain(sending.approval);
  });

  it('whoever started a run keeps seeing it after the Playbook is unshared; the owner\'s runs go', async () => {
    const own = await startRun(shared, sending.playbook);
    const waiting = await drive(own, shared);
    const ownApproval = waiting.approvals.find((a: { status: string }) => a.status === 'pending').id;
    expect((await share(sending.playbook, [])).status).toBe(200);
    try {
      expect((await api('GET', `/runs/${own}`, shared)).status).toBe(200);
      expect(await ids(shared, '/runs', 'runs')).toContain(own);
      expect(await ids(shared, '/approvals', 'approvals')).toContain(ownApproval);
      expect(await sees(shared, sending.run, sending.approval)).toEqual({ ...HIDDEN, approvals: false });
      expect(await sees(member, sending.run, sending.approval)).toEqual({ ...HIDDEN, approvals: false });
      expect((await api('GET', `/runs/${own}`, member)).status).toBe(404);
    } finally {
      expect((await share(sending.playbook, [shared.id, `group:${group}`])).status).toBe(200);
    }
  });
});
