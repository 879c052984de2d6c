/** The starting text of "+ upload skill": valid frontmatter and the three tables the API parses. */
export const NEW_SKILL_MD = `---
name: my-skill
description: One sentence on when a step should select this skill.
---

# My skill

## When to use

- ...

## Tool Selection Guide

| Task | Tool | Notes |
|---|---|---|
| Query a table | \`keboola.workspace.query\` | |

## Integrations Required

| Integration | Purpose | Required |
|---|---|---|
| keboola.connection | Source tables | yes |

## Context Persistence

| Key | Description |
|---|---|
| last_result | What the next run should know |
`;
