import type { TenantObject } from './tenant/tenant-object';
import type { PlaybookRun } from './run/run-object';
import type { RunWorkspace } from './workspace/workspace-object';

/** Worker bindings (wrangler.toml) and secrets (README "Configuration"). */
export interface Env {
  TENANT: DurableObjectNamespace<TenantObject>;
  RUN: DurableObjectNamespace<PlaybookRun>;
  WORKSPACE: DurableObjectNamespace<RunWorkspace>;
  BUCKET: R2Bucket;
  ASSETS: Fetcher;
  TENANT_ID: string;
  /** Local development only: the demo users' tokens, generated into .dev.vars by `npm start`. */
  DEMO_ADMIN_TOKEN?: string;
  DEMO_AUTHOR_TOKEN?: string;
  DEMO_RUNNER_TOKEN?: string;
  /** A deployment's first admin token; used once, when the tenant has no users. */
  BOOTSTRAP_ADMIN_TOKEN?: string;
  /** HS256 key for scoped run tokens (spec §6); without it no run token is issued or accepted. `npm start` generates one. */
  RUN_TOKEN_SECRET?: string;
  /** Encrypts vault values at rest (src/vault/crypto.ts): at least 32 random characters; `npm start` generates one. */
  VAULT_KEY?: string;

  /** Where people open the app (e.g. https://studio.example.com): makes `${{ run.url }}` absolute for links sent out (Slack). */
  PUBLIC_BASE_URL?: string;

  // Model providers (spec §5). A Playbook's `model.provider` picks one; otherwise MODEL_PROVIDER.
  MODEL_PROVIDER?: string;
  MODEL_NAME?: string;
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  /** Workers AI binding, when the deployment has one. */
  AI?: Ai;

  // Slack (spec §7). No token means sandbox mode: messages go to the run's outbox/. The token moves to the vault later.
  SLACK_BOT_TOKEN?: string;
  /** Slack Web API base URL; default https://slack.com/api (tests point it at the fake). */
  SLACK_API_URL?: string;

  // Keboola (spec §7, keboola-api.md). URL + token (vault `keboola_token`, else KEBOOLA_TOKEN) selects the real
  // project over HTTP; without either the Keboola tools run on the built-in sample project.
  /** The stack's Storage URL, e.g. https://connection.keboola.com. */
  KEBOOLA_API_URL?: string;
  KEBOOLA_TOKEN?: string;
  /** Query Service workspace and branch (numeric ids); default: the first read-only workspace of the default branch. */
  KEBOOLA_WORKSPACE_ID?: string;
  KEBOOLA_BRANCH_ID?: string;
  /** Poll and retry back-off in ms, comma separated; default "2000,5000,15000". Tests make it tiny. */
  KEBOOLA_POLL_INTERVALS_MS?: string;
}
