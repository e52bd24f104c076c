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
    [{ runner: 'rails' }, 'runner: Invalid option'],
  ])('rejects %j naming the key', (raw, message) => {
    expect(() => resolveConfig(raw, '/p/.migrationlintrc.json', '/p')).toThrow(ConfigError);
    expect(() => resolveConfig(raw, '/p/.migrationlintrc.json', '/p')).toThrow(message);
  });

  it('reads "warn" as "warning", in both forms of a rule setting', () => {
    const config = resolveConfig({ rules: { 'require-concurrent-index-creation': 'warn', 'naming-convention': ['warn', { preset: 'postgres' }] } }, undefined, '/x');
    expect(config.rules.get('require-concurrent-index-creation')?.severity).toBe('warning');
    expect(config.rules.get('naming-convention')).toEqual({ severity: 'warning', options: { preset: 'postgres' } });
  });

  it.each([
    [{ rules: { 'require-concurrent-index-creation': 'fatal' } }, 'rules.require-concurrent-index-creation: "fatal" is not a severity: use "error", "warning" (or "warn") or "off"'],
    [{ rules: { 'require-concurrent-index-creation': ['warnin'] } }, 'rules.require-concurrent-index-creation: severity "warnin" is not one of "error", "warning" (or "warn") or "off"'],
    [{ migration: 'db' }, 'migration: unknown key (did you mean "migrations"?)'],
    [{ apply: { lockTimout: '1s' } }, 'apply.lockTimout: unknown key (did you mean "lockTimeout"?)'],
    [{ rules: { 'require-concurent-index-creation': 'error' } }, 'unknown rule "require-concurent-index-creation" (did you mean "require-concurrent-index-creation"?)'],
    [{ rules: { 'naming-convention': ['error', { prest: 'postgres' }] } }, 'rules.naming-convention[1].prest: unknown key (did you mean "preset"?)'],
    [{ frobnicate: true }, 'frobnicate: unknown key\n'.trimEnd()],
  ])('says what %j should be', (raw, message) => {
    expect(() => resolveConfig(raw, '/p/.migrationlintrc.json', '/p')).toThrow(message);
  });

  it('points at the line and column of a bad key, and of a JSON syntax error', async () => {
    const root = tmp();
    const file = join(root, '.migrationlintrc.json');
    writeFileSync(file, '{\n  "migrations": ["db"],\n  "apply": {\n    "lockTimout": "1s"\n  }\n}\n');
    await expect(loadConfig({ cwd: root })).rejects.toThrow(`${file}:4:5: apply.lockTimout: unknown key (did you mean "lockTimeout"?)`);
    writeFileSync(file, '{\n  "migrations": ["db"],\n  // the runner\n  "runner": "goose"\n}\n');
    await expect(loadConfig({ cwd: root })).rejects.toThrow(`${file}:3:3: invalid JSON: expected a property name in double quotes, found '/' (JSON has no comments)`);
    writeFileSync(file, '{ "pgVersion": 12, }');
    await expect(loadConfig({ cwd: root })).rejects.toThrow(`${file}:1:18: invalid JSON: trailing comma before '}' (JSON allows none)`);
    writeFileSync(file, '\uFEFF{ "pgVersion": 12 }');
    expect((await loadConfig({ cwd: root })).pgVersion).toBe(12);
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
    await expect(loadConfig({ cwd: root })).rejects.toThrow(/\.migrationlintrc\.json:1:18: invalid JSON/);
  });
});
