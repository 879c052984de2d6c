import { describe, expect, it } from 'vitest';
import { diffLineClass, publishState } from './revision-lifecycle';

describe('publishState', () => {
  it('says draft, published, or which draft is ahead of which published revision', () => {
    expect(publishState({ revision: 1 })).toMatchObject({ label: 'draft · not published', tone: 'amber' });
    expect(publishState({ revision: 3, published_revision: 3 })).toMatchObject({ label: 'published r3', tone: 'green' });
    expect(publishState({ revision: 4, published_revision: 2 })).toMatchObject({ label: 'draft r4 · published r2', tone: 'amber' });
  });
});

describe('diffLineClass', () => {
  it('tells file headers, hunks, added, removed and context lines apart', () => {
    expect(['--- revision 1', '+++ revision 2', '@@ -1,2 +1,2 @@', '+name: b', '-name: a', ' sop:', '---x'].map(diffLineClass)).toEqual([
      'diff-line diff-file', 'diff-line diff-file', 'diff-line diff-hunk', 'diff-line diff-added', 'diff-line diff-removed', 'diff-line', 'diff-line diff-removed',
    ]);
  });
});
