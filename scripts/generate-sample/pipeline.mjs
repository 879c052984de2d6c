// Sales-pipeline process mining: Salesforce opportunities and their stage history (OpportunityFieldHistory).
// The generator walks each deal through canonical stages, renders them as raw Salesforce labels, and
// computes the ground truth from those walks (never from the CSVs). Planted: Negotiation is the
// bottleneck, Negotiation -> Proposal is a rework loop that costs wins, Discovery is the skipped stage.
// It refuses to write data that does not show those facts.
import { makeCompanies } from './people.mjs';

export const AS_OF = '2026-11-01T00:00:00Z';
export const LOOKBACK_DAYS = 365;
const STALL_DAYS = 30;
const DAY = 86_400_000;
const HOUR = 3_600_000;
const AS_OF_MS = Date.parse(AS_OF);
const WINDOW_START = AS_OF_MS - LOOKBACK_DAYS * DAY;
const IN_WINDOW = 400;
const BEFORE_WINDOW = 20;

export const RAW_TO_CANONICAL = {
  Prospecting: 'Prospecting', Qualification: 'Qualification', 'Needs Analysis': 'Discovery', 'Id. Decision Makers': 'Discovery',
  'Proposal/Price Quote': 'Proposal', 'Negotiation/Review': 'Negotiation', 'Closed Won': 'Closed Won', 'Closed Lost': 'Closed Lost',
};
export const INTENDED_ORDER = ['Prospecting', 'Qualification', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won', 'Closed Lost'];
const OPEN_STAGES = INTENDED_ORDER.slice(0, 5);
const CLOSED = new Set(['Closed Won', 'Closed Lost']);
// Closed Won and Closed Lost share the last place: neither comes "after" the other.
const rank = (stage) => Math.min(INTENDED_ORDER.indexOf(stage), 5);
const RAW = { Prospecting: 'Prospecting', Qualification: 'Qualification', Proposal: 'Proposal/Price Quote', Negotiation: 'Negotiation/Review', 'Closed Won': 'Closed Won', 'Closed Lost': 'Closed Lost' };

// Median dwell in days; Negotiation (legal and procurement) is slow, and slowest for Enterprise.
const DWELL = { Prospecting: 5, Qualification: 6, Discovery: 8, Proposal: 7 };
const SEGMENTS = {
  SMB: { share: 45, cents: [5_000_00, 25_000_00], pace: 0.9, negotiation: 17 },
  'Mid-Market': { share: 35, cents: [25_000_00, 90_000_00], pace: 1, negotiation: 26 },
  Enterprise: { share: 20, cents: [90_000_00, 400_000_00], pace: 1.25, negotiation: 38 },
};
const KINDS = ['New Business', 'Renewal', 'Upsell', 'Expansion', 'Pilot'];
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const iso = (ms) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
const money = (cents) => (cents / 100).toFixed(2);
const round2 = (x) => Math.round(x * 100) / 100;
const median = (xs) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Days until the next stage: around the median (0.3x-1.7x), sometimes stuck far longer. Whole seconds, >= 12 h. */
function dwell(r, med, stuck) {
  const f = 0.3 + 1.4 * ((r.next() + r.next() + r.next()) / 3);
  const days = med * f + (r.chance(stuck) ? r.int(25, 80) : 0);
  return Math.max(43_200, Math.round(days * 86_400)) * 1000;
}

/** One deal's full canonical walk (may run past AS_OF; the caller cuts it). */
function walk(r, segment, created) {
  const seg = SEGMENTS[segment];
  const visits = [];
  let stage = r.chance(0.07) ? 'Qualification' : 'Prospecting';
  let t = created;
  let reworks = 0;
  let backToDiscovery = false;
  for (;;) {
    visits.push({ stage, t });
    if (CLOSED.has(stage)) return { visits, reworks };
    const rounds = visits.filter((v) => v.stage === stage).length;
    let next;
    if (stage === 'Prospecting') next = 'Qualification';
    else if (stage === 'Qualification') next = r.weighted([['Closed Lost', 7], ['Proposal', 15], ['Discovery', 78]]);
    else if (stage === 'Discovery') next = r.chance(0.035) ? 'Closed Lost' : 'Proposal';
    else if (stage === 'Proposal' && reworks > 0) next = 'Negotiation';
    else if (stage === 'Proposal' && !backToDiscovery && r.chance(0.02)) {
      next = 'Discovery';
      backToDiscovery = true;
    } else if (stage === 'Proposal') next = r.chance(0.035) ? 'Closed Lost' : 'Negotiation';
    else if (reworks < 2 && r.chance(reworks === 0 ? 0.28 : 0.12)) {
      next = 'Proposal';
      reworks++;
    } else next = r.chance(reworks > 0 ? 0.27 : 0.67) ? 'Closed Won' : 'Closed Lost';
    // A revised quote is quicker than the first; later rounds of negotiation are a bit shorter.
    const med = stage === 'Negotiation' ? seg.negotiation * (rounds > 1 ? 0.8 : 1)
      : (stage === 'Proposal' && rounds > 1 && reworks > 0 ? 4 : DWELL[stage]) * seg.pace;
    t += dwell(r, med, stage === 'Negotiation' ? 0.16 : 0.03);
    stage = next;
  }
}

/** An 18-character Salesforce Id: key prefix, pod, record number in base 62, then the case-safe suffix. */
function sfId(prefix, n) {
  let id = '';
  for (let i = 0; i < 9; i++, n = Math.floor(n / 62)) id = B62[n % 62] + id;
  id = `${prefix}8d0${id}`;
  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) if (/[A-Z]/.test(id[chunk * 5 + i])) bits |= 1 << i;
    suffix += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[bits];
  }
  return id + suffix;
}

export function pipelineTables(r) {
  const accounts = makeCompanies(r, 160);
  const deals = [];
  for (let i = 0; i < IN_WINDOW + BEFORE_WINDOW; i++) {
    const before = i < BEFORE_WINDOW;
    // The pipeline grows over the year, so recent months hold more deals (and the open ones).
    const u = before ? 1 + r.next() * 0.6 : r.chance(0.5) ? Math.min(r.next(), r.next()) : r.next();
    const day = Math.floor(u * LOOKBACK_DAYS);
    const created = AS_OF_MS - (day + 1) * DAY + r.int(7 * 3600, 19 * 3600) * 1000;
    const segment = r.weighted(Object.entries(SEGMENTS).map(([k, s]) => [k, s.share]));
    const { visits: full, reworks } = walk(r, segment, created);
    const visits = full.filter((v) => v.t < AS_OF_MS);
    const account = r.pick(accounts);
    const [lo, hi] = SEGMENTS[segment].cents;
    const cents = Math.round((lo + r.next() * (hi - lo)) / 100) * 100;
    // An open deal's CloseDate is its expected close: when the walk (cut at AS_OF) would have closed it.
    deals.push({
      created, segment, team: r.weighted([['East', 40], ['West', 40], ['Partner', 20]]),
      account, kind: r.pick(KINDS), visits, reworks, inWindow: created >= WINDOW_START,
      open: !CLOSED.has(visits[visits.length - 1].stage), closeDate: full[full.length - 1].t, amounts: [cents],
    });
  }
  // Record numbers grow with creation, as in a real org; the history comes ordered by OpportunityId
  // and CreatedDate. Sequential Ids also keep the CSVs compressible (they ship inside the Worker).
  deals.sort((a, b) => a.created - b.created);
  let opportunityNo = 5_200_000;
  let historyNo = 41_000_000;
  for (const d of deals) d.id = sfId('006', (opportunityNo += r.int(1, 3)));
  const history = deals.flatMap((d) => renderHistory(r, d).map((x) => ({ Id: sfId('017', ++historyNo), OpportunityId: d.id, CreatedDate: iso(x.ms), ...x })));
  const truth = groundTruth(deals.filter((d) => d.inWindow), deals.filter((d) => !d.inWindow).length);
  const winRates = verify(deals, history, truth);
  return { tables: tableDefinitions(deals, history), truth, winRates };
}

/** Raw StageName rows (Discovery may be two labels), then Amount edits in gaps of at least 2 h. */
function renderHistory(r, d) {
  const rows = [];
  const stageRow = (ms, oldValue, newValue) => rows.push({ ms, Field: 'StageName', OldValue: oldValue, NewValue: newValue });
  let last = '';
  d.visits.forEach((v, i) => {
    const end = i + 1 < d.visits.length ? d.visits[i + 1].t : AS_OF_MS;
    const labels = v.stage !== 'Discovery' ? [RAW[v.stage]]
      : r.chance(0.03) ? ['Needs Analysis', 'Id. Decision Makers'] : [r.chance(0.75) ? 'Needs Analysis' : 'Id. Decision Makers'];
    stageRow(v.t, last, labels[0]);
    last = labels[0];
    if (labels.length === 2 && end - v.t >= 3 * HOUR) {
      stageRow(v.t + r.int(1, Math.floor((end - v.t) / HOUR) - 1) * HOUR, last, labels[1]);
      last = labels[1];
    }
  });
  d.stageName = last;
  const edits = r.chance(0.45) ? (r.chance(0.15) ? 2 : 1) : 0;
  for (let e = 0; e < edits; e++) {
    const times = [...rows.map((x) => x.ms), ...(d.open ? [AS_OF_MS] : [])].sort((a, b) => a - b);
    const gaps = times.slice(1).map((b, i) => [times[i], b]).filter(([a, b]) => b - a >= 2 * HOUR);
    if (gaps.length === 0) break;
    const [a, b] = r.pick(gaps);
    const prev = d.amounts[d.amounts.length - 1];
    const rounded = Math.round((prev * (0.75 + r.next() * 0.5)) / 10000) * 10000;
    const next = rounded > 0 && rounded !== prev ? rounded : prev + 10000;
    d.amounts.push(next);
    rows.push({ ms: a + r.int(1, Math.floor((b - a) / HOUR) - 1) * HOUR, Field: 'Amount', OldValue: money(prev), NewValue: money(next) });
  }
  // Amount edits were placed in time gaps, so their Old/New chain must follow time order too.
  const amountRows = rows.filter((x) => x.Field === 'Amount').sort((x, y) => x.ms - y.ms);
  amountRows.forEach((x, i) => Object.assign(x, { OldValue: money(d.amounts[i]), NewValue: money(d.amounts[i + 1]) }));
  return rows.sort((x, y) => x.ms - y.ms);
}

/** The process-mining answers (ground-truth/pipeline-process.json), from the walks themselves. */
function groundTruth(cases, excluded) {
  const transitions = new Map();
  const dwellDays = Object.fromEntries(OPEN_STAGES.map((s) => [s, []]));
  const stalled = Object.fromEntries(OPEN_STAGES.map((s) => [s, { cases: 0, cents: 0 }]));
  const rework = new Map();
  const skipped = Object.fromEntries(OPEN_STAGES.map((s) => [s, 0]));
  const variants = new Map();
  let events = 0;
  for (const c of cases) {
    const v = c.visits;
    events += v.length;
    const backward = new Set();
    v.forEach((a, i) => {
      const end = i + 1 < v.length ? v[i + 1].t : c.open ? AS_OF_MS : null;
      if (end !== null && !CLOSED.has(a.stage)) dwellDays[a.stage].push((end - a.t) / DAY);
      if (i + 1 === v.length) return;
      const key = `${a.stage} -> ${v[i + 1].stage}`;
      transitions.set(key, (transitions.get(key) ?? 0) + 1);
      if (rank(v[i + 1].stage) < rank(a.stage)) {
        const entry = rework.get(key) ?? { transitions: 0, cases: 0 };
        entry.transitions++;
        if (!backward.has(key)) entry.cases++, backward.add(key);
        rework.set(key, entry);
      }
    });
    const lastVisit = v[v.length - 1];
    if (c.open && (AS_OF_MS - lastVisit.t) / DAY > STALL_DAYS) stalled[lastVisit.stage].cases++, stalled[lastVisit.stage].cents += c.amounts[c.amounts.length - 1];
    const seen = new Set(v.map((x) => x.stage));
    // Skipped: went past a stage without it, to a later open stage or to a win; a loss skips nothing.
    const furthest = Math.max(...v.filter((x) => x.stage !== 'Closed Lost').map((x) => rank(x.stage)));
    for (const s of OPEN_STAGES) if (rank(s) > rank(v[0].stage) && rank(s) < furthest && !seen.has(s)) skipped[s]++;
    if (!c.open) {
      const key = v.map((x) => x.stage).join(' > ');
      const entry = variants.get(key) ?? { variant: key, cases: 0, won: 0 };
      entry.cases++;
      if (lastVisit.stage === 'Closed Won') entry.won++;
      variants.set(key, entry);
    }
  }
  const pairOrder = (k) => k.split(' -> ').map((s) => INTENDED_ORDER.indexOf(s));
  const byPair = (a, b) => { const [x, y] = [pairOrder(a), pairOrder(b)]; return x[0] - y[0] || x[1] - y[1]; };
  const loop = rework.get('Negotiation -> Proposal') ?? { transitions: 0, cases: 0 };
  const closed = cases.filter((c) => !c.open);
  return {
    as_of: AS_OF, lookback_days: LOOKBACK_DAYS, stall_threshold_days: STALL_DAYS,
    cases: cases.length, closed_cases: closed.length, won_cases: closed.filter((c) => c.visits[c.visits.length - 1].stage === 'Closed Won').length,
    open_cases: cases.length - closed.length, stage_events: events, excluded_before_lookback: excluded,
    raw_to_canonical: RAW_TO_CANONICAL, intended_order: INTENDED_ORDER,
    bottleneck_stage: 'Negotiation', rework_loop: { from: 'Negotiation', to: 'Proposal', ...loop },
    transitions: Object.fromEntries([...transitions].sort(([a], [b]) => byPair(a, b))),
    dwell: Object.fromEntries(OPEN_STAGES.map((s) => [s, { visits: dwellDays[s].length, median_days: dwellDays[s].length ? round2(median(dwellDays[s])) : null }])),
    stalled: Object.fromEntries(OPEN_STAGES.map((s) => [s, { cases: stalled[s].cases, amount: stalled[s].cents / 100 }])),
    rework: Object.fromEntries([...rework].sort(([a], [b]) => byPair(a, b))),
    skipped,
    variants: [...variants.values()].sort((a, b) => b.cases - a.cases || (a.variant < b.variant ? -1 : 1)).slice(0, 5),
  };
}

/** Refuses data that breaks the contract or does not tell the planted story. */
function verify(deals, history, truth) {
  const fail = (msg) => { throw new Error(`pipeline sample: ${msg}`); };
  const rows = new Map(deals.map((d) => [d.id, []]));
  for (const h of history) rows.get(h.OpportunityId).push(h);
  for (const d of deals) {
    const hs = rows.get(d.id).sort((a, b) => a.ms - b.ms);
    if (hs[0].ms !== d.created || hs[0].Field !== 'StageName' || hs[0].OldValue !== '') fail(`${d.id}: first row is not the creation`);
    if (hs.some((h, i) => h.ms >= AS_OF_MS || (i > 0 && h.ms - hs[i - 1].ms < HOUR))) fail(`${d.id}: history times out of order or after AS_OF`);
    if (d.visits.some((v, i) => i > 0 && v.stage === d.visits[i - 1].stage)) fail(`${d.id}: repeated canonical stage`);
  }
  if (truth.excluded_before_lookback !== BEFORE_WINDOW || truth.cases !== IN_WINDOW) fail('wrong number of cases around the lookback window');
  const others = OPEN_STAGES.filter((s) => s !== 'Negotiation');
  const top = (values) => others.every((s) => values[s] < values.Negotiation);
  if (!top(Object.fromEntries(OPEN_STAGES.map((s) => [s, truth.dwell[s].median_days])))) fail('Negotiation is not the slowest stage');
  if (!top(Object.fromEntries(OPEN_STAGES.map((s) => [s, truth.stalled[s].amount])))) fail('Negotiation does not hold the most stalled value');
  if (Object.entries(truth.rework).some(([k, e]) => k !== 'Negotiation -> Proposal' && e.transitions >= truth.rework_loop.transitions)) fail('Negotiation -> Proposal is not the main rework loop');
  if (OPEN_STAGES.some((s) => s !== 'Discovery' && truth.skipped[s] >= truth.skipped.Discovery)) fail('Discovery is not the most skipped stage');
  const negotiated = deals.filter((d) => d.inWindow && !d.open && d.visits.some((v) => v.stage === 'Negotiation'));
  const winRate = (ds) => ds.filter((d) => d.visits[d.visits.length - 1].stage === 'Closed Won').length / ds.length;
  const winRates = { rework: winRate(negotiated.filter((d) => d.reworks > 0)), other: winRate(negotiated.filter((d) => d.reworks === 0)) };
  if (winRates.rework > winRates.other - 0.15) fail('rework does not lower the win rate');
  const negotiationDays = (segment) => median(deals.filter((d) => d.inWindow && d.segment === segment).flatMap((d) => d.visits.flatMap((v, i) => (v.stage === 'Negotiation' && i + 1 < d.visits.length ? [d.visits[i + 1].t - v.t] : []))));
  if (negotiationDays('Enterprise') <= negotiationDays('SMB')) fail('Enterprise does not negotiate longer than SMB');
  const openShare = truth.open_cases / truth.cases;
  if (openShare < 0.18 || openShare > 0.32) fail(`open share ${openShare.toFixed(2)} is not about 25 %`);
  return winRates;
}

function tableDefinitions(deals, history) {
  const bucket = 'Salesforce CRM (sample)';
  return [
    {
      id: 'in.c-salesforce.opportunities', bucketDescription: bucket,
      description: 'Salesforce Opportunity object (keboola.ex-salesforce), full load. StageName is the current stage; CloseDate is expected (open) or actual (closed).',
      columns: ['Id', 'Name', 'AccountName', 'Amount', 'CreatedDate', 'CloseDate', 'StageName', 'IsClosed', 'IsWon', 'Segment', 'OwnerTeam'], primaryKey: ['Id'],
      rows: deals.map((d) => ({
        Id: d.id, Name: `${d.account.base} - ${d.kind}`, AccountName: d.account.legal, Amount: money(d.amounts[d.amounts.length - 1]),
        CreatedDate: iso(d.created), CloseDate: iso(d.closeDate).slice(0, 10), StageName: d.stageName,
        IsClosed: String(!d.open), IsWon: String(d.stageName === 'Closed Won'), Segment: d.segment, OwnerTeam: d.team,
      })),
    },
    {
      id: 'in.c-salesforce.opportunity_field_history', bucketDescription: bucket,
      description: 'Salesforce OpportunityFieldHistory (keboola.ex-salesforce): tracked changes of StageName and Amount; the first StageName row of an opportunity is its creation.',
      columns: ['Id', 'OpportunityId', 'CreatedDate', 'Field', 'OldValue', 'NewValue'], primaryKey: ['Id'], rows: history,
    },
  ];
}
