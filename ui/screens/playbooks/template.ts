/** The smallest valid Playbook: one step and the mandatory budget (spec §3); the rest has defaults. */
export const NEW_PLAYBOOK_YAML = `name: My new playbook
description: What this automation is for, in one sentence.
sop:
  goal: Describe the outcome this Playbook should produce.
  steps:
    - id: first-step
      title: First step
      instruction: Tell the executor what to do in this step.
      allowed_tools: []
      completion_criteria: How to tell that the step is done.
      on_failure: abort
triggers:
  - type: manual
budget:
  max_usd_per_run: 5
  max_tokens_per_run: 1000000
  max_wall_clock_seconds: 3600
  on_breach: pause_for_approval
`;
