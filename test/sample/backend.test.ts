import { describe, expect, it } from 'vitest';
import { SAMPLE_TABLES } from '../../src/generated/sample-tables.mjs';
import { sampleBackend } from '../../src/connections/keboola/sample/backend';
import { SampleNotFoundError } from '../../src/connections/keboola/sample/errors';
import { sampleContext } from './context';

const backend = () => sampleBackend(sampleContext());
const SALESFORCE_CSV = SAMPLE_TABLES['in.c-salesforce/contacts.csv']!;

describe('sample backend: storage reads', () => {
  it('is the sample kind and lists the seeded buckets with stage, name and description', async () => {
    const b = backend();
    expect(b.kind).toBe('sample');
    const buckets = await b.listBuckets();
    expect(buckets.map((x) => x.id)).toEqual(['in.c-bank', 'in.c-erp', 'in.c-finance', 'in.c-hubspot', 'in.c-salesforce', 'in.c-zendesk']);
    expect(buckets.find((x) => x.id === 'in.c-salesforce')).toEqual({ id: 'in.c-salesforce', name: 'c-salesforce', stage: 'in', description: 'Salesforce CRM (sample)' });
  });

  it('lists tables, all or per bucket', async () => {
    const all = await backend().listTables();
    expect(all.map((t) => t.id)).toEqual([
      'in.c-bank.remittances', 'in.c-erp.ar_open_items', 'in.c-erp.sales_lines', 'in.c-erp.standard_costs', 'in.c-erp.trade_promotions',
      'in.c-finance.allocation_drivers', 'in.c-finance.cost_centers', 'in.c-finance.gl_costs', 'in.c-finance.product_master',
      'in.c-finance.revenue_by_product', 'in.c-hubspot.contacts', 'in.c-salesforce.accounts', 'in.c-salesforce.contacts', 'in.c-salesforce.opportunities',
      'in.c-salesforce.opportunity_field_history', 'in.c-zendesk.users',
    ]);
    const finance = await backend().listTables('in.c-finance');
    expect(finance).toHaveLength(5);
    expect(finance.every((t) => t.bucket === 'in.c-finance')).toBe(true);
  });

  it('gives table detail as the Storage API does', async () => {
    const detail = await backend().tableDetail('in.c-salesforce.contacts');
    expect(detail).toMatchObject({
      id: 'in.c-salesforce.contacts', name: 'contacts', bucket: 'in.c-salesforce', primary_key: ['Id'],
      columns: ['Id', 'FirstName', 'LastName', 'Email', 'Phone', 'Account', 'MailingCity', 'MailingCountry', 'CreatedDate'],
      rows_count: SALESFORCE_CSV.trimEnd().split('\n').length - 1,
    });
    expect(detail.rows_count).toBeGreaterThan(500);
    expect(detail.last_change_date).toBe(detail.last_import_date);
  });

  it('previews the first rows as CSV with a header, and exports the whole table as stored', async () => {
    const preview = await backend().preview('in.c-zendesk.users', 5);
    const lines = preview.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toBe('id,name,email,phone,organization,time_zone,created_at');
    const exported = await backend().exportCsv('in.c-salesforce.contacts');
    expect(exported).toBe(SALESFORCE_CSV);
    expect((await backend().preview('in.c-salesforce.contacts', 3)).trimEnd().split('\n')).toEqual(SALESFORCE_CSV.split('\n').slice(0, 4));
  });

  it('refuses an unknown table or bucket by name and lists what exists', async () => {
    const error = await backend().tableDetail('in.c-salesforce.leads').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SampleNotFoundError);
    expect((error as Error).message).toContain('"in.c-salesforce.leads" does not exist in the sample project');
    expect((error as Error).message).toContain('in.c-salesforce.contacts');
    expect((error as SampleNotFoundError).details).toMatchObject({ kind: 'Table', id: 'in.c-salesforce.leads' });
    await expect(backend().preview('not a table id', 5)).rejects.toThrow(/Table "not a table id" does not exist.*in\.c-zendesk\.users/);
    await expect(backend().exportCsv('out.c-nothing.here')).rejects.toBeInstanceOf(SampleNotFoundError);
    await expect(backend().listTables('in.c-marketo')).rejects.toThrow(/Bucket "in.c-marketo" does not exist.*in\.c-hubspot/);
  });
});

describe('sample backend: components and jobs', () => {
  it('lists the configured components for discovery', async () => {
    const components = await backend().listComponents();
    const byId = new Map(components.map((c) => [c.id, c]));
    for (const id of ['keboola.ex-salesforce', 'keboola.ex-hubspot', 'keboola.ex-zendesk']) expect(byId.get(id)?.type).toBe('extractor');
    expect(byId.get('keboola.wr-salesforce')?.type).toBe('writer');
    expect(components.every((c) => c.configurations.length > 0)).toBe(true);
    expect(byId.get('keboola.ex-hubspot')!.configurations.some((c) => c.is_disabled)).toBe(true);
  });

  it('runs a job instantly and says it ran on the sample project', async () => {
    const job = await backend().runJob('keboola.ex-salesforce', '1187650001');
    expect(job).toMatchObject({ status: 'success', is_finished: true, component: 'keboola.ex-salesforce', config: '1187650001' });
    expect(job.message).toMatch(/sample project/);
    expect(job.id).toMatch(/^sample-/);
  });

  it('reports a disabled configuration as failed, and refuses unknown components or configurations', async () => {
    expect(await backend().runJob('keboola.ex-hubspot', '1187650003')).toMatchObject({ status: 'error', is_finished: true, message: expect.stringMatching(/disabled/) });
    await expect(backend().runJob('keboola.ex-marketo', '1')).rejects.toThrow(/Component "keboola.ex-marketo" does not exist.*keboola\.ex-zendesk/);
    await expect(backend().runJob('keboola.ex-zendesk', '42')).rejects.toThrow(/Configuration "keboola.ex-zendesk\/42" does not exist.*1187650004/);
  });
});
