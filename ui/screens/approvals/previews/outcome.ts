// The outcome of an approved call, in the tool's own terms (issue 16): what a person approves.
// Tools without a preview here show their payload instead; every approval keeps the raw JSON and
// the hash one click away.
import { html } from '../../../html';
import { api } from '../../../api/endpoints';
import { useAsync } from '../../../lib/use-async';
import type { Approval } from '../../../api/types';
import { JobRunPreview } from './job-run-preview';
import { SlackPreview } from './slack-preview';
import { jobRunSummary, slackSandboxed, tableWriteSummary } from './summaries';
import { TableWritePreview } from './table-write-preview';

export const hasOutcomePreview = (a: Approval) => a.kind === 'tool' && ['slack.send_message', 'keboola.storage.write', 'keboola.jobs.run'].includes(a.tool_id);

/** Sandboxed when the dry run said so, or when the Slack connection has no bot token now. */
function SlackOutcome(props: { approval: Approval; args: Record<string, unknown> }) {
  const { args } = props;
  const connections = useAsync(() => api.connections(), []);
  const slack = connections.data?.direct.find((c) => c.id === 'slack');
  const sandboxed = slackSandboxed(props.approval.dry_run_result) || (slack !== undefined && slack.auth_state !== 'available');
  return html`<${SlackPreview} channel=${String(args.channel ?? '')} text=${String(args.text ?? '')} blocks=${Array.isArray(args.blocks) ? args.blocks.length : 0} sandboxed=${sandboxed} />`;
}

export function OutcomePreview(props: { approval: Approval }) {
  const a = props.approval;
  const args = (a.payload.args ?? {}) as Record<string, unknown>;
  switch (a.tool_id) {
    case 'slack.send_message':
      return html`<${SlackOutcome} approval=${a} args=${args} />`;
    case 'keboola.storage.write':
      return html`<${TableWritePreview} summary=${tableWriteSummary(args, a.dry_run_result)} />`;
    case 'keboola.jobs.run':
      return html`<${JobRunPreview} summary=${jobRunSummary(args, a.dry_run_result)} />`;
    default:
      return null;
  }
}
