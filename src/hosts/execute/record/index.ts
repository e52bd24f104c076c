// The recording drivers by runner module name (the orm.execute child's registry).
import { knexRecorder } from './knex.js';
import { mikroOrmRecorder } from './mikro-orm.js';
import { kyselyRecorder } from './kysely.js';
import { nodePgMigrateRecorder } from './node-pg-migrate.js';
import { sequelizeRecorder } from './sequelize.js';
import { typeormRecorder } from './typeorm.js';
import type { RecorderFactory } from './types.js';

export const RECORDERS: Readonly<Record<string, RecorderFactory>> = {
  typeorm: typeormRecorder,
  knex: knexRecorder,
  kysely: kyselyRecorder,
  sequelize: sequelizeRecorder,
  'node-pg-migrate': nodePgMigrateRecorder,
  'mikro-orm': mikroOrmRecorder,
};
