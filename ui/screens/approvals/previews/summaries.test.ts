import { describe, expect, it } from 'vitest';
import { jobRunSummary, slackSandboxed, tableWriteSummary } from './summaries';

describe('table write summary', () => {
  const preview = {
    pii_columns: [{ column: 'email', kind: 'email', by: 'values' }, { column: 'dob', kind: 'date_of_birth', by: 'name' }],
    sample: [{ id: '1', email: 'a***@x.com', dob: '1***' }],
  };

  it('a new table in a new bucket, with its personal-data columns', () => {
    const s = tableWriteSummary({ table_id: 'out.c-crm.people', artifact: 'people.csv' }, {
      dry_run: true, would: { table_id: 'out.c-crm.people', action: 'create', rows: 1601, columns: ['id', 'email', 'dob'], primary_key: ['id'], incremental: false, creates_bucket: true }, preview,
    });
    expect(s).toMatchObject({ table: 'out.c-crm.people', mode: 'create', creates_bucket: true, rows: 1601, rows_before: 0, rows_after: 1601, primary_key: ['id'], from_arguments_only: false });
    expect(s.pii.map((p) => p.column)).toEqual(['email', 'dob']);
    expect(s.sample).toEqual(preview.sample);
  });

  it('a full load replaces every row; an incremental load adds to them', () => {
    const full = tableWriteSummary({ table_id: 'in.c-a.t', csv: 'x' }, { would: { action: 'import', rows: 1, columns: ['a'], incremental: false, new_columns: [], current_rows: 50, replaces_rows: 50 } });
    expect(full).toMatchObject({ mode: 'replace', rows_before: 50, rows_after: 1 });
    const append = tableWriteSummary({ table_id: 'in.c-a.t', csv: 'x', incremental: true }, { would: { action: 'import', rows: 3, columns: ['a', 'b'], incremental: true, new_columns: ['b'], current_rows: 50 } });
    expect(append).toMatchObject({ mode: 'append', rows_before: 50, rows_after: 53, new_columns: ['b'] });
  });

  it('the rows against the table now, or why they were not compared', () => {
    const diff = { compared_by: ['id'], added: 1, changed: 2, unchanged: 3, removed: 4, changed_columns: { amount: 2 } };
    expect(tableWriteSummary({ table_id: 'in.c-a.t' }, { would: { action: 'import', rows: 3 }, preview: { diff } }).diff).toEqual(diff);
    expect(tableWriteSummary({ table_id: 'in.c-a.t' }, { would: { action: 'import', rows: 3 }, preview: { diff: { compared_by: [], skipped: 'no key' } } }).diff).toEqual({ compared_by: [], skipped: 'no key' });
    expect(tableWriteSummary({ table_id: 'in.c-a.t' }, { would: { action: 'create', rows: 3 } }).diff).toBeNull();
  });

  it('with no dry run, only what the arguments say', () => {
    expect(tableWriteSummary({ table_id: 'in.c-a.t', csv: 'x', incremental: false }, undefined)).toMatchObject({ mode: 'replace', rows: null, rows_before: null, rows_after: null, pii: [], from_arguments_only: true });
  });
});

describe('job run summary and the Slack sandbox flag', () => {
  it('names the component and configuration and what the job changes', () => {
    expect(jobRunSummary({ component: 'keboola.ex-salesforce', config: '101' }, {
      dry_run: true, would: { component: 'keboola.ex-salesforce', component_name: 'Salesforce', component_type: 'extractor', config: '101', config_name: 'Accounts', disabled: true, effect: 'loads data' },
    })).toEqual({ component: 'keboola.ex-salesforce', component_name: 'Salesforce', component_type: 'extractor', config: '101', config_name: 'Accounts', disabled: true, effect: 'loads data' });
    expect(jobRunSummary({ component: 'c', config: '1' }, undefined)).toMatchObject({ component_name: null, effect: null, disabled: false });
  });

  it('sandbox only when the dry run says so', () => {
    expect(slackSandboxed({ dry_run: true, sandbox: true })).toBe(true);
    expect(slackSandboxed({ dry_run: true, sandbox: false })).toBe(false);
    expect(slackSandboxed(undefined)).toBe(false);
  });
});
