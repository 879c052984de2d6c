/**
 * Issue 5, acceptance 3: skills in a run. The fake model records every request, so the tests
 * read exactly what the model was shown, turn by turn.
 */
import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { scriptModel } from '../fakes/control';
import { createPlaybook, drive, playbookWith, startRun } from '../run/drive';
import { uniqueName, userSkill } from './fixtures';

const CSV = 'id,email,signed_up\n1,ann@example.com,2024-03-01\n2,,2024-03-02\n3,bob@example.com,01.04.2024\n';
/** A sentence only the built-in skill's reference contains. */
const REFERENCE_TEXT = 'Day-month order cannot be told apart';
const DESCRIPTION_TEXT = 'Profile tabular data column by column';
/** A sentence of the skill's body (its Overview), not of its description. */
const BODY_TEXT = 'A profile is the first thing to compute about a table you did not build';

function profilingPlaybook(model: string) {
  return playbookWith(
    [
      {
        id: 'prepare', title: 'Prepare', instruction: 'Write contacts.csv', completion_criteria: 'contacts.csv exists',
        allowed_tools: ['kbagent.workspace_artifact'],
      },
      {
        id: 'profile', title: 'Profile', instruction: 'Profile contacts.csv', completion_criteria: 'profiled',
        skills: ['data-quality-profiling'],
        allowed_tools: ['skill.data-quality-profiling.*', 'skill.load_reference'],
      },
    ],
    { skills: ['data-quality-profiling'], model: { provider: 'anthropic', model } },
  );
}

async function events(runId: string, user: Parameters<typeof call>[2]): Promise<{ type: string; data: any }[]> {
  const text = await (await call('GET', `/runs/${runId}/events`, user)).text();
  return [...text.matchAll(/^data: (\{.*\})$/gm)].map((m) => JSON.parse(m[1]!));
}

describe('skills in a model step', () => {
  it('descriptions always, the body only in the step that selects the skill, a reference only after skill.load_reference; the script runs through the Broker with its risk', async () => {
    const author = await createTestUser('author');
    const scenario = await scriptModel([
      { tool_calls: [{ tool: 'kbagent.workspace_artifact', args: { path: 'contacts.csv', content: CSV } }] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'written' } }] },
      { tool_calls: [{ tool: 'skill.data-quality-profiling.profile', args: { artifact: 'contacts.csv' } }] },
      { tool_calls: [{ tool: 'skill.load_reference', args: { skill: 'data-quality-profiling', path: 'references/interpreting-profiles.md' } }] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'profiled' } }] },
    ]);
    const runId = await startRun(author, await createPlaybook(author, profilingPlaybook(scenario.model('claude-sonnet-4-5'))));
    const run = await drive(runId, author);
    expect(run.status).toBe('done');

    const requests = (await scenario.requests()).map((r) => JSON.stringify(r.body));
    expect(requests).toHaveLength(5);
    // Every request carries the Playbook's skill descriptions.
    for (const body of requests) expect(body).toContain(DESCRIPTION_TEXT);
    // The body only in the step that selects the skill (requests 2-4), not in "prepare" (0-1).
    expect(requests.map((body) => body.includes(BODY_TEXT))).toEqual([false, false, true, true, true]);
    // The reference text appears only after the model asked for it (the answer to request 3's call).
    expect(requests.map((body) => body.includes(REFERENCE_TEXT))).toEqual([false, false, false, false, true]);
    // The script is offered only where allowed_tools allow it.
    expect(requests[0]).not.toContain('skill__data-quality-profiling__profile');
    expect(requests[2]).toContain('skill__data-quality-profiling__profile');
    // Its output came back to the model, PII masked. The file was written by the model from the
    // author's own step, so nothing in it is untrusted and it is not wrapped (taint follows data).
    expect(requests[3]).not.toContain('<untrusted source=\\"skill.data-quality-profiling.profile:');
    expect(requests[3]).toContain('an***');
    expect(requests[3]).not.toContain('ann@example.com');

    const calls = run.tool_calls as any[];
    const profile = calls.find((c) => c.tool_id === 'skill.data-quality-profiling.profile');
    expect(profile).toMatchObject({ risk: 'compute', status: 'done', step_id: 'profile' });
    expect(profile.result.rows).toBe(3);
    expect(calls.find((c) => c.tool_id === 'skill.load_reference')).toMatchObject({ risk: 'read', status: 'done' });

    const audit = await json(await call('GET', `/runs/${runId}/audit`, author));
    expect(audit.verification.ok).toBe(true);
    const decided = audit.entries.find((e: any) => e.kind === 'policy_decision' && e.call_id === profile.call_id);
    expect(decided.data).toMatchObject({ tool_id: 'skill.data-quality-profiling.profile', risk: 'compute', decision: 'allow' });
    expect(audit.entries.some((e: any) => e.kind === 'result' && e.call_id === profile.call_id)).toBe(true);
  });

  it('a skill script outside the Playbook\'s skills is neither offered nor run, even when a wildcard allows it', async () => {
    const author = await createTestUser('author');
    const scenario = await scriptModel([
      { tool_calls: [{ tool: 'skill.data-quality-profiling.profile', args: { artifact: 'contacts.csv' } }] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'gave up' } }] },
    ]);
    const step = { id: 'try', title: 'Try', instruction: 'Profile', completion_criteria: 'done', allowed_tools: ['skill.*'] };
    const run = await drive(await startRun(author, await createPlaybook(author, playbookWith([step], { model: { provider: 'anthropic', model: scenario.model('claude-sonnet-4-5') } }))), author);
    expect(run.status).toBe('done');
    const [first] = await scenario.requests();
    expect(JSON.stringify(first!.body)).not.toContain('skill__data-quality-profiling__profile');
    expect(JSON.stringify(first!.body)).not.toContain(DESCRIPTION_TEXT);
    expect(run.tool_calls[0]).toMatchObject({ tool_id: 'skill.data-quality-profiling.profile', status: 'error' });
    expect(run.tool_calls[0].error).toMatch(/not one of this Playbook's skills/);
  });
});

describe('skill context persistence', () => {
  it('declared keys saved by one run reach the next run of the Playbook; undeclared keys are refused; user skill references load from R2', async () => {
    const author = await createTestUser('author');
    const skill = uniqueName('invoice-recon');
    const upload = await call('POST', '/skills', author, { json: { skill_md: userSkill(skill), references: { 'matching-rules.md': 'Match on amount, then on the date within three days.' } } });
    expect(upload.status).toBe(201);

    const scenario = await scriptModel([
      // Run 1
      { tool_calls: [{ tool: 'skill.save_context', args: { skill, key: 'last_matched_invoice', value: 'INV-2024-0042' } }] },
      { tool_calls: [{ tool: 'skill.save_context', args: { skill, key: 'undeclared_key', value: 1 } }] },
      { tool_calls: [{ tool: 'skill.load_reference', args: { skill, path: 'matching-rules.md' } }] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'matched' } }] },
      // Run 2
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'continued' } }] },
    ]);
    const step = {
      id: 'match', title: 'Match', instruction: 'Match invoices', completion_criteria: 'matched', skills: [skill],
      allowed_tools: ['skill.save_context', 'skill.load_reference'],
    };
    const playbookId = await createPlaybook(author, playbookWith([step], { skills: [skill], model: { provider: 'openai-compatible', model: scenario.model('gpt-4o-mini') } }));

    const first = await drive(await startRun(author, playbookId), author);
    expect(first.status).toBe('done');
    const calls = first.tool_calls as any[];
    expect(calls[0]).toMatchObject({ tool_id: 'skill.save_context', risk: 'write', status: 'done' });
    expect(calls[1]).toMatchObject({ tool_id: 'skill.save_context', status: 'error' });
    expect(calls[1].error).toMatch(/declares no context key "undeclared_key"; it declares last_matched_invoice/);
    expect(calls[2]).toMatchObject({ tool_id: 'skill.load_reference', status: 'done', result: 'Match on amount, then on the date within three days.' });
    expect((await events(first.id, author)).some((e) => e.type === 'skill_context_saved' && e.data.key === 'last_matched_invoice')).toBe(true);

    const secondId = await startRun(author, playbookId);
    const second = await drive(secondId, author);
    expect(second.status).toBe('done');

    const requests = (await scenario.requests()).map((r) => JSON.stringify(r.body));
    expect(requests).toHaveLength(5);
    expect(requests[0]).not.toContain('INV-2024-0042');
    expect(requests[3]).toContain('Match on amount, then on the date within three days.');
    // The second run's first request hands over the saved value, naming the run that saved it.
    expect(requests[4]).toContain(`${skill}.last_matched_invoice (saved by run ${first.id}`);
    expect(requests[4]).toContain('INV-2024-0042');
    expect(requests[4]).not.toContain('undeclared_key');
    const handed = (await events(secondId, author)).find((e) => e.type === 'skill_context_handed');
    expect(handed?.data).toEqual({ step_id: 'match', keys: [`${skill}.last_matched_invoice`] });
  });
});
