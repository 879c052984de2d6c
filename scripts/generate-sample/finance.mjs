// Scenario B's cost-allocation data: a food manufacturer's cost pools (GL) and allocation drivers
// for 2026-09 and 2026-10. Between the two months a few things happen that a controller would
// classify — one product launch, an acquisition (two products and a plant), a one-off repair, a
// double-posted driver, a growing product — and everything else drifts by about ±2 %. The
// generator allocates both periods itself and refuses to write data whose flagged set (> 5 %)
// differs from those stories, or where any pool would be left unallocated.

export const PERIODS = ['2026-09', '2026-10'];
const THRESHOLD_PCT = 5;

const COST_CENTERS = [
  ['CC-100', 'Plant Brno - dry goods', 'production overhead', 'machine_hours', [['5100', 'Indirect labour', 0.4], ['5110', 'Maintenance', 0.15], ['5120', 'Energy', 0.25], ['5130', 'Depreciation', 0.15], ['5140', 'Consumables', 0.05]], 310_000],
  ['CC-110', 'Plant Ostrava - frozen line', 'production overhead', 'machine_hours', [['5100', 'Indirect labour', 0.35], ['5110', 'Maintenance', 0.15], ['5120', 'Energy', 0.35], ['5130', 'Depreciation', 0.15]], 120_000],
  ['CC-120', 'Bottling line Brno', 'production overhead', 'machine_hours', [['5100', 'Indirect labour', 0.4], ['5110', 'Maintenance', 0.2], ['5120', 'Energy', 0.2], ['5130', 'Depreciation', 0.2]], 150_000],
  ['CC-130', 'Plant Oslo (Nordlys, acquired 2026-10-01)', 'production overhead', 'machine_hours', [['5100', 'Indirect labour', 0.45], ['5120', 'Energy', 0.3], ['5130', 'Depreciation', 0.25]], 95_000],
  ['CC-200', 'Warehousing and logistics', 'logistics', 'units_shipped', [['6100', 'Warehouse rent', 0.35], ['6110', 'Freight out', 0.45], ['6120', 'Handling labour', 0.2]], 180_000],
  ['CC-300', 'Marketing pool', 'marketing', 'net_revenue', [['7100', 'Media', 0.6], ['7110', 'Agency fees', 0.25], ['7120', 'Trade fairs', 0.15]], 140_000],
  ['CC-400', 'Quality assurance', 'quality', 'batches', [['5200', 'QA labour', 0.7], ['5210', 'Lab tests', 0.3]], 60_000],
  ['CC-500', 'IT and ERP', 'it', 'order_lines', [['8100', 'Licences', 0.5], ['8110', 'IT services', 0.3], ['8120', 'Hardware depreciation', 0.2]], 75_000],
  ['CC-600', 'Facilities', 'facilities', 'floor_space_m2', [['8200', 'Rent', 0.6], ['8210', 'Utilities', 0.25], ['8220', 'Cleaning and security', 0.15]], 90_000],
];

// [id, name, line, plant cost centre, launch date, origin, monthly units, price EUR, units per machine hour, batch size, floor m2]
const PRODUCTS = [
  ['P-1001', 'Granola Classic 500 g', 'Cereals', 'CC-100', '2019-03-01', 'organic', 82_000, 3.2, 410, 4000, 220],
  ['P-1002', 'Granola Nut Crunch 500 g', 'Cereals', 'CC-100', '2020-05-01', 'organic', 54_000, 3.9, 380, 4000, 160],
  ['P-1003', 'Oat Flakes 1 kg', 'Cereals', 'CC-100', '2018-01-15', 'organic', 118_000, 1.8, 620, 6000, 300],
  ['P-1004', 'Muesli Fruit 750 g', 'Cereals', 'CC-100', '2021-09-01', 'organic', 61_000, 3.5, 360, 4000, 170],
  ['P-1005', 'Corn Flakes 375 g', 'Cereals', 'CC-100', '2018-01-15', 'organic', 47_000, 2.1, 520, 5000, 140],
  ['P-1006', 'Snack Bar Apple 40 g', 'Snack bars', 'CC-100', '2020-02-01', 'organic', 150_000, 0.9, 1500, 12000, 90],
  ['P-1007', 'Snack Bar Hazelnut 40 g', 'Snack bars', 'CC-100', '2020-02-01', 'organic', 132_000, 0.95, 1450, 12000, 85],
  ['P-1008', 'Snack Bar Apricot 40 g', 'Snack bars', 'CC-100', '2022-04-01', 'organic', 76_000, 0.95, 1400, 10000, 60],
  ['P-1009', 'Snack Bar Dark Chocolate 40 g', 'Snack bars', 'CC-100', '2022-10-01', 'organic', 98_000, 1.05, 1350, 10000, 70],
  ['P-1010', 'Rice Cakes Sea Salt 100 g', 'Snack bars', 'CC-100', '2023-06-01', 'organic', 64_000, 1.4, 900, 8000, 110],
  ['P-1011', 'Apple Juice 1 l', 'Beverages', 'CC-120', '2018-01-15', 'organic', 96_000, 1.6, 1100, 20000, 260],
  ['P-1012', 'Orange Juice 1 l', 'Beverages', 'CC-120', '2018-01-15', 'organic', 88_000, 1.7, 1100, 20000, 240],
  ['P-1013', 'Iced Tea Lemon 0.5 l', 'Beverages', 'CC-120', '2021-05-01', 'organic', 125_000, 0.9, 1800, 25000, 200],
  ['P-1014', 'Sparkling Water 1.5 l', 'Beverages', 'CC-120', '2019-07-01', 'organic', 140_000, 0.55, 2200, 30000, 380],
  ['P-1015', 'Elderflower Lemonade 0.75 l', 'Beverages', 'CC-120', '2023-04-01', 'organic', 42_000, 1.9, 950, 15000, 90],
  ['P-1016', 'Frozen Berries Mix 400 g', 'Frozen', 'CC-110', '2021-01-10', 'organic', 58_000, 2.9, 300, 5000, 180],
  ['P-1017', 'Frozen Pizza Margherita 350 g', 'Frozen', 'CC-110', '2022-08-01', 'organic', 71_000, 3.4, 280, 5000, 210],
  ['P-1018', 'Cold Brew Coffee 0.33 l', 'Beverages', 'CC-120', '2024-03-01', 'organic', 36_000, 2.4, 900, 10000, 60],
  ['P-1019', 'Protein Bar Cocoa 45 g', 'Snack bars', 'CC-100', '2026-10-01', 'organic', 30_000, 1.6, 1300, 10000, 40],
  ['P-2001', 'Nordic Rye Crispbread 250 g', 'Crispbread', 'CC-130', '2026-10-01', 'acquired: Nordlys Foods AS', 70_000, 2.2, 700, 8000, 150],
  ['P-2002', 'Lingonberry Jam 400 g', 'Spreads', 'CC-130', '2026-10-01', 'acquired: Nordlys Foods AS', 44_000, 3.1, 500, 6000, 100],
].map(([id, name, line, plant, launch, origin, units, price, perHour, batch, floor]) => ({ id, name, line, plant, launch, origin, units, price, perHour, batch, floor }));

// What happened in 2026-10, and how a controller should classify it.
const STORIES = {
  'P-1019': ['new product launch', 'Launched 2026-10-01; no cost in 2026-09.'],
  'P-2001': ['acquisition', 'Came with Nordlys Foods (acquired 2026-10-01) and its Oslo plant CC-130.'],
  'P-2002': ['acquisition', 'Came with Nordlys Foods (acquired 2026-10-01) and its Oslo plant CC-130.'],
  'P-1016': ['one-off', 'Compressor overhaul on the frozen line (CC-110, account 5115) in 2026-10.'],
  'P-1017': ['one-off', 'Compressor overhaul on the frozen line (CC-110, account 5115) in 2026-10.'],
  'P-1012': ['data quality', 'The 2026-10 units_shipped driver for CC-200 was posted twice (twice the units in revenue_by_product).'],
  'P-1004': ['trend', 'Volume has grown steadily since a retail listing; 2026-10 units about +11 %.'],
};
const ONE_OFF = { cost_center: 'CC-110', gl_account: '5115', account_name: 'Extraordinary repairs - compressor overhaul', amount: 46_800 };
const NEW_IN_OCTOBER = ['P-1019', 'P-2001', 'P-2002'];

const money = (x) => Math.round(x * 100) / 100;

export function financeTables(r) {
  const volumes = PERIODS.map((period, pi) => PRODUCTS.filter((p) => pi === 1 || !NEW_IN_OCTOBER.includes(p.id)).map((p) => {
    const growth = pi === 0 ? 1 : p.id === 'P-1004' ? 1.11 : 1 + (r.next() - 0.5) * 0.04;
    return { period, product: p, units: Math.round(p.units * growth) };
  }));
  const revenue = volumes.flat().map(({ period, product, units }) => ({ period, product_id: product.id, units_sold: units, net_revenue: money(units * product.price).toFixed(2) }));

  // activity: the true driver volume per period and cost centre (without the double posting).
  const drivers = [];
  const activity = new Map();
  for (const periodVolumes of volumes) {
    for (const { period, product, units } of periodVolumes) {
      const quantity = {
        [product.plant]: (units / product.perHour * (1 + (r.next() - 0.5) * 0.02)).toFixed(1),
        'CC-200': String(units),
        'CC-300': money(units * product.price).toFixed(2),
        'CC-400': String(Math.max(1, Math.round(units / product.batch))),
        'CC-500': String(Math.round(units / 38 * (1 + (r.next() - 0.5) * 0.03))),
        'CC-600': String(product.floor),
      };
      for (const [cc] of COST_CENTERS) {
        if (quantity[cc] === undefined) continue;
        activity.set(`${period}|${cc}`, (activity.get(`${period}|${cc}`) ?? 0) + Number(quantity[cc]));
        const posted = period === '2026-10' && cc === 'CC-200' && product.id === 'P-1012' ? String(units * 2) : quantity[cc];
        drivers.push({ period, cost_center: cc, product_id: product.id, driver_qty: posted });
      }
    }
  }

  // Pools move with their real activity (more hours, more energy), so the launch and the
  // acquisition do not dilute the other products; only the stories move a product past the threshold.
  const gl = [];
  for (const [cc, , , , accounts, pool] of COST_CENTERS) {
    for (const period of PERIODS) {
      if (!activity.has(`${period}|${cc}`)) continue;
      const scale = activity.get(`${period}|${cc}`) / (activity.get(`${PERIODS[0]}|${cc}`) ?? activity.get(`${period}|${cc}`));
      for (const [account, name, weight] of accounts) {
        gl.push({ period, cost_center: cc, gl_account: account, account_name: name, amount: money(pool * weight * scale * (1 + (r.next() - 0.5) * 0.02)).toFixed(2) });
      }
    }
  }
  gl.push({ period: '2026-10', ...ONE_OFF, amount: ONE_OFF.amount.toFixed(2) });
  gl.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.cost_center < b.cost_center ? -1 : a.cost_center > b.cost_center ? 1 : a.gl_account < b.gl_account ? -1 : 1));

  const variances = verify(gl, drivers);
  return { periods: PERIODS, tables: tableDefinitions(gl, drivers, revenue), variances };
}

/** Allocates both periods as the blueprint's SQL does and checks the data tells the intended stories. */
function verify(gl, drivers) {
  const allocated = new Map();
  for (const period of PERIODS) {
    for (const [cc] of COST_CENTERS) {
      const pool = gl.filter((g) => g.period === period && g.cost_center === cc).reduce((s, g) => s + Number(g.amount), 0);
      const rows = drivers.filter((d) => d.period === period && d.cost_center === cc && Number(d.driver_qty) > 0);
      const total = rows.reduce((s, d) => s + Number(d.driver_qty), 0);
      if (pool !== 0 && total === 0) throw new Error(`${period} ${cc}: cost without drivers would stay unallocated`);
      for (const d of rows) allocated.set(`${period}|${d.product_id}`, (allocated.get(`${period}|${d.product_id}`) ?? 0) + (pool * Number(d.driver_qty)) / total);
    }
  }
  const rows = PRODUCTS.map((p) => {
    const prior = allocated.get(`${PERIODS[0]}|${p.id}`) ?? 0;
    const current = allocated.get(`${PERIODS[1]}|${p.id}`) ?? 0;
    const pct = prior === 0 ? null : ((current - prior) / Math.abs(prior)) * 100;
    const flagged = pct === null || Math.abs(pct) > THRESHOLD_PCT;
    if (flagged !== p.id in STORIES) throw new Error(`${p.id}: change ${pct?.toFixed(2)} % ${flagged ? 'is flagged without a story' : 'does not show its story'}`);
    const [classification, explanation] = STORIES[p.id] ?? ['', ''];
    return {
      product_id: p.id, prior_allocated: prior.toFixed(2), current_allocated: current.toFixed(2),
      change_pct: pct === null ? 'new in period' : pct.toFixed(2), flagged: flagged ? 'yes' : 'no', expected_classification: classification, explanation,
    };
  });
  return { columns: ['product_id', 'prior_allocated', 'current_allocated', 'change_pct', 'flagged', 'expected_classification', 'explanation'], rows };
}

function tableDefinitions(gl, drivers, revenue) {
  const bucket = 'ERP general ledger and controlling (sample)';
  return [
    {
      id: 'in.c-finance.cost_centers', bucketDescription: bucket, description: 'Cost centres with the driver each pool is allocated by.',
      columns: ['cost_center', 'name', 'pool_type', 'allocation_driver', 'valid_from'], primaryKey: ['cost_center'],
      rows: COST_CENTERS.map(([cc, name, type, driver]) => ({ cost_center: cc, name, pool_type: type, allocation_driver: driver, valid_from: cc === 'CC-130' ? '2026-10-01' : '2018-01-01' })),
    },
    {
      id: 'in.c-finance.gl_costs', bucketDescription: bucket, description: 'Monthly GL cost per cost centre and account (EUR), the pools to allocate.',
      columns: ['period', 'cost_center', 'gl_account', 'account_name', 'amount'], primaryKey: ['period', 'cost_center', 'gl_account'], rows: gl,
    },
    {
      id: 'in.c-finance.allocation_drivers', bucketDescription: bucket, description: 'Driver quantity per period, cost centre and product (unit given by cost_centers.allocation_driver).',
      columns: ['period', 'cost_center', 'product_id', 'driver_qty'], primaryKey: ['period', 'cost_center', 'product_id'], rows: drivers,
    },
    {
      id: 'in.c-finance.product_master', bucketDescription: bucket, description: 'Products with line, producing plant, launch date and origin.',
      columns: ['product_id', 'product_name', 'product_line', 'plant_cost_center', 'launch_date', 'status', 'origin'], primaryKey: ['product_id'],
      rows: PRODUCTS.map((p) => ({ product_id: p.id, product_name: p.name, product_line: p.line, plant_cost_center: p.plant, launch_date: p.launch, status: 'active', origin: p.origin })),
    },
    {
      id: 'in.c-finance.revenue_by_product', bucketDescription: bucket, description: 'Units sold and net revenue (EUR) per period and product.',
      columns: ['period', 'product_id', 'units_sold', 'net_revenue'], primaryKey: ['period', 'product_id'], rows: revenue,
    },
  ];
}
