/**
 * Every blueprint's input defaults pass their own declarations (a fork runs as shipped), and the
 * acceptance blueprints' defaults exist in the sample project. Negative control: a default outside
 * its own constraint fails the same check, naming the input.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../src/blueprints/catalogue';
import type { InputSpec } from '../src/domain/playbook';
import { ValidationError } from '../src/errors';
import { validateInputsForRun, validateRunInputs } from '../src/runs/inputs';

const { blueprints } = loadCatalogue();

/** The defaults alone: a required input without one is the runner's to give. */
function defaultIssues(inputs: readonly InputSpec[]): { path: string; message: string }[] {
  try {
    validateRunInputs(inputs.filter((i) => i.default !== undefined), {});
    return [];
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
}

describe('blueprint input defaults', () => {
  it.each(blueprints.map((b) => [b.id, b] as const))('%s: every default passes its own declaration', (_id, blueprint) => {
    expect(blueprint.playbook_template.inputs.some((i) => i.default !== undefined)).toBe(true);
    expect(defaultIssues(blueprint.playbook_template.inputs)).toEqual([]);
  });

  it('negative control: a default outside its own constraint fails, naming the input', () => {
    const template = blueprints.find((b) => b.id === 'data-cleanup-for-ai')!.playbook_template;
    const broken = template.inputs.map((i) => (i.name === 'max_cluster_size' ? { ...i, default: -3 } : i.name === 'target_bucket' ? { ...i, default: 'customer 360' } : i));
    expect(defaultIssues(broken)).toEqual([
      { path: 'inputs.target_bucket', message: 'must be a Storage bucket id such as out.c-customer-360 (got "customer 360")' },
      { path: 'inputs.max_cluster_size', message: 'must be at least 2 (got -3)' },
    ]);
  });

  it('the acceptance blueprints run on the sample project with their defaults', async () => {
    const cleanup = blueprints.find((b) => b.id === 'data-cleanup-for-ai')!.playbook_template;
    await expect(validateInputsForRun(env, cleanup.inputs, {})).resolves.toMatchObject({ max_cluster_size: 25 });
    const allocation = blueprints.find((b) => b.id === 'product-cost-allocation')!.playbook_template;
    await expect(validateInputsForRun(env, allocation.inputs, { period: '2026-10' })).resolves.toMatchObject({ period: '2026-10', prior_period: 'previous' });
  });
});
