import { describe, expect, test } from 'vitest';
import type { ArtifactInfo } from '../../../api/types';
import { declaredResults, pickResult, showsResults } from './results-model';

const file = (path: string): ArtifactInfo => ({ path, size: 10, etag: 'e', content_type: 'application/octet-stream', uploaded: '2026-11-01T00:00:00Z' });

describe('results: the declared outputs a run produced', () => {
  const artifacts = ['reports/summary.md', 'reports/cost-allocation.xlsx', 'scratch/tmp.csv', 'lineage.mmd'].map(file);
  const specs = [
    { path: 'reports/cost-allocation.xlsx', description: 'The workbook' },
    { path: 'reports/delivery.json' },
    { path: './lineage.mmd' },
    { path: 'reports/summary.md', content_type: 'text/markdown' },
  ];

  test('only those present, undeclared files left out; the report, the workbook and the graph first', () => {
    expect(declaredResults(specs, artifacts).map((r) => r.artifact.path)).toEqual(['reports/summary.md', 'reports/cost-allocation.xlsx', 'lineage.mmd']);
    expect(declaredResults(specs, artifacts)[1]!.spec.description).toBe('The workbook');
    const data = ['b.json', 'a.json', 'c.csv'].map(file);
    expect(declaredResults([{ path: 'b.json' }, { path: 'a.json' }, { path: 'c.csv' }], data).map((r) => r.artifact.path)).toEqual(['c.csv', 'b.json', 'a.json']);
    expect(declaredResults([], artifacts)).toEqual([]);
  });

  test('the URL’s file first, else the report, else the first', () => {
    const results = declaredResults(specs, artifacts);
    expect(pickResult(results, 'lineage.mmd')!.artifact.path).toBe('lineage.mmd');
    expect(pickResult(results, 'scratch/tmp.csv')!.artifact.path).toBe('reports/summary.md');
    expect(pickResult(results, null)!.artifact.path).toBe('reports/summary.md');
    expect(pickResult(results.slice(1), null)!.artifact.path).toBe('reports/cost-allocation.xlsx');
    expect(pickResult([], null)).toBeUndefined();
  });

  test('shown once a run is finished or waits for an approval', () => {
    expect(['done', 'waiting_for_approval', 'failed', 'cancelled'].every((s) => showsResults(s as never))).toBe(true);
    expect(['queued', 'running', 'waiting_for_input'].some((s) => showsResults(s as never))).toBe(false);
  });
});
