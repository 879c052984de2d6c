import { call, json, type TestUser } from '../helpers';

export const PROPOSALS = '/playbooks/builder/proposals';
export const DESCRIPTION = 'Every Monday send the margin by region to #finance';

/** The ids in the caller's library: what "nothing was created" is measured against. */
export async function libraryIds(user: TestUser): Promise<string[]> {
  const body = await json<{ playbooks: { id: string }[] }>(await call('GET', '/playbooks', user));
  return body.playbooks.map((p) => p.id).sort();
}

export async function propose(user: TestUser, body: Record<string, unknown>): Promise<Response> {
  return call('POST', PROPOSALS, user, { json: body });
}

/** A Playbook a model writes for DESCRIPTION; `edit` breaks it the way a careless model would. */
export function marginYaml(edit: { sendTool?: string; sendPolicy?: string; extraPolicy?: string } = {}): string {
  const sendTool = edit.sendTool ?? 'slack.send_message';
  return `name: Weekly margin by region
description: Every Monday, the gross margin per region of the last week, posted to #finance after approval.
sop:
  goal: Compute last week's gross margin per region from the sales lines and post it to the finance channel once a person approves the message.
  steps:
    - id: load-sales
      title: Export the sales lines
      instruction: Export inputs.sales_table with keboola.storage.tables (action export, save_as exports/sales.csv).
      allowed_tools: [keboola.storage.tables]
      completion_criteria: exports/sales.csv exists.
    - id: margin-by-region
      title: Margin by region
      instruction: With sql.local over exports/sales.csv, sum net revenue and cost per region for the last ISO week and save reports/margin-by-region.csv.
      allowed_tools: [sql.local]
      completion_criteria: reports/margin-by-region.csv has one row per region.
    - id: post
      title: Post the margin to Slack after approval
      instruction: Send the table of reports/margin-by-region.csv to inputs.slack_channel with ${sendTool}, once, after approval.
      allowed_tools: [${sendTool}]
      completion_criteria: The message was sent once after approval, or rejected.
      on_failure: ask_user
inputs:
  - name: sales_table
    type: table
    label: Sales lines table
    required: true
    default: in.c-erp.sales_lines
  - name: slack_channel
    type: string
    label: Slack channel
    required: true
    default: '#finance'
triggers:
  - type: manual
  - type: cron
    id: monday
    expression: 0 8 * * 1
    timezone: Europe/Prague
budget:
  max_usd_per_run: 1.5
  max_tokens_per_run: 200000
  max_wall_clock_seconds: 1800
  on_breach: pause_for_approval
risk_policy:
  external_send: approve
tool_policies:
  ${sendTool}: ${edit.sendPolicy ?? 'approve'}
${edit.extraPolicy ? `  ${edit.extraPolicy}: approve\n` : ''}`;
}
