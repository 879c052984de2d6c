import { SkillFrontmatter } from '../domain/catalogue';
import { validationErrorOf } from '../domain/issues';
import { AppError, ValidationError } from '../errors';
import { parseYaml } from '../yaml';
import { parseSkillTables, type SkillTables } from './tables';

export type ParsedSkill = { frontmatter: SkillFrontmatter; body: string; tables: SkillTables };

/** SKILL.md as a whole; the frontmatter inside it is far smaller still (parseYaml's own limit). */
export const MAX_SKILL_MD_BYTES = 256 * 1024;

const FRONTMATTER = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

/**
 * Reads a SKILL.md (spec §2): YAML frontmatter validated by `SkillFrontmatter`, the Markdown
 * body, and the three tables. Anything wrong is one 422 whose issues name the field or table row,
 * so an upload is refused with the reason and a broken built-in fails its test.
 */
export function parseSkillMarkdown(text: string, file = 'SKILL.md'): ParsedSkill {
  const size = new TextEncoder().encode(text).byteLength;
  if (size > MAX_SKILL_MD_BYTES) invalid(file, 'file', `is ${size} bytes; the limit is ${MAX_SKILL_MD_BYTES}`);
  const match = FRONTMATTER.exec(text);
  if (!match) invalid(file, 'frontmatter', 'must start with YAML frontmatter between "---" lines (name, description)');

  let data: unknown;
  try {
    data = parseYaml(match[1]!, `${file} frontmatter`);
  } catch (error) {
    // parseYaml speaks HTTP 400 for request bodies; here the YAML is one field of a document.
    if (error instanceof AppError) invalid(file, 'frontmatter', error.message);
    throw error;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) invalid(file, 'frontmatter', 'must be a YAML mapping with name and description');
  const parsed = SkillFrontmatter.safeParse(data);
  if (!parsed.success) throw validationErrorOf(file, parsed.error, ['frontmatter']);

  const body = text.slice(match[0].length).replace(/^\s*\n/, '');
  const { tables, issues } = parseSkillTables(body);
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new ValidationError(`${file} is invalid at ${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`, issues);
  }
  return { frontmatter: parsed.data, body, tables };
}

function invalid(file: string, path: string, message: string): never {
  throw new ValidationError(`${file} is invalid at ${path}: ${message}`, [{ path, message }]);
}
