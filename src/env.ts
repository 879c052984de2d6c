import type { TenantObject } from './tenant/tenant-object';

/** Worker bindings (wrangler.toml) and secrets (README "Configuration"). */
export interface Env {
  TENANT: DurableObjectNamespace<TenantObject>;
  BUCKET: R2Bucket;
  ASSETS: Fetcher;
  TENANT_ID: string;
  /** Local development only: the demo users' tokens, generated into .dev.vars by `npm start`. */
  DEMO_ADMIN_TOKEN?: string;
  DEMO_AUTHOR_TOKEN?: string;
  DEMO_RUNNER_TOKEN?: string;
  /** A deployment's first admin token; used once, when the tenant has no users. */
  BOOTSTRAP_ADMIN_TOKEN?: string;
}
