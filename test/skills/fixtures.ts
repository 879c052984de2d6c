/** A user SKILL.md (name it uniquely per test) with all three tables; references are sent beside it. */
export function userSkill(name: string, extra = ''): string {
  return `---
name: ${name}
description: Reconcile invoices against payments, one customer at a time.
---

# Invoice reconciliation

## Workflow

1. Load open invoices and payments.
2. Match them; read references/matching-rules.md for the rules.

## Tool Selection Guide

| Task | Tool |
|---|---|
| Match rows | \`sql.local\` |

## Integrations Required

| Integration | Purpose | Required |
|---|---|---|
| keboola.connection | invoice tables | yes |

## Context Persistence

| Key | Description |
|---|---|
| last_matched_invoice | The newest invoice id matched by the previous run |
${extra}`;
}

export const uniqueName = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}`;
