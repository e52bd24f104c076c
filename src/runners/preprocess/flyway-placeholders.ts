// Flyway's placeholder settings from the `flyway.conf` (or `flyway.toml`, same keys on one line)
// in the migrations' directory or up to two above it: `flyway.placeholders.<name>=value`, `flyway.placeholderPrefix`,
// `flyway.placeholderSuffix`, `flyway.placeholderReplacement=false` (Flyway docs, "Placeholders",
// "flyway.placeholders", "Placeholder Replacement"). Values from the environment or the command
// line are not visible here: those placeholders stand in by name.
import path from 'node:path';
import type { Probe } from '../types.js';

export interface FlywayPlaceholders {
  replace: boolean;
  prefix: string;
  suffix: string;
  values: Map<string, string>;
}

const SETTING = /^[ \t]*(?:flyway\.)?(placeholderReplacement|placeholderPrefix|placeholderSuffix|placeholders\.([^\s=]+))[ \t]*=[ \t]*["']?(.*?)["']?[ \t]*$/gm;

export function flywayPlaceholders(dir: string, probe: Probe): FlywayPlaceholders {
  return probe.memo(`flyway-placeholders:${dir}`, () => {
    const settings: FlywayPlaceholders = { replace: true, prefix: '${', suffix: '}', values: new Map() };
    const conf = [dir, path.dirname(dir), path.dirname(path.dirname(dir))]
      .flatMap((d) => [path.join(d, 'flyway.conf'), path.join(d, 'flyway.toml')])
      .find((f) => probe.exists(f));
    for (const m of (conf ? (probe.read(conf) ?? '') : '').matchAll(SETTING)) {
      const [, key, name, value = ''] = m;
      if (name !== undefined) settings.values.set(name, value);
      else if (key === 'placeholderReplacement') settings.replace = value.toLowerCase() !== 'false';
      else if (key === 'placeholderPrefix' && value !== '') settings.prefix = value;
      else if (key === 'placeholderSuffix' && value !== '') settings.suffix = value;
    }
    return settings;
  });
}
