import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { PlaybookListItem, PlaybookRecord, PlaybookRevision, PlaybookSpec, PlaybookSummary, PublishRequest, PublishedPlaybook, RevisionDiff, RevisionDiffQuery, RevisionInfo } from '../../domain/playbook';
import { diffRevisions, publishPlaybook } from '../../playbooks/lifecycle';
import * as playbooks from '../../playbooks/service';
import { requestDeps as deps, type AppEnv } from '../context';
import { readDocumentBody } from '../body';
import { validationHook } from '../errors';
import { IdParam, documentBody, errors, jsonContent, security, yamlContent } from '../openapi-helpers';

const tags = ['Playbooks'];

const list = createRoute({
  method: 'get', path: '/playbooks', tags, security, summary: 'Playbooks visible to you',
  responses: { 200: jsonContent(z.object({ playbooks: z.array(PlaybookListItem) }), 'Visible Playbooks, each with its next cron run'), ...errors() },
});

const CreateQuery = z.strictObject({
  publish: z.enum(['true', 'false']).default('true').openapi({
    param: { name: 'publish', in: 'query' },
    description: 'true (default): revision 1 is published at once; false: a draft that runners and triggers cannot run until published',
  }),
});

const create = createRoute({
  method: 'post', path: '/playbooks', tags, security, summary: 'Create a Playbook (revision 1) from JSON or YAML',
  request: { query: CreateQuery, body: documentBody(PlaybookSpec, 'The Playbook document') },
  responses: { 201: jsonContent(PlaybookRecord, 'Created'), ...errors(400, 403, 413, 415, 422) },
});

const validate = createRoute({
  method: 'post', path: '/playbooks/validate', tags, security,
  summary: 'Validate a Playbook document as a save would, saving nothing',
  description: 'The same check as POST /playbooks and a YAML PATCH: 200 when a save would accept the document, else the same 422 body naming every failing path (the YAML editor underlines them as the author types).',
  request: { body: documentBody(PlaybookSpec, 'The Playbook document') },
  responses: { 200: jsonContent(z.object({ valid: z.literal(true) }).openapi('PlaybookValid'), 'A save would accept it'), ...errors(400, 403, 413, 415, 422) },
});

const get = createRoute({
  method: 'get', path: '/playbooks/{id}', tags, security, summary: 'A Playbook at the revision you author or run',
  description: 'Its owner and admins get the latest revision, draft or not, with `published_revision`; everyone else gets the published revision (its `revision` is that one), and 409 `not_published` while none is published.',
  request: { params: IdParam },
  responses: { 200: jsonContent(PlaybookRecord, 'The Playbook'), ...errors(404, 409, 422) },
});

const PatchBody = z.record(z.string(), z.unknown()).openapi('PlaybookMergePatch', {
  description: 'JSON Merge Patch (RFC 7396) applied to the current document; a YAML body replaces the whole document',
});

const patch = createRoute({
  method: 'patch', path: '/playbooks/{id}', tags, security, summary: 'Edit: creates revision N+1',
  request: {
    params: IdParam,
    body: {
      required: false,
      description: 'A merge patch (JSON) or a whole new document (YAML)',
      content: {
        'application/merge-patch+json': { schema: PatchBody },
        // Plain JSON is read as a merge patch too (the media-type gate lets any JSON type through).
        'application/json': { schema: PatchBody },
        ...yamlContent('A whole new document as YAML'),
      },
    },
  },
  responses: { 200: jsonContent(PlaybookRecord, 'The new revision'), ...errors(400, 403, 404, 409, 413, 415, 422) },
});

const remove = createRoute({
  method: 'delete', path: '/playbooks/{id}', tags, security, summary: 'Delete (revisions stay for the runs that pinned them)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errors(403, 404, 422) },
});

const Sharing = z.strictObject({ allowed_users: z.array(z.string().min(1).max(80)).max(500) }).openapi('Sharing');

const share = createRoute({
  method: 'put', path: '/playbooks/{id}/sharing', tags, security, summary: 'Set who besides the owner may see and run it',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: Sharing } } } },
  responses: { 200: jsonContent(PlaybookSummary, 'Updated sharing'), ...errors(400, 403, 404, 413, 415, 422) },
});

const revisions = createRoute({
  method: 'get', path: '/playbooks/{id}/revisions', tags, security, summary: 'Revision history',
  description: 'Everything for its owner and admins; for everyone else up to the published revision (drafts newer than it are not theirs to read, here, one by one or in a diff).',
  request: { params: IdParam },
  responses: { 200: jsonContent(z.object({ revisions: z.array(RevisionInfo) }), 'Revisions, oldest first'), ...errors(404, 422) },
});

const revision = createRoute({
  method: 'get', path: '/playbooks/{id}/revisions/{n}', tags, security, summary: 'One revision',
  request: { params: IdParam.extend({ n: z.coerce.number().int().positive().openapi({ param: { name: 'n', in: 'path' } }) }) },
  responses: { 200: jsonContent(PlaybookRevision, 'The revision'), ...errors(404, 422) },
});

const publish = createRoute({
  method: 'post', path: '/playbooks/{id}/publish', tags, security, summary: 'Publish a revision: runners and triggers run it from now on (owner or admin)',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: PublishRequest } } } },
  responses: { 200: jsonContent(PublishedPlaybook, 'The Playbook with its new published revision; its trigger registry now follows that revision'), ...errors(400, 403, 404, 413, 415, 422) },
});

const diff = createRoute({
  method: 'get', path: '/playbooks/{id}/revisions/diff', tags, security, summary: "A unified diff of two revisions' YAML",
  request: { params: IdParam, query: RevisionDiffQuery },
  responses: { 200: jsonContent(RevisionDiff, 'The diff from `from` to `to`'), ...errors(404, 422) },
});

export const playbookRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  // The Tenant's text as it is (PlaybookListItem[] serialised): parsing it here only to serialise it
  // again would cost every list; the cast is only because the typed response wants the object.
  .openapi(list, async (c) => c.body(`{"playbooks":${await playbooks.listPlaybooksJson(deps(c))}}`, 200, { 'content-type': 'application/json' }) as never)
  .openapi(create, async (c) => {
    const body = await readDocumentBody(c);
    return c.json(await playbooks.createPlaybook(deps(c), body.value, { publish: c.req.valid('query').publish === 'true' }), 201);
  })
  .openapi(validate, async (c) => {
    playbooks.validatePlaybook(deps(c), (await readDocumentBody(c)).value);
    return c.json({ valid: true as const }, 200);
  })
  .openapi(get, async (c) => c.json(await playbooks.getPlaybook(deps(c), c.req.valid('param').id), 200))
  .openapi(patch, async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await playbooks.revisePlaybook(deps(c), id, await readDocumentBody(c)), 200);
  })
  .openapi(remove, async (c) => {
    await playbooks.deletePlaybook(deps(c), c.req.valid('param').id);
    return c.body(null, 204);
  })
  .openapi(share, async (c) => c.json(await playbooks.sharePlaybook(deps(c), c.req.valid('param').id, c.req.valid('json').allowed_users), 200))
  .openapi(publish, async (c) => c.json(await publishPlaybook(deps(c), c.req.valid('param').id, c.req.valid('json').revision), 200))
  // Before /revisions/{n}, which would otherwise read "diff" as a revision number.
  .openapi(diff, async (c) => {
    const { from, to } = c.req.valid('query');
    return c.json(await diffRevisions(deps(c), c.req.valid('param').id, from, to), 200);
  })
  .openapi(revisions, async (c) => c.json({ revisions: await playbooks.listRevisions(deps(c), c.req.valid('param').id) }, 200))
  .openapi(revision, async (c) => {
    const { id, n } = c.req.valid('param');
    return c.json(await playbooks.getRevision(deps(c), id, n), 200);
  });
