// Every migration starts from the session a fresh connection would have: what one migration
// SETs (search_path, session_replication_role, role, a GUC), creates (temp tables, prepared
// statements, WITH HOLD cursors) or listens to must not change what the next one does.
import type { Db } from './driver.js';

/**
 * What DISCARD ALL does, statement by statement (its documented equivalent), minus
 * pg_advisory_unlock_all(): this session holds advisory locks of the engine's own (the
 * migration lock on PGlite, the session lock leftover detection relies on). DISCARD ALL itself cannot run in the multi-statement (implicit transaction) string.
 * RESET ALL leaves role and session_authorization alone; RESET SESSION AUTHORIZATION resets
 * both. Settings given at connection time (the URL's options, application_name) survive RESET ALL.
 */
const RESET_SESSION = [
  'CLOSE ALL',
  'RESET SESSION AUTHORIZATION',
  'RESET ALL',
  'DEALLOCATE ALL',
  'UNLISTEN *',
  'DISCARD PLANS',
  'DISCARD SEQUENCES',
  'DISCARD TEMP',
].join('; ');

/** Resets the migration session; call between migrations, before the engine's own settings are applied again. */
export async function resetSession(db: Db, applicationName?: string): Promise<void> {
  await db.exec(RESET_SESSION);
  if (applicationName !== undefined) await db.query("SELECT set_config('application_name', $1, false)", [applicationName]);
}
