import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from './drive';
import { scriptModel, slackMessages, uniqueChannel } from '../fakes/control';
import { approve, pendingApproval } from '../governance/helpers';

describe('call_playbook', () => {
  it('runs a child to completion; the parent continues with its outputs and books its cost', async () => {
    const author = await createTestUser('author');
    const childId = await createPlaybook(author, playbookWith(
      [scriptedStep('work', [{ id: 'file', tool: 'kbagent.workspace_artifact', args: { path: 'child.txt', content: 'from child ${{ inputs.topic }}' } }])],
      { name: 'Child', inputs: [{ name: 'topic', type: 'string', required: true }], budget: { max_usd_per_run: 2 } },
    ));
    const parentId = await createPlaybook(author, playbookWith([
      scriptedStep('delegate', [{ id: 'sub', tool: 'kbagent.call_playbook', args: { playbook_id: childId, inputs: { topic: 'margins' }, budget_share: 0.25 } }]),
      scriptedStep('after', [{ id: 'echo', tool: 'kbagent.workspace_artifact', args: { path: 'parent.txt', content: 'child said ${{ steps.delegate.outputs.sub.outputs.work.file.path }}' } }]),
    ], { budget: { max_usd_per_run: 1 } }));

    const parentRun = await startRun(author, parentId);
    let parent = await drive(parentRun, author);
    // Waiting on the child (which the runtime may already have driven on its own alarms).
    expect(['running', 'done']).toContain(parent.status);
    expect(parent.child_run_ids).toHaveLength(1);
    const childRun = parent.child_run_ids[0];

    const child = await drive(childRun, author);
    expect(child.status).toBe('done');
    expect(child.parent_run_id).toBe(parentRun);
    expect(child.budget.max_usd).toBeCloseTo(0.25);

    parent = await drive(parentRun, author);
    expect(parent.status).toBe('done');
    expect(await (await call('GET', `/runs/${parentRun}/artifacts/parent.txt`, author)).text()).toBe('child said child.txt');
  });

  it('cancelling the parent cancels the child', async () => {
    const author = await createTestUser('author');
    const childId = await createPlaybook(author, playbookWith([
      scriptedStep('ask', [{ tool: 'kbagent.human_in_loop', args: { prompt: 'wait here', kind: 'text' } }]),
    ]));
    const parentRun = await startRun(author, await createPlaybook(author, playbookWith([
      scriptedStep('delegate', [{ tool: 'kbagent.call_playbook', args: { playbook_id: childId } }]),
    ])));
    const parent = await drive(parentRun, author);
    const childRun = parent.child_run_ids[0];
    expect((await drive(childRun, author)).status).toBe('waiting_for_input');
    expect((await json(await call('POST', `/runs/${parentRun}/cancel`, author))).status).toBe('cancelled');
    expect((await json(await call('GET', `/runs/${childRun}`, author))).status).toBe('cancelled');
  });

  it('a child that fails fails the calling step', async () => {
    const author = await createTestUser('author');
    const childId = await createPlaybook(author, playbookWith([scriptedStep('bad', [{ tool: 'sql.local', args: { statements: 'SELECT * FROM no_such_table' } }])]));
    const parentRun = await startRun(author, await createPlaybook(author, playbookWith([
      scriptedStep('delegate', [{ tool: 'kbagent.call_playbook', args: { playbook_id: childId } }]),
    ])));
    const parent = await drive(parentRun, author);
    expect((await drive(parent.child_run_ids[0], author)).status).toBe('failed');
    const after = await drive(parentRun, author);
    expect(after.status).toBe('failed');
    expect(after.status_reason).toMatch(/child run .* ended failed/);
  });

  it('on_failure call_subagent hands the failure to a sub-playbook and continues', async () => {
    const author = await createTestUser('author');
    const fixer = await createPlaybook(author, playbookWith(
      [scriptedStep('fix', [{ id: 'note', tool: 'kbagent.log', args: { message: 'fixing ${{ inputs.failed_step_id }}' } }])],
      { inputs: [{ name: 'failed_step_id', type: 'string' }, { name: 'error', type: 'text' }, { name: 'parent_run_id', type: 'string' }] },
    ));
    const runId = await startRun(author, await createPlaybook(author, {
      name: 'With subagent',
      budget: { max_usd_per_run: 1 },
      sop: {
        goal: 'Hand failures to a fixer',
        sub_playbooks: [fixer],
        steps: [
          scriptedStep('bad', [{ tool: 'sql.local', args: { statements: 'SELECT * FROM no_such_table' } }], { on_failure: 'call_subagent', subagent: fixer }),
          scriptedStep('next', [{ tool: 'kbagent.log', args: { message: 'after' } }]),
        ],
      },
    }));
    const parent = await drive(runId, author);
    const child = await drive(parent.child_run_ids[0], author);
    expect(child.status).toBe('done');
    const done = await drive(runId, author);
    expect(done.status).toBe('done');
    expect(done.steps[0].status).toBe('skipped');
    expect(done.steps[1].status).toBe('done');
  });

  it('refuses a child Playbook the run\'s user cannot see', async () => {
    const author = await createTestUser('author');
    const other = await createTestUser('author');
    const hidden = await createPlaybook(other, playbookWith([scriptedStep('x', [{ tool: 'kbagent.log', args: { message: 'x' } }])]));
    const run = await drive(await startRun(author, await createPlaybook(author, playbookWith([
      scriptedStep('delegate', [{ tool: 'kbagent.call_playbook', args: { playbook_id: hidden } }]),
    ]))), author);
    expect(run.status).toBe('failed');
    expect(run.status_reason).toMatch(/not found/);
  });
});

describe('a child run does not launder taint (issue 11, item 1)', () => {
  it('a session approval for a channel, then a child that reads untrusted rows: each send of its rows needs its own approval', async () => {
    const author = await createTestUser('author');
    const channel = uniqueChannel('child');
    const child = await createPlaybook(author, playbookWith([scriptedStep('read', [{ id: 'q', tool: 'sql.local', args: { statements: "SELECT 'row from outside' AS note" } }])], { name: 'Reader' }));
    const send = (text: string) => ({ tool: 'slack.send_message', args: { channel, text } });
    const scenario = await scriptModel([
      { tool_calls: [send('starting')] },
      { tool_calls: [{ tool: 'kbagent.call_playbook', args: { playbook_id: child } }] },
      { tool_calls: [send('rows: row from outside (1)')] },
      { tool_calls: [send('rows: row from outside (2)')] },
      { tool_calls: [send('rows: row from outside (3)')] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'sent' } }] },
    ]);
    const runId = await startRun(author, await createPlaybook(author, playbookWith(
      [{ id: 'relay', title: 'Relay', instruction: 'Relay the child\'s rows', completion_criteria: 'sent', allowed_tools: ['kbagent.call_playbook', 'slack.send_message'] }],
      { model: { provider: 'openai-compatible', model: scenario.model('gpt-4o-mini') }, approval_policy: { undo_window_seconds_for_external_send: 0 } },
    )));
    let run = await drive(runId, author);
    const first = pendingApproval(run);
    expect((await approve(author, first, { scope: 'session' })).status).toBe(200);
    run = await drive(runId, author);
    if (run.child_run_ids.length > 0) await drive(run.child_run_ids[0], author);
    run = await drive(runId, author);

    for (const n of [1, 2, 3]) {
      expect(run.status).toBe('waiting_for_approval');
      const approval = pendingApproval(run);
      expect(approval.payload.args.text).toBe(`rows: row from outside (${n})`);
      expect(approval.untrusted_sources.some((s: string) => s.startsWith('child:'))).toBe(true);
      expect((await approve(author, approval)).status).toBe(200);
      run = await drive(runId, author);
    }
    expect(run.status).toBe('done');
    expect(run.tainted).toBe(true);
    const audit = await json(await call('GET', `/runs/${runId}/audit`, author));
    expect(audit.entries.filter((e: any) => e.kind === 'approval_reused')).toEqual([]);
    expect((await slackMessages(channel)).map((m: any) => m.text)).toEqual(['starting', 'rows: row from outside (1)', 'rows: row from outside (2)', 'rows: row from outside (3)']);
  });
});
