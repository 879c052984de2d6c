import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import crmTruth from '../../sample/ground-truth/crm-entities.csv?raw';
import costVariances from '../../sample/ground-truth/cost-variances.csv?raw';
import { sampleBackend } from '../../src/connections/keboola/sample/backend';
import { sampleContext } from './context';

// The sample has to be worth running the acceptance scenarios on (spec §10): the CRM sources must
// really overlap and be messy, and the cost tables must reconcile with variances to classify.

const rows = <T>(csv: string) => Papa.parse<T>(csv, { header: true, skipEmptyLines: true }).data;
const CRM = ['in.c-salesforce.contacts', 'in.c-hubspot.contacts', 'in.c-zendesk.users'];

describe('sample data: CRM contacts (scenario A)', () => {
  const truth = rows<{ source: string; row_id: string; entity_id: string; corruptions: string }>(crmTruth);

  it('maps every source row to exactly one entity', async () => {
    const backend = sampleBackend(sampleContext());
    for (const id of CRM) {
      const { primary_key } = await backend.tableDetail(id);
      const ids = rows<Record<string, string>>(await backend.exportCsv(id)).map((r) => r[primary_key[0]!]!);
      const mapped = truth.filter((t) => t.source === id).map((t) => t.row_id);
      expect(mapped.sort(), id).toEqual(ids.sort());
      expect(new Set(ids).size, id).toBe(ids.length);
    }
  });

  it('holds duplicates across and within sources', () => {
    const sources = new Map<string, Map<string, number>>();
    for (const t of truth) {
      const perSource = sources.get(t.entity_id) ?? new Map<string, number>();
      perSource.set(t.source, (perSource.get(t.source) ?? 0) + 1);
      sources.set(t.entity_id, perSource);
    }
    const groups = [...sources.values()];
    expect(groups.filter((g) => g.size >= 2).length).toBeGreaterThan(500);
    expect(groups.filter((g) => g.size === 3).length).toBeGreaterThan(100);
    for (const id of CRM) expect(groups.filter((g) => (g.get(id) ?? 0) > 1).length, id).toBeGreaterThan(20);
  });

  it('is messy the way real CRMs are: an exact e-mail join finds well under half of the true pairs', async () => {
    const backend = sampleBackend(sampleContext());
    const emailOf = new Map<string, string>();
    const columns: Record<string, [string, string]> = { 'in.c-salesforce.contacts': ['Id', 'Email'], 'in.c-hubspot.contacts': ['vid', 'email'], 'in.c-zendesk.users': ['id', 'email'] };
    for (const id of CRM) {
      const [key, email] = columns[id]!;
      for (const r of rows<Record<string, string>>(await backend.exportCsv(id))) emailOf.set(`${id}|${r[key]}`, r[email]!);
    }
    const byEntity = new Map<string, string[]>();
    for (const t of truth) byEntity.set(t.entity_id, [...(byEntity.get(t.entity_id) ?? []), emailOf.get(`${t.source}|${t.row_id}`)!]);
    let pairs = 0;
    let exact = 0;
    for (const emails of byEntity.values()) {
      for (let i = 0; i < emails.length; i++) for (let j = i + 1; j < emails.length; j++) {
        pairs += 1;
        if (emails[i] !== '' && emails[i] === emails[j]) exact += 1;
      }
    }
    expect(pairs).toBeGreaterThan(1000);
    expect(exact / pairs).toBeLessThan(0.5);
    const corruptions = new Set(truth.flatMap((t) => t.corruptions.split(' ')));
    for (const kind of ['nickname', 'first_typo', 'last_typo', 'email_case', 'email_plus', 'personal_email', 'shared_switchboard', 'email_placeholder', 'name_reversed']) {
      expect(corruptions, kind).toContain(kind);
    }
  });
});

describe('sample data: cost allocation (scenario B)', () => {
  const allocation = (period: string) => `
    WITH pools AS (
      SELECT period, cost_center, SUM(amount) AS pool FROM "in.c-finance.gl_costs" WHERE period = '${period}' GROUP BY period, cost_center
    ), shares AS (
      SELECT period, cost_center, product_id, driver_qty * 1.0 / SUM(driver_qty) OVER (PARTITION BY period, cost_center) AS share
        FROM "in.c-finance.allocation_drivers" WHERE period = '${period}' AND driver_qty > 0
    )
    SELECT s.product_id, SUM(p.pool * s.share) AS allocated_amount
      FROM pools p JOIN shares s ON s.period = p.period AND s.cost_center = p.cost_center
     GROUP BY s.product_id ORDER BY s.product_id`;

  it('allocates every period\'s GL cost in full: SUM(allocated) = SUM(cost) ± 0.01, no pool without drivers', async () => {
    const backend = sampleBackend(sampleContext());
    for (const period of ['2026-09', '2026-10']) {
      const cost = (await backend.query(`SELECT SUM(amount) FROM "in.c-finance.gl_costs" WHERE period = '${period}'`, { max_rows: 1 })).rows[0]![0] as number;
      const allocated = (await backend.query(`SELECT SUM(allocated_amount) FROM (${allocation(period)})`, { max_rows: 1 })).rows[0]![0] as number;
      expect(cost, period).toBeGreaterThan(1_000_000);
      expect(Math.abs(allocated - cost), period).toBeLessThanOrEqual(0.01);
      const uncovered = await backend.query(
        `SELECT DISTINCT g.cost_center FROM "in.c-finance.gl_costs" g
          WHERE g.period = '${period}' AND NOT EXISTS (SELECT 1 FROM "in.c-finance.allocation_drivers" d
            WHERE d.period = g.period AND d.cost_center = g.cost_center AND d.driver_qty > 0)`,
        { max_rows: 10 },
      );
      expect(uncovered.rows, period).toEqual([]);
    }
  });

  it('moves exactly the products with a story by more than 5 % between the periods', async () => {
    const backend = sampleBackend(sampleContext());
    const [prior, current] = await Promise.all(['2026-09', '2026-10'].map(async (p) => new Map((await backend.query(allocation(p), { max_rows: 100 })).rows as [string, number][])));
    const flagged = [...current!.keys()].filter((id) => !prior!.has(id) || Math.abs(current!.get(id)! / prior!.get(id)! - 1) > 0.05).sort();
    const expected = rows<{ product_id: string; flagged: string; expected_classification: string }>(costVariances).filter((v) => v.flagged === 'yes');
    expect(flagged).toEqual(expected.map((v) => v.product_id).sort());
    expect(new Set(expected.map((v) => v.expected_classification))).toEqual(new Set(['new product launch', 'acquisition', 'data quality', 'one-off', 'trend']));
  });
});
