// Sequelize: a `Sequelize` instance for the postgres dialect whose connection is a stub and whose
// Query.run records the SQL Sequelize formatted (replacements injected) and returns no rows.
// `describeTable` (renameColumn, changeColumn read it first) answers that every column exists.
import { callSite, exportsRecorder, stackNow, traced, type RecordedSql, type RecorderFactory } from './types.js';

interface SequelizeLib {
  Sequelize: new (url: string, options: object) => SequelizeInstance;
}

interface SequelizeInstance {
  connectionManager: { getConnection(): Promise<unknown>; releaseConnection(): Promise<void>; _refreshDynamicOIDs(): Promise<void> };
  dialect: { Query: { prototype: { run(sql: string): Promise<unknown>; options: { type?: string; plain?: boolean } } } };
  getQueryInterface(): Record<string, unknown>;
  transaction(...args: unknown[]): Promise<unknown>;
  query(...args: unknown[]): Promise<unknown>;
}

/** What the postgres connection manager reads of the `pg` module at construction; no connection is made. */
const PG_STUB = {
  types: { setTypeParser() {}, getTypeParser: () => (value: unknown) => value, arrayParser: { create: () => ({ parse: () => [] }) }, builtins: {} },
  Client: class {},
};

const COLUMN = { type: 'CHARACTER VARYING(255)', allowNull: true, defaultValue: null, primaryKey: false, autoIncrement: false, comment: null };

export const sequelizeRecorder: RecorderFactory = (projectRequire) => {
  const lib = projectRequire('sequelize') as SequelizeLib;
  const sequelize = new lib.Sequelize('postgres://recording@127.0.0.1:9/recording', { dialect: 'postgres', dialectModule: PG_STUB, logging: false });
  const recorded: RecordedSql[] = [];
  sequelize.connectionManager.getConnection = async () => ({});
  sequelize.connectionManager.releaseConnection = async () => undefined;
  // After CREATE TYPE Sequelize reloads the type OIDs from the catalog: there is none to read.
  sequelize.connectionManager._refreshDynamicOIDs = async () => undefined;
  sequelize.dialect.Query.prototype.run = async function (sql: string) {
    recorded.push({ sql, stack: stackNow() });
    // A `plain` query asks for one row: none (an enum that does not exist yet is created).
    return this.options.plain ? null : this.options.type === 'SELECT' ? [] : [[], 0];
  };
  const query = sequelize.query.bind(sequelize);
  sequelize.query = (...args: unknown[]) => (callSite.getStore() === undefined ? callSite.run(new Error().stack ?? '', () => query(...args)) : query(...args));
  sequelize.transaction = async (...args: unknown[]) => {
    const callback = args.find((a): a is (t: object) => unknown => typeof a === 'function');
    const t = { commit: async () => recorded.push({ sql: 'COMMIT', stack: stackNow() }), rollback: async () => undefined, afterCommit() {} };
    recorded.push({ sql: 'START TRANSACTION', stack: stackNow() });
    if (!callback) return t;
    const result = await callback(t);
    recorded.push({ sql: 'COMMIT', stack: stackNow() });
    return result;
  };
  const queryInterface = sequelize.getQueryInterface();
  queryInterface.describeTable = async () => new Proxy({}, { get: (_, name) => (typeof name === 'string' ? { ...COLUMN } : undefined), has: () => true });
  const recording = traced(queryInterface);
  return exportsRecorder(recorded, recording, lib.Sequelize);
};
