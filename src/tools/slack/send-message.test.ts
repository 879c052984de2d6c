import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../../../test/helpers';
import { failSlack, slackMessages, uniqueChannel } from '../../../test/fakes/control';
import { createPlaybook, drive, startRun } from '../../../test/run/drive';
import { approveAndCommit, governedPlaybook, pendingApproval, sendStep } from '../../../test/governance/helpers';
import type { TestUser } from '../../../test/helpers';
import { listArtifacts, readArtifactText } from '../../workspace/artifacts';
import { toolRegistry } from '../registry';
import { directWorkspace } from '../../workspace/direct';
import { CLEAN } from '../../broker/taint';
import type { ToolContext } from '../types';
import { slackSendMessage } from './send-message';

function slackPlaybook(channel: string, text: string) {
  return governedPlaybook([sendStep('notify', channel, text)]);
}

/** external_send needs an approval (spec §6): approve it as the run's author and let it commit. */
async function runApproved(author: TestUser, playbook: Record<string, unknown>): Promise<any> {
  const runId = await startRun(author, await createPlaybook(author, playbook));
  const waiting = await drive(runId, author);
  expect(waiting.status).toBe('waiting_for_approval');
  return approveAndCommit(author, runId, pendingApproval(waiting));
}

/** A ToolContext as the engine builds it, with the emitted events collected. */
function context(overrides: Partial<ToolContext> = {}): { ctx: ToolContext; events: { type: string; data: Record<string, unknown> }[] } {
  const events: { type: string; data: Record<string, unknown> }[] = [];
  const runId = `run_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const ctx: ToolContext = {
    env,
    run_id: runId,
    playbook_id: 'pb_slack_test',
    run_by: 'tester',
    step_id: 'notify',
    call_id: `call_${crypto.randomUUID().slice(0, 8)}`,
    dry_run: false,
    remaining_budget: { usd: 1, tokens: 1000, wall_clock_seconds: 60 },
    emit: (type, data) => events.push({ type, data }),
    workspace: directWorkspace(env, runId),
    taint: () => CLEAN,
    memory: new Map(),
    secret: async (name) => {
      throw new Error(`no vault secret "${name}" in this test`);
    },
    ...overrides,
  };
  return { ctx, events };
}

describe('slack.send_message', () => {
  it('is registered as an external_send tool with a dry run', () => {
    const { manifest } = toolRegistry().get('slack.send_message')!;
    expect(manifest).toMatchObject({ risk: 'external_send', side_effects: true, supports_dry_run: true, output_trust: 'trusted' });
    expect(slackSendMessage.args.safeParse({ channel: '#ar collections', text: 'x' }).success).toBe(false);
    expect(slackSendMessage.args.safeParse({ channel: '#ar-collections', text: '' }).success).toBe(false);
    expect(slackSendMessage.args.safeParse({ channel: 'C0123456789', text: 'x', blocks: [{ type: 'divider' }] }).success).toBe(true);
  });

  it('posts exactly one message from a scripted step of a run', async () => {
    const author = await createTestUser('author');
    const channel = uniqueChannel('run');
    const run = await runApproved(author, slackPlaybook(channel, 'Collections digest: 3 accounts'));

    expect(run.status).toBe('done');
    const received = await slackMessages(channel);
    expect(received.map((m) => m.text)).toEqual(['Collections digest: 3 accounts']);
    expect(run.steps[0].outputs.post).toEqual({ channel: received[0]!.channel_id, ts: received[0]!.ts });
  });

  it('fails the step with Slack\'s error in the run\'s status_reason', async () => {
    const author = await createTestUser('author');
    const missing = `#no-such-${crypto.randomUUID().slice(0, 8)}`;
    const run = await runApproved(author, slackPlaybook(missing, 'hello'));
    expect(run.status).toBe('failed');
    expect(run.status_reason).toContain(`Slack refused: channel_not_found (does ${missing} exist`);

    const channel = uniqueChannel('limited');
    await failSlack(channel, { status: 429, retry_after: 12 });
    const limited = await runApproved(author, slackPlaybook(channel, 'hello'));
    expect(limited.status).toBe('failed');
    expect(limited.status_reason).toContain('Slack is rate limiting chat.postMessage; retry after 12 s. The message was not sent.');
    expect(await slackMessages(channel)).toEqual([]);
  });

  it('writes to the outbox in sandbox mode when no bot token is configured', async () => {
    const channel = uniqueChannel('sandbox');
    const { ctx, events } = context({ env: { ...env, SLACK_BOT_TOKEN: undefined } });
    const result = await slackSendMessage.execute({ channel, text: 'Nobody set Slack up yet' }, ctx);

    expect(result.kind).toBe('done');
    const output = (result as { output: { sandbox: boolean; path: string; channel: string; text: string } }).output;
    expect(output).toEqual({ sandbox: true, path: expect.stringMatching(/^outbox\/\d{4}-\d\d-\d\dT[\d-]+Z-t-[0-9a-f]{10}-sandbox\.json$/), channel, text: 'Nobody set Slack up yet' });
    const stored = JSON.parse(await readArtifactText(env, ctx.run_id, output.path));
    expect(stored).toMatchObject({ sandbox: true, channel, text: 'Nobody set Slack up yet', run_id: ctx.run_id, call_id: ctx.call_id });
    expect(await env.BUCKET.head(`runs/${ctx.run_id}/${output.path}`)).not.toBeNull();

    expect(events).toHaveLength(1);
    expect(events[0]!.type).toBe('sandbox_send');
    expect(events[0]!.data).toMatchObject({ channel, path: output.path });
    expect(events[0]!.data.message).toBe(
      `Slack is not configured (no SLACK_BOT_TOKEN), so nothing was posted to ${channel}; the message was written to the run's workspace at ${output.path}.`,
    );
    expect(await slackMessages(channel)).toEqual([]);
  });

  it('sends nothing in a dry run and returns a preview that says whether Slack is in sandbox mode', async () => {
    const channel = uniqueChannel('dry');
    for (const [slackEnv, sandbox] of [[env, false], [{ ...env, SLACK_BOT_TOKEN: undefined }, true]] as const) {
      const { ctx, events } = context({ env: slackEnv, dry_run: true });
      const result = await slackSendMessage.execute({ channel, text: 'Would you send this?' }, ctx);
      expect(result).toEqual({ kind: 'done', output: { dry_run: true, would_send: { channel, text: 'Would you send this?' }, sandbox } });
      expect(events).toEqual([]);
      expect(await listArtifacts(env, ctx.run_id)).toEqual([]);
    }
    expect(await slackMessages(channel)).toEqual([]);
  });
});
