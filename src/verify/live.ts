// The live database `diff … db` and `report` read: --database-url, else the variable the config
// names, else the embedded PGlite data directory — the database `apply` migrates. Read only.
import type { ResolvedConfig } from '../config.js';
import { openSession, pgliteInitialized, resolveTarget, type DbTarget, type Session } from '../apply/connect.js';
import { ApplyError, usageError } from '../apply/errors.js';
import { parseTableName, type TableName } from '../apply/history.js';
import { Redactor } from '../apply/redact.js';

export interface LiveOptions {
  config: ResolvedConfig;
  databaseUrl?: string;
  env?: NodeJS.ProcessEnv;
  redactor?: Redactor;
}

export interface Live {
  session: Session;
  target: DbTarget;
  table: TableName;
}

export async function openLive(opts: LiveOptions): Promise<Live> {
  const redactor = opts.redactor ?? new Redactor();
  const target = resolveTarget(
    { ...(opts.databaseUrl !== undefined ? { databaseUrl: opts.databaseUrl } : {}), env: opts.env ?? process.env, apply: opts.config.apply, configDir: opts.config.dir },
    redactor,
  );
  let table: TableName;
  try {
    table = parseTableName(opts.config.apply.historyTable);
  } catch (err) {
    throw usageError(`apply.historyTable: ${(err as Error).message}`);
  }
  if (target.kind === 'pglite' && !pgliteInitialized(target.dataDir)) {
    throw new ApplyError(`${target.display} does not exist yet (run \`migrationlint apply\`, or pass --database-url)`, 1, 'connection');
  }
  try {
    const session = await openSession(target, { fileLock: { waitSeconds: opts.config.apply.lockWait } });
    return { session, target, table };
  } catch (err) {
    if (err instanceof ApplyError) throw err;
    throw new ApplyError(`Cannot connect to ${target.display}: ${redactor.message(err)}`, 1, 'connection');
  }
}
