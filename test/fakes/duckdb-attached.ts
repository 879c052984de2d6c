/**
 * Which fake projects have a warehouse attached (duckdb-warehouse.ts). Kept apart from it so the
 * Query Service fake does not load DuckDB's native module unless a test attaches one.
 */
export type Warehouse = { run(sql: string): Promise<{ columns: string[]; rows: unknown[][] }>; close(): void };

const attached = new Map<number, Warehouse>();

export function attachWarehouse(projectId: number, warehouse: Warehouse): void {
  attached.set(projectId, warehouse);
}

export function warehouseOf(projectId: number): Warehouse | undefined {
  return attached.get(projectId);
}

/** Closes and forgets the project's warehouse, if it has one. */
export function detachWarehouse(projectId: number): boolean {
  const warehouse = attached.get(projectId);
  warehouse?.close();
  return attached.delete(projectId);
}
