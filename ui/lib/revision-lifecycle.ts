// Draft → published (issue 18), the parts with no DOM: how a Playbook's publish state reads, and
// how a line of a unified diff is shown.
import type { PlaybookSummary } from '../api/types';

export type PublishState = { label: string; tone: 'green' | 'amber'; title: string };

/** "draft", "published r3", or "draft r5 · published r3" when a newer draft exists (only its authors see one). */
export function publishState(p: Pick<PlaybookSummary, 'revision' | 'published_revision'>): PublishState {
  if (p.published_revision === undefined) {
    return { label: 'draft · not published', tone: 'amber', title: 'Only its owner and admins can run it; runners and triggers wait until a revision is published' };
  }
  const published = `published r${p.published_revision}`;
  if (p.published_revision === p.revision) return { label: published, tone: 'green', title: 'Runners and triggers run the latest revision' };
  return { label: `draft r${p.revision} · ${published}`, tone: 'amber', title: `Runners and triggers run revision ${p.published_revision}; revision ${p.revision} is a draft until published` };
}

/** The class of one line of a unified diff: header, hunk, added, removed or context. */
export function diffLineClass(line: string): string {
  if (line.startsWith('--- ') || line.startsWith('+++ ')) return 'diff-line diff-file';
  if (line.startsWith('@@')) return 'diff-line diff-hunk';
  if (line.startsWith('+')) return 'diff-line diff-added';
  if (line.startsWith('-')) return 'diff-line diff-removed';
  return 'diff-line';
}
