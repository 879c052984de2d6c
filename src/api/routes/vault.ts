import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { SecretValue, VaultEntry, VaultName } from '../../vault/entry';
import * as vault from '../../vault/service';
import { requestDeps, type AppEnv } from '../context';
import { ErrorBody, validationHook } from '../errors';
import { errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Vault'];

// No route here ever returns a value: security.md "Secrets" (never in API responses).
const NameParam = z.object({ name: VaultName.openapi({ param: { name: 'name', in: 'path' }, example: 'slack-bot-token' }) });
const SecretBody = z.strictObject({ value: SecretValue.openapi({ description: 'The secret; stored encrypted and never returned' }) }).openapi('VaultSecretValue');
const notConfigured = { 503: jsonContent(ErrorBody, 'The vault key (Worker secret VAULT_KEY) is not configured') };

const list = createRoute({
  method: 'get', path: '/vault', tags, security, summary: 'Vault secret names and metadata, never values (admin)',
  responses: { 200: jsonContent(z.object({ secrets: z.array(VaultEntry) }), 'Every stored secret, by name'), ...errors(403) },
});

const put = createRoute({
  method: 'put', path: '/vault/{name}', tags, security, summary: 'Store or replace a secret (admin); reference it as {{vault:<name>}}',
  request: { params: NameParam, body: { required: true, content: { 'application/json': { schema: SecretBody } } } },
  responses: {
    201: jsonContent(VaultEntry, 'Stored under a new name'),
    200: jsonContent(VaultEntry, 'Replaced the value of an existing name'),
    ...errors(400, 403, 413, 415, 422),
    ...notConfigured,
  },
});

const remove = createRoute({
  method: 'delete', path: '/vault/{name}', tags, security, summary: 'Delete a secret (admin)',
  request: { params: NameParam },
  responses: { 204: { description: 'Deleted' }, ...errors(403, 404, 422) },
});

export const vaultRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) => c.json({ secrets: await vault.listSecrets(requestDeps(c)) }, 200))
  .openapi(put, async (c) => {
    const { entry, created } = await vault.putSecret(requestDeps(c), c.req.valid('param').name, c.req.valid('json').value);
    return created ? c.json(entry, 201) : c.json(entry, 200);
  })
  .openapi(remove, async (c) => {
    await vault.deleteSecret(requestDeps(c), c.req.valid('param').name);
    return c.body(null, 204);
  });
