import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findConfig, loadConfig, resolveConfig } from '../src/config.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'mlint-config-'));

describe('config', () => {
  it('applies defaults', () => {
    const config = resolveConfig({}, undefined, '/x');
    expect(config.pgVersion).toBe(16);
    expect(config.migrations).toEqual(['migrations']);
    expect(config.runner).toBe('auto');
    expect(config.apply.historyTable).toBe('public.migrationlint_history');
    expect(config.rules.get('require-concurrent-index-creation')).toEqual({ severity: 'error', options: {} });
    expect(config.rules.get('suppression-missing-reason')?.severity).toBe('off');
  });

  it.each([
    [{ pgVersion: '16' }, 'pgVersion: Invalid input: expected number'],
    [{ runnr: 'goose' }, 'runnr: unknown key'],
    [{ apply: { lockTimeot: '1s' } }, 'apply.lockTimeot: unknown key'],
    [{ rules: { 'no-such-rule': 'error' } }, 'rules.no-such-rule: unknown rule'],
    [{ rules: { 'require-concurrent-index-creation': 'fatal' } }, 'rules.require-concurrent-index-creation'],
    [{ rules: { 'require-concurrent-index-creation': ['error', { x: 1 }] } }, 'takes no options'],
    [{ rules: { 'syntax-error': 'off' } }, 'rules.syntax-error: cannot be changed'],
    [{ runner: 'liquibase' }, 'runner: Invalid option'],
  ])('rejects %j naming the key', (raw, message) => {
    expect(() => resolveConfig(raw, '/p/.migrationlintrc.json', '/p')).toThrow(ConfigError);
    expect(() => resolveConfig(raw, '/p/.migrationlintrc.json', '/p')).toThrow(message);
  });

  it('is found upward from the linted path, and reports invalid JSON with the file', async () => {
    const root = tmp();
    mkdirSync(join(root, 'db', 'migrations'), { recursive: true });
    writeFileSync(join(root, '.migrationlintrc.json'), JSON.stringify({ pgVersion: 12, migrations: 'db/migrations' }));
    expect(findConfig(join(root, 'db', 'migrations'))).toBe(join(root, '.migrationlintrc.json'));
    const config = await loadConfig({ cwd: tmpdir(), searchFrom: join(root, 'db', 'migrations') });
    expect(config.pgVersion).toBe(12);
    expect(config.dir).toBe(root);
    expect(config.migrations).toEqual(['db/migrations']);
    writeFileSync(join(root, '.migrationlintrc.json'), '{ "pgVersion": 12, }');
    await expect(loadConfig({ cwd: root })).rejects.toThrow(/\.migrationlintrc\.json: invalid JSON/);
  });
});
