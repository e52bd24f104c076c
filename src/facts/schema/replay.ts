// Applies one statement to the catalog. Statements that change nothing modelled are ignored,
// and odd input (missing objects, IF EXISTS, unknown tables) changes nothing rather than throwing.
import type { Node } from '@pgsql/types';
import type { Catalog } from './catalog.js';
import { replayAlterTable } from './replay-alter.js';
import { replayAlterEnum, replayCreateEnum, replayCreateFunction, replayDrop, replayRename, replaySetSchema } from './replay-objects.js';
import { replayCreateIndex, replayCreateTable, replayCreateTableAs } from './replay-table.js';
import { searchPathAfter } from './search-path.js';
import { replayAlterDomain, replayCreateDomain } from './replay-domain.js';
import { replayCreateRule, replayCreateView } from './replay-view.js';

export function replayStatement(catalog: Catalog, node: Node): void {
  if ('CreateStmt' in node) replayCreateTable(catalog, node.CreateStmt);
  else if ('AlterTableStmt' in node) replayAlterTable(catalog, node.AlterTableStmt);
  else if ('IndexStmt' in node) replayCreateIndex(catalog, node.IndexStmt);
  else if ('DropStmt' in node) replayDrop(catalog, node.DropStmt);
  else if ('RenameStmt' in node) replayRename(catalog, node.RenameStmt);
  else if ('AlterObjectSchemaStmt' in node) replaySetSchema(catalog, node.AlterObjectSchemaStmt);
  else if ('CreateEnumStmt' in node) replayCreateEnum(catalog, node.CreateEnumStmt);
  else if ('AlterEnumStmt' in node) replayAlterEnum(catalog, node.AlterEnumStmt);
  else if ('CreateFunctionStmt' in node) replayCreateFunction(catalog, node.CreateFunctionStmt);
  else if ('CreateDomainStmt' in node) replayCreateDomain(catalog, node.CreateDomainStmt);
  else if ('AlterDomainStmt' in node) replayAlterDomain(catalog, node.AlterDomainStmt);
  else if ('ViewStmt' in node) replayCreateView(catalog, node.ViewStmt.view, node.ViewStmt.query, false);
  else if ('RuleStmt' in node) replayCreateRule(catalog, node.RuleStmt);
  else if ('CreateTableAsStmt' in node) {
    const stmt = node.CreateTableAsStmt;
    if (stmt.objtype === 'OBJECT_TABLE') replayCreateTableAs(catalog, stmt.into, stmt.if_not_exists === true);
    else if (stmt.objtype === 'OBJECT_MATVIEW') replayCreateView(catalog, stmt.into?.rel, stmt.query, true);
  } else if ('SelectStmt' in node && node.SelectStmt.intoClause) replayCreateTableAs(catalog, node.SelectStmt.intoClause, false);
  catalog.searchPath = searchPathAfter(node) ?? catalog.searchPath;
}
