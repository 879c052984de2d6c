// The substitution lives with the run-start check of SQL inputs (src/workspace/sql-parameters.ts),
// so SQL accepted with its :period placeholder is SQL this skill can fill in.
export { substituteParameter } from '../../../src/workspace/sql-parameters';

/** SQL string literal: single quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
