// The weekly margin ground truth (ground-truth/margin.json), computed from the sales_lines and
// standard_costs rows exactly as they are written to the CSVs (strings), in integer cents, without
// the generator's parameters. The margin-analysis and variance-detector skills implement the same
// rules (blueprints/weekly-margin-cockpit.yaml); RULES below is their reference definition and is
// written into the file. Only the price leak's customer and category are handed in by the generator,
// because nothing in the data says which discount was unapproved; every other planted item is found
// here from the rows, and the generator refuses data where this disagrees with its story.

export const REPORTING_WEEK = '2026-W44';
export const THRESHOLD_PP = 2;
export const MIN_IMPACT = 500;
const TOP_EROSIONS = 10;
const TOP_IMPROVEMENTS = 5;
const ANOMALY_HALF_WINDOW = 4;

export const RULES = [
  'Weeks are ISO weeks (Monday to Sunday) of invoice_date. The prior week is the week before the reporting week, the trailing weeks are the four weeks before the reporting week (the prior week is the last of them), the last-year week is the same ISO week number one year earlier.',
  'Line cost = quantity x unit_cost, where unit_cost is that of the standard_costs row of the SKU with the latest valid_from on or before invoice_date. A line without such a row has no cost.',
  'Revenue = net_revenue of all lines; quantity = net quantity of all lines. Returns (quantity < 0) stay in with negative revenue and cost.',
  'Cost, margin (= revenue - cost) and margin_rate (= margin / revenue) cover only the lines with a cost: revenue_with_cost and quantity_with_cost are their revenue and quantity. Lines without a cost are reported under no_cost and data_issues.',
  'Bridge (reporting week 1 against base week 0), over the lines with a cost: per SKU Q = net quantity, P = revenue / Q, C = cost / Q, M = revenue - cost; M, Qt = sums over SKUs; m0 = M0 / Qt0. A SKU is in both periods when its Q is not zero in either. price = sum over both of Q1 (P1 - P0); cost = - sum over both of Q1 (C1 - C0); volume = (Qt1 - Qt0) m0; mix = (M1 - M0) - price - cost - volume.',
  'Inside mix: new_sku = sum over SKUs with lines in week 1 that are not in both of (M1 - Q1 m0); discontinued_sku = - sum over SKUs with lines in week 0 that are not in both of (M0 - Q0 m0); continuing = mix - new_sku - discontinued_sku (= sum over both of (Q1 - Q0)(M0/Q0 - m0)).',
  'Rounding: price, cost, volume, new_sku and discontinued_sku are computed unrounded and rounded to cents at the end; mix is (M1 - M0) minus the three rounded effects, continuing is mix minus the two rounded parts, so each bridge adds up to the cent.',
  'bridge_by_category: the same bridge over each category\'s lines (category as in the data; the empty string is a group of its own), with that category\'s m0.',
  'Exceptions: every SKU and every customer with revenue_with_cost > 0 in the reporting week and in the trailing weeks together. rate = margin / revenue_with_cost of the reporting week; trailing_rate = the same over the four trailing weeks pooled. rate_change_pp = (rate - trailing_rate) x 100; impact = revenue_with_cost x (trailing_rate - rate), positive when the margin eroded.',
  `Flagged erosion: rate_change_pp < -${THRESHOLD_PP} and impact > ${MIN_IMPACT}; improvement: rate_change_pp > ${THRESHOLD_PP} and -impact > ${MIN_IMPACT} (the blueprint defaults). SKUs and customers are ranked together by |impact| (then kind, then id); the top ${TOP_EROSIONS} erosions and top ${TOP_IMPROVEMENTS} improvements are kept.`,
  'Driving effect of an item: the bridge of its reporting-week lines against its pooled trailing lines; for an erosion the most negative of price, cost and mix, for an improvement the most positive (volume is not a driver of a rate; for a single SKU mix is 0).',
  'Below cost: reporting-week lines with a cost, quantity > 0 and unit_price < unit_cost; loss = quantity x (unit_cost - unit_price).',
  'Data issues: lines without a cost; lines with quantity > 0 and unit_price <= 0; lines whose category is empty (and their SKUs). Given for the reporting week and for all loaded weeks (reporting, trailing and last-year week).',
  `Anomaly: weekly revenue of every week in the data against the median of the other weeks within ${ANOMALY_HALF_WINDOW} weeks either side; the week with the largest |revenue / baseline - 1|. It is explained by the region, then within it the customer, with the largest revenue above their own baseline (same window; a customer without lines in a week has revenue 0).`,
  'Amounts are EUR rounded to cents, rates are fractions rounded to 6 decimals, percentage points to 2 decimals.',
];

// ---- dates and money -------------------------------------------------------------------------
const DAY = 86_400_000;
export const dayNo = (iso) => Date.parse(`${iso}T00:00:00Z`) / DAY;
export const isoDay = (n) => new Date(n * DAY).toISOString().slice(0, 10);
/** Monday 0 ... Sunday 6 (day 0, 1970-01-01, was a Thursday). */
const weekday = (n) => (((n + 3) % 7) + 7) % 7;
const pad2 = (n) => String(n).padStart(2, '0');

/** The ISO week label (YYYY-Www) of a YYYY-MM-DD date. */
export function isoWeek(date) {
  const n = dayNo(date);
  const thursday = n - weekday(n) + 3;
  const year = Number(isoDay(thursday).slice(0, 4));
  return `${year}-W${pad2(Math.floor((thursday - dayNo(`${year}-01-01`)) / 7) + 1)}`;
}

/** The day number of the Monday of an ISO week label. */
export function weekMonday(label) {
  const [, year, week] = /^(\d{4})-W(\d{2})$/.exec(label);
  const jan4 = dayNo(`${year}-01-04`);
  return jan4 - weekday(jan4) + 7 * (Number(week) - 1);
}

export const shiftWeek = (label, weeks) => isoWeek(isoDay(weekMonday(label) + 7 * weeks));
export const weekRange = (label) => ({ week: label, from: isoDay(weekMonday(label)), to: isoDay(weekMonday(label) + 6) });
export const lastYearWeek = (label) => `${Number(label.slice(0, 4)) - 1}${label.slice(4)}`;

/** "-12.5" / "1234.56" / "7" -> cents, without going through a float. */
export const cents = (s) => {
  const text = String(s);
  const negative = text.startsWith('-');
  const [whole, frac = ''] = (negative ? text.slice(1) : text).split('.');
  const value = Number(whole) * 100 + Number(`${frac}00`.slice(0, 2));
  return negative ? -value : value;
};
/** Cents as a plain decimal string with two places. */
export const money = (c) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
const eur = (c) => Math.round(c) / 100;
const rate6 = (x) => Math.round(x * 1e6) / 1e6;
const pp2 = (x) => Math.round(x * 100) / 100;
const sum = (xs, f) => xs.reduce((s, x) => s + f(x), 0);
const byText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const groupBy = (xs, key) => {
  const groups = new Map();
  for (const x of xs) {
    const k = key(x);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(x);
  }
  return groups;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

// ---- the truth ---------------------------------------------------------------------------------

/** `sales` and `costs` are the CSV rows (strings); `priceLeak` names the unapproved discount's customer and category. */
export function marginTruth({ sales, costs }, { priceLeak }) {
  const reporting = REPORTING_WEEK;
  const prior = shiftWeek(reporting, -1);
  const trailing = [-4, -3, -2, -1].map((k) => shiftWeek(reporting, k));
  const lastYear = lastYearWeek(reporting);
  const loaded = new Set([reporting, ...trailing, lastYear]);

  const costRows = groupBy([...costs].sort((a, b) => byText(a.valid_from, b.valid_from)), (c) => c.sku);
  const costOn = (sku, date) => {
    let hit = null;
    for (const c of costRows.get(sku) ?? []) if (c.valid_from <= date) hit = c;
    return hit ? cents(hit.unit_cost) : null;
  };
  const lines = sales.map((row) => {
    const q = Number(row.quantity);
    const unitCost = costOn(row.sku, row.invoice_date);
    return {
      row, id: row.line_id, week: isoWeek(row.invoice_date), sku: row.sku, category: row.category, customer: row.customer_id, region: row.region,
      q, price: cents(row.unit_price), rev: cents(row.net_revenue), unitCost, cost: unitCost === null ? null : q * unitCost,
    };
  });
  const byWeek = groupBy(lines, (l) => l.week);
  const week = (label) => byWeek.get(label) ?? [];
  const costed = (ls) => ls.filter((l) => l.cost !== null);
  const skuName = new Map(sales.map((r) => [r.sku, r.product_name]));
  const customerOf = new Map(sales.map((r) => [r.customer_id, { name: r.customer_name, region: r.region, channel: r.channel }]));

  // Exceptions: items of the reporting week against their pooled trailing weeks.
  const current = costed(week(reporting));
  const base = costed(trailing.flatMap(week));
  const items = [];
  for (const [kind, key] of [['sku', (l) => l.sku], ['customer', (l) => l.customer]]) {
    const baseOf = groupBy(base, key);
    for (const [id, ls] of groupBy(current, key)) {
      const r1 = sum(ls, (l) => l.rev);
      const b = baseOf.get(id) ?? [];
      const r0 = sum(b, (l) => l.rev);
      if (r1 <= 0 || r0 <= 0) continue;
      const rate = (r1 - sum(ls, (l) => l.cost)) / r1;
      const trailingRate = (r0 - sum(b, (l) => l.cost)) / r0;
      const effects = bridgeOf(b, ls);
      const change = rate - trailingRate;
      const candidates = ['price', 'cost', 'mix'].map((k) => [k, effects.raw[k]]);
      const driver = candidates.reduce((best, c) => ((change < 0 ? c[1] < best[1] : c[1] > best[1]) ? c : best))[0];
      items.push({
        kind, id,
        name: kind === 'sku' ? skuName.get(id) : customerOf.get(id).name,
        ...(kind === 'sku' ? { category: ls[0].category } : { region: customerOf.get(id).region, channel: customerOf.get(id).channel }),
        revenue: eur(r1), margin: eur(sum(ls, (l) => l.rev - l.cost)), rate: rate6(rate),
        trailing_revenue: eur(r0), trailing_rate: rate6(trailingRate), rate_change_pp: pp2(change * 100),
        impact: eur(r1 * -change), effects: { price: effects.price, cost: effects.cost, mix: effects.mix }, driver,
        rawImpact: r1 * -change, rawChangePp: change * 100,
      });
    }
  }
  const rank = (a, b) => Math.abs(b.rawImpact) - Math.abs(a.rawImpact) || byText(a.kind, b.kind) || byText(a.id, b.id);
  items.sort(rank);
  const clean = ({ rawImpact, rawChangePp, ...item }) => item;
  const erosions = items.filter((i) => i.rawChangePp < -THRESHOLD_PP && i.rawImpact > MIN_IMPACT * 100).slice(0, TOP_EROSIONS);
  const improvements = items.filter((i) => i.rawChangePp > THRESHOLD_PP && -i.rawImpact > MIN_IMPACT * 100).slice(0, TOP_IMPROVEMENTS);
  const itemOf = (kind, id) => clean(items.find((i) => i.kind === kind && i.id === id) ?? { kind, id, rawImpact: 0, rawChangePp: 0 });

  // Below-cost lines and data issues.
  const belowCost = current.filter((l) => l.q > 0 && l.price < l.unitCost)
    .map((l) => ({ l, loss: l.q * (l.unitCost - l.price) }))
    .sort((a, b) => b.loss - a.loss || byText(a.l.id, b.l.id));
  const issues = (ls) => {
    const total = sum(ls, (l) => l.rev);
    const share = (c) => rate6(total === 0 ? 0 : Math.abs(c) / total);
    const noCost = ls.filter((l) => l.cost === null);
    const zero = ls.filter((l) => l.q > 0 && l.price <= 0);
    const noCategory = ls.filter((l) => l.category === '');
    const skus = (xs) => [...new Set(xs.map((l) => l.sku))].sort(byText);
    return {
      revenue: eur(total),
      no_cost: { lines: noCost.length, revenue: eur(sum(noCost, (l) => l.rev)), revenue_share: share(sum(noCost, (l) => l.rev)), skus: skus(noCost) },
      zero_or_negative_price: { lines: zero.length, revenue: eur(sum(zero, (l) => l.rev)), line_ids: zero.map((l) => l.id) },
      missing_category: { lines: noCategory.length, revenue: eur(sum(noCategory, (l) => l.rev)), revenue_share: share(sum(noCategory, (l) => l.rev)), skus: skus(noCategory) },
    };
  };

  // New and discontinued SKUs: first sold in the reporting week, last sold in the prior week.
  const firstWeek = new Map();
  const lastWeek = new Map();
  for (const l of [...lines].sort((a, b) => byText(a.row.invoice_date, b.row.invoice_date))) {
    if (!firstWeek.has(l.sku)) firstWeek.set(l.sku, l.week);
    lastWeek.set(l.sku, l.week);
  }
  const newSkus = [...firstWeek].filter(([, w]) => w === reporting).map(([s]) => s).sort(byText);
  const discontinued = [...lastWeek].filter(([, w]) => w === prior).map(([s]) => s).sort(byText);

  // Cost changes that take effect in the prior or the reporting week.
  const from = weekRange(prior).from;
  const to = weekRange(reporting).to;
  const costChanges = costs.filter((c) => c.valid_from >= from && c.valid_from <= to && (costRows.get(c.sku)?.[0] !== c))
    .sort((a, b) => byText(a.sku, b.sku) || byText(a.valid_from, b.valid_from))
    .map((c) => {
      const before = costOn(c.sku, isoDay(dayNo(c.valid_from) - 1));
      const after = cents(c.unit_cost);
      const sku = itemOf('sku', c.sku);
      return {
        sku: c.sku, product_name: skuName.get(c.sku) ?? '', valid_from: c.valid_from, unit_cost_before: eur(before), unit_cost_after: eur(after),
        increase_pct: pp2((after / before - 1) * 100), rate: sku.rate, trailing_rate: sku.trailing_rate, rate_change_pp: sku.rate_change_pp, impact: sku.impact, driver: sku.driver,
      };
    });

  // The price leak: its customer's lines of the category, priced against the customer's own trailing prices.
  const leakLines = current.filter((l) => l.customer === priceLeak.customer_id && l.category === priceLeak.category);
  const leakBase = groupBy(base.filter((l) => l.customer === priceLeak.customer_id && l.category === priceLeak.category), (l) => l.sku);
  let atNow = 0;
  let atBefore = 0;
  for (const [sku, ls] of groupBy(leakLines, (l) => l.sku)) {
    const b = leakBase.get(sku);
    if (!b) continue;
    const q1 = sum(ls, (l) => l.q);
    atNow += sum(ls, (l) => l.rev);
    atBefore += q1 * (sum(b, (l) => l.rev) / sum(b, (l) => l.q));
  }
  const leakCustomer = itemOf('customer', priceLeak.customer_id);

  const anomaly = anomalyOf(lines, customerOf);
  // Returns of the reporting week.
  const returns = week(reporting).filter((l) => l.q < 0);

  return {
    rules: RULES,
    reporting_week: weekRange(reporting),
    prior_week: weekRange(prior),
    trailing_weeks: trailing.map(weekRange),
    last_year_week: weekRange(lastYear),
    weeks: Object.fromEntries([reporting, prior, lastYear, ...trailing.filter((w) => w !== prior)].map((w) => [w, totals(week(w))])),
    trailing_total: totals(trailing.flatMap(week)),
    bridge: {
      vs_prior_week: { base_week: prior, week: reporting, ...bridgeOf(costed(week(prior)), current).out },
      vs_last_year: { base_week: lastYear, week: reporting, ...bridgeOf(costed(week(lastYear)), current).out },
    },
    bridge_by_category: {
      vs_prior_week: byCategory(costed(week(prior)), current),
      vs_last_year: byCategory(costed(week(lastYear)), current),
    },
    exceptions: {
      threshold_pp: THRESHOLD_PP,
      min_impact: MIN_IMPACT,
      erosions: erosions.map(clean),
      improvements: improvements.map(clean),
      skus: items.filter((i) => i.kind === 'sku').map(clean),
      customers: items.filter((i) => i.kind === 'customer').map(clean),
    },
    below_cost: {
      lines: belowCost.map(({ l, loss }) => ({
        line_id: l.id, invoice_id: l.row.invoice_id, invoice_date: l.row.invoice_date, customer_id: l.customer, sku: l.sku,
        quantity: l.q, unit_price: eur(l.price), unit_cost: eur(l.unitCost), loss: eur(loss),
      })),
      total_loss: eur(sum(belowCost, (b) => b.loss)),
    },
    data_issues: { reporting_week: issues(week(reporting)), loaded_weeks: issues([...loaded].flatMap(week)) },
    planted: {
      price_leak: {
        customer_id: priceLeak.customer_id, customer_name: customerOf.get(priceLeak.customer_id).name, category: priceLeak.category, week: reporting,
        line_ids: leakLines.map((l) => l.id), price_change_pct: pp2((atNow / atBefore - 1) * 100),
        rate: leakCustomer.rate, trailing_rate: leakCustomer.trailing_rate, rate_change_pp: leakCustomer.rate_change_pp, impact: leakCustomer.impact,
        effects: leakCustomer.effects, driver: leakCustomer.driver,
      },
      cost_increase: costChanges,
      below_cost: { line_ids: belowCost.map(({ l }) => l.id), total_loss: eur(sum(belowCost, (b) => b.loss)) },
      missing_cost: [...groupBy(week(reporting).filter((l) => !costRows.has(l.sku)), (l) => l.sku)].sort(([a], [b]) => byText(a, b)).map(([sku, ls]) => ({
        sku, product_name: skuName.get(sku), lines: ls.length, revenue: eur(sum(ls, (l) => l.rev)), line_ids: ls.map((l) => l.id),
      })),
      missing_category: [...new Set(lines.filter((l) => l.category === '').map((l) => l.sku))].sort(byText).map((sku) => {
        const ls = week(reporting).filter((l) => l.sku === sku);
        return { sku, product_name: skuName.get(sku), lines: ls.length, revenue: eur(sum(ls, (l) => l.rev)), all_lines: lines.filter((l) => l.sku === sku).length };
      }),
      returns: { line_ids: returns.map((l) => l.id), quantity: sum(returns, (l) => l.q), revenue: eur(sum(returns, (l) => l.rev)) },
      zero_price: { line_ids: week(reporting).filter((l) => l.q > 0 && l.price <= 0).map((l) => l.id) },
      anomaly: { week: anomaly.anomaly.week, region: anomaly.anomaly.region.region, customer_id: anomaly.anomaly.customer.customer_id },
      new_skus: newSkus.map((sku) => ({ sku, product_name: skuName.get(sku), first_week: reporting, lines: week(reporting).filter((l) => l.sku === sku).length })),
      discontinued_skus: discontinued.map((sku) => ({ sku, product_name: skuName.get(sku), last_week: prior, lines: week(prior).filter((l) => l.sku === sku).length })),
    },
    ...anomaly,
  };
}

function totals(ls) {
  const withCost = ls.filter((l) => l.cost !== null);
  const noCost = ls.filter((l) => l.cost === null);
  const returns = ls.filter((l) => l.q < 0);
  const r = sum(withCost, (l) => l.rev);
  const m = r - sum(withCost, (l) => l.cost);
  return {
    lines: ls.length,
    revenue: eur(sum(ls, (l) => l.rev)),
    quantity: sum(ls, (l) => l.q),
    revenue_with_cost: eur(r),
    quantity_with_cost: sum(withCost, (l) => l.q),
    cost: eur(r - m),
    margin: eur(m),
    margin_rate: r === 0 ? null : rate6(m / r),
    no_cost: { lines: noCost.length, revenue: eur(sum(noCost, (l) => l.rev)), quantity: sum(noCost, (l) => l.q) },
    returns: { lines: returns.length, revenue: eur(sum(returns, (l) => l.rev)), quantity: sum(returns, (l) => l.q) },
  };
}

/** The price / cost / volume / mix bridge of lines (with a cost) of week 1 against week 0; see RULES. Cents inside. */
function bridgeOf(base, cur) {
  const agg = (ls) => {
    const out = new Map();
    for (const l of ls) {
      const a = out.get(l.sku) ?? { q: 0, rev: 0, cost: 0 };
      a.q += l.q, a.rev += l.rev, a.cost += l.cost;
      out.set(l.sku, a);
    }
    return out;
  };
  const A = agg(base);
  const B = agg(cur);
  const M = (xs) => sum([...xs.values()], (a) => a.rev - a.cost);
  const Qt = (xs) => sum([...xs.values()], (a) => a.q);
  const [m0, m1, q0, q1] = [M(A), M(B), Qt(A), Qt(B)];
  const unit0 = q0 === 0 ? 0 : m0 / q0;
  const both = [...B.keys()].filter((s) => A.has(s) && A.get(s).q !== 0 && B.get(s).q !== 0).sort(byText);
  let price = 0;
  let cost = 0;
  for (const s of both) {
    const [a, b] = [A.get(s), B.get(s)];
    price += b.q * (b.rev / b.q - a.rev / a.q);
    cost -= b.q * (b.cost / b.q - a.cost / a.q);
  }
  const volume = (q1 - q0) * unit0;
  const fresh = [...B.keys()].filter((s) => !both.includes(s)).sort(byText);
  const gone = [...A.keys()].filter((s) => !both.includes(s)).sort(byText);
  const newSku = sum(fresh, (s) => B.get(s).rev - B.get(s).cost - B.get(s).q * unit0);
  const discontinued = -sum(gone, (s) => A.get(s).rev - A.get(s).cost - A.get(s).q * unit0);
  const [p, c, v, n, d] = [price, cost, volume, newSku, discontinued].map(Math.round);
  const mix = m1 - m0 - p - c - v;
  const rev = (xs) => sum([...xs.values()], (a) => a.rev);
  return {
    raw: { price, cost, mix: m1 - m0 - price - cost - volume },
    price: eur(p), cost: eur(c), mix: eur(mix),
    out: {
      revenue_base: eur(rev(A)), revenue: eur(rev(B)), quantity_base: q0, quantity: q1,
      margin_base: eur(m0), margin: eur(m1), margin_change: eur(m1 - m0),
      margin_rate_base: rev(A) === 0 ? null : rate6(m0 / rev(A)), margin_rate: rev(B) === 0 ? null : rate6(m1 / rev(B)),
      unit_margin_base: Math.round(unit0 * 1e4) / 1e6,
      price: eur(p), cost: eur(c), volume: eur(v), mix: eur(mix),
      mix_detail: { continuing: eur(mix - n - d), new_sku: eur(n), discontinued_sku: eur(d) },
      new_skus: fresh.map((s) => ({ sku: s, quantity: B.get(s).q, margin: eur(B.get(s).rev - B.get(s).cost) })),
      discontinued_skus: gone.map((s) => ({ sku: s, quantity: A.get(s).q, margin: eur(A.get(s).rev - A.get(s).cost) })),
      check: eur(p + c + v + mix - (m1 - m0)),
    },
  };
}

function byCategory(base, cur) {
  const A = groupBy(base, (l) => l.category);
  const B = groupBy(cur, (l) => l.category);
  return [...new Set([...A.keys(), ...B.keys()])].sort(byText).map((category) => {
    const { new_skus, discontinued_skus, ...bridge } = bridgeOf(A.get(category) ?? [], B.get(category) ?? []).out;
    return { category, ...bridge, new_skus: new_skus.map((s) => s.sku), discontinued_skus: discontinued_skus.map((s) => s.sku) };
  });
}

/** Weekly revenue against a centred rolling median; the largest outlier, explained by region then customer. */
function anomalyOf(lines, customerOf) {
  const weeks = [...new Set(lines.map((l) => l.week))].sort(byText);
  const index = new Map(weeks.map((w, i) => [w, i]));
  const series = (ls) => {
    const s = weeks.map(() => 0);
    for (const l of ls) s[index.get(l.week)] += l.rev;
    return s;
  };
  const baseline = (s, i) => median(s.filter((_, j) => j !== i && Math.abs(j - i) <= ANOMALY_HALF_WINDOW));
  const total = series(lines);
  const scored = weeks.map((w, i) => ({ w, i, revenue: total[i], baseline: baseline(total, i) }))
    .map((x) => ({ ...x, ratio: x.revenue / x.baseline - 1 }))
    .sort((a, b) => Math.abs(b.ratio) - Math.abs(a.ratio) || byText(a.w, b.w));
  const top = scored[0];
  const explain = (groups) => [...groups].map(([id, ls]) => {
    const s = series(ls);
    return { id, revenue: s[top.i], baseline: baseline(s, top.i), ls };
  }).map((x) => ({ ...x, deviation: x.revenue - x.baseline })).sort((a, b) => b.deviation - a.deviation || byText(a.id, b.id))[0];
  const region = explain(groupBy(lines, (l) => l.region));
  const customer = explain(groupBy(region.ls, (l) => l.customer));
  const deviation = top.revenue - top.baseline;
  return {
    weekly_revenue: weeks.map((w, i) => ({ week: w, revenue: eur(total[i]) })),
    anomaly: {
      ...weekRange(top.w),
      revenue: eur(top.revenue), baseline: eur(top.baseline), deviation: eur(deviation), ratio: rate6(top.ratio),
      runner_up: { week: scored[1].w, ratio: rate6(scored[1].ratio) },
      region: { region: region.id, revenue: eur(region.revenue), baseline: eur(region.baseline), deviation: eur(region.deviation) },
      customer: {
        customer_id: customer.id, customer_name: customerOf.get(customer.id).name, revenue: eur(customer.revenue), baseline: eur(customer.baseline),
        deviation: eur(customer.deviation), share_of_deviation: rate6(customer.deviation / deviation),
      },
    },
  };
}
