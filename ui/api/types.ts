// Response shapes of the public API. Types only (erased at build time): the zod schemas in
// src/domain are the contract, so a change there shows up here as a type error.
export type { Blueprint, BlueprintCategory, BlueprintDetail, BlueprintSummary, Plugin } from '../../src/domain/catalogue';
export type { PlaybookListItem, PlaybookRecord, PlaybookRevision, PlaybookSpec, PlaybookSummary, PublishedPlaybook, RevisionDiff, RevisionInfo, Step } from '../../src/domain/playbook';
export type { InputOption, InputOptions } from '../../src/domain/input-spec';
export type { BuilderAnswers, BuilderQuestion, BuilderRequest, BuilderResponse } from '../../src/domain/builder';
export type { IssuedTriggerSecret, Trigger } from '../../src/domain/trigger';
export type { TriggerStatus } from '../../src/triggers/schemas';
export type { IssuedToken, NewUser, TokenInfo, User, UserCard, Role } from '../../src/domain/user';
export type { IssuedServiceAccount, NewServiceAccount, ServiceAccount } from '../../src/domain/service-account';
export type { VaultEntry } from '../../src/vault/entry';
export type { McpServerRecord as McpServer, McpServerRegistration } from '../../src/domain/mcp-server';

export type { Approval, Question, Run, RunDetail, RunEvent, RunStatus } from '../../src/domain/run';
export type { PolicyDecision, RiskClass } from '../../src/domain/risk';
export type { ToolEntry } from '../../src/broker/tools';
export type { PolicyView, PolicyPatch } from '../../src/broker/tenant-policy';
export type { AuditEntry, AuditVerification } from '../../src/broker/audit';
export type { Connection } from '../../src/domain/tooling';
export type { SkillDetail, SkillSummary, SkillUpload } from '../../src/skills/schema';

import type { z } from '@hono/zod-openapi';
import type { PlaybookSpec } from '../../src/domain/playbook';
import type { Run, RunDetail } from '../../src/domain/run';
import type { FromStepRequest, RerunRequest } from '../../src/runs/again';
import type { AuditEntry, AuditVerification } from '../../src/broker/audit';
import type { Connection } from '../../src/domain/tooling';

/** One failing path of a 422 (`details.issues`). */
export type Issue = { path: string; message: string };

/** One declared run input of a Playbook (`spec.inputs[]`). */
export type InputSpec = PlaybookSpec['inputs'][number];
export type StepView = RunDetail['steps'][number];
export type ToolCallView = RunDetail['tool_calls'][number];
export type BudgetView = RunDetail['budget'];
/** A retry or fork: the run it came from and the step it started at (`from_step`: 0-based index). */
export type RunOrigin = NonNullable<Run['origin']>;
/** Truthful time (src/run/clock.ts): running with waits excluded, waiting for people, inside units. */
export type RunTimes = Pick<Run['cost'], 'wall_clock_seconds' | 'waiting_seconds' | 'compute_seconds'>;

/** POST /runs/{id}/rerun: inputs to change (the rest are the original's) and which revision. */
export type RerunBody = z.input<typeof RerunRequest>;
/** POST /runs/{id}/retry and /fork: the step id to start at, and inputs to change. */
export type FromStepBody = z.input<typeof FromStepRequest>;

/** A workspace file of a run (GET /runs/{id}/artifacts); `taint`: the untrusted sources its content derives from. */
export type ArtifactInfo = { path: string; size: number; etag: string; content_type: string; uploaded: string; taint?: string[] };

/** One line of the Activity Inbox (GET /inbox). */
export type InboxItem = { id: string; kind: 'question' | 'approval'; run_id: string; playbook_id: string; title: string; created_at: string };

/**
 * A HITL answer (POST /runs/{id}/input, `AnswerQuestion` in /openapi.json): an option value (radio),
 * values (multi), text, a choice per row (grid), or a file uploaded as base64; with any of them an
 * optional free-text comment (≤ 2000 characters; steps read it as `${{ questions.<action id>.comment }}`).
 */
export type AnswerBody =
  | { question_id: string; answer: string | string[] | { row: string; choice: string; comment?: string }[]; comment?: string }
  | { question_id: string; file: { name: string; content_base64: string; content_type?: string }; comment?: string };

/** A run's hash-chained audit log and the server's verification of it (GET /runs/{id}/audit). */
export type AuditReport = { verification: AuditVerification; entries: AuditEntry[] };

/** POST /approvals/{id}/approve: the hash you saw, and optionally a comment, edited arguments, a scope. */
export type ApproveBody = { body_hash: string; comment?: string; edited_args?: Record<string, unknown>; scope?: 'single' | 'session' };

/** GET /connections: Keboola built-ins, connections discovered from the project, direct API ones. */
export type ConnectionList = {
  builtins: Connection[];
  discovered: Connection[];
  direct: Connection[];
  discovery: { backend: 'keboola' | 'sample'; discovered_at: string; error?: string };
};
