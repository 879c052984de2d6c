// Weekly sales margin for the Weekly Margin Cockpit blueprint: two years of invoice lines (ISO weeks
// 2024-W45 to 2026-W44, ending the day before the receivables' as-of date) of the food manufacturer
// of scenario B, and its standard cost history. Volume follows a Q4 peak, a summer dip and a mild
// upward trend; prices go up every March and costs drift every half year. Planted in the reporting
// week 2026-W44: an unapproved discount of one large customer on one category, a cost increase not
// passed on, a few lines sold below cost and one free of charge, a SKU without any standard cost, a
// SKU without a category, returns, a launch and a discontinued SKU; and a bulk order in 2026-W30 that
// makes weekly revenue spike. margin-truth.mjs computes the ground truth from the rows as written and
// the generator refuses data where it disagrees with a story.
// Only + - * / and Math.sqrt on floats (no exp, log, pow), so every JavaScript engine writes the same bytes.
import { toCsv } from './lib.mjs';
import { STEMS } from './reference.mjs';
import { REPORTING_WEEK, THRESHOLD_PP, MIN_IMPACT, dayNo, isoDay, isoWeek, lastYearWeek, marginTruth, money, shiftWeek, weekMonday } from './margin-truth.mjs';

const WEEKS = 104;
const FIRST_WEEK = shiftWeek(REPORTING_WEEK, 1 - WEEKS);
const PRIOR_WEEK = shiftWeek(REPORTING_WEEK, -1);
const ANOMALY_WEEK = '2026-W30';
const MISSING_COST_FROM = '2026-W36';
const LINES_PER_WEEK = 112;
const CUSTOMERS = 60;
const REGIONS = [['DACH', 16], ['Nordics', 11], ['Benelux', 10], ['CEE', 12], ['UK & Ireland', 11]];
const SUFFIXES = {
  DACH: ['GmbH', 'AG', 'GmbH', 'GmbH & Co. KG'], Nordics: ['AB', 'A/S', 'Oy', 'AS'], Benelux: ['B.V.', 'N.V.', 'B.V.'],
  CEE: ['s.r.o.', 'Sp. z o.o.', 'a.s.', 'Kft.'], 'UK & Ireland': ['Ltd', 'PLC', 'Ltd'],
};
const TRADE = ['Foods', 'Markets', 'Grocers', 'Wholesale', 'Distribution', 'Cash & Carry', 'Fresh', 'Provisions', 'Retail', 'Trading', 'Supermarkets', 'Food Service'];
// Price relative to the list price, typical cases per line, and how likely a customer lists a SKU.
const CHANNELS = {
  Retail: { weight: 26, price: 1, qty: 30, listing: 0.7 },
  Wholesale: { weight: 14, price: 0.95, qty: 70, listing: 0.8 },
  'E-commerce': { weight: 20, price: 1.02, qty: 8, listing: 0.5 },
};
// name, category, list price per case (EUR) in 2024, popularity. Ids SKU-1001... in this order.
const CATALOGUE = [
  ['Whole Milk 1L x12', 'Dairy', 11.4, 5], ['Greek Yogurt 500g x8', 'Dairy', 14.9, 4], ['Butter 250g x20', 'Dairy', 39.5, 3],
  ['Mature Cheddar 200g x12', 'Dairy', 31.2, 3], ['Cream Cheese 150g x12', 'Dairy', 18.6, 2], ['Skyr Vanilla 450g x8', 'Dairy', 17.8, 3], ['Kefir 1L x6', 'Dairy', 12.3, 2],
  ['Orange Juice 1L x6', 'Beverages', 13.2, 4], ['Apple Juice 1L x6', 'Beverages', 10.8, 3], ['Oat Drink 1L x6', 'Beverages', 12.9, 4],
  ['Cold Brew Coffee 250ml x12', 'Beverages', 21.6, 2], ['Sparkling Water 1.5L x6', 'Beverages', 4.9, 3], ['Iced Tea Lemon 1.5L x6', 'Beverages', 7.2, 2],
  ['Sourdough Loaf 800g x6', 'Bakery', 19.8, 3], ['Rye Bread 500g x10', 'Bakery', 16.5, 3], ['Butter Croissants 6-pack x8', 'Bakery', 22.4, 3],
  ['Oat Cookies 200g x12', 'Bakery', 15.6, 2], ['Crispbread 250g x12', 'Bakery', 14.4, 2], ['Cinnamon Buns 4-pack x8', 'Bakery', 20.8, 2],
  ['Sea Salt Crisps 150g x12', 'Snacks', 16.8, 4], ['Paprika Crisps 150g x12', 'Snacks', 16.8, 3], ['Mixed Nuts 200g x10', 'Snacks', 29.5, 3],
  ['Dark Chocolate 100g x20', 'Snacks', 27.0, 9], ['Protein Bar 12-pack x6', 'Snacks', 33.6, 2], ['Honey Granola 500g x8', 'Snacks', 24.0, 3],
  ['Margherita Pizza 350g x10', 'Frozen', 23.5, 4], ['Garden Peas 1kg x10', 'Frozen', 18.9, 2], ['Fish Fingers 450g x12', 'Frozen', 36.0, 3],
  ['Vanilla Ice Cream 1L x6', 'Frozen', 19.2, 3], ['Berry Mix 500g x10', 'Frozen', 24.5, 2], ['Veggie Burger 4-pack x8', 'Frozen', 27.2, 1],
  ['Oat Drink Barista 1L x6', 'Beverages', 14.4, 0],
];
const ROLE_NAMES = {
  costUp: 'Dark Chocolate 100g x20', discontinued: 'Iced Tea Lemon 1.5L x6', missingCost: 'Veggie Burger 4-pack x8',
  missingCategory: 'Honey Granola 500g x8', launched: 'Oat Drink Barista 1L x6',
};
const LEAK_CATEGORY = 'Dairy';
const COST_DATES = ['2024-07-01', '2025-01-01', '2025-07-01', '2026-01-01', '2026-07-01'];
const COST_UP_FROM = '2026-10-22';
const LAUNCH_COST_FROM = '2026-10-01';
const PRICE_ROUNDS = ['2025-03-01', '2026-03-01'];

const pad6 = (n) => String(n).padStart(6, '0');
/** A smooth bump of height 1 at 0 that is 0 beyond width (biweight kernel, no exp). */
const bump = (d, width) => {
  const t = 1 - (d / width) * (d / width);
  return Math.abs(d) >= width ? 0 : t * t;
};
/** Q4 peak around ISO week 48, summer dip around week 31. */
const season = (weekOfYear) => 1 + 0.24 * bump(weekOfYear - 48, 6) - 0.16 * bump(weekOfYear - 31, 6);

export function marginTables(r) {
  const noise = (spread) => 1 - spread + (2 * spread * (r.next() + r.next() + r.next())) / 3;
  const between = (lo, hi) => lo + (hi - lo) * r.next();

  const skus = CATALOGUE.map(([name, category, list, popularity], k) => ({
    id: `SKU-${1001 + k}`, name, category, popularity, list: Math.round(list * 100), qtyFactor: Math.sqrt(20 / list),
    rises: PRICE_ROUNDS.map(() => between(0.02, 0.045)), costs: [],
  }));
  const role = Object.fromEntries(Object.entries(ROLE_NAMES).map(([k, name]) => [k, skus.find((s) => s.name === name)]));
  const special = new Set(Object.values(role));
  const regular = skus.filter((s) => !special.has(s));
  const listOn = (s, day) => PRICE_ROUNDS.reduce((p, from, k) => (day >= dayNo(from) ? p * (1 + s.rises[k]) : p), s.list);

  // Standard costs: set in July 2024 and revised every half year; the launch gets its first cost in October.
  for (const s of skus) {
    if (s === role.missingCost) continue;
    if (s === role.launched) { s.costs.push([LAUNCH_COST_FROM, Math.round(listOn(s, dayNo(LAUNCH_COST_FROM)) * between(0.56, 0.6))]); continue; }
    let cost = s.list * (s === role.costUp ? 0.55 : between(0.52, 0.64));
    for (const [k, from] of COST_DATES.entries()) {
      if (k > 0) cost *= 1 + between(0, 0.025);
      s.costs.push([from, Math.round(cost)]);
    }
  }
  role.costUp.costs.push([COST_UP_FROM, Math.round(role.costUp.costs.at(-1)[1] * between(1.17, 1.2))]);

  // Customers, by size rank (weight 1 / (rank + 5)): the largest is the wholesaler in DACH that gets
  // the unapproved discount, the 25th a wholesaler in CEE that places the bulk order.
  const ranks = [0, 24, ...shuffle(r, Array.from({ length: CUSTOMERS - 2 }, (_, k) => (k < 23 ? k + 1 : k + 2)))];
  const names = new Set();
  const customers = ranks.map((rank, k) => {
    const region = k === 0 ? 'DACH' : k === 1 ? 'CEE' : r.weighted(REGIONS);
    const channel = k <= 1 ? 'Wholesale' : r.weighted(Object.entries(CHANNELS).map(([c, x]) => [c, x.weight]));
    let name;
    do name = `${r.pick(STEMS[0])}${r.pick(STEMS[1])} ${r.pick(TRADE)} ${r.pick(SUFFIXES[region])}`; while (names.has(name));
    names.add(name);
    const weight = 1 / (rank + 5);
    const listed = new Map();
    for (const s of skus) {
      if (s === role.launched) continue;
      // The large wholesaler lists all dairy and buys a lot of it.
      const dairy = k === 0 && s.category === LEAK_CATEGORY;
      if (dairy || r.chance(CHANNELS[channel].listing)) listed.set(s, { price: between(0.985, 1.015), affinity: s.popularity * between(0.5, 1.5) * (dairy ? 3 : 1) });
    }
    return { region, channel, name, weight, priceFactor: between(0.985, 1.015), listed, due: r.next() };
  });
  const totalWeight = customers.reduce((a, c) => a + c.weight, 0);
  const meanWeight = totalWeight / CUSTOMERS;
  for (const c of customers) c.scale = Math.sqrt(Math.sqrt(c.weight / meanWeight));
  shuffle(r, customers).forEach((c, k) => { c.id = `CU-${1001 + k}`; });
  const [leak, bulk] = customers;
  const pickCustomer = () => r.weighted(customers.map((c) => [c, c.weight]));

  const weeks = Array.from({ length: WEEKS }, (_, w) => shiftWeek(FIRST_WEEK, w));
  const active = (s, label) => (s === role.launched ? false : s === role.discontinued ? label <= PRIOR_WEEK : s === role.missingCost ? label >= MISSING_COST_FROM : true);
  const orders = [];
  const ordersOf = new Map(weeks.map((label) => [label, []]));
  const order = (c, day, kind = 'sale') => {
    const o = { c, day, kind, lines: [], tie: r.next() };
    orders.push(o);
    ordersOf.get(isoWeek(isoDay(day))).push(o);
    return o;
  };
  const priceOf = (c, s, day) => listOn(s, day) * CHANNELS[c.channel].price * c.priceFactor * (c.listed.get(s)?.price ?? 1);
  const typical = (c, s) => CHANNELS[c.channel].qty * c.scale * s.qtyFactor;
  const line = (o, s, qty, price = Math.round(priceOf(o.c, s, o.day) * (1 + 0.01 * (r.next() - 0.5)))) => {
    const l = { o, s, qty, price };
    o.lines.push(l);
    return l;
  };
  const weekday = (label) => weekMonday(label) + r.weighted([[0, 22], [1, 22], [2, 22], [3, 22], [4, 20], [5, 3]]);
  const sell = (c, label, count, only, volume = 1) => {
    const o = Object.assign(order(c, weekday(label)), { volume });
    let pool = [...c.listed].filter(([s]) => active(s, label) && (!only || only(s)));
    for (let n = Math.min(count, pool.length); n > 0; n--) {
      const s = r.weighted(pool.map(([x, v]) => [x, v.affinity]));
      pool = pool.filter(([x]) => x !== s);
      line(o, s, Math.max(1, Math.round(typical(c, s) * volume * noise(0.55))));
    }
    return o;
  };
  const linesOf = (label, f = () => true) => ordersOf.get(label).flatMap((o) => o.lines).filter(f);

  for (const [w, label] of weeks.entries()) {
    const volume = season(Number(label.slice(6))) * (1 + (0.06 * w) / 52);
    // Customers buy at a steady rate (standing orders), so weekly revenue is not a lottery of who
    // ordered; the season moves both how many lines they buy and how much of each.
    for (const c of customers) {
      c.due += (LINES_PER_WEEK * Math.sqrt(volume) * c.weight) / totalWeight;
      for (let n = Math.floor(c.due); n > 0;) {
        const k = Math.min(n, r.int(1, 5));
        sell(c, label, k, undefined, Math.sqrt(volume));
        n -= k;
        c.due -= k;
      }
    }
    if (label === REPORTING_WEEK) continue;
    // Everyday returns: a credit note for a few cases of something the customer lists.
    for (let n = r.weighted([[0, 4], [1, 4], [2, 2]]); n > 0; n--) {
      const c = pickCustomer();
      const pool = [...c.listed.keys()].filter((s) => active(s, label));
      const s = r.pick(pool);
      line(order(c, weekday(label), 'return'), s, -Math.max(1, Math.round(typical(c, s) * between(0.05, 0.25))), Math.round(priceOf(c, s, weekMonday(label))));
    }
  }

  // 2026-W30: the CEE wholesaler's bulk order adds about two thirds of a week's revenue in one invoice.
  {
    const weekRevenue = linesOf(ANOMALY_WEEK).reduce((a, l) => a + l.qty * l.price, 0);
    const o = order(bulk, weekMonday(ANOMALY_WEEK) + 2);
    const picked = shuffle(r, [...bulk.listed.keys()].filter((s) => regular.includes(s))).slice(0, 5);
    for (const s of picked) {
      const price = Math.round(priceOf(bulk, s, o.day));
      line(o, s, Math.round((weekRevenue * between(0.12, 0.14)) / price), price);
    }
  }

  // Every product sells in the compared weeks and the planted SKUs often enough. An everyday line of
  // a SKU that sells plenty that week is switched to the product that needs one, so the week keeps
  // the size the season gave it.
  const sold = (label, f) => linesOf(label, (l) => l.qty > 0 && l.o.kind === 'sale' && f(l));
  const switchTo = (label, s, who) => {
    const count = new Map();
    for (const l of sold(label, () => true)) count.set(l.s, (count.get(l.s) ?? 0) + 1);
    const from = shuffle(r, sold(label, (l) => regular.includes(l.s) && count.get(l.s) > 3 && who(l.o.c) && l.o.c.listed.has(s) && !l.o.lines.some((x) => x.s === s)))[0];
    if (!from) throw new Error(`margin sample: no line of ${label} to switch to ${s.id}`);
    Object.assign(from, { s, qty: Math.max(1, Math.round(typical(from.o.c, s) * from.o.volume * noise(0.4))), price: Math.round(priceOf(from.o.c, s, from.o.day) * (1 + 0.01 * (r.next() - 0.5))) });
  };
  const ensure = (label, s, min, who = (c) => c !== leak) => {
    while (sold(label, (l) => l.s === s && who(l.o.c)).length < min) switchTo(label, s, who);
  };
  for (const s of [...regular, role.costUp, role.missingCategory]) for (const label of [REPORTING_WEEK, PRIOR_WEEK, lastYearWeek(REPORTING_WEEK)]) ensure(label, s, 2);
  ensure(REPORTING_WEEK, role.costUp, 8);
  ensure(REPORTING_WEEK, role.missingCost, 3);
  ensure(REPORTING_WEEK, role.missingCategory, 3);
  ensure(PRIOR_WEEK, role.discontinued, 2);
  ensure(lastYearWeek(REPORTING_WEEK), role.discontinued, 1);
  // The unapproved discount: every dairy line of the large wholesaler this week (at least four).
  const dairy = shuffle(r, [...leak.listed.keys()].filter((s) => s.category === LEAK_CATEGORY && regular.includes(s)));
  while (sold(REPORTING_WEEK, (l) => l.o.c === leak && l.s.category === LEAK_CATEGORY).length < 4) {
    switchTo(REPORTING_WEEK, dairy.find((s) => sold(REPORTING_WEEK, (l) => l.o.c === leak && l.s === s).length === 0), (c) => c === leak);
  }
  const discount = between(0.11, 0.14);
  for (const l of linesOf(REPORTING_WEEK, (x) => x.o.c === leak && x.s.category === LEAK_CATEGORY)) l.price = Math.round(l.price * (1 - discount));
  // The launch: four customers take a first, smaller order.
  for (const c of shuffle(r, customers.filter((x) => x !== leak && x !== bulk)).slice(0, 4)) {
    line(order(c, weekMonday(REPORTING_WEEK) + r.int(1, 3)), role.launched, Math.max(1, Math.round(typical(c, role.launched) * between(0.4, 0.7))));
  }
  // Returns: three customers send back part of a delivery of the prior week (credit notes at its price).
  const delivered = shuffle(r, sold(PRIOR_WEEK, (l) => regular.includes(l.s) && l.o.c !== leak));
  const returned = [];
  for (const sale of delivered.filter((l, k, all) => all.findIndex((x) => x.o.c === l.o.c) === k).slice(0, 3)) {
    returned.push(line(order(sale.o.c, weekday(REPORTING_WEEK), 'return'), sale.s, -Math.max(1, Math.round(sale.qty * between(0.1, 0.3))), sale.price));
  }
  // Free of charge: replacement goods invoiced at 0.00.
  const retail = customers.filter((c) => c.channel === 'Retail' && c !== leak);
  const freeCustomer = r.pick(retail);
  const free = line(order(freeCustomer, weekday(REPORTING_WEEK)), r.pick([...freeCustomer.listed.keys()].filter((s) => regular.includes(s))), r.int(4, 12), 0);
  // Below cost: four retail or e-commerce lines of different customers keyed in under the standard cost.
  const costOn = (s, day) => s.costs.filter(([from]) => dayNo(from) <= day).at(-1)?.[1];
  const candidates = shuffle(r, linesOf(REPORTING_WEEK, (l) => l.qty > 0 && l.price > 0 && regular.includes(l.s) && l.o.c !== leak && l.o.c !== freeCustomer && l.o.c.channel !== 'Wholesale' && l.o.kind === 'sale'));
  const below = candidates.filter((l, k, all) => all.findIndex((x) => x.o.c === l.o.c) === k).slice(0, 4);
  for (const l of below) l.price = Math.round(costOn(l.s, l.o.day) * between(0.88, 0.97));

  // Invoice numbers follow the invoice date; line numbers follow the invoice and the SKU.
  orders.sort((a, b) => a.day - b.day || a.tie - b.tie).forEach((o, k) => {
    o.id = `SI-${pad6(k + 1)}`;
    o.lines.sort((a, b) => (a.s.id < b.s.id ? -1 : 1));
  });
  let n = 0;
  for (const o of orders) for (const l of o.lines) l.id = `SL-${pad6(++n)}`;

  const tables = tableDefinitions(orders, skus, role);
  const [sales, costs] = tables.map((t) => t.rows);
  const planted = { priceLeak: { customer_id: leak.id, category: LEAK_CATEGORY } };
  const truth = marginTruth({ sales, costs }, planted);
  verify(truth, tables, {
    leak, bulk, role, discount, free: free.id, below: below.map((l) => l.id), returned: returned.map((l) => l.id),
  });
  return { tables, truth, weeks: [weeks[0], weeks.at(-1)] };
}

function shuffle(r, xs) {
  const a = [...xs];
  for (let k = a.length - 1; k > 0; k--) { const j = r.int(0, k); [a[k], a[j]] = [a[j], a[k]]; }
  return a;
}

function tableDefinitions(orders, skus, role) {
  return [
    {
      id: 'in.c-erp.sales_lines', bucketDescription: 'ERP accounts receivable, sales ledger and standard costs (sample)',
      description: 'ERP sales ledger (EUR): one row per invoice line, invoice dates 2024-11-04 to 2026-11-01 (ISO weeks 2024-W45 to 2026-W44). quantity is in cases, negative on a return (credit note); net_revenue = quantity x unit_price.',
      columns: ['line_id', 'invoice_id', 'invoice_date', 'sku', 'product_name', 'category', 'customer_id', 'customer_name', 'region', 'channel', 'quantity', 'unit_price', 'net_revenue'],
      primaryKey: ['line_id'],
      rows: orders.flatMap((o) => o.lines.map((l) => ({
        line_id: l.id, invoice_id: o.id, invoice_date: isoDay(o.day), sku: l.s.id, product_name: l.s.name, category: l.s === role.missingCategory ? '' : l.s.category,
        customer_id: o.c.id, customer_name: o.c.name, region: o.c.region, channel: o.c.channel, quantity: String(l.qty), unit_price: money(l.price), net_revenue: money(l.qty * l.price),
      }))),
    },
    {
      id: 'in.c-erp.standard_costs', bucketDescription: 'ERP accounts receivable, sales ledger and standard costs (sample)',
      description: 'Standard unit cost (EUR per case) per SKU over time: the cost valid on a date is the row with the latest valid_from on or before it.',
      columns: ['sku', 'valid_from', 'unit_cost'], primaryKey: ['sku', 'valid_from'],
      rows: skus.flatMap((s) => s.costs.map(([from, c]) => ({ sku: s.id, valid_from: from, unit_cost: money(c) }))),
    },
  ];
}

/** Refuses data that breaks the contract or does not tell each planted story. */
function verify(truth, tables, plan) {
  const fail = (msg) => { throw new Error(`margin sample: ${msg}`); };
  const [sales, costs] = tables.map((t) => t.rows);
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const ids = (xs) => [...xs].sort();
  for (const t of tables) {
    const keys = t.rows.map((x) => t.primaryKey.map((k) => x[k]).join('|'));
    if (new Set(keys).size !== keys.length) fail(`${t.id}: duplicate primary key`);
  }
  if (sales.length > 15_000) fail(`${sales.length} sales lines`);
  const perWeek = new Map();
  for (const l of sales) perWeek.set(isoWeek(l.invoice_date), (perWeek.get(isoWeek(l.invoice_date)) ?? 0) + 1);
  if (perWeek.size !== WEEKS || [...perWeek.values()].some((n) => n < 90 || n > 150)) fail(`lines per week out of range: ${[...perWeek.values()]}`);

  for (const [name, b] of Object.entries(truth.bridge)) if (Math.abs(b.check) > 0.001 || b.margin_change === 0) fail(`bridge ${name} does not add up`);
  const r = truth.planted;
  const skuOf = (k) => plan.role[k].id;
  if (!same(r.new_skus.map((s) => s.sku), [skuOf('launched')])) fail(`new SKUs ${JSON.stringify(r.new_skus)}`);
  if (!same(r.discontinued_skus.map((s) => s.sku), [skuOf('discontinued')])) fail(`discontinued SKUs ${JSON.stringify(r.discontinued_skus)}`);
  for (const b of Object.values(truth.bridge)) {
    if (!b.new_skus.some((s) => s.sku === skuOf('launched')) || !b.discontinued_skus.some((s) => s.sku === skuOf('discontinued'))) fail('the launch or the discontinued SKU is not in a bridge\'s mix');
  }
  if (!same(r.missing_cost.map((s) => s.sku), [skuOf('missingCost')]) || costs.some((c) => c.sku === skuOf('missingCost'))) fail('missing cost');
  if (!same(r.missing_category.map((s) => s.sku), [skuOf('missingCategory')]) || r.missing_category[0].lines < 3) fail('missing category');
  if (!same(truth.data_issues.reporting_week.no_cost.skus, [skuOf('missingCost')])) fail(`SKUs without cost this week: ${truth.data_issues.reporting_week.no_cost.skus}`);
  if (!same(r.zero_price.line_ids, [plan.free])) fail(`zero-price lines ${r.zero_price.line_ids}`);
  if (!same(ids(r.below_cost.line_ids), ids([...plan.below, plan.free]))) fail(`below-cost lines ${r.below_cost.line_ids}, planted ${plan.below} and ${plan.free}`);
  if (!same(ids(r.returns.line_ids), ids(plan.returned))) fail(`returns ${r.returns.line_ids}`);
  if (r.cost_increase.length !== 1 || r.cost_increase[0].sku !== skuOf('costUp') || r.cost_increase[0].valid_from !== COST_UP_FROM) fail(`cost increases ${JSON.stringify(r.cost_increase)}`);
  if (!same(r.anomaly, { week: ANOMALY_WEEK, region: plan.bulk.region, customer_id: plan.bulk.id })) fail(`anomaly ${JSON.stringify(truth.anomaly)}`);
  if (Math.abs(truth.anomaly.runner_up.ratio) > truth.anomaly.ratio / 2) fail(`the anomaly does not stand out: ${JSON.stringify(truth.anomaly)}`);

  // The two margin stories are flagged with their driving effect, and nothing outranks them.
  const { erosions } = truth.exceptions;
  const leak = erosions.find((e) => e.kind === 'customer' && e.id === plan.leak.id);
  const cost = erosions.find((e) => e.kind === 'sku' && e.id === skuOf('costUp'));
  if (leak?.driver !== 'price' || leak.rate_change_pp > -THRESHOLD_PP || leak.impact < MIN_IMPACT) fail(`the price leak is not flagged: ${JSON.stringify(leak ?? truth.exceptions.customers.find((e) => e.id === plan.leak.id))}`);
  if (cost?.driver !== 'cost' || cost.impact < MIN_IMPACT) fail(`the cost increase is not flagged: ${JSON.stringify(cost ?? truth.exceptions.skus.find((e) => e.id === skuOf('costUp')))}`);
  if (!same(ids(erosions.slice(0, 2).map((e) => e.id)), ids([plan.leak.id, skuOf('costUp')]))) fail(`top erosions ${JSON.stringify(erosions.slice(0, 3))}`);
  if (Math.abs(r.price_leak.price_change_pct + plan.discount * 100) > 1.5) fail(`price leak ${r.price_leak.price_change_pct} %, planted ${plan.discount}`);
  if (r.price_leak.line_ids.length < 3) fail('too few price-leak lines');
}
