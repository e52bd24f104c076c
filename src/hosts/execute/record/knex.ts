// Knex: `knex({ client: 'pg' })` without a connection; the client's connection is a stub and its
// `_query` records. Builders run when awaited, so each query is attributed to the stack that
// created its builder (`knex.schema…`, `knex.raw(…)`, `knex('t')…`).
import { callSite, exportsRecorder, stackNow, type RecordedSql, type RecorderFactory } from './types.js';

interface KnexClient {
  runner(builder: object): { run(...args: unknown[]): Promise<unknown> };
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<unknown>;
  _query(connection: unknown, obj: { sql: string; response?: unknown }): Promise<unknown>;
  [builderFactory: string]: unknown;
}

export const knexRecorder: RecorderFactory = (projectRequire) => {
  const lib = projectRequire('knex') as { knex?: unknown; default?: unknown };
  const make = (lib.knex ?? lib.default ?? lib) as (config: object) => { client: KnexClient };
  const db = make({ client: 'pg' });
  const client = db.client;
  const recorded: RecordedSql[] = [];
  const createdAt = new WeakMap<object, string>();
  for (const factory of ['schemaBuilder', 'queryBuilder', 'raw']) {
    const original = client[factory] as (...args: unknown[]) => unknown;
    client[factory] = function (this: KnexClient, ...args: unknown[]) {
      const builder = original.apply(this, args);
      if (builder && typeof builder === 'object') createdAt.set(builder, new Error().stack ?? '');
      return builder;
    };
  }
  const runner = client.runner.bind(client);
  client.runner = (builder) => {
    const r = runner(builder);
    const run = r.run.bind(r);
    const stack = createdAt.get(builder);
    r.run = (...args) => (stack === undefined ? run(...args) : callSite.run(stack, () => run(...args)));
    return r;
  };
  client.acquireConnection = async () => ({});
  client.releaseConnection = async () => undefined;
  client._query = async (_connection, obj) => {
    recorded.push({ sql: obj.sql, stack: stackNow() });
    obj.response = { rows: [], rowCount: 0, fields: [] };
    return obj;
  };
  return exportsRecorder(recorded, db);
};
