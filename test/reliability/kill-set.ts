// The migration set the kill, interrupt and concurrency tests apply: plain forward-only files
// (NNN_name.sql), transactional ones and statement-by-statement ones (CREATE INDEX
// CONCURRENTLY, with and without IF NOT EXISTS), some slowed by pg_sleep, each statement with the effect it leaves behind so
// the database can be compared with the history table.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What one statement leaves in the database once it has run. */
export type Effect =
  | { kind: 'table'; table: string }
  | { kind: 'column'; table: string; column: string }
  | { kind: 'index'; index: string }
  /** A row in the effects table: counts how many times a transactional migration ran. */
  | { kind: 'row'; version: string };

export interface GenStatement {
  sql: string;
  effect?: Effect;
}

export interface GenMigration {
  version: string;
  name: string;
  transactional: boolean;
  statements: GenStatement[];
}

export interface KillSetOptions {
  count: number;
  /** Seconds of pg_sleep in slow migrations. */
  sleep: number;
  /** Every n-th migration (after the first) runs statement by statement. */
  concurrentEvery: number;
  /** Every n-th migration sleeps. */
  slowEvery: number;
}

export const DEFAULT_KILL_SET: KillSetOptions = { count: 50, sleep: 0.02, concurrentEvery: 4, slowEvery: 3 };

const pad = (n: number) => String(n).padStart(3, '0');

export function generateKillSet(opts: KillSetOptions = DEFAULT_KILL_SET): GenMigration[] {
  const out: GenMigration[] = [
    {
      version: '001',
      name: 'create_effects',
      transactional: true,
      statements: [
        { sql: 'CREATE TABLE effects (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    version text NOT NULL\n)', effect: { kind: 'table', table: 'effects' } },
        { sql: "INSERT INTO effects (version) VALUES ('001')", effect: { kind: 'row', version: '001' } },
      ],
    },
  ];
  const tables: string[] = [];
  for (let i = 2; i <= opts.count; i++) {
    const v = pad(i);
    const slow = i % opts.slowEvery === 0;
    const sleep: GenStatement[] = slow ? [{ sql: `SELECT pg_sleep(${opts.sleep})` }] : [];
    if (i % opts.concurrentEvery === 0 && tables.length > 0) {
      const t = tables[(i * 7) % tables.length]!;
      // Every other one without IF NOT EXISTS: run twice it fails (42P07), so a resume must
      // know from pg_index whether the build in flight at the kill finished.
      const ine = (i / opts.concurrentEvery) % 2 === 0 ? 'IF NOT EXISTS ' : '';
      out.push({
        version: v,
        name: `index_${t}${ine ? '' : '_once'}`,
        transactional: false,
        statements: [
          { sql: `CREATE INDEX CONCURRENTLY ${ine}ix_${t}_label_${v} ON ${t} (label)`, effect: { kind: 'index', index: `ix_${t}_label_${v}` } },
          ...sleep,
          { sql: `CREATE INDEX CONCURRENTLY ${ine}ix_${t}_id_label_${v} ON ${t} (id, label)`, effect: { kind: 'index', index: `ix_${t}_id_label_${v}` } },
        ],
      });
      continue;
    }
    const t = `t_${v}`;
    const stmts: GenStatement[] = [
      { sql: `CREATE TABLE ${t} (\n    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n    label text\n)`, effect: { kind: 'table', table: t } },
      { sql: `INSERT INTO ${t} (label) SELECT 'row ' || g FROM generate_series(1, 20) AS g` },
      ...sleep,
    ];
    stmts.push({ sql: `INSERT INTO effects (version) VALUES ('${v}')`, effect: { kind: 'row', version: v } });
    // Last, so its ACCESS EXCLUSIVE lock is held for the shortest time (long-lock-hold).
    if (tables.length > 0) {
      const other = tables[(i * 5) % tables.length]!;
      stmts.push({ sql: `ALTER TABLE ${other} ADD COLUMN c_${v} text`, effect: { kind: 'column', table: other, column: `c_${v}` } });
    }
    tables.push(t);
    out.push({ version: v, name: `create_${t}`, transactional: true, statements: stmts });
  }
  return out;
}

/** A statement-by-statement migration that also holds a plain statement needs a suppression with a reason to pass the gate. */
const MIXED = '-- migrationlint-ignore-file mixed-transactional-statements -- pg_sleep only waits; the engine records each index build from pg_index, so resuming at any statement is safe\n';

export function migrationFileText(m: GenMigration): string {
  const header = !m.transactional && m.statements.some((s) => s.effect?.kind !== 'index') ? MIXED : '';
  return `${header}${m.statements.map((s) => `${s.sql};`).join('\n\n')}\n`;
}

/** Writes `<dir>/migrations/NNN_name.sql` and `<dir>/.migrationlintrc.json`. */
export function writeKillSet(dir: string, set: readonly GenMigration[], config: Record<string, unknown> = {}): void {
  const migrations = path.join(dir, 'migrations');
  mkdirSync(migrations, { recursive: true });
  for (const m of set) writeFileSync(path.join(migrations, `${m.version}_${m.name}.sql`), migrationFileText(m));
  writeFileSync(path.join(dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations', ...config }, null, 2));
}
