import { OpenAPIHono, createRoute, z } from '@hono/zod-openapi';
import { SkillDetail, SkillSummary, SkillUpload } from '../../skills/schema';
import { getSkill, listSkills, uploadSkill } from '../../skills/service';
import type { AppEnv } from '../context';
import { validationHook } from '../errors';
import { IdParam, errors, jsonContent, security } from '../openapi-helpers';

const tags = ['Skills'];

const list = createRoute({
  method: 'get', path: '/skills', tags, security, summary: 'Built-in and uploaded skills, with their descriptions',
  responses: { 200: jsonContent(z.object({ skills: z.array(SkillSummary) }), 'All skills'), ...errors() },
});

const getOne = createRoute({
  method: 'get', path: '/skills/{id}', tags, security, summary: 'A skill: frontmatter, body, parsed tables, and its references and scripts',
  request: { params: IdParam },
  responses: { 200: jsonContent(SkillDetail, 'The skill'), ...errors(404, 422) },
});

const upload = createRoute({
  method: 'post', path: '/skills', tags, security,
  summary: 'Upload a skill (SKILL.md and references, no code); authors and admins',
  description: 'Refused with 422 and the reason when SKILL.md is invalid (frontmatter, tables) or its name is a built-in skill\'s. Uploading the same name again replaces the skill (its uploader or an admin only, else 409).',
  request: { body: { required: true, content: { 'application/json': { schema: SkillUpload } } } },
  responses: {
    201: jsonContent(SkillDetail, 'Created'),
    200: jsonContent(SkillDetail, 'Replaced'),
    ...errors(400, 403, 409, 413, 415, 422),
  },
});

export const skillRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(list, async (c) => c.json({ skills: await listSkills(c.env) }, 200))
  .openapi(getOne, async (c) => c.json(await getSkill(c.env, c.req.valid('param').id), 200))
  .openapi(upload, async (c) => {
    const { skill, created } = await uploadSkill(c.env, c.get('user'), c.req.valid('json'));
    return created ? c.json(skill, 201) : c.json(skill, 200);
  });
