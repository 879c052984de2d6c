import { type RiskClass, riskRank } from '../domain/risk';
import { type SqlDialect, type SqlToken, SQL_DIALECTS, splitStatements } from './sql-tokens';

/**
 * The risk of a SQL call decided by what its statements do (spec §2), for `sql.local` and
 * `keboola.workspace.query`. Fails closed: a statement not recognised here is `destructive`.
 */
export type SqlStatementRisk = { text: string; kind: string; risk: RiskClass; reason: string };
export type SqlRisk = { risk: RiskClass; statements: SqlStatementRisk[] };
type Verdict = Omit<SqlStatementRisk, 'text'>;

/**
 * Without a dialect the SQL is read as Snowflake, BigQuery and SQLite and the worst reading wins,
 * because the quoting rules differ (see sql-tokens.ts). Empty input, or only comments, is
 * `compute` with no statements: nothing will run.
 */
export function sqlRisk(sql: string | readonly string[], dialect?: SqlDialect): SqlRisk {
  const readings = (dialect ? [dialect] : SQL_DIALECTS).map((d) => readAs(typeof sql === 'string' ? [sql] : sql, d));
  return readings.reduce((worst, reading) => (riskRank(reading.risk) > riskRank(worst.risk) ? reading : worst));
}

function readAs(sql: readonly string[], dialect: SqlDialect): SqlRisk {
  const statements = sql.flatMap((one) => splitStatements(one, dialect)).map(({ text, tokens }) => ({ text, ...classify(tokens) }));
  const risk = statements.reduce<RiskClass>((max, s) => (riskRank(s.risk) > riskRank(max) ? s.risk : max), 'compute');
  return { risk, statements };
}

/** The leading keywords decide; then every keyword in the statement may still raise it. */
function classify(tokens: readonly SqlToken[]): Verdict {
  const head = classifyHead(tokens);
  const found = scan(tokens);
  return found && riskRank(found.risk) > riskRank(head.risk) ? found : head;
}

const verdict = (kind: string, risk: RiskClass, reason: string): Verdict => ({ kind, risk, reason });
const word = (token: SqlToken | undefined): string | undefined => (token?.kind === 'word' ? token.value : undefined);
const isPunct = (token: SqlToken | undefined, text: string): boolean => token?.kind === 'punct' && token.value === text;

function classifyHead(tokens: readonly SqlToken[]): Verdict {
  const first = word(tokens[0]);
  const name = (at: number) => objectName(tokens, at);
  if (isPunct(tokens[0], '(')) return classifyHead(tokens.slice(1)); // (SELECT …) UNION (SELECT …)
  switch (first) {
    case 'SELECT':
      return verdict('select', 'compute', 'SELECT only reads data');
    case 'VALUES':
      return verdict('values', 'compute', 'VALUES only produces literal rows');
    case 'SHOW':
      return verdict('show', 'compute', 'SHOW only lists objects');
    case 'DESCRIBE':
    case 'DESC':
      return verdict('describe', 'compute', "DESCRIBE only shows an object's structure");
    case 'WITH':
      return withClause(tokens);
    case 'EXPLAIN': {
      const skip = word(tokens[1]) === 'QUERY' && word(tokens[2]) === 'PLAN' ? 3 : word(tokens[1]) === 'USING' ? 3 : 1;
      const inner = classifyHead(tokens.slice(skip));
      return inner.risk === 'compute' ? verdict('explain', 'compute', `EXPLAIN only describes how the ${inner.kind} would run`) : inner;
    }
    case 'BEGIN':
    case 'START':
    case 'COMMIT':
    case 'ROLLBACK':
    case 'END':
      return tokens.slice(1).every((t) => TRANSACTION_WORDS.has(word(t) ?? ''))
        ? verdict('transaction', 'compute', `${first} only controls the transaction`)
        : unrecognised(tokens);
    case 'PRAGMA':
      return pragma(tokens);
    case 'INSERT':
      return insert(tokens);
    case 'REPLACE':
      return word(tokens[1]) === 'INTO' ? verdict('replace', 'destructive', `REPLACE INTO overwrites existing rows in ${name(2)}`) : unrecognised(tokens);
    case 'UPDATE':
      return verdict('update', 'destructive', `UPDATE changes existing rows in ${name(1)}`);
    case 'DELETE':
      return verdict('delete', 'destructive', `DELETE removes rows from ${name(word(tokens[1]) === 'FROM' ? 2 : 1)}`);
    case 'TRUNCATE':
      return verdict('truncate', 'destructive', `TRUNCATE removes every row from ${name(word(tokens[1]) === 'TABLE' ? 2 : 1)}`);
    case 'MERGE':
      return verdict('merge', 'destructive', `MERGE can change and remove rows in ${name(word(tokens[1]) === 'INTO' ? 2 : 1)}`);
    case 'CREATE':
    case 'DROP':
    case 'ALTER':
      return definition(first, tokens);
    case 'ATTACH':
      return verdict('attach', 'destructive', 'ATTACH opens another database file in this connection');
    case 'DETACH':
      return verdict('detach', 'destructive', 'DETACH closes an attached database');
    case 'GRANT':
    case 'REVOKE':
      return verdict(first.toLowerCase(), 'admin', `${first} changes who may do what in the warehouse`);
    case 'USE':
      return ['ROLE', 'SECONDARY'].includes(word(tokens[1]) ?? '')
        ? verdict('use_role', 'admin', 'USE ROLE changes the privileges every later statement runs with')
        : verdict('use', 'write', 'USE changes the session’s current database, schema or warehouse');
    case 'SET':
    case 'UNSET':
      return verdict(first.toLowerCase(), 'write', `${first} changes a session variable`);
    case 'CALL':
    case 'EXECUTE':
    case 'EXEC':
      return verdict(first.toLowerCase(), 'destructive', `${first} runs a procedure or dynamic SQL, which can do anything`);
    case 'COPY':
      return copy(tokens);
    case 'PUT':
      return verdict('put', 'external_send', 'PUT transfers a file to a stage');
    case 'GET':
      return verdict('get', 'external_send', 'GET downloads files from a stage out of the warehouse');
    case 'EXPORT':
      return word(tokens[1]) === 'DATA' ? verdict('export_data', 'external_send', 'EXPORT DATA writes query results to external storage') : unrecognised(tokens);
    case 'ANALYZE':
      return verdict('analyze', 'write', 'ANALYZE rewrites the planner statistics');
    case 'VACUUM':
      return verdict('vacuum', 'write', 'VACUUM rebuilds the database file');
    case 'REINDEX':
      return verdict('reindex', 'write', 'REINDEX rebuilds indexes');
    default:
      return unrecognised(tokens);
  }
}

function unrecognised(tokens: readonly SqlToken[]): Verdict {
  const start = tokens[0] ? `starting with "${tokens[0].value}"` : 'that ends early';
  return verdict('unrecognised', 'destructive', `Unrecognised statement ${start}, so it is treated as destructive`);
}

const TRANSACTION_WORDS = new Set(['TRANSACTION', 'WORK', 'DEFERRED', 'IMMEDIATE', 'EXCLUSIVE']);

/** `WITH [RECURSIVE] name [(cols)] AS [NOT] [MATERIALIZED] (…), …` — the main statement after it decides. */
function withClause(tokens: readonly SqlToken[]): Verdict {
  let i = word(tokens[1]) === 'RECURSIVE' ? 2 : 1;
  for (;;) {
    if (tokens[i]?.kind !== 'word' && tokens[i]?.kind !== 'quoted') return unrecognised(tokens);
    i++;
    if (isPunct(tokens[i], '(')) i = closingParen(tokens, i) + 1;
    if (word(tokens[i]) !== 'AS') return unrecognised(tokens);
    i++;
    if (word(tokens[i]) === 'NOT') i++;
    if (word(tokens[i]) === 'MATERIALIZED') i++;
    if (!isPunct(tokens[i], '(')) return unrecognised(tokens);
    i = closingParen(tokens, i) + 1;
    if (!isPunct(tokens[i], ',')) return classifyHead(tokens.slice(i));
    i++;
  }
}

/** The index of the `)` matching the `(` at `open`, or past the end when there is none. */
function closingParen(tokens: readonly SqlToken[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (isPunct(tokens[i], '(')) depth++;
    else if (isPunct(tokens[i], ')') && --depth === 0) return i;
  }
  return tokens.length;
}

// Read-only PRAGMAs that only describe the schema.
const READ_PRAGMAS = new Set(['table_info', 'table_xinfo', 'table_list', 'index_list', 'index_info', 'index_xinfo', 'foreign_key_list']);

/** `PRAGMA [schema.]name [(argument)]`; an `=`, a longer tail or a name off the list may change the database. */
function pragma(tokens: readonly SqlToken[]): Verdict {
  const at = isPunct(tokens[2], '.') ? 3 : 1;
  const name = word(tokens[at])?.toLowerCase() ?? '';
  const tail = tokens.slice(at + 1);
  const argument = tail.length === 3 && isPunct(tail[0], '(') && tail[1]?.kind !== 'punct' && isPunct(tail[2], ')');
  return READ_PRAGMAS.has(name) && (tail.length === 0 || argument)
    ? verdict('pragma_read', 'compute', `PRAGMA ${name} only reads the schema`)
    : verdict('pragma_write', 'destructive', `PRAGMA ${tokens[at]?.text ?? 'without a name'} can change database settings or data`);
}

function insert(tokens: readonly SqlToken[]): Verdict {
  const into = tokens.findIndex((t) => word(t) === 'INTO');
  const target = objectName(tokens, into < 0 ? 1 : into + 1);
  if (word(tokens[1]) === 'OR' && word(tokens[2]) === 'REPLACE') {
    return verdict('upsert', 'destructive', `INSERT OR REPLACE is an upsert: it overwrites existing rows in ${target}`);
  }
  if (word(tokens[1]) === 'OVERWRITE') return verdict('insert_overwrite', 'destructive', `INSERT OVERWRITE replaces every row in ${target}`);
  if (tokens.some((t) => word(t) === 'UPDATE')) {
    return verdict('upsert', 'destructive', `INSERT … DO UPDATE is an upsert: it overwrites existing rows in ${target}`);
  }
  return verdict('insert', 'write', `INSERT adds rows to ${target}`);
}

// Words between the verb and the object type: CREATE [OR REPLACE] TEMP TABLE, CREATE STORAGE INTEGRATION.
const MODIFIERS = new Set([
  'TEMP', 'TEMPORARY', 'TRANSIENT', 'VOLATILE', 'LOCAL', 'GLOBAL', 'SECURE', 'MATERIALIZED', 'RECURSIVE', 'UNIQUE',
  'VIRTUAL', 'EXTERNAL', 'ACCESS', 'STORAGE', 'API', 'NOTIFICATION', 'SECURITY', 'CATALOG',
]);
const ADMIN_OBJECTS = new Set(['STAGE', 'INTEGRATION', 'USER', 'ROLE', 'SHARE', 'WAREHOUSE', 'DATABASE', 'SCHEMA', 'SESSION', 'ACCOUNT']);
const WRITE_OBJECTS = new Set(['TABLE', 'VIEW', 'INDEX']);

/** CREATE / DROP / ALTER: admin objects are admin; otherwise only a plain CREATE of a table, view or index is a write. */
function definition(verb: 'CREATE' | 'DROP' | 'ALTER', tokens: readonly SqlToken[]): Verdict {
  const orReplace = word(tokens[1]) === 'OR' && word(tokens[2]) === 'REPLACE';
  let i = orReplace ? 3 : 1;
  while (MODIFIERS.has(word(tokens[i]) ?? '')) i++;
  const object = word(tokens[i]) ?? '';
  const kind = object ? `${verb}_${object}`.toLowerCase() : verb.toLowerCase();
  const what = [verb, orReplace ? 'OR REPLACE' : '', object].filter(Boolean).join(' ');
  const name = objectName(tokens, i + 1);
  if (ADMIN_OBJECTS.has(object)) return verdict(kind, 'admin', `${what} changes account-level objects, privileges or settings`);
  if (verb === 'DROP') return verdict(kind, 'destructive', `${what} removes ${name} and everything in it`);
  if (verb === 'ALTER') return verdict(kind, 'destructive', `${what} changes the definition of ${name}`);
  if (!WRITE_OBJECTS.has(object)) return verdict(kind, 'destructive', `${what} is an unrecognised kind of object, so it is treated as destructive`);
  if (orReplace) return verdict(kind, 'destructive', `${what} replaces ${name} and drops whatever it held`);
  return verdict(kind, 'write', `${what} creates ${name}`);
}

/** `COPY INTO @stage` or `COPY INTO 's3://…'` unloads data; `COPY INTO table` loads it. */
function copy(tokens: readonly SqlToken[]): Verdict {
  if (word(tokens[1]) !== 'INTO') return unrecognised(tokens);
  return tokens[2]?.kind === 'string' || isPunct(tokens[2], '@')
    ? verdict('copy_unload', 'external_send', 'COPY INTO a stage or external location sends data out of the warehouse')
    : verdict('copy_load', 'write', `COPY INTO loads files into ${objectName(tokens, 2)}`);
}

/** A dotted name at `at` (after an optional IF [NOT] EXISTS), for reasons; a placeholder when absent. */
function objectName(tokens: readonly SqlToken[], at: number): string {
  let i = at;
  if (word(tokens[i]) === 'IF') i += word(tokens[i + 1]) === 'NOT' ? 3 : 2;
  const parts: string[] = [];
  while (tokens[i] && tokens[i]!.kind !== 'punct' && tokens[i]!.kind !== 'number') {
    parts.push(tokens[i]!.text);
    if (!isPunct(tokens[i + 1], '.')) break;
    i += 2;
  }
  return parts.length ? parts.join('.') : 'the named object';
}

// Keywords that change or move data wherever they appear. A few are also functions — INSERT(…),
// GET(…), TRUNCATE(…) — and count only when not followed by `(`.
const EFFECTS: Record<string, [RiskClass, string]> = {
  INTO: ['write', 'writes a result into a table or variable'],
  INSERT: ['write', 'adds rows'],
  CREATE: ['write', 'creates an object'],
  VACUUM: ['write', 'rebuilds the database'],
  UPDATE: ['destructive', 'changes existing rows'],
  DELETE: ['destructive', 'removes rows'],
  DROP: ['destructive', 'removes an object'],
  ALTER: ['destructive', 'changes an object'],
  TRUNCATE: ['destructive', 'removes every row'],
  MERGE: ['destructive', 'can change and remove rows'],
  ATTACH: ['destructive', 'opens another database'],
  DETACH: ['destructive', 'closes an attached database'],
  CALL: ['destructive', 'runs a procedure'],
  EXECUTE: ['destructive', 'runs dynamic SQL'],
  COPY: ['external_send', 'can move data in or out of the warehouse'],
  PUT: ['external_send', 'transfers files'],
  GET: ['external_send', 'transfers files'],
  EXPORT: ['external_send', 'sends data to external storage'],
  GRANT: ['admin', 'changes privileges'],
  REVOKE: ['admin', 'changes privileges'],
};
const ALSO_FUNCTIONS = new Set(['INSERT', 'GET', 'TRUNCATE']);

/**
 * The most dangerous effect keyword after the first word (the head already judged that one),
 * outside strings, comments and quoted identifiers.
 */
function scan(tokens: readonly SqlToken[]): Verdict | undefined {
  const where = word(tokens[0]) ?? 'this statement';
  let found: Verdict | undefined;
  for (let i = 1; i < tokens.length; i++) {
    const key = word(tokens[i]);
    const previous = word(tokens[i - 1]);
    const effect = key ? EFFECTS[key] : undefined;
    let hit: Verdict | undefined;
    if (key?.startsWith('SYSTEM$')) {
      hit = verdict('system_function', 'destructive', `${tokens[i]!.text} is a Snowflake system function, which can act on the account`);
    }
    else if (key === 'UPDATE' && previous === 'FOR') hit = verdict('for_update', 'write', 'FOR UPDATE locks the selected rows for writing');
    else if ((key === 'UPDATE' || key === 'DELETE') && previous === 'ON') continue; // a foreign key's ON DELETE / ON UPDATE action
    else if (key && ALSO_FUNCTIONS.has(key) && isPunct(tokens[i + 1], '(')) continue;
    else if (key && effect) hit = verdict(key.toLowerCase(), effect[0], `${key} inside ${where} ${effect[1]}`);
    if (hit && (!found || riskRank(hit.risk) > riskRank(found.risk))) found = hit;
  }
  return found;
}
