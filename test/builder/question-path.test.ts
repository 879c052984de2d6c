/**
 * Issue 18, the builder without a model: the questions come back, and the answers assemble the
 * draft from the bundled blueprints' steps (src/blueprints/catalogue.ts). The result is checked as
 * a model's proposal is, and becomes a Playbook only through POST /playbooks.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { proposePlaybook } from '../../src/builder/service';
import { getBlueprint } from '../../src/blueprints/catalogue';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { DESCRIPTION, libraryIds, propose } from './proposals';

let author: TestUser;
beforeAll(async () => {
  author = await createTestUser('author');
});

const ANSWERS = { task: 'margin', slack_channel: '#finance', schedule: 'weekly_monday', hour: 7, timezone: 'Europe/Prague' };

describe('builder questions without a model', () => {
  it('asks its questions when no model is configured', async () => {
    const noModel = { MODEL_PROVIDER: undefined, MODEL_NAME: undefined, ANTHROPIC_API_KEY: undefined, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, AI: undefined };
    const user = { id: author.id, name: 'Author', role: 'author' as const, groups: [], created_at: new Date().toISOString() };
    const answer = await proposePlaybook({ env: { ...env, ...noModel }, user }, { description: DESCRIPTION, mode: 'auto' });
    expect(answer.kind).toBe('questions');
    if (answer.kind !== 'questions') return;
    expect(answer.reason).toMatch(/No model provider is configured/);
    expect(answer.questions.map((q) => q.name)).toEqual(['task', 'tables', 'slack_channel', 'schedule', 'hour', 'timezone']);
  });

  it('assembles a valid draft from the step library, created only through POST /playbooks', async () => {
    const before = await libraryIds(author);
    const asked = await json(await propose(author, { description: DESCRIPTION, mode: 'questions' }));
    expect(asked.kind).toBe('questions');

    const response = await propose(author, { description: DESCRIPTION, answers: ANSWERS });
    expect(response.status).toBe(200);
    const proposal = await json(response);
    expect(proposal.kind).toBe('proposal');
    expect(proposal.source).toBe('library');

    // The steps are the blueprint's own, the delivery one included, in its order.
    const library = getBlueprint('weekly-margin-cockpit').playbook_template.sop.steps;
    const ids: string[] = proposal.spec.sop.steps.map((s: { id: string }) => s.id);
    expect(ids).toContain('margin-bridge');
    expect(ids.at(-1)).toBe('post-brief');
    for (const step of proposal.spec.sop.steps) expect(step).toEqual(library.find((s) => s.id === step.id));

    expect(proposal.spec.triggers).toContainEqual({ type: 'cron', id: 'weekly-monday', enabled: true, expression: '0 7 * * 1', timezone: 'Europe/Prague' });
    expect(proposal.spec.inputs.find((i: { name: string }) => i.name === 'slack_channel').default).toBe('#finance');
    const send = proposal.spec.tool_policies['slack.send_message'] ?? proposal.spec.risk_policy.external_send;
    expect(send).toBe('approve');
    expect(await libraryIds(author)).toEqual(before);

    const created = await call('POST', '/playbooks', author, { yaml: proposal.yaml });
    expect(created.status).toBe(201);
    const record = await json(created);
    expect(record.spec).toEqual(proposal.spec);
    expect(await libraryIds(author)).toEqual([...before, record.id].sort());
  });

  it('adds a delivery step and an approval for a task whose blueprint has none, and names a bad answer', async () => {
    const response = await propose(author, { description: 'Profile the CRM contacts', answers: { task: 'profile', tables: ['in.c-hubspot.contacts'], slack_channel: '#data' } });
    expect(response.status, await response.clone().text()).toBe(200);
    const proposal = await json(response);
    expect(proposal.spec.sop.steps.map((s: { id: string }) => s.id)).toEqual(['profile', 'notify']);
    expect(proposal.spec.inputs.find((i: { name: string }) => i.name === 'source_tables').default).toEqual(['in.c-hubspot.contacts']);
    expect(proposal.spec.tool_policies['slack.send_message'] ?? proposal.spec.risk_policy.external_send).toBe('approve');

    const bad = await propose(author, { description: DESCRIPTION, answers: { task: 'forecast' } });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(await json(bad))).toContain('answers.task');
    const zone = await propose(author, { description: DESCRIPTION, answers: { task: 'margin', schedule: 'daily', timezone: 'Mars/Olympus' } });
    expect(zone.status).toBe(422);
    expect((await json(zone)).error.details.issues).toContainEqual(expect.objectContaining({ path: 'answers.timezone' }));
  });
});
