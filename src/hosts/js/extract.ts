// One JS/TS migration file → HostMigrationFile: parse, find the exported up/down functions, walk
// each with the ORM's recogniser. A file that does not parse is a problem at its position; a file
// exporting no `up` (a helper module beside the migrations) has neither sections nor problems.
import type { File } from '@babel/types';
import type { WrapMode } from '../../types.js';
import type { HostMigrationFile, HostSection } from '../types.js';
import { exportedFunction, type MigrationFunction } from './exports.js';
import { parseJs } from './parse.js';
import { fileScope, type JsScope } from './values.js';
import { spanOf, walkOperations, type Recogniser } from './walk.js';

export interface JsOrm {
  /** How the ORM is named in messages ("Knex"). */
  title: string;
  recognise: Recogniser;
  /** Names that stand for the ORM object in a migration function (its first parameter by default). */
  roots?(fn: MigrationFunction): string[];
  /** The transaction model the file itself sets for a section (Knex `config.transaction = false`). */
  sectionWrap?(input: SectionInput): WrapMode | undefined;
}

export interface SectionInput {
  ast: File;
  scope: JsScope;
  fn: MigrationFunction;
  roots: ReadonlySet<string>;
}

export function extractJsMigration(text: string, path: string, orm: JsOrm): HostMigrationFile {
  const parsed = parseJs(text, path);
  if ('error' in parsed) {
    const at = parsed.error.offset;
    return { problems: [{ file: path, ruleId: 'invalid-file', message: `${orm.title} migration does not parse: ${parsed.error.message}`, span: { start: at, end: at } }] };
  }
  const { ast } = parsed;
  const scope = fileScope(ast, text);
  const file: HostMigrationFile = { problems: [] };
  const section = (fn: MigrationFunction): HostSection => {
    const roots = new Set((orm.roots?.(fn) ?? [fn.params[0] ?? '']).filter(Boolean));
    const operations = walkOperations(fn.body, { scope, roots }, orm.recognise);
    const result: HostSection = { operations, span: spanOf(fn.node) };
    const wrap = orm.sectionWrap?.({ ast, scope, fn, roots });
    if (wrap) result.wrap = wrap;
    return result;
  };
  const up = exportedFunction(ast, 'up');
  const down = exportedFunction(ast, 'down');
  if (up) file.up = section(up);
  if (down) file.down = section(down);
  return file;
}
