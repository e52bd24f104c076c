// The QueryRunner schema API of TypeORM (createTable, addColumn, createIndex …): the SQL its
// PostgreSQL driver (src/driver/postgres/PostgresQueryRunner.ts) sends for each call.
import type { CallExpression } from '@babel/types';
import type { HostOperation } from '../types.js';
import type { Constants } from './literal.js';

/** QueryRunner methods that change the schema. */
export const SCHEMA_METHODS: ReadonlySet<string> = new Set([
  'createTable', 'dropTable', 'renameTable', 'addColumn', 'addColumns', 'changeColumn', 'changeColumns', 'dropColumn', 'dropColumns', 'renameColumn',
  'createIndex', 'createIndices', 'dropIndex', 'dropIndices', 'createForeignKey', 'createForeignKeys', 'dropForeignKey', 'dropForeignKeys',
  'createPrimaryKey', 'dropPrimaryKey', 'createUniqueConstraint', 'createUniqueConstraints', 'dropUniqueConstraint', 'dropUniqueConstraints',
  'createCheckConstraint', 'dropCheckConstraint', 'createExclusionConstraint', 'dropExclusionConstraint', 'createSchema', 'dropSchema', 'createView', 'dropView', 'clearTable',
]);

export interface SchemaContext {
  text: string;
  constants: Constants;
  runner: string;
}

export function schemaCall(call: CallExpression, method: string, ctx: SchemaContext): HostOperation {
  return { span: { start: call.start ?? 0, end: call.end ?? 0 }, unresolved: `${ctx.runner}.${method}(…) is not translated to SQL` };
}
