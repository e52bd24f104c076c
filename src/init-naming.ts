// `init` picks the naming-convention preset the project's existing migrations already follow, so
// a starter config does not turn every existing name into an error.
import { resolveConfig } from './config.js';
import { DiscoveryError } from './discover.js';
import { lint } from './lint.js';
import type { RuleSetting } from './config-schema.js';
import { PRESET_NAMES as PRESETS } from './naming/presets.js';

export interface NamingChoice {
  setting: RuleSetting;
  /** One line for the person running init: what was found and chosen. */
  note: string;
}

/** naming-convention findings per preset on the migrations in `dir`; undefined when there are none. */
async function findingsPerPreset(cwd: string, dir: string): Promise<Map<(typeof PRESETS)[number], number> | undefined> {
  const counts = new Map<(typeof PRESETS)[number], number>();
  for (const preset of PRESETS) {
    const config = resolveConfig({ migrations: [dir], rules: { 'naming-convention': ['error', { preset }] } }, undefined, cwd);
    try {
      const result = await lint({ cwd, config });
      if (result.set.migrations.length === 0) return undefined;
      counts.set(preset, result.findings.filter((f) => f.ruleId === 'naming-convention' && !f.suppressed).length);
    } catch (error) {
      if (error instanceof DiscoveryError) return undefined; // no migrations yet
      throw error;
    }
  }
  return counts;
}

export async function chooseNaming(cwd: string, dir: string): Promise<NamingChoice> {
  const counts = await findingsPerPreset(cwd, dir);
  if (!counts) return { setting: ['error', { preset: 'prefixed' }], note: `naming-convention: no migrations in ${dir} yet, so the prefixed preset as an error` };
  const [best, fewest] = [...counts].sort((a, b) => a[1] - b[1])[0]!;
  const tally = [...counts].map(([preset, n]) => `${preset}: ${n}`).join(', ');
  if (fewest === 0) return { setting: ['error', { preset: best }], note: `naming-convention: the existing names follow the ${best} preset, so it is an error to break it` };
  return {
    setting: ['warning', { preset: best }],
    note: `naming-convention: the existing names follow no preset (names off it — ${tally}), so ${best} as a warning; make it an error once they do`,
  };
}
