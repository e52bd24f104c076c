// Kysely: a `Kysely` instance on the PostgreSQL adapter and query compiler with a driver whose
// connection records each compiled query (no rows) — Kysely's own DummyDriver, recording.
import { exportsRecorder, stackNow, type RecordedSql, type RecorderFactory } from './types.js';

interface KyselyLib {
  Kysely: new (config: { dialect: object }) => object;
  PostgresAdapter: new () => object;
  PostgresIntrospector: new (db: object) => object;
  PostgresQueryCompiler: new () => object;
}

export const kyselyRecorder: RecorderFactory = (projectRequire) => {
  const lib = projectRequire('kysely') as KyselyLib;
  const recorded: RecordedSql[] = [];
  const connection = {
    executeQuery: async (compiled: { sql: string }) => {
      recorded.push({ sql: compiled.sql, stack: stackNow() });
      return { rows: [] };
    },
    streamQuery: async function* () {
      // Streaming (a select's rows) yields no rows, as executeQuery returns none.
    },
  };
  const driver = {
    init: async () => undefined,
    acquireConnection: async () => connection,
    beginTransaction: async () => undefined,
    commitTransaction: async () => undefined,
    rollbackTransaction: async () => undefined,
    releaseConnection: async () => undefined,
    destroy: async () => undefined,
  };
  const db = new lib.Kysely({
    dialect: {
      createAdapter: () => new lib.PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (k: object) => new lib.PostgresIntrospector(k),
      createQueryCompiler: () => new lib.PostgresQueryCompiler(),
    },
  });
  return exportsRecorder(recorded, db);
};
