// The embedded database on disk: created only by a real run, where apply.dataDir says
// (relative to the config file), and left unlocked afterwards.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { apply, status } from '../../src/apply/engine.js';
import { loadConfig } from '../../src/config.js';
import { LOCK_FILE } from '../../src/apply/lock.js';
import { copyFixture, recorder } from './util.js';

describe('embedded PGlite data directory', () => {
  it('dry run and status create nothing; apply creates apply.dataDir relative to the config file', async () => {
    const p = await copyFixture('basic');
    try {
      writeFileSync(path.join(p.dir, '.migrationlintrc.json'), JSON.stringify({ migrations: 'migrations', apply: { dataDir: 'var/pg' } }));
      const sub = path.join(p.dir, 'nested', 'deeper');
      mkdirSync(sub, { recursive: true });
      // Run from a subdirectory: the data dir still lands next to the config file.
      const config = await loadConfig({ cwd: sub, configPath: '../../.migrationlintrc.json' });
      const opts = { cwd: sub, config, env: {} };
      const dataDir = path.join(p.dir, 'var', 'pg');

      const dry = await apply({ ...opts, dryRun: true });
      expect(dry.exitCode).toBe(0);
      expect(dry.database).toBe(`embedded PGlite database in ${dataDir}`);
      expect(dry.plan.length).toBe(4);
      const st = await status(opts);
      expect(st.counts).toEqual({ applied: 0, pending: 4, drifted: 0, failed: 0 });
      expect(existsSync(path.join(p.dir, 'var'))).toBe(false);

      const rec = recorder();
      const out = await apply({ ...opts, onEvent: rec.onEvent });
      expect(out.exitCode).toBe(0);
      expect(out.done.length).toBe(4);
      expect(rec.events.filter((e) => e.type === 'info')).toEqual([
        { type: 'info', message: `creating the embedded PGlite database in ${dataDir} (first run only: a few seconds)` },
      ]);
      expect(rec.types().filter((t) => t === 'lint')).toEqual(['lint']);
      expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(true);
      expect(readdirSync(dataDir)).not.toContain(LOCK_FILE);
      expect(existsSync(path.join(sub, '.migrationlint'))).toBe(false);

      const again = await status(opts);
      expect(again.counts).toEqual({ applied: 4, pending: 0, drifted: 0, failed: 0 });
      expect(again.migrations[0]!.appliedBy).toBe('postgres');
    } finally {
      p.cleanup();
    }
  });

  it('the lint gate refuses before the embedded database is created', async () => {
    const p = await copyFixture('lint-error');
    try {
      const out = await apply({ cwd: p.dir, config: p.config, env: {} });
      expect(out.exitCode).toBe(1);
      expect(out.refused?.reason).toBe('lint');
      expect(existsSync(path.join(p.dir, '.migrationlint'))).toBe(false);
    } finally {
      p.cleanup();
    }
  });
});
