// The directories a runner's settings file names (`diesel.toml` dir, `flyway.conf` locations,
// `alembic.ini` script_location, `.gmrc` migrationsFolder), read line by line: these keys sit on
// one line in TOML, INI, Java properties and JSON5 alike.
import path from 'node:path';
import type { Probe } from './types.js';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every string value of `key` in the text: `key = "a"`, `key=a,b`, `"key": "a"`, `key = ["a", "b"]`. */
export function settingValues(text: string, key: string): string[] {
  const line = new RegExp(`^[ \\t]*["']?${escape(key)}["']?[ \\t]*[=:][ \\t]*(.+?)[ \\t]*,?[ \\t]*$`, 'gm');
  const values: string[] = [];
  for (const [, raw] of text.matchAll(line)) {
    const quoted = [...raw!.matchAll(/"([^"]*)"|'([^']*)'/g)].map((q) => q[1] ?? q[2] ?? '');
    values.push(...(quoted.length > 0 ? quoted : raw!.split(',').map((v) => v.trim())).filter((v) => v !== ''));
  }
  return values;
}

/**
 * The directories, absolute, that `key` names in the settings file `marker` (relative to the
 * file's directory, after `map`), else `fallback` beside it.
 */
export function settingDirs(marker: string, probe: Probe, key: string, fallback: readonly string[], map: (value: string, dir: string) => string | undefined = (v) => v): string[] {
  const dir = path.dirname(marker);
  const named = settingValues(probe.read(marker) ?? '', key).flatMap((value) => {
    const mapped = map(value, dir);
    return mapped === undefined ? [] : [path.resolve(dir, mapped)];
  });
  return named.length > 0 ? named : fallback.map((f) => path.resolve(dir, f));
}
