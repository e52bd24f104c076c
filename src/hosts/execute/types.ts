// The contract of an `orm.execute` executor: the SQL an ORM migration really sends, recorded by
// running the migration's up and down against the ORM's own compiler with a recording driver (no
// database connection). One executor per runner module, registered in ./index.ts.
import type { DiscoveryProblem, SourceText, Span } from '../../types.js';

export interface ExecutedQuery {
  sql: string;
  /** call site in the migration file (UTF-16 span), from the stack */
  span?: Span;
  /** Sent by the runner itself, not by a call of the file (Alembic's COMMIT / BEGIN around an autocommit_block()). */
  generated?: true;
}

export interface ExecutedMigration {
  up?: ExecutedQuery[];
  down?: ExecutedQuery[];
  problems: DiscoveryProblem[];
}

export interface Executor {
  runner: string; // runner module name: 'typeorm', 'knex', 'alembic', ...
  /** undefined when the ORM can be run for this project; otherwise why not ("typeorm is not installed in <dir>") */
  unavailable(projectDir: string): Promise<string | undefined>;
  /** runs every file's up and down with a recording driver; bounded by timeoutMs in total; never throws */
  execute(files: readonly SourceText[], opts: { projectDir: string; timeoutMs: number }): Promise<Map<string, ExecutedMigration>>;
}
