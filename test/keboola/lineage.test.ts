/**
 * Issue 17, lineage: keboola.lineage.get in a run against the fake Keboola, whose configurations
 * carry input/output mappings (one of them on rows, as row-based configurations do). Table level
 * (who writes and reads a table), configuration level, and the whole graph.
 */
import { describe, expect, it } from 'vitest';
import { createTestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import { keboolaProject, keboolaRequests, useKeboola } from './fake';

describe('keboola.lineage.get', () => {
  it('table, configuration and project lineage from configuration mappings (rows included)', async () => {
    const project = await keboolaProject();
    await useKeboola(await createTestUser('admin'), project);
    const author = await createTestUser('author');
    const runId = await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('lineage', [
      { id: 'contacts', tool: 'keboola.lineage.get', args: { table_id: 'in.c-hubspot.contacts' } },
      { id: 'crm', tool: 'keboola.lineage.get', args: { table_id: 'out.c-crm.contacts' } },
      { id: 'transformation', tool: 'keboola.lineage.get', args: { component: 'keboola.snowflake-transformation', config: '601' } },
      { id: 'graph', tool: 'keboola.lineage.get' },
    ])])));
    const run = await drive(runId, author);
    expect(run.status, JSON.stringify(run.steps[0].error)).toBe('done');
    const { contacts, crm, transformation, graph } = run.steps[0].outputs;
    expect(contacts).toMatchObject({
      backend: 'keboola', derived_from: expect.stringContaining('configuration input/output mappings'),
      written_by: [{ component: 'kds-team.ex-hubspot-crm', config: '301', config_name: 'Marketing portal' }],
      read_by: [{ component: 'keboola.snowflake-transformation', config: '601' }],
      upstream: [], downstream: ['out.c-crm.contacts'],
    });
    expect(crm).toMatchObject({
      written_by: [{ config: '601' }], read_by: [{ component: 'keboola.wr-salesforce', config: '201' }],
      upstream: ['in.c-hubspot.contacts', 'in.c-salesforce.contacts', 'in.c-zendesk.users'], downstream: [],
    });
    expect(transformation.configuration).toMatchObject({ inputs: ['in.c-hubspot.contacts', 'in.c-salesforce.contacts', 'in.c-zendesk.users'], outputs: ['out.c-crm.contacts'] });
    expect(graph.edges).toEqual(expect.arrayContaining([{ from: 'in.c-zendesk.users', to: 'out.c-crm.contacts', via: 'keboola.snowflake-transformation/601' }]));
    expect(graph.edges).toHaveLength(3);
    // One request per call, asking for configuration bodies and rows.
    const requests = await keboolaRequests(project, 'components');
    expect(requests.map((r) => r.query.include)).toEqual(['configuration,rows', 'configuration,rows', 'configuration,rows', 'configuration,rows']);
  });

  it('an unknown configuration fails the call naming it; a half-given configuration is refused by its arguments', async () => {
    await useKeboola(await createTestUser('admin'), await keboolaProject());
    const author = await createTestUser('author');
    const missing = await drive(await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('l', [
      { tool: 'keboola.lineage.get', args: { component: 'keboola.ex-zendesk', config: '999' } },
    ])]))), author);
    expect(missing.steps[0].error).toMatch(/no configuration "999" of component "keboola\.ex-zendesk"/);
    const half = await drive(await startRun(author, await createPlaybook(author, playbookWith([scriptedStep('l', [
      { tool: 'keboola.lineage.get', args: { component: 'keboola.ex-zendesk' } },
    ])]))), author);
    expect(half.steps[0].error).toMatch(/config/);
  });
});
