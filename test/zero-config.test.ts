// Zero config: with no .migrationlintrc.json and no paths, the CLI finds the migration sets under
// the working directory (fixtures/zero-config/<layout>, copied out of the repository so that its
// own config is not found upward), says what it found, and lints each set on its own.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findMigrationSets } from '../src/discover/zero-config.js';
import { repoRoot, runCli } from './helpers/cli.js';

const copies: string[] = [];
afterAll(() => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/** A temp copy of fixtures/zero-config/<name>. */
function layout(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `ml-zero-${name}-`));
  cpSync(path.join(repoRoot, 'fixtures', 'zero-config', name), dir, { recursive: true });
  copies.push(dir);
  return dir;
}

async function setsOf(name: string): Promise<string[]> {
  const { sets } = await findMigrationSets(layout(name));
  return sets.map((s) => `${s.dir}: ${s.count} ${s.runner.name}${s.others.size > 0 ? ` + ${JSON.stringify([...s.others])}` : ''}`);
}

interface JsonFile {
  filePath: string;
}

describe('zero-config discovery', () => {
  it('finds each set of a layout by its runner’s default directory or marker file', async () => {
    expect(await setsOf('prisma-monorepo')).toEqual(['packages/a/prisma/migrations: 2 prisma', 'packages/b/prisma/migrations: 1 prisma']);
    expect(await setsOf('drizzle')).toEqual(['drizzle: 2 drizzle']);
    expect(await setsOf('supabase')).toEqual(['supabase/migrations: 2 supabase']);
    // db/schema.sql (dbmate's dump) is not taken in: db/ is Liquibase's default, and its files are not Liquibase's.
    expect(await setsOf('dbmate')).toEqual(['db/migrations: 2 dbmate']);
    expect(await setsOf('sqitch')).toEqual(['database: 2 sqitch']);
    expect(await setsOf('nothing')).toEqual([]);
  });

  it('reads the directory a marker or settings file names: diesel.toml, flyway.conf, alembic.ini (package form), .gmrc, atlas.sum, yoyo.ini', async () => {
    const dir = layout('nothing');
    const write = (file: string, text: string) => writeText(path.join(dir, file), text);
    write('rust/diesel.toml', '[print_schema]\nfile = "src/schema.rs"\n\n[migrations_directory]\ndir = "db/changes"\n');
    write('rust/db/changes/2024-01-01-000000_init/up.sql', 'CREATE TABLE a (id bigint PRIMARY KEY);\n');
    write('rust/db/changes/2024-01-01-000000_init/down.sql', 'DROP TABLE a;\n');
    write('java/flyway.conf', 'flyway.url=jdbc:postgresql://localhost/app\nflyway.locations=filesystem:schema/changes\n');
    write('java/schema/changes/V1__init.sql', 'CREATE TABLE b (id bigint PRIMARY KEY);\n');
    write('py/app/alembic.ini', '[alembic]\nscript_location = app:db/alembic\n');
    write('py/app/db/alembic/versions/upgrade.sql', "BEGIN;\n\n-- Running upgrade  -> 1a2b\n\nCREATE TABLE c (id bigint PRIMARY KEY);\n\nCOMMIT;\n");
    write('node/.gmrc', '{\n  // JSON5\n  "migrationsFolder": "./db",\n}\n');
    write('node/db/committed/000001.sql', '--! Previous: -\n--! Hash: sha1:0\n\nCREATE TABLE d (id bigint PRIMARY KEY);\n');
    write('go/schema/atlas.sum', 'h1:0000=\n20240101000000_init.sql h1:1111=\n');
    write('go/schema/20240101000000_init.sql', 'CREATE TABLE e (id bigint PRIMARY KEY);\n');
    write('py2/yoyo.ini', '[DEFAULT]\nsources = %(here)s/db/steps\ndatabase = postgresql:///app\n');
    write('py2/db/steps/0001_init.sql', 'CREATE TABLE f (id bigint PRIMARY KEY);\n');
    const { sets } = await findMigrationSets(dir);
    expect(sets.map((s) => `${s.dir}: ${s.count} ${s.runner.name}${s.pinned ? ' (pinned)' : ''}`)).toEqual([
      'go/schema: 1 atlas',
      // flyway.conf and yoyo.ini sit elsewhere: under runner auto nothing would claim these files.
      'java/schema/changes: 1 flyway (pinned)',
      'node/db: 1 graphile-migrate',
      'py/app/db/alembic/versions: 1 alembic',
      'py2/db/steps: 1 yoyo (pinned)',
      'rust/db/changes: 1 diesel',
    ]);
  });
});

function writeText(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe('migrationlint with no config and no paths', () => {
  it('lint: one line per set on stderr, each set linted on its own; vendor/ is not walked', () => {
    const dir = layout('prisma-monorepo');
    const run = runCli(['lint', '--format', 'json'], { cwd: dir });
    expect(run.stderr).toBe(
      'migrationlint: found 2 Prisma Migrate migrations in packages/a/prisma/migrations\nmigrationlint: found 1 Prisma Migrate migration in packages/b/prisma/migrations\n',
    );
    const files = (JSON.parse(run.stdout) as JsonFile[]).map((f) => path.relative(dir, f.filePath)).sort();
    expect(files).toEqual([
      'packages/a/prisma/migrations/20240101000000_init/migration.sql',
      'packages/a/prisma/migrations/20240102000000_orders_note/migration.sql',
      'packages/b/prisma/migrations/20240301000000_init/migration.sql',
    ]);
    expect(run.code).toBe(0);
    // --quiet: errors only, and no found line.
    expect(runCli(['lint', '--quiet'], { cwd: dir })).toMatchObject({ code: 0, stderr: '', stdout: '' });
  });

  it('lint: the sets are separate — a table created in one set is unknown in the other', () => {
    const dir = layout('prisma-monorepo');
    writeText(path.join(dir, 'packages/b/prisma/migrations/20240302000000_orders_idx/migration.sql'), 'CREATE INDEX "orders_note_idx" ON "orders" ("note");\n');
    const run = runCli(['lint', '--format', 'json'], { cwd: dir });
    const report = JSON.parse(run.stdout) as Array<JsonFile & { messages: Array<{ ruleId: string }> }>;
    const inB = report.find((f) => f.filePath.endsWith('20240302000000_orders_idx/migration.sql'));
    // In set a, orders is created earlier; in set b it is an existing table, so the index blocks writes.
    expect(inB?.messages.map((m) => m.ruleId)).toContain('require-concurrent-index-creation');
    expect(run.code).toBe(1);
  });

  it('explain: the found line, then the statements of the set', () => {
    const dir = layout('drizzle');
    const run = runCli(['explain', '--format', 'json'], { cwd: dir });
    expect(run.stderr).toBe('migrationlint: found 2 Drizzle Kit migrations in drizzle\n');
    expect((JSON.parse(run.stdout) as Array<{ relPath: string }>).map((s) => s.relPath)).toEqual(['drizzle/0000_init.sql', 'drizzle/0001_add_note.sql']);
    expect(run.code).toBe(0);
  });

  it('apply and verify refuse several sets (exit 2), naming them and how to pick one', () => {
    const dir = layout('prisma-monorepo');
    const apply = runCli(['apply', '--dry-run'], { cwd: dir });
    expect(apply.code).toBe(2);
    expect(apply.stderr).toBe(
      [
        'migrationlint: no .migrationlintrc.json, and 2 migration sets found; `apply` works on one:',
        '  packages/a/prisma/migrations: 2 Prisma Migrate migrations',
        '  packages/b/prisma/migrations: 1 Prisma Migrate migration',
        'pick one: `migrationlint init --migrations packages/a/prisma/migrations` writes a .migrationlintrc.json for it',
        '',
      ].join('\n'),
    );
    const verify = runCli(['verify'], { cwd: dir });
    expect(verify.code).toBe(2);
    expect(verify.stderr).toContain('pick one: `migrationlint verify packages/a/prisma/migrations`, or `migrationlint init --migrations packages/a/prisma/migrations`');
  });

  it('nothing found: exit 2, where it looked and how to point at a directory; a stray .sql is not a set', () => {
    const run = runCli(['lint'], { cwd: layout('nothing') });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^migrationlint: no \.migrationlintrc\.json and no migrations found under the current directory\.\n/);
    expect(run.stderr).toMatch(/ {2}looked in: .*\bdb\/migrations\b.*\bprisma\/migrations\b.*\bsupabase\/migrations\b/);
    expect(run.stderr).toMatch(/ {2}and for the files: .*\bmeta\/_journal\.json\b.*\bmigration_lock\.toml\b.*\bsqitch\.plan\b/);
    expect(run.stderr).toContain('point at a directory: `migrationlint lint path/to/migrations`, or `migrationlint init --migrations path/to/migrations`');
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('a path or a config turns discovery off', () => {
    const dir = layout('prisma-monorepo');
    const named = runCli(['lint', 'packages/b/prisma/migrations'], { cwd: dir });
    expect(named).toMatchObject({ code: 0, stderr: '' });
    writeText(path.join(dir, '.migrationlintrc.json'), '{ "migrations": ["packages/b/prisma/migrations"] }\n');
    expect(runCli(['lint'], { cwd: dir })).toMatchObject({ code: 0, stderr: '' });
  });

  it('init writes the set found and its runner, and lists the others', () => {
    const sqitch = layout('sqitch');
    const wrote = runCli(['init'], { cwd: sqitch });
    expect(wrote.code).toBe(0);
    expect(wrote.stderr).toContain('migrationlint: found 2 sqitch migrations in database\n');
    const config = JSON.parse(readFileSync(path.join(sqitch, '.migrationlintrc.json'), 'utf8')) as { migrations: string[]; runner: string };
    expect([config.migrations, config.runner]).toEqual([['database'], 'sqitch']);
    // The config it wrote lints the same set, now without discovery.
    expect(runCli(['lint', '--format', 'json'], { cwd: sqitch }).stderr).toBe('');

    const monorepo = layout('prisma-monorepo');
    const both = runCli(['init'], { cwd: monorepo });
    expect(both.code).toBe(0);
    expect(both.stderr).toContain(
      'migrationlint: a .migrationlintrc.json holds one set: writing packages/a/prisma/migrations; lint the others by naming them (`migrationlint lint packages/b/prisma/migrations`)',
    );
    const written = JSON.parse(readFileSync(path.join(monorepo, '.migrationlintrc.json'), 'utf8')) as { migrations: string[]; runner: string };
    expect([written.migrations, written.runner]).toEqual([['packages/a/prisma/migrations'], 'prisma']);
  });
});
