// One in-memory PGlite instance per test file (each costs ~2 s and hundreds of MB): open it
// in beforeAll, reset the schema between tests, always close it in afterAll.
import { PGlite } from '@electric-sql/pglite';

export async function openPglite(): Promise<PGlite> {
  const db = new PGlite();
  await db.waitReady;
  return db;
}

/** Drops every user schema's objects, so the next test starts from an empty database. */
export async function resetPglite(db: PGlite): Promise<void> {
  const { rows } = await db.query<{ nspname: string }>(
    `SELECT nspname FROM pg_namespace
      WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg\\_%'`,
  );
  for (const r of rows) await db.exec(`DROP SCHEMA "${r.nspname.replace(/"/g, '""')}" CASCADE`);
  await db.exec('CREATE SCHEMA public');
}
