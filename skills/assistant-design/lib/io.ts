// Workspace helpers the scripts share.
import type { SkillScriptContext } from '../../../src/skills/script';
import { riskReview, riskReviewMarkdown } from './governance';
import type { RegistryTool } from './inventory';
import type { PlaybookSpecInput } from '../../../src/domain/playbook';

/** A file's text, or null when the run has not written it. */
export async function readOr(ctx: SkillScriptContext, path: string): Promise<string | null> {
  try {
    return await ctx.readArtifact(path);
  } catch {
    return null;
  }
}

/** Keeps the document being replaced as the previous draft (what the next diff is taken against). */
export async function keepPrevious(ctx: SkillScriptContext, path: string, previousPath: string, next: string): Promise<boolean> {
  const current = await readOr(ctx, path);
  if (current === null || current === next) return false;
  await ctx.writeArtifact(previousPath, current, 'application/yaml');
  return true;
}

export async function writeRiskReview(ctx: SkillScriptContext, path: string, doc: PlaybookSpecInput, registry: readonly RegistryTool[]) {
  const rows = riskReview(doc, registry);
  await ctx.writeArtifact(path, riskReviewMarkdown(doc.name, rows), 'text/markdown');
  return rows;
}
