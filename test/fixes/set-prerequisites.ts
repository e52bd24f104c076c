// What a real history assumes of the server it deploys to and a bare PostgreSQL lacks: the roles
// its statements name (GRANT … TO, OWNER TO, CREATE POLICY … TO) that no migration of the set
// creates. Created before the replay, so the first GRANT does not stop it.
import type { MigrationAnalysis } from '../../src/lint.js';

/** Roles every PostgreSQL has, or RoleSpec words that are not role names. */
const BUILT_IN = new Set(['postgres', 'public', 'current_user', 'session_user', 'current_role']);

function collect(node: unknown, named: Set<string>, created: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, named, created);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'RoleSpec' && value && typeof value === 'object') {
      const name = (value as { rolename?: unknown }).rolename;
      if (typeof name === 'string') named.add(name);
    } else if (key === 'CreateRoleStmt' && value && typeof value === 'object') {
      const name = (value as { role?: unknown }).role;
      if (typeof name === 'string') created.add(name);
    }
    collect(value, named, created);
  }
}

/** The roles the set's ups name and never create, sorted. */
export function rolesAssumed(migrations: readonly MigrationAnalysis[]): string[] {
  const named = new Set<string>();
  const created = new Set<string>();
  for (const m of migrations) for (const s of m.up.statements) collect(s.node, named, created);
  return [...named].filter((r) => !created.has(r) && !BUILT_IN.has(r.toLowerCase()) && !r.startsWith('pg_')).sort();
}

const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** CREATE ROLE for each, NOLOGIN: the grants need the role to exist, nobody logs in with it. */
export function createRolesSql(roles: readonly string[]): string {
  return roles.map((r) => `DO $$ BEGIN CREATE ROLE ${quoteIdent(r)} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$;`).join('\n');
}
