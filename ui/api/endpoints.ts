// Every API call the UI makes, one function each. Paths and shapes follow /openapi.json.
import { request, requestBlob, type RequestOptions } from './client';
import { currentToken, sessionExpired } from '../lib/session';
import type {
  AnswerBody,
  Approval,
  ApproveBody,
  AuditReport,
  ArtifactInfo,
  BlueprintDetail,
  BlueprintCategory,
  BlueprintSummary,
  BuilderRequest,
  BuilderResponse,
  ConnectionList,
  FromStepBody,
  IssuedTriggerSecret,
  InboxItem,
  InputOptions,
  PlaybookRecord,
  PlaybookRevision,
  PlaybookListItem,
  PlaybookSummary,
  PublishedPlaybook,
  Plugin,
  PolicyPatch,
  PolicyView,
  RerunBody,
  RevisionDiff,
  RevisionInfo,
  Run,
  RunDetail,
  RunStatus,
  SkillDetail,
  SkillSummary,
  SkillUpload,
  ToolEntry,
  Trigger,
  TriggerStatus,
  User,
  UserCard,
} from './types';

function call<T>(method: string, path: string, options: Omit<RequestOptions, 'token' | 'onUnauthorized'> = {}): Promise<T> {
  return request<T>(method, path, { ...options, token: currentToken(), onUnauthorized: sessionExpired });
}

const enc = encodeURIComponent;

export const api = {
  // Admins get every user in full, authors id, name and groups; runners are refused (403).
  users: () => call<{ users: (User | UserCard)[] }>('GET', 'users').then((r) => r.users),

  playbooks: () => call<{ playbooks: PlaybookListItem[] }>('GET', 'playbooks').then((r) => r.playbooks),
  playbook: (id: string) => call<PlaybookRecord>('GET', `playbooks/${enc(id)}`),
  createPlaybook: (yaml: string) => call<PlaybookRecord>('POST', 'playbooks', { yaml }),
  /** What a save would say, saving nothing: resolves when valid, else the save's 400/422 ApiError. */
  validatePlaybook: (yaml: string) => call<{ valid: true }>('POST', 'playbooks/validate', { yaml }),
  /** A proposal (checked, not saved) or the questions to answer; accepting it is createPlaybook(yaml). */
  proposePlaybook: (body: Partial<BuilderRequest> & { description: string }) => call<BuilderResponse>('POST', 'playbooks/builder/proposals', { json: body }),
  /** A YAML body replaces the whole document and creates revision N+1. */
  replacePlaybook: (id: string, yaml: string) => call<PlaybookRecord>('PATCH', `playbooks/${enc(id)}`, { yaml }),
  /** A merge patch of the triggers list (arrays are replaced whole): draft revision N+1; new triggers register when it is published. */
  setPlaybookTriggers: (id: string, triggers: Trigger[]) =>
    call<PlaybookRecord>('PATCH', `playbooks/${enc(id)}`, { json: { triggers }, jsonType: 'application/merge-patch+json' }),
  triggers: (id: string) => call<{ triggers: TriggerStatus[] }>('GET', `playbooks/${enc(id)}/triggers`).then((r) => r.triggers),
  /** Owner or admin; holds until the Playbook changes that trigger's own enabled flag. */
  setTriggerEnabled: (id: string, triggerId: string, enabled: boolean) =>
    call<TriggerStatus>('PATCH', `playbooks/${enc(id)}/triggers/${enc(triggerId)}`, { json: { enabled } }),
  /** A new webhook secret, shown in this answer only; the old one stops working. */
  rotateTriggerSecret: (id: string, triggerId: string) =>
    call<IssuedTriggerSecret>('POST', `playbooks/${enc(id)}/triggers/${enc(triggerId)}/secret`),
  deletePlaybook: (id: string) => call<void>('DELETE', `playbooks/${enc(id)}`),
  sharePlaybook: (id: string, allowedUsers: string[]) =>
    call<PlaybookSummary>('PUT', `playbooks/${enc(id)}/sharing`, { json: { allowed_users: allowedUsers } }),
  revisions: (id: string) => call<{ revisions: RevisionInfo[] }>('GET', `playbooks/${enc(id)}/revisions`).then((r) => r.revisions),
  revision: (id: string, n: number) => call<PlaybookRevision>('GET', `playbooks/${enc(id)}/revisions/${n}`),
  /** The unified diff of two revisions' YAML. */
  revisionDiff: (id: string, from: number, to: number) => call<RevisionDiff>('GET', `playbooks/${enc(id)}/revisions/diff?from=${from}&to=${to}`),
  /** Runners and triggers run this revision from now on (owner or admin); new hook triggers' secrets come once. */
  publish: (id: string, revision: number) => call<PublishedPlaybook>('POST', `playbooks/${enc(id)}/publish`, { json: { revision } }),

  blueprints: (filter: { category?: BlueprintCategory | undefined; q?: string | undefined } = {}) => {
    const query = new URLSearchParams();
    if (filter.category) query.set('category', filter.category);
    if (filter.q) query.set('q', filter.q);
    const qs = query.toString();
    return call<{ blueprints: BlueprintSummary[] }>('GET', `blueprints${qs ? `?${qs}` : ''}`).then((r) => r.blueprints);
  },
  blueprint: (id: string) => call<BlueprintDetail>('GET', `blueprints/${enc(id)}`),
  forkBlueprint: (id: string, name?: string) =>
    call<PlaybookRecord>('POST', `blueprints/${enc(id)}/fork`, { json: name ? { name } : {} }),

  /** Values to pick for a run input, read from the connected project; `table`: what a column input's table input holds now. */
  inputOptions: (playbookId: string, name: string, table?: string) =>
    call<InputOptions>('GET', `playbooks/${enc(playbookId)}/inputs/${enc(name)}/options${table ? `?table=${enc(table)}` : ''}`),
  startRun: (playbookId: string, body: { inputs: Record<string, unknown>; objective_override?: string }) =>
    call<Run>('POST', `playbooks/${enc(playbookId)}/run`, { json: body }),
  runs: (filter: { playbook_id?: string | undefined; status?: RunStatus | undefined } = {}) => {
    const query = new URLSearchParams();
    if (filter.playbook_id) query.set('playbook_id', filter.playbook_id);
    if (filter.status) query.set('status', filter.status);
    const qs = query.toString();
    return call<{ runs: Run[] }>('GET', `runs${qs ? `?${qs}` : ''}`).then((r) => r.runs);
  },
  run: (id: string) => call<RunDetail>('GET', `runs/${enc(id)}`),
  answer: (id: string, body: AnswerBody) => call<RunDetail>('POST', `runs/${enc(id)}/input`, { json: body }),
  controlRun: (id: string, action: 'pause' | 'resume' | 'cancel') => call<RunDetail>('POST', `runs/${enc(id)}/${action}`),
  /** A new run of the same Playbook: the original's inputs unless changed, its pinned revision or the current one. */
  rerun: (id: string, body: RerunBody) => call<Run>('POST', `runs/${enc(id)}/rerun`, { json: body }),
  /** A failed or cancelled run again from a step, for real; the steps before it keep what the original recorded. */
  retry: (id: string, body: FromStepBody) => call<Run>('POST', `runs/${enc(id)}/retry`, { json: body }),
  /** "What if" from a step: reads served from the original's record, every write and send held for a fresh approval. */
  fork: (id: string, body: FromStepBody) => call<Run>('POST', `runs/${enc(id)}/fork`, { json: body }),
  artifacts: (id: string) => call<{ artifacts: ArtifactInfo[] }>('GET', `runs/${enc(id)}/artifacts`).then((r) => r.artifacts),
  /** A workspace file's bytes; the path keeps its slashes (each segment is encoded). */
  artifact: (id: string, path: string) =>
    requestBlob(`runs/${enc(id)}/artifacts/${path.split('/').map(enc).join('/')}`, { token: currentToken(), onUnauthorized: sessionExpired }),
  inbox: () => call<{ items: InboxItem[] }>('GET', 'inbox').then((r) => r.items),
  audit: (id: string) => call<AuditReport>('GET', `runs/${enc(id)}/audit`),
  /** The audit log as JSON Lines (a download). */
  auditJsonl: (id: string) => requestBlob(`runs/${enc(id)}/audit?format=jsonl`, { token: currentToken(), onUnauthorized: sessionExpired }),

  approvals: (status?: Approval['status']) => call<{ approvals: Approval[] }>('GET', `approvals${status ? `?status=${status}` : ''}`).then((r) => r.approvals),
  approve: (id: string, body: ApproveBody) => call<Approval>('POST', `approvals/${enc(id)}/approve`, { json: body }),
  reject: (id: string, comment?: string) => call<Approval>('POST', `approvals/${enc(id)}/reject`, { json: comment ? { comment } : {} }),
  undoApproval: (id: string) => call<Approval>('POST', `approvals/${enc(id)}/undo`),

  tools: () => call<{ tools: ToolEntry[] }>('GET', 'tools').then((r) => r.tools),
  policies: () => call<PolicyView>('GET', 'policies'),
  /** Admin only; a decision sets a class, null resets it to the default; 422 below a floor. */
  patchPolicies: (riskPolicy: PolicyPatch['risk_policy']) => call<PolicyView>('PATCH', 'policies', { json: { risk_policy: riskPolicy } }),

  connections: (q?: string) => call<ConnectionList>('GET', `connections${q ? `?q=${enc(q)}` : ''}`),
  /** Re-runs discovery (the Keboola project's components and configurations) and returns the registry. */
  discover: () => call<{ tools: ToolEntry[] }>('POST', 'tools/discover').then((r) => r.tools),

  skills: () => call<{ skills: SkillSummary[] }>('GET', 'skills').then((r) => r.skills),
  skill: (id: string) => call<SkillDetail>('GET', `skills/${enc(id)}`),
  /** Authors and admins; 422 with the reasons when SKILL.md is invalid. */
  uploadSkill: (body: SkillUpload) => call<SkillDetail>('POST', 'skills', { json: body }),

  plugins: () => call<{ plugins: Plugin[] }>('GET', 'plugins').then((r) => r.plugins),

  /** Unauthenticated liveness probe (status bar). */
  health: () => request<{ ok: boolean; version?: string; auth_mode?: string }>('GET', '/healthz'),
  /** The API's own version, from the OpenAPI document's info block. */
  /** The whole API description: the YAML editor completes keys from its PlaybookSpec schema. */
  openapi: () => request<{ components?: { schemas?: Record<string, unknown> } }>('GET', '/openapi.json'),
  apiInfo: () => request<{ info: { title: string; version: string } }>('GET', '/openapi.json').then((d) => d.info),
};
