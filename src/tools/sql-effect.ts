import type { SqlRisk } from '../broker/sql-risk';
import type { EffectRisk } from './types';

/** SQL tools are `compute` for reads; a statement that changes or moves data raises the call's class. */
export function effectOfSql(parsed: SqlRisk): EffectRisk {
  if (parsed.risk === 'read' || parsed.risk === 'compute') return null;
  const raising = parsed.statements.filter((s) => s.risk === parsed.risk).map((s) => s.reason);
  return { risk: parsed.risk, reason: raising.join('; ') };
}
