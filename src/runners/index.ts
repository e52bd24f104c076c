// The ONLY runner registry. Under `runner: auto`, a file goes to the runner with the strongest
// evidence (a metadata file beside the set, then a marker line, then the file name); between
// equals, the first listed here wins. Adding a runner: its module, one line here, its fixtures
// under fixtures/runners/<name>/ and test/runners/<name>.test.ts.
import { alembic } from './alembic.js';
import { atlas } from './atlas.js';
import { dbmate } from './dbmate.js';
import { drizzle } from './drizzle.js';
import { diesel } from './diesel.js';
import { django } from './django.js';
import { flyway } from './flyway.js';
import { golangMigrate } from './golang-migrate.js';
import { goose } from './goose.js';
import { graphileMigrate } from './graphile-migrate.js';
import { knex } from './knex.js';
import { kysely } from './kysely.js';
import { liquibase } from './liquibase.js';
import { migrationlint } from './migrationlint.js';
import { morph } from './morph.js';
import { mikroOrm } from './mikro-orm.js';
import { nodePgMigrate } from './node-pg-migrate.js';
import { popx } from './popx.js';
import { postgrator } from './postgrator.js';
import { prisma } from './prisma.js';
import { refinery } from './refinery.js';
import { sequelize } from './sequelize.js';
import { sqlMigrate } from './sql-migrate.js';
import { sqitch } from './sqitch.js';
import { sqlx } from './sqlx.js';
import { supabase } from './supabase.js';
import { tern } from './tern.js';
import { typeorm } from './typeorm.js';
import type { RunnerModule } from './types.js';
import { yoyo } from './yoyo.js';

export const runners: readonly RunnerModule[] = [
  prisma,
  drizzle,
  diesel,
  sqlx,
  popx,
  flyway,
  golangMigrate,
  alembic,
  goose,
  dbmate,
  nodePgMigrate,
  refinery,
  sqlMigrate,
  tern,
  postgrator,
  supabase,
  sqitch,
  liquibase,
  graphileMigrate,
  atlas,
  yoyo,
  morph,
  django,
  typeorm,
  mikroOrm,
  knex,
  kysely,
  sequelize,
  // Last: it claims whatever no other runner does.
  migrationlint,
];

const byName = new Map(runners.map((r) => [r.name, r]));

/** The config values of `runner`. */
export const runnerNames = (): [string, ...string[]] => ['auto', ...runners.map((r) => r.name)];

export function runnerNamed(name: string): RunnerModule {
  const runner = byName.get(name);
  if (!runner) throw new Error(`unknown runner "${name}"`);
  return runner;
}

export type { RunnerModule } from './types.js';
