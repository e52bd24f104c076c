// TypeORM: a PostgresQueryRunner of a DataSource that never connects; `query()` records and
// returns no rows. The schema API (createTable, addColumn, createIndex …) builds its SQL in the
// query runner and sends it through query(). Methods given a table by name read it through
// loadTables: they get the tables the set's earlier migrations created with createTable in this
// run (one query runner runs the whole set, in order); any other table "does not exist".
import { exportedFunction, stackNow, traced, type RecordedSql, type Recorder, type RecorderFactory } from './types.js';

interface TableLike {
  clone(): TableLike;
}

interface QueryRunner {
  connect(): Promise<unknown>;
  query(sql: string, parameters?: unknown[], structured?: boolean): Promise<unknown>;
  loadTables(names: string[]): Promise<TableLike[]>;
  createTable(table: TableLike, ...rest: unknown[]): Promise<void>;
  getTablePath(target: TableLike | string): string;
}

interface TypeormLib {
  DataSource: new (options: object) => { createQueryRunner(): QueryRunner };
}

type MigrationClass = new () => Record<'up' | 'down', ((queryRunner: QueryRunner) => Promise<unknown>) | undefined>;

/** The exported migration class (TypeORM instantiates every exported class with an up method). */
function migrationClass(exports: unknown): MigrationClass | undefined {
  const values = Object.values((exports ?? {}) as Record<string, unknown>);
  return values.find((v): v is MigrationClass => typeof v === 'function' && typeof (v as { prototype?: { up?: unknown } }).prototype?.up === 'function');
}

export const typeormRecorder: RecorderFactory = (projectRequire) => {
  const { DataSource } = projectRequire('typeorm') as TypeormLib;
  const queryRunner = new DataSource({ type: 'postgres' }).createQueryRunner();
  const recorded: RecordedSql[] = [];
  const created = new Map<string, TableLike>();
  queryRunner.connect = async () => ({});
  queryRunner.query = async (sql, _parameters, structured) => {
    recorded.push({ sql, stack: stackNow() });
    return structured ? { records: [], raw: [], affected: 0 } : [];
  };
  queryRunner.loadTables = async (names) => names.flatMap((name) => created.get(queryRunner.getTablePath(name))?.clone() ?? []);
  const createTable = queryRunner.createTable.bind(queryRunner);
  queryRunner.createTable = async (table, ...rest) => {
    await createTable(table, ...rest);
    created.set(queryRunner.getTablePath(table), table.clone());
  };
  const recording = traced(queryRunner);
  const recorder: Recorder = {
    async run(exports, direction) {
      const Migration = migrationClass(exports);
      const method = Migration ? new Migration()[direction] : exportedFunction(exports, direction);
      if (!Migration || typeof method !== 'function') return false;
      await method.call(new Migration(), recording);
      return true;
    },
    take: () => recorded.splice(0),
  };
  return recorder;
};
