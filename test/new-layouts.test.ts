// `migrationlint new` in every runner layout with a file convention, through the built CLI in a
// temporary project: the files it creates (and the journal or plan it updates), and that a lint
// afterwards reads the new migration as the newest of its set, under the same runner.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { discoverSet } from '../src/lint.js';
import { runCli } from './helpers/cli.js';
import { removeTempProjects, tempProject } from './helpers/temp-project.js';

interface LayoutCase {
  runner: string;
  /** The project before `new`: its config's `migrations` and files. */
  migrations: string[];
  files: Record<string, string>;
  /** Files `new add_widgets` creates, as patterns over their relative paths. */
  creates: RegExp[];
  /** A file it rewrites, and what the rewrite must hold. */
  updates?: [string, RegExp];
}

const JOURNAL = { version: '7', dialect: 'postgresql', entries: [{ idx: 0, version: '7', when: 1700000000000, tag: '0000_init', breakpoints: true }] };
const TS = String.raw`\d{14}`;

const CASES: LayoutCase[] = [
  {
    runner: 'prisma',
    migrations: ['prisma/migrations'],
    files: { 'prisma/migrations/migration_lock.toml': 'provider = "postgresql"\n', 'prisma/migrations/20240101000000_init/migration.sql': 'CREATE TABLE t (id bigint);\n' },
    creates: [new RegExp(`^prisma/migrations/${TS}_add_widgets/migration\\.sql$`)],
  },
  {
    runner: 'drizzle',
    migrations: ['drizzle'],
    files: { 'drizzle/0000_init.sql': 'CREATE TABLE t (id bigint);\n', 'drizzle/meta/_journal.json': JSON.stringify(JOURNAL, null, 2) },
    creates: [/^drizzle\/0001_add_widgets\.sql$/],
    updates: ['drizzle/meta/_journal.json', /"idx": 1,[\s\S]*"tag": "0001_add_widgets"/],
  },
  {
    runner: 'sqitch',
    migrations: ['db'],
    files: {
      'db/sqitch.plan': '%syntax-version=1.0.0\n%project=shop\n\ninit 2024-01-01T00:00:00Z Ann Lee <ann@example.com> # Add t\n',
      'db/deploy/init.sql': 'BEGIN;\nCREATE TABLE t (id bigint);\nCOMMIT;\n',
      'db/revert/init.sql': 'BEGIN;\nDROP TABLE t;\nCOMMIT;\n',
    },
    creates: [/^db\/deploy\/add_widgets\.sql$/, /^db\/revert\/add_widgets\.sql$/, /^db\/verify\/add_widgets\.sql$/],
    updates: ['db/sqitch.plan', /\ninit .*\nadd_widgets \d{4}-\d\d-\d\dT[^ ]+ .*\n$/],
  },
  {
    runner: 'graphile-migrate',
    migrations: ['migrations'],
    files: { '.gmrc': '{}\n', 'migrations/committed/000001.sql': '--! Previous: -\n--! Hash: sha1:0\n\nCREATE TABLE t (id bigint);\n' },
    creates: [/^migrations\/current\.sql$/],
  },
  {
    runner: 'flyway',
    migrations: ['db/migration'],
    files: { 'db/migration/V1__init.sql': 'CREATE TABLE t (id bigint);\n', 'db/migration/V2__more.sql': 'ALTER TABLE t ADD COLUMN a text;\n' },
    creates: [/^db\/migration\/V3__add_widgets\.sql$/],
  },
  {
    runner: 'liquibase',
    migrations: ['db'],
    files: { 'db/01_init.sql': '--liquibase formatted sql\n\n--changeset ann:init\nCREATE TABLE t (id bigint);\n--rollback DROP TABLE t;\n' },
    // A changeset appended to the newest changelog file.
    creates: [],
    updates: ['db/01_init.sql', /\n--changeset ann:add_widgets\n[\s\S]*--rollback /],
  },
  { runner: 'goose', migrations: ['migrations'], files: { 'migrations/00001_init.sql': '-- +goose Up\nCREATE TABLE t (id bigint);\n' }, creates: [/^migrations\/00002_add_widgets\.sql$/] },
  { runner: 'dbmate', migrations: ['db/migrations'], files: { 'db/migrations/20240101000000_init.sql': '-- migrate:up\nCREATE TABLE t (id bigint);\n\n-- migrate:down\nDROP TABLE t;\n' }, creates: [new RegExp(`^db/migrations/${TS}_add_widgets\\.sql$`)] },
  { runner: 'sqlx', migrations: ['migrations'], files: { 'Cargo.toml': '[dependencies]\nsqlx = "0.8"\n', 'migrations/20240101000000_init.sql': 'CREATE TABLE t (id bigint);\n' }, creates: [new RegExp(`^migrations/${TS}_add_widgets\\.sql$`)] },
  {
    runner: 'diesel',
    migrations: ['migrations'],
    files: { 'diesel.toml': '[print_schema]\nfile = "src/schema.rs"\n', 'migrations/2024-01-01-000000_init/up.sql': 'CREATE TABLE t (id bigint);\n', 'migrations/2024-01-01-000000_init/down.sql': 'DROP TABLE t;\n' },
    creates: [/^migrations\/\d{4}-\d\d-\d\d-\d{6}_add_widgets\/down\.sql$/, /^migrations\/\d{4}-\d\d-\d\d-\d{6}_add_widgets\/up\.sql$/],
  },
  {
    runner: 'golang-migrate',
    migrations: ['migrations'],
    files: { 'migrations/000001_init.up.sql': 'CREATE TABLE t (id bigint);\n', 'migrations/000001_init.down.sql': 'DROP TABLE t;\n' },
    creates: [/^migrations\/000002_add_widgets\.down\.sql$/, /^migrations\/000002_add_widgets\.up\.sql$/],
  },
  { runner: 'tern', migrations: ['migrations'], files: { 'migrations/001_init.sql': 'CREATE TABLE t (id bigint);\n---- create above / drop below ----\nDROP TABLE t;\n' }, creates: [/^migrations\/002_add_widgets\.sql$/] },
  { runner: 'refinery', migrations: ['migrations'], files: { 'migrations/V1__init.sql': 'CREATE TABLE t (id bigint);\n' }, creates: [/^migrations\/V2__add_widgets\.sql$/] },
  {
    runner: 'postgrator',
    migrations: ['migrations'],
    files: { 'migrations/001.do.init.sql': 'CREATE TABLE t (id bigint);\n', 'migrations/001.undo.init.sql': 'DROP TABLE t;\n' },
    creates: [/^migrations\/002\.do\.add_widgets\.sql$/, /^migrations\/002\.undo\.add_widgets\.sql$/],
  },
  {
    runner: 'supabase',
    migrations: ['supabase/migrations'],
    files: { 'supabase/config.toml': 'project_id = "shop"\n', 'supabase/migrations/20240101000000_init.sql': 'CREATE TABLE t (id bigint);\n' },
    creates: [new RegExp(`^supabase/migrations/${TS}_add_widgets\\.sql$`)],
  },
];

afterAll(removeTempProjects);

describe('migrationlint new, in every layout', () => {
  it.each(CASES)('$runner', async (c) => {
    const dir = tempProject(`new-${c.runner}`, { migrations: c.migrations, runner: c.runner }, c.files);
    const run = runCli(['new', 'add widgets'], { cwd: dir });
    expect(run.stderr.replace(/^note: .*\n/gm, '')).toBe('');
    expect(run.code).toBe(0);
    const created = run.stdout.split('\n').filter(Boolean).sort();
    expect(created).toHaveLength(c.creates.length);
    created.forEach((file, i) => expect(file).toMatch(c.creates[i]));
    if (c.updates) expect(readFileSync(path.join(dir, c.updates[0]), 'utf8')).toMatch(c.updates[1]);

    // Read back as lint reads it: the new migration is the newest of its set, under the same runner.
    const config = await loadConfig({ cwd: dir });
    const set = await discoverSet({ cwd: dir, config });
    const newest = set.migrations[set.migrations.length - 1];
    const isNew = created.some((f) => path.join(dir, f) === newest.up.file) || newest.id.includes('add_widgets');
    expect(isNew).toBe(true);
    expect(set.migrations.map((m) => m.runner)).toEqual(set.migrations.map(() => c.runner));
    expect(set.migrations.length).toBeGreaterThanOrEqual(2);
  });
});
