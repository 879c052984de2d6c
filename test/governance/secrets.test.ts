import { describe, expect, it } from 'vitest';
import { call, createTestUser, json } from '../helpers';
import { failSlack, scriptModel, slackMessages, uniqueChannel } from '../fakes/control';
import { FAKE_SLACK_BOT_TOKEN } from '../fakes/keys';
import { createPlaybook, drive, startRun } from '../run/drive';
import { approveAndCommit, pendingApproval } from './helpers';

describe('vault secrets', () => {
  it('a secret a tool uses never appears in prompts, events, audit, artifacts or API responses, even when echoed back', async () => {
    const admin = await createTestUser('admin');
    expect((await call('PUT', '/vault/slack_bot_token', admin, { json: { value: FAKE_SLACK_BOT_TOKEN } })).status).toBeLessThan(300);
    const author = await createTestUser('author');
    const channel = uniqueChannel('secret');
    // Slack answers with an error that quotes the token back, as careless APIs do.
    await failSlack(channel, { error: 'invalid_auth', messages: [`[ERROR] token ${FAKE_SLACK_BOT_TOKEN} is not allowed to post here`] });
    const scenario = await scriptModel([
      { tool_calls: [{ tool: 'slack.send_message', args: { channel, text: 'status update' } }] },
      { tool_calls: [{ tool: 'step.complete', args: { summary: 'could not post' } }] },
    ]);
    const runId = await startRun(author, await createPlaybook(author, {
      name: 'Secret holder', budget: { max_usd_per_run: 1 },
      approval_policy: { undo_window_seconds_for_external_send: 1 },
      model: { provider: 'openai-compatible', model: scenario.model('gpt-4o-mini') },
      sop: { goal: 'post', steps: [{ id: 'post', title: 'Post', instruction: 'post the update', completion_criteria: 'posted', allowed_tools: ['slack.send_message'] }] },
    }));
    const waiting = await drive(runId, author);
    const done = await approveAndCommit(author, runId, pendingApproval(waiting));
    expect(done.status).toBe('done');
    expect(await slackMessages(channel)).toEqual([]);

    const failed = done.tool_calls.find((c: any) => c.tool_id === 'slack.send_message');
    expect(failed.status).toBe('error');
    expect(failed.error).toContain('[secret:slack_bot_token]');

    const surfaces: Record<string, string> = {
      run: JSON.stringify(await json(await call('GET', `/runs/${runId}`, author))),
      events: await (await call('GET', `/runs/${runId}/events`, author)).text(),
      audit: await (await call('GET', `/runs/${runId}/audit?format=jsonl`, author)).text(),
      auditJson: JSON.stringify(await json(await call('GET', `/runs/${runId}/audit`, author))),
      approvals: JSON.stringify(await json(await call('GET', '/approvals', author))),
      inbox: JSON.stringify(await json(await call('GET', '/inbox', author))),
      artifacts: JSON.stringify(await json(await call('GET', `/runs/${runId}/artifacts`, author))),
      vault: JSON.stringify(await json(await call('GET', '/vault', admin))),
      prompts: JSON.stringify((await scenario.requests()).map((r) => r.body)),
    };
    for (const [where, text] of Object.entries(surfaces)) expect(text, where).not.toContain(FAKE_SLACK_BOT_TOKEN);
    expect(surfaces.prompts).toContain('[secret:slack_bot_token]');
    expect(surfaces.events).toContain('[secret:slack_bot_token]');
  });
});
