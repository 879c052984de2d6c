/**
 * Issue 5, acceptance 1 (discovery): GET /connections against the fake Keboola — configured
 * extractors and writers become connections per system, a disabled-only one needs setup, a new
 * token or POST /tools/discover discovers again, and without a token the sample project answers.
 * Every response is checked against /openapi.json by `api()`.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { listConnections } from '../../src/connections/discovery';
import { api } from '../api/contract';
import { call, createTestUser, json } from '../helpers';
import { keboolaProject, keboolaRequests, revokeKeboola, useKeboola } from './fake';

describe('GET /connections', () => {
  it('discovers a connection per system from the project\'s configured components', async () => {
    const admin = await createTestUser('admin');
    const runner = await createTestUser('runner');
    const project = await keboolaProject();
    await useKeboola(admin, project);

    const response = await api('GET', '/connections', runner);
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.discovery).toMatchObject({ backend: 'keboola' });
    expect(body.discovery.error).toBeUndefined();
    expect(body.builtins).toEqual([expect.objectContaining({ id: 'keboola.connection', kind: 'keboola_builtin', auth_state: 'available', tools: expect.arrayContaining(['keboola.storage.tables', 'keboola.jobs.run']) })]);
    expect(body.builtins[0].description).toContain('Keboola project at 127.0.0.1');

    const byId = Object.fromEntries(body.discovered.map((c: any) => [c.id, c]));
    expect(Object.keys(byId).sort()).toEqual(['hubspot', 'mysql', 'salesforce', 'zendesk']);
    expect(byId.salesforce).toMatchObject({
      name: 'Salesforce', system: 'Salesforce', kind: 'keboola_component', component_id: 'keboola.ex-salesforce', writer_component_id: 'keboola.wr-salesforce',
      auth_state: 'available', tools: ['keboola.jobs.run', 'keboola.storage.tables', 'keboola.storage.write'],
    });
    expect(byId.hubspot).toMatchObject({ system: 'HubSpot', component_id: 'kds-team.ex-hubspot-crm', auth_state: 'available' });
    expect(byId.zendesk).toMatchObject({ system: 'Zendesk', auth_state: 'available' });
    expect(byId.mysql).toMatchObject({ system: 'MySQL', component_id: 'keboola.ex-db-mysql', auth_state: 'needs_setup' });
    expect(byId.mysql.description).toMatch(/Only disabled configurations/);
    expect(body.direct).toEqual([expect.objectContaining({ id: 'slack', kind: 'direct', auth_state: 'available', tools: ['slack.send_message'] })]);

    // Stored: a second read does not ask Keboola again.
    await api('GET', '/connections', runner);
    expect(await keboolaRequests(project, 'components')).toHaveLength(1);
  });

  it('searches every group with q', async () => {
    const admin = await createTestUser('admin');
    await useKeboola(admin, await keboolaProject());
    const sales = await json(await api('GET', '/connections?q=SALES', admin));
    expect(sales.discovered.map((c: any) => c.id)).toEqual(['salesforce']);
    expect(sales.builtins).toEqual([]);
    expect(sales.direct).toEqual([]);
    const slack = await json(await api('GET', '/connections?q=slack', admin));
    expect(slack.direct.map((c: any) => c.id)).toEqual(['slack']);
    const byComponent = await json(await api('GET', '/connections?q=wr-salesforce', admin));
    expect(byComponent.discovered.map((c: any) => c.id)).toEqual(['salesforce']);
    expect((await api('GET', `/connections?q=${'x'.repeat(201)}`, admin)).status).toBe(422);
    expect((await api('GET', '/connections', null)).status).toBe(401);
  });

  it('POST /tools/discover discovers again; a refused token is recorded on the discovery, not a failure', async () => {
    const admin = await createTestUser('admin');
    const project = await keboolaProject();
    await useKeboola(admin, project);
    expect((await json(await api('GET', '/connections', admin))).discovered).toHaveLength(4);

    await revokeKeboola(project);
    const discover = await api('POST', '/tools/discover', admin);
    expect(discover.status).toBe(200);
    expect((await json(discover)).tools.map((t: any) => t.id)).toContain('keboola.storage.write');
    const after = await json(await api('GET', '/connections', admin));
    expect(after.discovered).toEqual([]);
    expect(after.discovery.error).toMatch(/^Keboola refused the token/);
    expect(after.discovery.error).not.toContain(project.token);
    expect(after.builtins[0].auth_state).toBe('available');

    // Storing a new token is enough: the next read sees the configuration changed and discovers again.
    const replacement = await keboolaProject();
    await useKeboola(admin, replacement);
    const fresh = await json(await api('GET', '/connections', admin));
    expect(fresh.discovery.error).toBeUndefined();
    expect(fresh.discovered).toHaveLength(4);
  });

  it('without a Keboola token discovers the built-in sample project, and Slack without a bot token needs setup', async () => {
    const admin = await createTestUser('admin');
    await call('DELETE', '/vault/keboola_token', admin);
    const body = await json(await api('GET', '/connections', admin));
    expect(body.discovery.backend).toBe('sample');
    expect(body.discovery.error).toBeUndefined();
    expect(body.builtins[0].description).toContain('built-in sample project');
    expect(body.discovered.length).toBeGreaterThan(0);
    for (const connection of body.discovered) expect(connection.kind).toBe('keboola_component');

    // The tests bind SLACK_BOT_TOKEN; a deployment without one (and no vault secret) gets sandbox mode.
    const { direct } = await listConnections({ ...env, SLACK_BOT_TOKEN: undefined }, 'slack');
    expect(direct).toEqual([expect.objectContaining({ id: 'slack', auth_state: 'needs_setup' })]);
    expect(direct[0]!.description).toContain('sandbox mode');
  });
});
