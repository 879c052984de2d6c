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
    // HubSpot's key "vid" has no id synonym: it is found as the column with unique values.
    expect(out.n1).toMatchObject({ id_column: 'vid', id_column_from: 'unique_values' });
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
    expect(out.proposals.question.options.at(-1).value).toBe('custom_thresholds');

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
