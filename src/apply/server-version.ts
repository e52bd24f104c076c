// The server the migrations go to, against the PostgreSQL version the rules judged them for.
import type { ResolvedConfig } from '../config.js';
import type { Db } from './driver.js';
import { refusal } from './errors.js';

export interface ServerVersion {
  /** "PostgreSQL 15.8" */
  text: string;
  major: number;
}

export async function readServerVersion(db: Db): Promise<ServerVersion> {
  const [row] = await db.query<{ num: string; version: string }>("SELECT current_setting('server_version_num') AS num, current_setting('server_version') AS version");
  return { text: `PostgreSQL ${(row?.version ?? '?').split(' ')[0]}`, major: Math.floor(Number(row?.num) / 10000) };
}

/**
 * Refuses (exit 1) a server older than the pgVersion the config states: lint judged the
 * migrations for that version (what is safe, what runs in a transaction), not for this server.
 * The default pgVersion is an assumption, not a statement about the target: it is not enforced.
 */
export function refuseOlderServer(server: ServerVersion, config: ResolvedConfig): void {
  if (!config.pgVersionExplicit || server.major >= config.pgVersion) return;
  throw refusal(
    `Refusing to run: the server is ${server.text}, older than "pgVersion": ${config.pgVersion} in ${config.file ?? 'the config'}; the migrations were linted for PostgreSQL ${config.pgVersion}. ` +
      `Set "pgVersion": ${server.major} and lint again, or run them on a PostgreSQL ${config.pgVersion} or newer server. Nothing was executed.`,
    'server-version',
  );
}
