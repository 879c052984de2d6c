import type { KeboolaClient } from './http-client';

/**
 * Keboola's Metastore (the semantic layer, keboola-api.md "Semantic layer") at
 * https://metastore.<stack>/api/v1/repository/{type}[/{id}], with the Storage token. Objects come
 * back JSON:API-like: `{data: {type, id, meta: {name, branch, schemaVersion, revision,
 * lastUpdated}, attributes}}`, lists as `{data: [...]}` (shape of the Metastore service's
 * JsonApiResponseFactory). Creates and updates are sent once; only reads are retried.
 */

export type MetastoreObject = {
  type: string;
  id: string;
  meta?: { name?: string; branch?: string; schemaVersion?: string; revision?: number; lastUpdated?: string; createdAt?: string };
  attributes?: Record<string, unknown>;
};

/** Sent with every create and update; `branch` is "main" or a dev branch's id. */
export type MetastoreWrite = { name: string; data: Record<string, unknown>; branch: string };

const SCHEMA_VERSION = '1.0.0';

export class Metastore {
  constructor(private readonly client: KeboolaClient) {}

  async list(type: string, branch: string): Promise<MetastoreObject[]> {
    const url = `${await this.base(type)}?branch=${encodeURIComponent(branch)}`;
    const body = await this.client.transport.json<{ data?: MetastoreObject[] }>({ service: 'metastore', operation: `list ${type} objects`, method: 'GET', url, retry: 'safe' });
    // Filtered here too: a Metastore that ignores the query must not mix branches.
    return (body.data ?? []).filter((o) => (o.meta?.branch ?? 'main') === branch);
  }

  async get(type: string, id: string): Promise<MetastoreObject> {
    const url = `${await this.base(type)}/${encodeURIComponent(id)}`;
    return (await this.client.transport.json<{ data: MetastoreObject }>({ service: 'metastore', operation: `read ${type} ${id}`, method: 'GET', url, retry: 'safe' })).data;
  }

  async create(type: string, write: MetastoreWrite): Promise<MetastoreObject> {
    const json = { name: write.name, data: write.data, branch: write.branch, schemaVersion: SCHEMA_VERSION, scope: 'project' };
    return (await this.client.transport.json<{ data: MetastoreObject }>({ service: 'metastore', operation: `create ${type} "${write.name}"`, method: 'POST', url: await this.base(type), json, retry: 'never' })).data;
  }

  async replace(type: string, id: string, write: MetastoreWrite): Promise<MetastoreObject> {
    const json = { name: write.name, data: write.data, branch: write.branch, schemaVersion: SCHEMA_VERSION, scope: 'project' };
    const url = `${await this.base(type)}/${encodeURIComponent(id)}`;
    return (await this.client.transport.json<{ data: MetastoreObject }>({ service: 'metastore', operation: `update ${type} ${id}`, method: 'PUT', url, json, retry: 'never' })).data;
  }

  private async base(type: string): Promise<string> {
    return `${await this.client.serviceUrl('metastore')}/api/v1/repository/${encodeURIComponent(type)}`;
  }
}
