// node-pg-migrate: the package's own MigrationBuilder renders each pgm.* call to SQL steps; the
// steps a call adds are attributed to that call. `pgm.db` queries are recorded and get no rows.
import { exportedFunction, stackNow, traced, type RecordedSql, type Recorder, type RecorderFactory } from './types.js';

interface Builder {
  getSqlSteps(): string[];
}

type BuilderClass = new (db: object, typeShorthands: undefined, shouldDecamelize: boolean, logger: object) => Builder;

export const nodePgMigrateRecorder: RecorderFactory = (projectRequire) => {
  const lib = projectRequire('node-pg-migrate/dist/migrationBuilder') as { default?: BuilderClass };
  const MigrationBuilder = (lib.default ?? lib) as BuilderClass;
  const recorded: RecordedSql[] = [];
  const db = traced({
    query: async (sql: unknown) => {
      recorded.push({ sql: typeof sql === 'string' ? sql : String((sql as { text?: string }).text), stack: stackNow() });
      return { rows: [], rowCount: 0 };
    },
    select: async (sql: unknown) => {
      recorded.push({ sql: typeof sql === 'string' ? sql : String((sql as { text?: string }).text), stack: stackNow() });
      return [];
    },
  });
  const quiet = { debug() {}, info() {}, warn() {}, error() {} };
  const recorder: Recorder = {
    async run(exports, direction) {
      const method = exportedFunction(exports, direction);
      if (!method) return false;
      const builder = new MigrationBuilder(db, undefined, false, quiet);
      let seen = 0;
      const pgm = new Proxy(builder, {
        get(target, prop, receiver) {
          const value: unknown = Reflect.get(target, prop, receiver);
          if (typeof value !== 'function' || prop === 'getSqlSteps' || prop === 'getSql') return value;
          return (...args: unknown[]) => {
            const stack = new Error().stack ?? '';
            const result = (value as (...a: unknown[]) => unknown).apply(target, args);
            const steps = target.getSqlSteps();
            for (const sql of steps.slice(seen)) recorded.push({ sql, stack });
            seen = steps.length;
            return result;
          };
        },
      });
      await method(pgm, () => undefined);
      return true;
    },
    take: () => recorded.splice(0),
  };
  return recorder;
};
