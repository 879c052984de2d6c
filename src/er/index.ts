// Entity resolution: normalise → block → compare with rules → cluster → survive → validate.
// Pure TypeScript with no Node APIs, so it runs in a Worker; large inputs go through the
// chunked driver (resolver.ts) one bounded unit of work at a time.
export * from './text';
export { formalGivenName } from './nicknames';
export * from './normalize-name';
export * from './normalize-email';
export * from './normalize-phone';
export * from './normalize-date';
export * from './normalize-address';
export * from './normalize-region';
export * from './schema';
export * from './prepare';
export * from './profile';
export * from './jaro-winkler';
export * from './compare';
export * from './phonetic';
export * from './rules';
export * from './match';
export * from './blocking';
export * from './union-find';
export * from './survivorship';
export * from './validate';
export * from './resolution';
export * from './resolver';
export * from './evaluate';
export * from './synthetic';
export { seededRandom } from './random';
export * from './propose';
export * from './csv';
export type { SqlDialect } from './sql-dialect';
export { sqliteDialect } from './sql-sqlite';
export * from './sql-compile';
export { snowflakeDialect } from './sql-snowflake';
export * from './sql-pushdown';
export * from './pairs-resolution';
export type { FinishStage } from './finishing';
export * from './candidates';
