// partitionByDirectory on a real discovered set: every migration and problem lands in exactly
// one unit, a unit is one migrations directory in set order, and it carries the files it needs.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config.js';
import { discoverSet, setDirectory } from '../../src/lint.js';
import { partitionByDirectory, type WorkUnit } from '../../src/parallel/partition.js';
import type { MigrationSet } from '../../src/types.js';
import { fixtureProject } from './fixture.js';

describe('partitionByDirectory', () => {
  let dir: string;
  let set: MigrationSet;
  let units: WorkUnit[];
  beforeAll(async () => {
    dir = fixtureProject();
    const config = resolveConfig({}, undefined, dir);
    set = await discoverSet({ cwd: dir, config, paths: ['app', 'svc', 'diesel', 'misc'] });
    units = partitionByDirectory(set);
  });

  it('gives each migrations directory one unit, its migrations in set order', () => {
    const withMigrations = units.filter((u) => u.set.migrations.length > 0);
    expect(withMigrations.map((u) => setDirectory(u.set.migrations[0])).sort()).toEqual(
      ['app/migrations', 'diesel/migrations', 'misc', 'svc/db'].map((d) => join(dir, d)),
    );
    for (const unit of withMigrations) {
      const directory = setDirectory(unit.set.migrations[0]);
      expect(unit.set.migrations).toEqual(set.migrations.filter((m) => setDirectory(m) === directory));
    }
    expect(withMigrations.reduce((n, u) => n + u.set.migrations.length, 0)).toBe(set.migrations.length);
  });

  it('carries the files its migrations and problems need, and whether it has downs', () => {
    for (const unit of units) {
      for (const m of unit.set.migrations) {
        expect(unit.set.files.get(m.up.file)).toBe(set.files.get(m.up.file));
        if (m.down) expect(unit.set.files.get(m.down.file)).toBe(set.files.get(m.down.file));
      }
      for (const p of unit.set.problems) expect(unit.set.files.get(p.file)).toBe(set.files.get(p.file));
      expect(unit.set.usesDown).toBe(unit.set.migrations.some((m) => m.down));
    }
  });

  it('reports every problem once; one of a file no migration holds goes to a unit of its own', () => {
    expect(set.problems.length).toBeGreaterThanOrEqual(2);
    expect(units.flatMap((u) => u.set.problems).sort((a, b) => (a.file < b.file ? -1 : 1))).toEqual(set.problems);
    const binary = units.find((u) => u.set.problems.some((p) => p.file === join(dir, 'misc/002_binary.sql')));
    expect(binary?.set.migrations).toEqual([]);
  });

  it('orders the units largest first', () => {
    const sizes = units.map((u) => u.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    expect(sizes[0]).toBeGreaterThan(0);
  });
});
