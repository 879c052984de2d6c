/**
 * Issue 14, "your own tables, locally": POST /local-project/tables loads a CSV into the built-in
 * project. Awkward headers become safe names with the original as description; a bad file is a
 * 4xx naming line and reason and changes nothing; a broken table leaves the others working; only
 * authors and admins may upload; and the data-cleanup Playbook runs on uploaded tables to done.
 */
import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { SAMPLE_TABLES } from '../../src/generated/sample-tables.mjs';
import { sampleBackend } from '../../src/connections/keboola/sample/backend';
import { call, createTestUser, json, type TestUser } from '../helpers';
import { drive, startRun } from '../run/drive';
import { approveAndCommit, pendingApproval } from '../governance/helpers';
import { sampleContext } from '../sample/context';

const upload = (user: TestUser, tableId: string, body: BodyInit, query = '') =>
  call('POST', `/local-project/tables?table_id=${encodeURIComponent(tableId)}${query}`, user, { raw: body, contentType: 'text/csv' });
const tables = async (user: TestUser) => (await json(await call('GET', '/local-project/tables', user))).tables as any[];
const stored = async (key: string) => (await env.BUCKET.get(key))?.text();

let author: TestUser;
beforeAll(async () => {
  author = await createTestUser('author');
});

describe('uploading a CSV into the built-in project', () => {
  it('maps awkward headers to safe, unique names and keeps each original as the column description', async () => {
    const csv = 'Account.Name,E-mail Address,name,Name,,Příjmení,Notes,Notes\r\n"Acme, Inc.",a@acme.com,Ann,Ann,x,Dvořák,"two\r\nlines","say ""hi"""\r\n';
    const res = await upload(author, 'in.c-mine.awkward', csv);
    expect(res.status, await res.clone().text()).toBe(201);
    const body = await json(res);
    expect(body).toMatchObject({ table_id: 'in.c-mine.awkward', created: true, rows: 1 });
    expect(body.columns).toEqual([
      { name: 'Account_Name', description: 'Account.Name' },
      { name: 'E_mail_Address', description: 'E-mail Address' },
      { name: 'name' },
      { name: 'Name_2', description: 'Name' },
      { name: 'column_5', description: '(no name in the file)' },
      { name: 'Prijmeni', description: 'Příjmení' },
      { name: 'Notes' },
      { name: 'Notes_2', description: 'Notes' },
    ]);
    // Listed with the descriptions, where the tools and the UI read table metadata.
    const listed = (await tables(author)).find((t) => t.id === 'in.c-mine.awkward');
    expect(listed).toMatchObject({ columns: body.columns.map((c: any) => c.name), rows_count: 1, column_descriptions: { Account_Name: 'Account.Name', Prijmeni: 'Příjmení' } });
    const detail = await sampleBackend(sampleContext()).tableDetail('in.c-mine.awkward');
    expect(detail.column_descriptions).toMatchObject({ E_mail_Address: 'E-mail Address', Name_2: 'Name' });
    // The values survive as they were (quotes, commas, a line break inside a value; CRLF read).
    const [, row] = Papa.parse<string[]>((await stored('sample/in.c-mine/awkward.csv'))!).data;
    expect(row).toEqual(['Acme, Inc.', 'a@acme.com', 'Ann', 'Ann', 'x', 'Dvořák', 'two\r\nlines', 'say "hi"']);
    // SQL sees the safe names.
    const result = await sampleBackend(sampleContext()).query('SELECT "Account_Name", "Prijmeni" FROM "in.c-mine.awkward"', { max_rows: 10 });
    expect(result.rows).toEqual([['Acme, Inc.', 'Dvořák']]);
  });

  const BAD: [string, BodyInit, number, RegExp][] = [
    ['a ragged row', 'a,b\n1,2\n3\n', 3, /the row has 1 fields; the header has 2/],
    ['a ragged row after a value spanning lines (lines, not rows)', 'a,b\n"multi\nline",2\n5,6,7\n', 4, /3 fields/],
    ['an unterminated quote', 'a,b\n1,2\n3,"open\n4,5\n', 3, /unterminated quote/],
    ['text after a closing quote', 'a,b\n"x"y,2\n', 2, /after the closing quote/],
    ['an empty file', '', 1, /empty/],
    ['a header with no names', ',,\n1,2,3\n', 1, /no column names/],
    ['bytes that are not UTF-8', new Uint8Array([...new TextEncoder().encode('a,b\n1,2\n'), 0xff, 0xfe, 0x2c, 0x78, 0x0a]), 3, /not UTF-8/],
  ];
  for (const [what, body, line, reason] of BAD) {
    it(`refuses ${what} with 400, the line and the reason, and changes nothing`, async () => {
      const good = 'a,b\n1,2\n';
      await upload(author, 'in.c-mine.kept', good, '&replace=true');
      const before = await tables(author);
      const res = await upload(author, 'in.c-mine.kept', body, '&replace=true');
      expect(res.status).toBe(400);
      const { error } = await json(res);
      expect(error).toMatchObject({ code: 'invalid_csv', details: { line, table_id: 'in.c-mine.kept' } });
      expect(error.details.reason).toMatch(reason);
      expect(error.message).toContain(`line ${line}`);
      expect(await tables(author)).toEqual(before);
      expect(await stored('sample/in.c-mine/kept.csv')).toBe(good);
      // A new table refused is not created at all.
      expect((await upload(author, 'in.c-mine.never', body)).status).toBe(400);
      expect((await tables(author)).map((t) => t.id)).not.toContain('in.c-mine.never');
      expect(await env.BUCKET.head('sample/in.c-mine/never.csv')).toBeNull();
    });
  }

  it('refuses a file over 100 MiB with 413 and stores nothing', async () => {
    const line = new TextEncoder().encode(`${'x'.repeat(1023)}\n`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 101 * 1024 * 1024) return controller.close();
        controller.enqueue(line);
        sent += line.byteLength;
      },
    });
    const res = await upload(author, 'in.c-mine.huge', body);
    expect(res.status).toBe(413);
    expect((await json(res)).error).toMatchObject({ code: 'payload_too_large', details: { line: 102401 } });
    expect(await env.BUCKET.head('sample/in.c-mine/huge.csv')).toBeNull();
    expect((await tables(author)).map((t) => t.id)).not.toContain('in.c-mine.huge');
  });

  it('refuses a bad table id (422), a non-CSV body (415) and replacing without replace=true (409)', async () => {
    expect((await upload(author, 'mine.contacts', 'a\n1\n')).status).toBe(422);
    expect((await call('POST', '/local-project/tables?table_id=in.c-mine.x', author, { json: { a: 1 } })).status).toBe(415);
    const again = await upload(author, 'in.c-mine.awkward', 'a\n1\n');
    expect(again.status).toBe(409);
    expect((await tables(author)).find((t) => t.id === 'in.c-mine.awkward').rows_count).toBe(1);
  });

  it('is for authors and admins: a runner is refused (403) and nothing is stored', async () => {
    const runner = await createTestUser('runner');
    const res = await upload(runner, 'in.c-mine.runners', 'a\n1\n');
    expect(res.status).toBe(403);
    expect((await json(res)).error.message).toMatch(/runner.*may not upload tables/);
    expect(await env.BUCKET.head('sample/in.c-mine/runners.csv')).toBeNull();
    expect((await tables(runner)).map((t) => t.id)).not.toContain('in.c-mine.runners');
    const admin = await createTestUser('admin');
    expect((await upload(admin, 'in.c-mine.admins', 'a\n1\n')).status).toBe(201);
  });

  it('a table whose stored data is broken fails only for itself; the others keep working', async () => {
    expect((await upload(author, 'in.c-mine.breaks', 'a,b\n1,2\n')).status).toBe(201);
    await env.BUCKET.put('sample/in.c-mine/breaks.csv', 'a,b\n1,"never closed\n'); // damaged behind the project's back
    const backend = sampleBackend(sampleContext());
    await expect(backend.query('SELECT * FROM "in.c-mine.breaks"', { max_rows: 5 })).rejects.toThrow(/in\.c-mine\.breaks is not valid CSV/);
    expect((await tables(author)).map((t) => t.id)).toEqual(expect.arrayContaining(['in.c-mine.breaks', 'in.c-salesforce.contacts']));
    const other = await backend.query('SELECT COUNT(*) FROM "in.c-salesforce.contacts"', { max_rows: 1 });
    expect(other.rows).toEqual([[885]]);
    expect((await backend.tableDetail('in.c-hubspot.contacts')).rows_count).toBe(1107);
    // Uploading a good file again heals it.
    expect((await upload(author, 'in.c-mine.breaks', 'a,b\n3,4\n', '&replace=true')).status).toBe(200);
    expect((await backend.query('SELECT b FROM "in.c-mine.breaks"', { max_rows: 5 })).rows).toEqual([[4]]);
  });
});

/** A bundled CRM table with its header replaced by the awkward names a user's export might have. */
function renamed(path: string, header: string): string {
  const text = SAMPLE_TABLES[path]!;
  return `${header}\n${text.slice(text.indexOf('\n') + 1)}`;
}

describe('the data-cleanup Playbook on uploaded tables', () => {
  const HUBSPOT = 'in.c-mine.hubspot_export';
  const SALESFORCE = 'in.c-mine.salesforce_export';
  const TARGET = 'out.c-mine-360';

  it('forks, validates the uploaded tables as inputs, finds the id column "VID (HubSpot)" itself, and runs to done', async () => {
    // "VID (HubSpot)" is no id synonym: the normaliser must find it by its unique values.
    const hub = renamed('in.c-hubspot/contacts.csv', 'VID (HubSpot),First Name,Last Name,E-mail Address,Phone #,Account.Name,Město,Country,');
    const sf = renamed('in.c-salesforce/contacts.csv', 'Id,First Name,Last Name,E-mail Address,Phone,Account.Name,Mailing City,Mailing Country,Created Date');
    expect((await upload(author, HUBSPOT, hub)).status).toBe(201);
    expect((await upload(author, SALESFORCE, sf)).status).toBe(201);

    const forked = await call('POST', '/blueprints/data-cleanup-for-ai/fork', author, { json: { name: 'My cleanup' } });
    expect(forked.status).toBe(201);
    const playbookId = (await json(forked)).id;
    // The table input offers the uploaded tables, and a run on a table that does not exist is refused.
    const options = await json(await call('GET', `/playbooks/${playbookId}/inputs/source_tables/options`, author));
    expect(options.options.map((o: any) => o.value)).toEqual(expect.arrayContaining([HUBSPOT, SALESFORCE]));
    const missing = await call('POST', `/playbooks/${playbookId}/run`, author, { json: { inputs: { source_tables: [HUBSPOT, 'in.c-mine.nope'], target_bucket: TARGET } } });
    expect(missing.status).toBe(422);

    const runId = await startRun(author, playbookId, { source_tables: [HUBSPOT, SALESFORCE], target_bucket: TARGET });
    const waiting = await drive(runId, author);
    expect(waiting.status, JSON.stringify(waiting.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_input');
    const normalised = waiting.steps.find((s: any) => s.id === 'detect-overlap').outputs.normalise;
    const hubNorm = normalised.find((n: any) => n.source === HUBSPOT);
    expect(hubNorm).toMatchObject({ id_column: 'VID_HubSpot', id_column_from: 'unique_values' });
    expect(hubNorm.mapping).toMatchObject({ First_Name: 'first_name', E_mail_Address: 'email', Account_Name: 'company' });

    const question = waiting.questions.find((q: any) => q.status === 'pending');
    const recommended: string[] = waiting.steps.find((s: any) => s.id === 'propose-rules').outputs.proposals.recommended;
    expect(recommended.length).toBeGreaterThan(0);
    const answered = await call('POST', `/runs/${runId}/input`, author, { json: { question_id: question.id, answer: recommended } });
    expect(answered.status, await answered.clone().text()).toBe(200);
    let run = await drive(runId, author);
    for (const table of ['entities', 'entity_xref']) {
      expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_approval');
      const approval = pendingApproval(run);
      expect(approval.payload.args.table_id).toBe(`${TARGET}.${table}`);
      run = await approveAndCommit(author, runId, approval);
    }
    // The register step's write into the semantic layer is approved too (issue 17).
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('waiting_for_approval');
    const register = pendingApproval(run);
    expect(register).toMatchObject({ tool_id: 'keboola.semantic.put', risk: 'write' });
    run = await approveAndCommit(author, runId, register);
    expect(run.status, JSON.stringify(run.steps.map((s: any) => [s.id, s.status, s.error]))).toBe('done');

    const clusterMap = Papa.parse<Record<string, string>>(await (await call('GET', `/runs/${runId}/artifacts/er/cluster_map.csv`, author)).text(), { header: true, skipEmptyLines: 'greedy' }).data;
    expect(clusterMap).toHaveLength(1107 + 885);
    expect(clusterMap.filter((r) => r.source === HUBSPOT).map((r) => r.row_id)).toContain('10475'); // the VID, not a row number
    const report = await (await call('GET', `/runs/${runId}/artifacts/report.md`, author)).text();
    expect(report).toContain(HUBSPOT);
    expect(report).toContain(SALESFORCE);
    expect((await tables(author)).map((t) => t.id)).toEqual(expect.arrayContaining([`${TARGET}.entities`, `${TARGET}.entity_xref`]));
  });
});
