// Tables and indexes created earlier in the same section: such a table is new and empty,
// invisible to others until commit, so most lock rules do not apply to it.
import type { Node, RangeVar } from '@pgsql/types';

export interface CreatedObjects {
  isTableCreatedEarlier(relation: RangeVar | undefined, beforeStatement: number): boolean;
  isIndexCreatedEarlier(schema: string | undefined, name: string, beforeStatement: number): boolean;
}

/** name → statement index of creation, keyed by bare name and by schema.name. */
type Registry = Map<string, number>;

function register(registry: Registry, schema: string | undefined, name: string | undefined, index: number): void {
  if (!name) return;
  if (!registry.has(name)) registry.set(name, index);
  if (schema && !registry.has(`${schema}.${name}`)) registry.set(`${schema}.${name}`, index);
}

function createdBefore(registry: Registry, schema: string | undefined, name: string | undefined, before: number): boolean {
  if (!name) return false;
  // A qualified reference to a table created unqualified (or the reverse) still matches by name.
  const at = (schema ? registry.get(`${schema}.${name}`) : undefined) ?? registry.get(name);
  return at !== undefined && at < before;
}

export function createdObjects(nodes: readonly Node[]): CreatedObjects {
  const tables: Registry = new Map();
  const indexes: Registry = new Map();
  nodes.forEach((node, index) => {
    if ('CreateStmt' in node) register(tables, node.CreateStmt.relation?.schemaname, node.CreateStmt.relation?.relname, index);
    else if ('CreateTableAsStmt' in node) {
      const rel = node.CreateTableAsStmt.into?.rel;
      register(tables, rel?.schemaname, rel?.relname, index);
    } else if ('IndexStmt' in node) {
      register(indexes, node.IndexStmt.relation?.schemaname, node.IndexStmt.idxname, index);
    }
  });
  return {
    isTableCreatedEarlier: (relation, before) => createdBefore(tables, relation?.schemaname, relation?.relname, before),
    isIndexCreatedEarlier: (schema, name, before) => createdBefore(indexes, schema, name, before),
  };
}
