import type { Env } from '../../env';
import type { ToolContext } from '../../tools/types';
import { VaultError } from '../../vault/entry';
import { isDefaultBranch } from '../../domain/common';
import { SampleBranchError } from './sample/errors';
import type { KeboolaBackend } from './backend';
import { HttpKeboolaBackend } from './http-backend';
import { KeboolaClient } from './http-client';
import { sampleBackend } from './sample/backend';

export type { KeboolaBackend } from './backend';

/** The vault secret holding the Storage API token (spec §2 "Vault"). */
export const KEBOOLA_TOKEN_SECRET = 'keboola_token';

/**
 * Which Keboola the tools talk to (spec §7): the real project over HTTP when a Storage URL and a
 * token are configured, else the built-in sample project, so every Playbook also runs offline.
 */
export async function keboolaBackend(ctx: ToolContext): Promise<KeboolaBackend> {
  // The call's branch (its argument, else the Playbook's pin; tools/keboola/shared.ts onBranch), else main.
  const dev = isDefaultBranch(ctx.keboola_branch) ? undefined : ctx.keboola_branch;
  const config = await keboolaConfig(ctx.env, ctx.secret);
  if (!config) {
    if (dev) throw new SampleBranchError(dev);
    return sampleBackend(ctx);
  }
  // On a dev branch the Query Service needs that branch's id too (keboola-api.md "Branches").
  return new HttpKeboolaBackend(new KeboolaClient({ ...config, ...(dev ? { branch: dev, branchId: dev } : {}) }), dev);
}

export type KeboolaConfig = { url: string; token: string; branchId?: string; workspaceId?: string; backoffMs?: number[] };

/** URL from KEBOOLA_API_URL; token from the vault's keboola_token, else KEBOOLA_TOKEN. */
export async function keboolaConfig(env: Env, secret: (name: string) => Promise<string>): Promise<KeboolaConfig | undefined> {
  const url = env.KEBOOLA_API_URL?.trim();
  if (!url) return undefined;
  const token = (await vaultToken(secret)) ?? (env.KEBOOLA_TOKEN?.trim() || undefined);
  if (!token) return undefined;
  const backoffMs = parseIntervals(env.KEBOOLA_POLL_INTERVALS_MS);
  return {
    url,
    token,
    ...(env.KEBOOLA_BRANCH_ID ? { branchId: env.KEBOOLA_BRANCH_ID } : {}),
    ...(env.KEBOOLA_WORKSPACE_ID ? { workspaceId: env.KEBOOLA_WORKSPACE_ID } : {}),
    ...(backoffMs ? { backoffMs } : {}),
  };
}

/** A missing secret just means "not configured"; a vault that cannot decrypt is a real fault and surfaces. */
async function vaultToken(secret: (name: string) => Promise<string>): Promise<string | undefined> {
  try {
    return (await secret(KEBOOLA_TOKEN_SECRET)).trim() || undefined;
  } catch (error) {
    if (error instanceof VaultError && error.code === 'vault_unknown_handle') return undefined;
    throw error;
  }
}

function parseIntervals(text: string | undefined): number[] | undefined {
  const values = (text ?? '').split(',').map((v) => Number(v.trim())).filter((v) => Number.isFinite(v) && v >= 0);
  return values.length ? values : undefined;
}
