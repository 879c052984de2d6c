import { describe, expect, it } from 'vitest';
import { connectionsFromComponents } from './discovery';
import { componentSystem } from './systems';

describe('component → system', () => {
  it('names well-known extractors and writers, whoever publishes them', () => {
    expect(componentSystem('keboola.ex-salesforce', 'extractor')).toEqual({ id: 'salesforce', system: 'Salesforce', role: 'extractor' });
    expect(componentSystem('kds-team.ex-hubspot-crm', 'extractor')).toEqual({ id: 'hubspot', system: 'HubSpot', role: 'extractor' });
    expect(componentSystem('keboola.wr-db-snowflake', 'writer')).toEqual({ id: 'snowflake', system: 'Snowflake', role: 'writer' });
    expect(componentSystem('keboola.ex-google-drive', 'extractor')).toEqual({ id: 'google-sheets', system: 'Google Sheets', role: 'extractor' });
    expect(componentSystem('keboola.ex-db-pgsql', 'extractor')?.system).toBe('PostgreSQL');
  });

  it('derives a name for unknown components and skips what is neither extractor nor writer', () => {
    expect(componentSystem('acme.ex-fleet-tracker-v2', 'extractor')).toEqual({ id: 'fleet-tracker', system: 'Fleet Tracker', role: 'extractor' });
    expect(componentSystem('keboola.snowflake-transformation', 'transformation')).toBeUndefined();
    expect(componentSystem('keboola.orchestrator', 'other')).toBeUndefined();
  });

  it('merges an extractor and a writer of one system, and keeps a Keboola Slack writer apart from direct Slack', () => {
    const config = (id: string, is_disabled = false) => ({ id, name: `c${id}`, is_disabled });
    const connections = connectionsFromComponents([
      { id: 'keboola.wr-stripe', name: 'Stripe', type: 'writer', configurations: [config('2', true)] },
      { id: 'keboola.ex-stripe', name: 'Stripe', type: 'extractor', configurations: [config('1')] },
      { id: 'keboola.wr-slack', name: 'Slack', type: 'writer', configurations: [config('3', true)] },
    ]);
    expect(connections).toEqual([
      expect.objectContaining({ id: 'keboola.slack', system: 'Slack', writer_component_id: 'keboola.wr-slack', auth_state: 'needs_setup' }),
      expect.objectContaining({ id: 'stripe', component_id: 'keboola.ex-stripe', writer_component_id: 'keboola.wr-stripe', auth_state: 'available', description: '1 runnable configuration in the Keboola project (1 disabled).' }),
    ]);
  });
});
