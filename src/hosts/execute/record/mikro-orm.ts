// MikroORM: the migration class is constructed with a driver that records and answers no rows,
// its up()/down() called, and each `this.addSql(…)` / `this.execute(…)` recorded at its call.
// Migration comes from the project's `@mikro-orm/migrations` when it is installed; otherwise a
// stand-in base class with the same surface is provided for that import, so that a project
// without MikroORM's packages (only its helpers, e.g. `@medusajs/framework/utils`) still runs.
import { provideModule } from '../child-load.js';
import { stackNow, type RecordedSql, type Recorder, type RecorderFactory } from './types.js';

const MIGRATIONS_PACKAGE = '@mikro-orm/migrations';

type Sql = string | { toQuery?(): string; toString(): string };

interface MigrationInstance {
  addSql(sql: Sql): void;
  execute(sql: Sql, params?: unknown[]): Promise<unknown>;
  up?(): Promise<void> | void;
  down?(): Promise<void> | void;
}

type MigrationClass = new (driver: object, config: object) => MigrationInstance;

/** What the migration's own code may reach through `this` without a database: nothing to run on. */
const NO_DATABASE = {
  execute: async () => [],
  getConnection: () => {
    throw new Error('orm.execute: no database connection under the recording driver');
  },
};
const NO_CONFIG = { get: () => undefined };

/** The stand-in for `@mikro-orm/migrations`' Migration: the methods a migration calls on `this`. */
class StandInMigration {
  protected readonly queries: Sql[] = [];
  constructor(protected readonly driver: object, protected readonly config: object) {}
  addSql(sql: Sql): void {
    this.queries.push(sql);
  }
  async execute(): Promise<unknown[]> {
    return [];
  }
  isTransactional(): boolean {
    return true;
  }
  reset(): void {
    this.queries.length = 0;
  }
  getQueries(): Sql[] {
    return this.queries;
  }
  getKnex(): never {
    throw new Error('orm.execute: getKnex() needs @mikro-orm/migrations installed in the project');
  }
}

const sqlText = (sql: Sql): string => (typeof sql === 'string' ? sql : sql.toQuery?.() ?? sql.toString());

/** The exported migration class: a class with an up method (MikroORM loads every exported class of the file). */
function migrationClass(exports: unknown): MigrationClass | undefined {
  const values = Object.values((exports ?? {}) as Record<string, unknown>);
  return values.find((v): v is MigrationClass => typeof v === 'function' && typeof (v as { prototype?: { up?: unknown } }).prototype?.up === 'function');
}

/** The migration defines the method itself (the base class's down() only says it cannot be reverted). */
function defines(cls: MigrationClass, base: unknown, method: 'up' | 'down'): boolean {
  for (let proto: unknown = cls.prototype; proto && proto !== (base as { prototype?: unknown }).prototype; proto = Object.getPrototypeOf(proto)) {
    if (Object.prototype.hasOwnProperty.call(proto, method)) return true;
  }
  return false;
}

export const mikroOrmRecorder: RecorderFactory = (projectRequire) => {
  let base: unknown;
  try {
    base = (projectRequire(MIGRATIONS_PACKAGE) as { Migration: unknown }).Migration;
  } catch {
    base = StandInMigration;
    provideModule(MIGRATIONS_PACKAGE, { Migration: StandInMigration });
  }
  const recorded: RecordedSql[] = [];
  const recorder: Recorder = {
    async run(exports, direction) {
      const Migration = migrationClass(exports);
      if (!Migration || !defines(Migration, base, direction)) return false;
      const migration = new Migration(NO_DATABASE, NO_CONFIG);
      // Queued or run at once, each statement is recorded at the call that wrote it.
      migration.addSql = (sql) => void recorded.push({ sql: sqlText(sql), stack: stackNow() });
      migration.execute = async (sql) => {
        recorded.push({ sql: sqlText(sql), stack: stackNow() });
        return [];
      };
      await migration[direction]?.();
      return true;
    },
    take: () => recorded.splice(0),
  };
  return recorder;
};
