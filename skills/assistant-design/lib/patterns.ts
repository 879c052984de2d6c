// The step patterns behind each template (references/step-patterns.md): scripted actions over the
// real table and column names, so the drafted Playbook runs with no model, and an instruction per
// step that a model can follow instead. SQL names only columns read from Storage, quoted.
import type { PlaybookSpecInput } from '../../../src/domain/playbook';
import type { StorageTable } from './inventory';
import type { TemplateId } from './templates';
import { unique, words } from './description';

type StepDoc = PlaybookSpecInput['sop']['steps'][number];
type InputDoc = NonNullable<PlaybookSpecInput['inputs']>[number];
type ArtifactDoc = NonNullable<PlaybookSpecInput['sop']['artifact_specs']>[number];

export type Plan = { template: TemplateId; tables: StorageTable[]; columns: string[]; channel: string | null; bucket: string | null };
export type Pattern = {
  name: string;
  goal: string;
  steps: StepDoc[];
  inputs: InputDoc[];
  artifacts: ArtifactDoc[];
  skills: string[];
  tool_policies: Record<string, 'dry_run_then_approve' | 'approve'>;
  /** What the requirements record as decided by the template (key, measure, ...), with why. */
  decisions: string[];
  /** Per table: the columns the draft's actions read, for the dry read. */
  reads: { table: string; columns: string[] }[];
};

/** Rows shown inline (Slack, the report); every row is in the CSV artifact. */
const SHOWN = 50;
const q = (column: string) => `"${column.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const empty = (column: string, alias = '') => `(${alias}${q(column)} IS NULL OR trim(${alias}${q(column)}) = '')`;
export const titleOf = (table: StorageTable) => words(table.name).replace(/\b\w/g, (c) => c.toUpperCase());
const ref = (expression: string) => `\${{ ${expression} }}`;

function step(id: string, title: string, instruction: string, completion: string, tools: string[], actions: StepDoc['actions'], extra: Partial<StepDoc> = {}): StepDoc {
  return { id, title, instruction, allowed_tools: tools, completion_criteria: completion, on_failure: 'abort', actions, ...extra };
}

function tableInput(name: string, label: string, table: StorageTable): InputDoc {
  return { name, type: 'table', label, description: `The columns the steps read are fixed in their SQL; it was drafted for ${table.id}.`, required: true, default: table.id, locked: true };
}

function channelInput(channel: string | null): InputDoc {
  return {
    name: 'slack_channel', type: 'string', label: 'Slack channel', description: 'Where the approved message is posted.', required: true,
    ...(channel ? { default: channel } : {}), pattern: '#?[A-Za-z0-9][\\w.-]{0,79}', pattern_hint: 'a Slack channel such as #sales-ops or a channel id',
  };
}

function exportStep(inputs: { input: string; id: string; path: string }[]): StepDoc {
  return step(
    'export', inputs.length > 1 ? 'Export the tables' : 'Export the table',
    `Export ${inputs.map((i) => `inputs.${i.input} to ${i.path}`).join(' and ')} with keboola.storage.tables (action export). Read only: write nothing else.`,
    inputs.length > 1 ? `${inputs.map((i) => i.path).join(' and ')} hold every row of the tables with the header.` : `${inputs[0]!.path} holds every row of the table with the header.`,
    ['keboola.storage.tables'],
    inputs.map((i) => ({ id: i.id, tool: 'keboola.storage.tables', args: { action: 'export', table_id: ref(`inputs.${i.input}`), save_as: i.path } })),
  );
}

function notifyStep(text: string, what: string): StepDoc {
  return step(
    'notify', 'Post to Slack after approval',
    `Send one slack.send_message to inputs.slack_channel with ${what}. The message is held for a person's approval with its body hash; send it once and never repeat it if its outcome is unknown. Use table ids, counts and row keys only: no e-mail addresses or phone numbers.`,
    'The message was sent once after approval, or the approver rejected it.',
    ['slack.send_message'], [{ id: 'message', tool: 'slack.send_message', args: { channel: ref('inputs.slack_channel'), text } }], { on_failure: 'ask_user' },
  );
}

function reportStep(path: string, content: string, what: string): StepDoc {
  return step('report', 'Write the report', `Write ${path} with ${what} using kbagent.workspace_artifact.`, `${path} exists and states the figures of the earlier steps.`,
    ['kbagent.workspace_artifact'], [{ id: 'report', tool: 'kbagent.workspace_artifact', args: { path, content, content_type: 'text/markdown' } }]);
}

function qualityCheck(p: Plan): Pattern {
  const table = p.tables[0]!;
  const checked = p.columns.length > 0 ? p.columns : table.columns;
  const shown = unique([...table.primary_key, ...table.columns.filter((c) => /^(name|title|subject)$/i.test(c)), ...checked]);
  const anyEmpty = checked.map((c) => empty(c)).join(' OR ');
  const count = (i: number) => ref(`steps.check.outputs.counts.rows[0][${i}]`);
  const name = `${titleOf(table)}: empty ${checked.length <= 3 ? checked.join(', ') : 'values'} check`;
  const list = checked.length <= 3 ? checked.join(' or ') : `one of ${checked.length} columns`;
  return {
    name,
    goal: `Find the rows of ${table.id} whose ${list} is empty, write reports/quality.md and reports/missing-rows.csv, and post the list to the Slack channel once a person approves the message.`,
    inputs: [tableInput('source_table', 'Table to check', table), channelInput(p.channel)],
    steps: [
      exportStep([{ input: 'source_table', id: 'table', path: 'exports/source.csv' }]),
      step('check', `Find rows with an empty ${list}`,
        [
          '1. Profile exports/source.csv with skill.data-quality-profiling.profile for the checked columns (null rate, distinct count).',
          `2. With sql.local, load exports/source.csv as "source" and count the rows, the rows where ${checked.length > 1 ? `any of ${checked.join(', ')}` : checked[0]} is empty (NULL, or blank after trimming)${checked.length > 1 ? ', and the empty rows per column' : ''}.`,
          `3. Save the rows with an empty value (columns ${shown.join(', ')}) to reports/missing-rows.csv, ordered by ${shown[0]}.`,
        ].join('\n'),
        'The counts cover every row of the table and reports/missing-rows.csv lists exactly the rows counted as having an empty value.',
        ['skill.data-quality-profiling.profile', 'sql.local'],
        [
          { id: 'profile', tool: 'skill.data-quality-profiling.profile', args: { artifact: 'exports/source.csv', columns: checked } },
          { id: 'counts', tool: 'sql.local', args: {
            load: [{ table: 'source', artifact: 'exports/source.csv' }],
            statements: `SELECT COUNT(*) AS rows_checked, COALESCE(SUM(CASE WHEN ${anyEmpty} THEN 1 ELSE 0 END), 0) AS rows_with_empty, ${checked.map((c) => `COALESCE(SUM(CASE WHEN ${empty(c)} THEN 1 ELSE 0 END), 0) AS ${q(`empty_${c}`)}`).join(', ')} FROM source`,
          } },
          { id: 'gaps', tool: 'sql.local', args: { statements: `SELECT ${shown.map(q).join(', ')} FROM source WHERE ${anyEmpty} ORDER BY ${q(shown[0]!)}`, format: 'csv', save_as: 'reports/missing-rows.csv', max_rows: SHOWN } },
        ],
        { skills: ['data-quality-profiling'] }),
      reportStep('reports/quality.md', [
        `# ${name}`, '', `Table: ${ref('inputs.source_table')}`, '',
        `- Rows checked: ${count(0)}`, `- Rows with an empty ${list}: ${count(1)}`,
        ...checked.map((c, i) => `- Empty ${c}: ${count(i + 2)}`), '', 'The rows are in reports/missing-rows.csv.', '',
      ].join('\n'), 'the rows checked, the rows with an empty value and the count per column'),
      notifyStep(
        `*${name}*: ${count(1)} of ${count(0)} rows of ${ref('inputs.source_table')} have an empty ${list} (at most ${SHOWN} listed; all in reports/missing-rows.csv of run ${ref('run.url')}):\n\`\`\`\n${ref('steps.check.outputs.gaps.csv')}\n\`\`\``,
        `the number of rows with an empty ${list} out of the rows checked, and the first ${SHOWN} of them (${shown.join(', ')})`),
    ],
    artifacts: [
      { path: 'reports/quality.md', description: 'Rows checked and empty values per column.', content_type: 'text/markdown' },
      { path: 'reports/missing-rows.csv', description: `The rows with an empty ${list}.`, content_type: 'text/csv' },
    ],
    skills: ['data-quality-profiling'],
    tool_policies: {},
    decisions: [`checked columns: ${checked.join(', ')} (${p.columns.length > 0 ? 'named in the description' : 'none named, so every column'})`, `rows are identified by ${shown.join(', ')}`],
    reads: [{ table: table.id, columns: shown }],
  };
}

const MEASURE = /amount|revenue|value|total|cost|price|qty|quantity|units|sales|margin|spend|count/i;
const DIMENSION = /segment|region|team|stage|status|type|category|country|channel|owner|product|line|plant|center|centre|collector|source/i;

function kpiDigest(p: Plan): Pattern {
  const table = p.tables[0]!;
  const measure = p.columns.find((c) => MEASURE.test(c)) ?? table.columns.find((c) => MEASURE.test(c) && !table.primary_key.includes(c)) ?? null;
  const dimension = p.columns.find((c) => c !== measure && DIMENSION.test(c)) ?? table.columns.find((c) => c !== measure && DIMENSION.test(c)) ?? null;
  const total = measure ? `ROUND(SUM(CAST(${q(measure)} AS REAL)), 2)` : null;
  const select = [dimension ? q(dimension) : null, 'COUNT(*) AS row_count', total ? `${total} AS ${q(`total_${measure}`)}` : null].filter(Boolean).join(', ');
  const name = `${titleOf(table)} KPI digest`;
  const grouped = dimension ? ` by ${dimension}` : '';
  const cell = (i: number) => ref(`steps.compute.outputs.totals.rows[0][${i}]`);
  return {
    name,
    goal: `Total ${measure ?? 'the rows'} of ${table.id}${grouped}, write reports/kpi-digest.md and reports/kpi.csv, and post the digest to the Slack channel once a person approves it.`,
    inputs: [tableInput('source_table', 'Table to total', table), channelInput(p.channel)],
    steps: [
      exportStep([{ input: 'source_table', id: 'table', path: 'exports/source.csv' }]),
      step('compute', `Total ${measure ?? 'rows'}${grouped}`,
        `With sql.local, load exports/source.csv as "source"; compute the row count${measure ? ` and the sum of ${measure} (as a number, rounded to 2 decimals)` : ''} for the whole table, then the same${grouped || ' once'}${dimension ? ', largest first' : ''}, saved to reports/kpi.csv.`,
        'reports/kpi.csv holds one row per group and its totals add up to the whole-table totals.',
        ['sql.local'],
        [
          { id: 'totals', tool: 'sql.local', args: { load: [{ table: 'source', artifact: 'exports/source.csv' }], statements: `SELECT COUNT(*) AS row_count${total ? `, ${total} AS ${q(`total_${measure}`)}` : ''} FROM source` } },
          { id: 'groups', tool: 'sql.local', args: { statements: `SELECT ${select} FROM source${dimension ? ` GROUP BY ${q(dimension)} ORDER BY ${total ? 3 : 2} DESC` : ''}`, format: 'csv', save_as: 'reports/kpi.csv', max_rows: SHOWN } },
        ]),
      reportStep('reports/kpi-digest.md', [`# ${name}`, '', `- Rows: ${cell(0)}`, ...(measure ? [`- Total ${measure}: ${cell(1)}`] : []), '', `## ${dimension ? `By ${dimension}` : 'Totals'}`, '', '```', ref('steps.compute.outputs.groups.csv'), '```', ''].join('\n'), 'the totals and the table per group'),
      notifyStep(`*${name}*: ${cell(0)} rows${measure ? `, ${measure} ${cell(1)}` : ''}${grouped}:\n\`\`\`\n${ref('steps.compute.outputs.groups.csv')}\n\`\`\``, `the totals and the groups${grouped}`),
    ],
    artifacts: [
      { path: 'reports/kpi-digest.md', description: 'The digest as posted.', content_type: 'text/markdown' },
      { path: 'reports/kpi.csv', description: `Totals${grouped}.`, content_type: 'text/csv' },
    ],
    skills: [],
    tool_policies: {},
    decisions: [`measure: ${measure ?? 'none (row counts only)'}`, `grouped by: ${dimension ?? 'nothing (whole-table totals)'}`],
    reads: [{ table: table.id, columns: [measure, dimension].filter((c): c is string => c !== null) }],
  };
}

function reconcile(p: Plan): Pattern {
  const [left, right] = p.tables as [StorageTable, StorageTable];
  const shared = left.columns.filter((c) => right.columns.includes(c));
  const key = left.primary_key.find((c) => right.columns.includes(c)) ?? shared.find((c) => /(^id$|_id$|Id$)/.test(c)) ?? shared[0];
  if (!key) throw new Error(`${left.id} and ${right.id} share no column to match rows on (${left.id}: ${left.columns.join(', ')}; ${right.id}: ${right.columns.join(', ')})`);
  const named = p.columns.filter((c) => shared.includes(c) && c !== key);
  const compared = (named.length > 0 ? named : shared.filter((c) => c !== key)).slice(0, 10);
  const on = `b.${q(key)} = a.${q(key)}`;
  const differs = (c: string) => `COALESCE(a.${q(c)}, '') <> COALESCE(b.${q(c)}, '')`;
  const onlyLeft = `FROM a LEFT JOIN b ON ${on} WHERE b.${q(key)} IS NULL`;
  const onlyRight = `FROM b LEFT JOIN a ON ${on} WHERE a.${q(key)} IS NULL`;
  const rows = [
    `SELECT ${literal(`only in ${left.id}`)} AS difference, a.${q(key)} AS ${q(key)}, '' AS column_name, '' AS left_value, '' AS right_value ${onlyLeft}`,
    `SELECT ${literal(`only in ${right.id}`)}, b.${q(key)}, '', '', '' ${onlyRight}`,
    ...compared.map((c) => `SELECT 'different', a.${q(key)}, ${literal(c)}, a.${q(c)}, b.${q(c)} FROM a JOIN b ON ${on} WHERE ${differs(c)}`),
  ];
  const counts = [
    '(SELECT COUNT(*) FROM a) AS left_rows', '(SELECT COUNT(*) FROM b) AS right_rows',
    `(SELECT COUNT(*) ${onlyLeft}) AS only_left`, `(SELECT COUNT(*) ${onlyRight}) AS only_right`,
    `(SELECT COUNT(*) FROM a JOIN b ON ${on}${compared.length > 0 ? ` WHERE ${compared.map(differs).join(' OR ')}` : ' WHERE 0'}) AS rows_differing`,
  ];
  const cell = (i: number) => ref(`steps.compare.outputs.counts.rows[0][${i}]`);
  const name = `Reconcile ${titleOf(left)} with ${titleOf(right)}`;
  const summary = `${cell(2)} only in ${left.id}, ${cell(3)} only in ${right.id}, ${cell(4)} matched rows differ`;
  const steps = [
    exportStep([{ input: 'left_table', id: 'left', path: 'exports/left.csv' }, { input: 'right_table', id: 'right', path: 'exports/right.csv' }]),
    step('compare', `Match on ${key} and compare`,
      `With sql.local, load exports/left.csv as "a" and exports/right.csv as "b"; match rows on ${key}; count the rows only in ${left.id}, only in ${right.id}, and the matched rows where any of ${compared.join(', ') || '(no shared column)'} differs (empty equals empty); save one row per difference to reports/differences.csv.`,
      'The counts and reports/differences.csv agree, and every row of both tables is either matched or counted as only in one.',
      ['sql.local'],
      [
        { id: 'counts', tool: 'sql.local', args: { load: [{ table: 'a', artifact: 'exports/left.csv', index: [key] }, { table: 'b', artifact: 'exports/right.csv', index: [key] }], statements: `SELECT ${counts.join(', ')}` } },
        { id: 'differences', tool: 'sql.local', args: { statements: `${rows.join('\nUNION ALL ')}\nORDER BY 1, 2`, format: 'csv', save_as: 'reports/differences.csv', max_rows: SHOWN } },
      ]),
    reportStep('reports/reconciliation.md', [`# ${name}`, '', `Matched on ${key}.`, '', `- Rows in ${left.id}: ${cell(0)}`, `- Rows in ${right.id}: ${cell(1)}`, `- Only in ${left.id}: ${cell(2)}`, `- Only in ${right.id}: ${cell(3)}`, `- Matched rows with a difference in ${compared.join(', ') || 'nothing compared'}: ${cell(4)}`, '', 'Every difference is in reports/differences.csv.', ''].join('\n'), 'the row counts and the differences by kind'),
  ];
  if (p.channel) steps.push(notifyStep(`*${name}* (on ${key}): ${summary}.\n\`\`\`\n${ref('steps.compare.outputs.differences.csv')}\n\`\`\``, 'the counts by kind of difference and the first differences'));
  return {
    name,
    goal: `Match ${left.id} and ${right.id} on ${key}, list the rows only in one of them and the matched rows whose ${compared.join(', ') || 'values'} differ in reports/differences.csv with counts in reports/reconciliation.md${p.channel ? ', and post the counts to the Slack channel once a person approves' : ''}.`,
    inputs: [tableInput('left_table', 'First table', left), tableInput('right_table', 'Second table', right), ...(p.channel ? [channelInput(p.channel)] : [])],
    steps,
    artifacts: [
      { path: 'reports/reconciliation.md', description: 'Counts by kind of difference.', content_type: 'text/markdown' },
      { path: 'reports/differences.csv', description: 'One row per difference.', content_type: 'text/csv' },
    ],
    skills: [],
    tool_policies: {},
    decisions: [`key: ${key} (${left.primary_key.includes(key) ? `primary key of ${left.id}` : 'a column both tables have'})`, `compared: ${compared.join(', ') || 'nothing else is shared'}`],
    reads: [{ table: left.id, columns: [key, ...compared] }, { table: right.id, columns: [key, ...compared] }],
  };
}

function exportTable(p: Plan): Pattern {
  const table = p.tables[0]!;
  const kept = p.columns.length > 0 ? unique([...table.primary_key, ...p.columns]) : table.columns;
  const key = table.primary_key.filter((c) => kept.includes(c));
  const name = `Export ${titleOf(table)}${p.bucket ? ` to ${p.bucket}` : ''}`;
  const target = `${ref('inputs.target_bucket')}.${table.name}`;
  const steps = [
    exportStep([{ input: 'source_table', id: 'table', path: 'exports/source.csv' }]),
    step('select', 'Keep the columns to deliver',
      `With sql.local, load exports/source.csv as "source" and save ${kept.join(', ')} of every row to reports/export.csv.`,
      'reports/export.csv has every row of the table with the kept columns.', ['sql.local'],
      [{ id: 'rows', tool: 'sql.local', args: { load: [{ table: 'source', artifact: 'exports/source.csv' }], statements: `SELECT ${kept.map(q).join(', ')} FROM source`, format: 'csv', save_as: 'reports/export.csv', max_rows: 20 } }]),
    step('write', 'Load the table into the target bucket after approval',
      `Load reports/export.csv into <inputs.target_bucket>.${table.name} with keboola.storage.write (incremental${key.length > 0 ? `, primary key ${key.join(', ')}` : ''}). Write only into inputs.target_bucket. The write is held for a person's approval after its dry run; if its outcome is unknown, do not repeat it.`,
      `<target_bucket>.${table.name} holds the exported rows, or the approver rejected the write.`,
      ['keboola.storage.write'],
      [{ id: 'load', tool: 'keboola.storage.write', args: { table_id: target, artifact: 'reports/export.csv', incremental: true, ...(key.length > 0 ? { primary_key: key } : {}) } }], { on_failure: 'ask_user' }),
  ];
  if (p.channel) steps.push(notifyStep(`*${name}*: ${ref('steps.select.outputs.rows.row_count')} rows of ${ref('inputs.source_table')} loaded into ${target}.`, 'the row count and the table written'));
  return {
    name,
    goal: `Load ${kept.length === table.columns.length ? 'every column' : kept.join(', ')} of ${table.id} into ${table.name} in the target bucket once a person approves the write${p.channel ? ', and tell the Slack channel' : ''}.`,
    inputs: [
      tableInput('source_table', 'Table to export', table),
      { name: 'target_bucket', type: 'string', label: 'Target bucket', description: 'The Storage bucket the table is loaded into.', required: true, ...(p.bucket ? { default: p.bucket } : {}), pattern: '(in|out)\\.c-[A-Za-z0-9_-]{1,96}', pattern_hint: 'a Storage bucket id such as out.c-exports' },
      ...(p.channel ? [channelInput(p.channel)] : []),
    ],
    steps,
    artifacts: [{ path: 'reports/export.csv', description: 'The rows as loaded.', content_type: 'text/csv' }],
    skills: [],
    tool_policies: { 'keboola.storage.write': 'dry_run_then_approve' },
    decisions: [`columns kept: ${kept.join(', ')}`, `load: incremental${key.length > 0 ? ` on ${key.join(', ')}` : ' (append: the table has no primary key)'}`],
    reads: [{ table: table.id, columns: kept }],
  };
}

export const PATTERNS: Record<TemplateId, (p: Plan) => Pattern> = { 'quality-check': qualityCheck, 'kpi-digest': kpiDigest, reconcile, 'export-table': exportTable };
