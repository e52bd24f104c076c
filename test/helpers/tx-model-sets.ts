// Small migration sets in a real runner's layout, one per transaction model, written to a
// temporary directory: the transaction-model tests lint them through the CLI.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WrapMode } from '../../src/types.js';

export interface ModelLayout {
  model: WrapMode;
  /** The runner module that reads the layout. */
  runner: string;
  /** What the fixture shows of the runner. */
  label: string;
  /** Writes the migrations (SQL texts, oldest first) into `dir`/`set`; returns their paths relative to `dir`. */
  write(dir: string, set: string, migrations: readonly string[]): string[];
}

const put = (dir: string, rel: string, text: string) => {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
  return rel;
};

const gooseFile = (noTransaction: boolean) => (dir: string, set: string, migrations: readonly string[]) =>
  migrations.map((sql, i) => put(dir, `${set}/2024010100000${i + 1}_m${i + 1}.sql`, `${noTransaction ? '-- +goose NO TRANSACTION\n' : ''}-- +goose Up\n${sql}\n`));

export const MODEL_LAYOUTS: readonly ModelLayout[] = [
  { model: 'wrapped', runner: 'goose', label: 'goose', write: gooseFile(false) },
  { model: 'none', runner: 'goose', label: 'goose NO TRANSACTION', write: gooseFile(true) },
  {
    model: 'auto',
    runner: 'migrationlint',
    label: "migrationlint's engine",
    write: (dir, set, migrations) => migrations.map((sql, i) => put(dir, `${set}/00${i + 1}_m${i + 1}.sql`, `${sql}\n`)),
  },
  {
    model: 'implicit',
    runner: 'golang-migrate',
    label: 'golang-migrate',
    write: (dir, set, migrations) =>
      migrations.map((sql, i) => {
        put(dir, `${set}/00000${i + 1}_m${i + 1}.down.sql`, '-- nothing to undo\nSELECT 1;\n');
        return put(dir, `${set}/00000${i + 1}_m${i + 1}.up.sql`, `${sql}\n`);
      }),
  },
  {
    model: 'whole-run',
    runner: 'drizzle',
    label: 'Drizzle Kit',
    write: (dir, set, migrations) => {
      const tags = migrations.map((_, i) => `000${i}_m${i + 1}`);
      const entries = tags.map((tag, idx) => ({ idx, version: '7', when: 1700000000000 + idx * 1000, tag, breakpoints: true }));
      put(dir, `${set}/meta/_journal.json`, `${JSON.stringify({ version: '7', dialect: 'postgresql', entries }, null, 2)}\n`);
      return migrations.map((sql, i) => put(dir, `${set}/${tags[i]}.sql`, `${sql.replaceAll(';\n', ';--> statement-breakpoint\n')}\n`));
    },
  },
];

/** A fresh directory holding one set per entry (a directory each, linted as sets of their own) and a config naming the runner. */
export function writeModelSets(layout: ModelLayout, sets: ReadonlyMap<string, readonly string[]>, config: object = {}): { dir: string; files: Map<string, string[]> } {
  const dir = mkdtempSync(path.join(tmpdir(), `ml-tx-${layout.model}-`));
  writeFileSync(path.join(dir, '.migrationlintrc.json'), `${JSON.stringify({ migrations: [...sets.keys()], runner: layout.runner, ...config })}\n`);
  return { dir, files: new Map([...sets].map(([set, migrations]) => [set, layout.write(dir, set, migrations)])) };
}
