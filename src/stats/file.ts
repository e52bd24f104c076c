// .migrationlint/stats.json: its shape (zod), its stable text (sorted keys, two-space indent,
// volatile values grouped last under "activity"), and reading it back with errors that name it.
import { readFile } from 'node:fs/promises';
import * as z from 'zod/mini';

export const STATS_FORMAT = 1;

let built: StatsSchemas | undefined;
/** The zod schemas of the file, built on the first call: a run without a stats file needs none. */
const statsSchemas = (): StatsSchemas => (built ??= buildSchemas());

type StatsSchemas = ReturnType<typeof buildSchemas>;

function buildSchemas() {
  const bytes = z.number().check(z.int(), z.minimum(0));

  const writeRatesSchema = z.strictObject({
    inserts: z.number().check(z.minimum(0)),
    updates: z.number().check(z.minimum(0)),
    deletes: z.number().check(z.minimum(0)),
  });

  const tableStatsSchema = z.strictObject({
    kind: z.enum(['table', 'partitioned table', 'partition', 'materialized view']),
    parent: z.optional(z.string().check(z.describe('The partitioned table a partition belongs to ("schema.name").'))),
    partitions: z.optional(z.array(z.string()).check(z.describe("A partitioned table's leaf partitions; its rows and bytes are their sums."))),
    rows: z.number().check(z.int(), z.minimum(0), z.describe('pg_class.reltuples (the planner\'s estimate; n_live_tup when the table was never analyzed).')),
    heapBytes: bytes.check(z.describe('pg_table_size: heap, TOAST, free space and visibility maps.')),
    indexBytes: bytes.check(z.describe('pg_indexes_size: every index of the table.')),
    totalBytes: bytes.check(z.describe('pg_total_relation_size: heapBytes + indexBytes.')),
    indexes: z.record(z.string(), bytes).check(z.describe('"schema.index" → pg_relation_size of the index.')),
  });

  const statsFileSchema = z.strictObject({
    format: z.literal(STATS_FORMAT),
    server: z.strictObject({ version: z.string(), major: z.number().check(z.int()) }).check(z.describe('The server the figures were read from (server_version).')),
    tables: z.record(z.string(), tableStatsSchema).check(z.describe('"schema.table" → its figures (tables, partitioned tables, partitions, materialized views).')),
    activity: z.strictObject({
      collectedAt: z.string(),
      basis: z.union([z.strictObject({ sampleSeconds: z.number() }), z.strictObject({ since: z.string() })]),
      writesPerSecond: z.record(z.string(), writeRatesSchema).check(z.describe('Rows inserted, updated and deleted per second (pg_stat_all_tables, 2 significant digits); tables with writes only.')),
    }).check(z.describe('What changes on every collection, kept last so the sizes above diff cleanly.')),
  });
  return { statsFileSchema, tableStatsSchema, writeRatesSchema };
}

export type StatsFile = z.infer<StatsSchemas['statsFileSchema']>;
export type TableStats = z.infer<StatsSchemas['tableStatsSchema']>;
export type WriteRates = z.infer<StatsSchemas['writeRatesSchema']>;

export class StatsFileError extends Error {}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
}

/** The file's text: keys sorted at every level except the top, where `activity` comes last. */
export function formatStats(stats: StatsFile): string {
  const { format, server, tables, activity } = stats;
  return `${JSON.stringify({ format, server: sortedKeys(server), tables: sortedKeys(tables), activity: sortedKeys(activity) }, null, 2)}\n`;
}

export function parseStats(text: string, path: string): StatsFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new StatsFileError(`${path}: not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsed = z.safeParse(statsSchemas().statsFileSchema, json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const at = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
    throw new StatsFileError(`${path}: ${at}: ${issue.message} — not a migrationlint stats file of format ${STATS_FORMAT}; run \`migrationlint stats\` to write it anew`);
  }
  return parsed.data;
}

/** The stats file, or a StatsFileError naming the path when it is missing or invalid. */
export async function readStats(path: string): Promise<StatsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new StatsFileError(code === 'ENOENT' ? `${path}: no stats file (write one with \`migrationlint stats --database-url …\`)` : `${path}: cannot read the stats file (${code ?? String(error)})`);
  }
  return parseStats(text, path);
}

/** schema/stats.schema.json (npm run docs). */
export function statsJsonSchema(): Record<string, unknown> {
  return { ...(z.toJSONSchema(statsSchemas().statsFileSchema, { io: 'input' }) as Record<string, unknown>), title: 'migrationlint table statistics (.migrationlint/stats.json)' };
}
