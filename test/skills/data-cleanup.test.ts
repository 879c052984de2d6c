/**
 * Issue 6: the data-cleanup skills' scripts on the sample CRM (Salesforce, HubSpot, Zendesk
 * contacts), run as a scripted Playbook through the Broker: export → normalise → overlap →
 * proposals → resolve → validate → redact, measured against the sample's ground truth.
 */
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import crmTruth from '../../sample/ground-truth/crm-entities.csv?raw';
import { CANONICAL_FIELDS, pairMetrics, syntheticPeople, toCsv } from '../../src/er';
import { Continuation } from '../../src/skills/script';
import { call, createTestUser, type TestUser } from '../helpers';
import { createPlaybook, drive, playbookWith, scriptedStep, startRun } from '../run/drive';
import * as redact from '../../skills/pii-redaction/scripts/redact';
import * as resolve from '../../skills/entity-resolution/scripts/resolve';
import * as report from '../../skills/entity-resolution/scripts/report';
import { humanInLoop } from '../../src/tools/kbagent/human-in-loop';
import { memoryScriptContext, runToEnd } from './script-context';

const TABLES = ['in.c-salesforce.contacts', 'in.c-hubspot.contacts', 'in.c-zendesk.users'];
const NORMALISED = TABLES.map((t) => `normalised/${t}.csv`);
const SKILLS = ['schema-normalization', 'entity-resolution', 'pii-redaction'];

function parse(text: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' }).data;
}

async function artifact(user: TestUser, runId: string, path: string): Promise<string> {
  const response = await call('GET', `/runs/${runId}/artifacts/${path}`, user);
  expect(response.status, path).toBe(200);
  return response.text();
}

function cleanupPlaybook() {
  return playbookWith(
    [
      scriptedStep('export', TABLES.map((t, i) => ({ id: `t${i}`, tool: 'keboola.storage.tables', args: { action: 'export', table_id: t, save_as: `exports/${t}.csv` } }))),
      scriptedStep('normalise', TABLES.map((t, i) => ({ id: `n${i}`, tool: 'skill.schema-normalization.normalise', args: { artifact: `exports/${t}.csv` } })), { skills: ['schema-normalization'] }),
      scriptedStep('resolve', [
        { id: 'overlap', tool: 'skill.entity-resolution.detect_overlap', args: { sources: NORMALISED } },
        { id: 'proposals', tool: 'skill.entity-resolution.propose_rules', args: { sources: NORMALISED } },
        { id: 'resolve', tool: 'skill.entity-resolution.resolve', args: { sources: NORMALISED } },
        { id: 'validate', tool: 'skill.entity-resolution.validate', args: { sources: NORMALISED } },
      ], { skills: ['entity-resolution'] }),
      scriptedStep('redact', [
        { id: 'redact', tool: 'skill.pii-redaction.redact', args: { artifact: 'er/golden.csv', columns: { email: 'hash', phone: 'mask', dob: 'drop' } } },
      ], { skills: ['pii-redaction'] }),
    ],
    { skills: SKILLS },
  );
}

describe('data-cleanup skills on the sample CRM, in a scripted run', () => {
  it('normalises, finds overlap, proposes rules, resolves with F1 ≥ 0.9, validates and redacts', async () => {
    const author = await createTestUser('author');
    const run = await drive(await startRun(author, await createPlaybook(author, cleanupPlaybook())), author);
    expect(run.status, JSON.stringify(run.tool_calls?.find((c: any) => c.status === 'error'))).toBe('done');
    const out = Object.assign({}, ...run.steps.map((s: any) => s.outputs));

    // normalise: the three CRMs' differently named columns land on one schema.
    expect(out.n0.mapping).toMatchObject({ FirstName: 'first_name', LastName: 'last_name', Email: 'email', Phone: 'phone', Account: 'company' });
    expect(out.n0.id_column).toBe('Id');
    // HubSpot's key "vid" is an id synonym (issue 14): found by name, not left to the unique-values fallback.
    expect(out.n1).toMatchObject({ id_column: 'vid', id_column_from: 'name' });
    expect(out.n2.mapping).toMatchObject({ name: 'full_name', email: 'email', phone: 'phone', organization: 'company' });
    const rows = TABLES.map((_, i) => out[`n${i}`].counts.rows as number);
    expect(rows.reduce((a, b) => a + b)).toBe(parse(crmTruth).length);
    const hubspot = parse(await artifact(author, run.id, NORMALISED[1]!));
    // Phones in E.164 where the number allows it; most of them do.
    expect(out.n1.counts.phones_e164).toBeGreaterThan(out.n1.counts.phones_digits_only * 5);
    expect(hubspot.filter((r) => r.phone && !/^\+?\d+$/.test(r.phone)).map((r) => r.phone)).toEqual([]);
    expect(hubspot.filter((r) => r.email && r.email !== r.email.toLowerCase().trim()).map((r) => r.email)).toEqual([]);

    // detect_overlap: every source pair shares entities.
    expect(out.overlap.pairs).toHaveLength(3);
    for (const pair of out.overlap.pairs) expect(pair.shared_keys.email + pair.shared_keys.phone).toBeGreaterThan(0);

    // propose_rules: counts, precision and samples per rule, and a ready multi-select question.
    const email = out.proposals.rules.find((r: any) => r.id === 'email');
    expect(email.matches).toBeGreaterThan(0);
    expect(email.estimated_precision).toBeGreaterThan(0.8);
    expect(email.samples.length).toBeGreaterThan(0);
    expect(email.samples[0]).toMatchObject({ left: { source: expect.any(String), id: expect.any(String) }, rules: expect.arrayContaining(['email']) });
    expect(out.proposals.recommended).toContain('email');
    expect(out.proposals.question).toMatchObject({ kind: 'multi', options: expect.arrayContaining([expect.objectContaining({ value: 'email', detail: expect.stringContaining('e.g.') })]) });
    // Ready to pass to the HITL tool as its arguments.
    expect(humanInLoop.args.safeParse(out.proposals.question).success).toBe(true);
    expect(out.proposals.question.options.at(-1)).toMatchObject({ value: 'custom_thresholds', requires_comment: true });

    // resolve: the cluster map covers every source row exactly once, and matches the truth.
    const map = parse(await artifact(author, run.id, 'er/cluster_map.csv'));
    const truth = parse(crmTruth);
    expect(map).toHaveLength(truth.length);
    const key = (r: Record<string, string>) => `${r.source}\u0001${r.row_id}`;
    expect(new Set(map.map(key)).size).toBe(map.length);
    const truthByRow = new Map(truth.map((r) => [key(r), r.entity_id!]));
    expect(map.filter((r) => !truthByRow.has(key(r))).slice(0, 3)).toEqual([]);
    const metrics = pairMetrics(map.map((r) => ({ entity: r.entity_id!, truth: truthByRow.get(key(r))!, source: r.source! })), 'dedup');
    expect(metrics.f1).toBeGreaterThanOrEqual(0.9);
    const golden = parse(await artifact(author, run.id, 'er/golden.csv'));
    expect(golden).toHaveLength(new Set(map.map((r) => r.entity_id)).size);
    expect(golden.reduce((n, g) => n + Number(g.member_count), 0)).toBe(map.length);
    expect(out.resolve.stats.records).toBe(map.length);

    // validate: no accounting errors, and the report is a workspace artifact.
    expect(out.validate).toMatchObject({ ok: true, accounting_errors: 0, rows: map.length, report: 'er/validation.json' });
    expect(JSON.parse(await artifact(author, run.id, 'er/validation.json')).accounting_errors).toBe(0);

    // redact: no raw e-mail survives; dob is gone; rows are kept.
    const redacted = await artifact(author, run.id, 'redacted/golden.csv');
    expect(parse(redacted)).toHaveLength(golden.length);
    expect(redacted).not.toMatch(/[^\s,@*]+@[^\s,@]+\.[a-z]{2,}/i);
    for (const g of golden.filter((r) => r.email).slice(0, 200)) expect(redacted).not.toContain(g.email);
    expect(redacted.split('\n')[0]).not.toContain('dob');
  });
});

describe('data-cleanup scripts, edge cases', () => {
  it('redact refuses unknown columns and writing over its input; mask keeps only a hint', async () => {
    const files = { 'a.csv': 'email,phone,note\nAnn@Example.com,+420 601 123 456,hi\n,,two\n' };
    await expect(redact.run(redact.args.parse({ artifact: 'a.csv', columns: { mail: 'hash' } }), memoryScriptContext(files))).rejects.toThrow(/no column\(s\) mail/);
    await expect(redact.run(redact.args.parse({ artifact: 'a.csv', columns: { email: 'hash' }, output: 'a.csv' }), memoryScriptContext(files))).rejects.toThrow(/new path/);
    const kept = await redact.run(redact.args.parse({ artifact: 'a.csv', columns: { email: 'keep', phone: 'keep' }, output: 'kept.csv' }), memoryScriptContext(files));
    expect(kept).toMatchObject({ rows: 2, dropped: [], redacted_values: {} });
    expect((files as Record<string, string>)['kept.csv']).toBe(files['a.csv']);
    const result = await redact.run(redact.args.parse({ artifact: 'a.csv', columns: { email: 'mask', phone: 'mask', note: 'drop' } }), memoryScriptContext(files));
    expect(result).toMatchObject({ output: 'redacted/a.csv', rows: 2, dropped: ['note'], redacted_values: { email: 1, phone: 1 } });
    expect((files as Record<string, string>)['redacted/a.csv']).toBe('email,phone\nA***@Example.com,***56\n,\n');
  });

  it('resolve names unknown rules and applies custom thresholds', async () => {
    const files: Record<string, string> = {
      'n.csv': 'source,row_id,first_name,last_name,company\ns,1,Jonathan,Smith,Acme\ns,2,Jonathon,Smith,Acme\n',
    };
    await expect(resolve.run(resolve.args.parse({ sources: ['n.csv'], rules: ['nope'] }), memoryScriptContext(files))).rejects.toThrow(/Unknown rule\(s\) nope/);
    const resolveWith = async (args: Record<string, unknown>) => (await runToEnd(resolve.run, resolve.args.parse({ sources: ['n.csv'], ...args }), memoryScriptContext(files))).result;
    expect((await resolveWith({ rules: ['name_company'] })).stats.clusters).toBe(1);
    expect((await resolveWith({ rules: ['name_company'], thresholds: { name_company: 0.99 } })).stats.clusters).toBe(2);
    // The HITL answer: "custom_thresholds" ticked, thresholds written in the comment.
    expect((await resolveWith({ rules: ['email', 'custom_thresholds'], thresholds_text: 'name_company = 0.99' })).rules.map((r) => r.id)).toEqual(['email', 'name_company']);
    expect((await resolveWith({ rules: ['email', 'custom_thresholds'], thresholds_text: 'name_company = 0.99' })).stats.clusters).toBe(2);
    await expect(resolveWith({ rules: ['email', 'custom_thresholds'] })).rejects.toThrow(/no thresholds were given/);
    await expect(resolveWith({ rules: ['custom_thresholds'], thresholds_text: 'name_company=1.5' })).rejects.toThrow(/between 0.5 and 1: name_company=1.5/);
  });

  it('resolve spans loop units on larger input and gives the same result as in one unit', async () => {
    const people = syntheticPeople({ rows: 8000, seed: 11 });
    const fields = CANONICAL_FIELDS.filter((f) => people.some((p) => p.fields[f]));
    const files: Record<string, string> = { 'n.csv': toCsv(['source', 'row_id', ...fields], people.map((p) => [p.source, p.id, ...fields.map((f) => p.fields[f] ?? '')])) };
    const whole = await runToEnd(resolve.run, resolve.args.parse({ sources: ['n.csv'], output_dir: 'one' }), memoryScriptContext(files));
    const sliced = await runToEnd(resolve.run, resolve.args.parse({ sources: ['n.csv'], output_dir: 'many', calls_per_unit: 1 }), memoryScriptContext(files));
    expect(whole.units).toBe(1);
    expect(sliced.units).toBeGreaterThan(5);
    expect(sliced.result.stats).toEqual(whole.result.stats);
    expect(files['many/cluster_map.csv']).toBe(files['one/cluster_map.csv']);
    expect(files['many/golden.csv']).toBe(files['one/golden.csv']);
    // A restart between units empties the call's memory: the script starts over and still finishes the same.
    const first = await resolve.run(resolve.args.parse({ sources: ['n.csv'], output_dir: 'restart', calls_per_unit: 1 }), memoryScriptContext(files));
    expect(first).toBeInstanceOf(Continuation);
    const after = await runToEnd(resolve.run, resolve.args.parse({ sources: ['n.csv'], output_dir: 'restart', calls_per_unit: 1 }), memoryScriptContext(files, { checkpoint: (first as Continuation).checkpoint }));
    expect(files['restart/cluster_map.csv']).toBe(files['one/cluster_map.csv']);
    expect(after.result.stats).toEqual(whole.result.stats);
  });
});

describe('report script', () => {
  const files = (): Record<string, string> => ({
    'er/cluster_map.csv': 'source,row_id,entity_id\nt.a,1,e1\nt.a,2,e1\nt.b,9,e2\n',
    'er/golden.csv': 'entity_id,member_count,sources,first_name,email\ne1,2,t.a,Ann,ann@x.com\ne2,1,t.b,Bob,\n',
  });
  const base = {
    exports: [
      { table_id: 't.a', row_count: 2, columns: ['Id', 'First', 'Email'], saved_as: 'exports/t.a.csv' },
      { table_id: 't.b', row_count: 1, columns: ['Id', 'First'], saved_as: 'exports/t.b.csv' },
    ],
    normalised: [
      { source: 't.a', output: 'normalised/t.a.csv', mapping: { First: 'first_name', Email: 'email' }, id_column: 'Id', columns: ['source', 'row_id', 'first_name', 'email'], counts: { rows: 2 } },
      { source: 't.b', output: 'normalised/t.b.csv', mapping: { First: 'first_name' }, id_column: 'Id', columns: ['source', 'row_id', 'first_name'], counts: { rows: 1 } },
    ],
    proposals: { rules: [{ id: 'email', label: 'Same e-mail', matches: 1, estimated_precision: 1 }], recommended: ['email'] },
    chosen: ['email'],
    resolution: {
      rules: [{ id: 'email', label: 'Same e-mail' }],
      stats: { records: 3, comparedPairs: 3, matchedPairs: 1, clusters: 2, multiRecordClusters: 1, largestCluster: 2, matchesByRule: { email: 1 } },
      outputs: { cluster_map: 'er/cluster_map.csv', golden: 'er/golden.csv' },
    },
    validation: { ok: true, accounting_errors: 0, rows: 3, clusters: 2, oversized: 0, conflicts: 0, report: 'er/validation.json' },
    spend: { cost_usd: 0.0123, tokens: 4100, wall_clock_seconds: 12, budget: { max_usd_per_run: 5, max_tokens_per_run: 100000, max_wall_clock_seconds: 600 } },
  };

  it('writes a consistent report and lineage; a write confirmed after a restart is reported, not drawn', async () => {
    const fs = files();
    const out = await report.run(report.args.parse({
      ...base,
      promotion: [
        { table_id: 'out.c-x.entities', rows: 2, columns: ['entity_id', 'member_count', 'sources', 'first_name', 'email'], action: 'created' },
        { confirmed_by: 'dana', note: 'a person confirmed the call happened; its result was not recorded' },
      ],
    }), memoryScriptContext(fs));
    expect(out).toMatchObject({ balanced: true, accounting: { source_rows: 3, cluster_map_rows: 3, golden_member_rows: 3, golden_records: 2 } });
    const md = fs['report.md']!;
    expect(md).toContain('- `out.c-x.entities`: created, 2 rows');
    expect(md).toContain('- a write interrupted by a restart, confirmed by dana');
    expect(md).toContain('- Spent: $0.0123 of $5');
    expect(md).toContain('- Tokens: 4100 of 100000');
    const lineage = JSON.parse(fs['lineage.json']!);
    expect(lineage.nodes.filter((n: any) => n.kind === 'target_table').map((n: any) => n.table_id)).toEqual(['out.c-x.entities']);
    expect(lineage.column_edges).toContainEqual({ from: { node: 'source_0', column: 'Email' }, to: { node: 'normalised_0', column: 'email' }, transform: 'normalise email' });
    expect(lineage.column_edges).toContainEqual({ from: { node: 'normalised_0', column: 'email' }, to: { node: 'golden', column: 'email' }, transform: 'survivorship: most_recent' });
    expect(fs['lineage.mmd']).toContain('source_0__Email -.-> normalised_0__email');
  });

  it('says so when the counts do not add up', async () => {
    const fs = files();
    const out = await report.run(report.args.parse({ ...base, exports: [{ ...base.exports[0]!, row_count: 5 }, base.exports[1]!] }), memoryScriptContext(fs));
    expect(out.balanced).toBe(false);
    expect(fs['report.md']).toContain('— **inconsistent**');
  });
});
