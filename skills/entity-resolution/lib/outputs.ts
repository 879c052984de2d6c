// The resolution's two tables as resolve writes them, whichever way it resolved.
import { CANONICAL_FIELDS, type ClusterMapRow, type GoldenRecord } from '../../../src/er';

const GOLDEN_FIELDS = CANONICAL_FIELDS.filter((f) => f !== 'full_name');
export const GOLDEN_COLUMNS = ['entity_id', 'member_count', 'sources', ...GOLDEN_FIELDS];
export const CLUSTER_MAP_COLUMNS = ['source', 'row_id', 'entity_id'];

export const goldenRow = (g: GoldenRecord): unknown[] => [g.entity_id, g.member_count, g.sources.join(';'), ...GOLDEN_FIELDS.map((f) => g.values[f])];
export const clusterMapRow = (r: ClusterMapRow): unknown[] => [r.source, r.id, r.entity_id];
