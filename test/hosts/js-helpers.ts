// Shared by the JS host extractor tests: every resolved operation's SQL must parse on PostgreSQL 18's
// grammar, and a literal's map must point at the source characters it came from.
import { loadModule, parseSync } from 'libpg-query';
import { expect } from 'vitest';
import type { HostMigrationFile, HostOperation } from '../../src/hosts/types.js';

await loadModule();

export const sqlOf = (ops: readonly HostOperation[] | undefined): (string | undefined)[] => (ops ?? []).map((o) => o.sql);

export function expectParses(file: HostMigrationFile): void {
  for (const op of [...(file.up?.operations ?? []), ...(file.down?.operations ?? [])]) {
    if (op.sql !== undefined) expect(() => parseSync(op.sql as string), op.sql).not.toThrow();
  }
}

/** The file text under a literal-mapped range of an operation's SQL. */
export function sourceOf(text: string, op: HostOperation, from: number, to: number): string {
  const map = op.literalMap as readonly number[];
  return text.slice(map[from], (map[to - 1] ?? 0) + 1);
}
