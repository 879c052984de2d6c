import { riskRank } from '../domain/risk';
import { sqlRisk } from '../broker/sql-risk';
import { SQL_DIALECTS, tokenize } from '../broker/sql-tokens';
import { parameterSpans } from '../workspace/sql-parameters';

/**
 * What is wrong with the SQL of an `sql` input, in words, checked before a run exists: a string,
 * quoted name or comment never closed, no statement at all, a statement that changes data when the
 * input is `read_only` (classed by the Broker's reader, so the check and the run agree), and a
 * declared placeholder that never occurs outside strings and comments.
 */
export function sqlProblems(sql: string, spec: { read_only?: boolean | undefined; placeholders?: string[] | undefined }): string[] {
  if (SQL_DIALECTS.every((dialect) => neverClosed(sql, dialect))) return ['has a string, quoted name or comment that is never closed'];
  const risk = sqlRisk(sql);
  if (risk.statements.length === 0) return ['has no SQL statement'];
  const problems: string[] = [];
  if (spec.read_only) {
    for (const statement of risk.statements.filter((s) => riskRank(s.risk) > riskRank('compute'))) {
      problems.push(`must only read data: ${statement.reason} (in "${excerpt(statement.text)}")`);
    }
  }
  const missing = (spec.placeholders ?? []).filter((p) => parameterSpans(sql, p.slice(1)).length === 0);
  if (missing.length > 0) problems.push(`must use ${missing.join(', ')} outside strings and comments`);
  return problems;
}

// The tokenizer runs an unclosed quote or comment to the end of the text, so a word appended after
// a line break survives as a word only if everything before it was closed.
const SENTINEL = 'end_of_sql_sentinel';

function neverClosed(sql: string, dialect: (typeof SQL_DIALECTS)[number]): boolean {
  const last = tokenize(`${sql}\n${SENTINEL}`, dialect).at(-1);
  return !(last?.kind === 'word' && last.text === SENTINEL && last.start === sql.length + 1);
}

function excerpt(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}…` : line;
}
