import { z } from '@hono/zod-openapi';
import { SlackApiError, SlackClient } from '../../connections/slack/client';
import { defineTool, ToolError, type ToolContext, type ToolResult } from '../types';

const TOOL_ID = 'slack.send_message';

/**
 * Posts one message to a Slack channel (spec §7). `external_send`, so the Broker holds it for
 * approval; the dry run shows what would be sent. With no bot token configured it runs in
 * sandbox mode: the message lands in the run's workspace under outbox/ and the event says so,
 * so a Playbook can be tried end to end before anyone sets Slack up.
 */
export const slackSendMessage = defineTool({
  id: TOOL_ID,
  provider: 'slack',
  description: 'Post a message to a Slack channel ("#channel-name" or a channel id). The bot must be a member of the channel.',
  risk: 'external_send',
  side_effects: true,
  supports_dry_run: true,
  output_trust: 'trusted',
  tags: ['slack'],
  approvalTitle: (args) => `Send Slack message to ${args.channel}`,
  args: z.strictObject({
    // Slack channel names: letters, digits, - and _, at most 80; ids are upper-case letters and digits.
    channel: z.string().regex(/^#?[A-Za-z0-9][\w.-]{0,79}$/, 'a channel name such as "#ar-collections" or a channel id such as "C0123456789"'),
    text: z.string().min(1).max(40_000),
    // Block Kit allows at most 50 blocks per message; Slack validates their contents.
    blocks: z.array(z.looseObject({ type: z.string().min(1).max(64) })).min(1).max(50).optional(),
  }),
  execute: async (args, ctx) => {
    const token = await slackToken(ctx);
    // `sandbox`: with no bot token nothing would reach Slack, and the approver is told so.
    if (ctx.dry_run) return done({ dry_run: true, would_send: { channel: args.channel, text: args.text, ...(args.blocks ? { blocks: args.blocks } : {}) }, sandbox: !token });
    if (!token) return sandboxSend(args, ctx);
    const client = new SlackClient({ token, baseUrl: ctx.env.SLACK_API_URL });
    try {
      const posted = await client.postMessage(args);
      return done({ channel: posted.channel, ts: posted.ts });
    } catch (error) {
      if (error instanceof SlackApiError) throw new ToolError(TOOL_ID, refusal(error, args.channel), { cause: error });
      throw error;
    }
  },
});

/** The one place the bot token comes from; it moves to the vault ({{vault:slack_bot_token}}) later. */
/** The bot token: the vault secret `slack_bot_token` (masked wherever it might echo), else SLACK_BOT_TOKEN. */
async function slackToken(ctx: ToolContext): Promise<string | undefined> {
  const fromVault = await ctx.secret('slack_bot_token').catch(() => undefined);
  return fromVault || ctx.env.SLACK_BOT_TOKEN || undefined;
}

type Args = { channel: string; text: string; blocks?: { type: string }[] };

async function sandboxSend(args: Args, ctx: ToolContext): Promise<ToolResult> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const slug = args.channel.replace(/^#/, '').toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'channel';
  const path = `outbox/${stamp}-${slug}.json`;
  const message = { sandbox: true, channel: args.channel, text: args.text, ...(args.blocks ? { blocks: args.blocks } : {}), unfurl_links: false, run_id: ctx.run_id, step_id: ctx.step_id, call_id: ctx.call_id, written_at: new Date().toISOString() };
  const written = await ctx.workspace.write(path, JSON.stringify(message, null, 2), 'application/json');
  ctx.emit('sandbox_send', {
    step_id: ctx.step_id,
    call_id: ctx.call_id,
    tool_id: TOOL_ID,
    channel: args.channel,
    path: written.path,
    message: `Slack is not configured (no SLACK_BOT_TOKEN), so nothing was posted to ${args.channel}; the message was written to the run's workspace at ${written.path}.`,
  });
  return done({ sandbox: true, path: written.path, channel: args.channel, text: args.text });
}

/** What a person reading the failed step needs to do about it. */
function refusal(error: SlackApiError, channel: string): string {
  const code = error.slackError;
  const named = channel.startsWith('#') || /^[CGD][A-Z0-9]{8,}$/.test(channel) ? channel : `#${channel}`;
  switch (code) {
    case 'channel_not_found':
      return `Slack refused: channel_not_found (does ${named} exist, and is the bot invited to it if it is private?)`;
    case 'not_in_channel':
      return `Slack refused: not_in_channel (invite the bot to ${named} with /invite)`;
    case 'is_archived':
      return `Slack refused: is_archived (${named} is archived)`;
    case 'invalid_auth':
    case 'not_authed':
    case 'account_inactive':
    case 'token_revoked':
    case 'token_expired':
      return `Slack refused the bot token: ${code} (check the vault secret slack_bot_token or SLACK_BOT_TOKEN)${said(error)}`;
    case 'missing_scope':
      return `Slack refused: missing_scope (the bot token needs ${error.details.needed ?? 'chat:write'})`;
    case 'ratelimited':
      return `${error.message} The message was not sent.`;
  }
  return (error.status === 200 ? `Slack refused: ${code}` : error.message) + said(error);
}

function said(error: SlackApiError): string {
  return error.details.messages?.length ? ` Slack said: ${error.details.messages.join('; ')}` : '';
}

function done(output: Record<string, unknown>): ToolResult {
  return { kind: 'done', output };
}
