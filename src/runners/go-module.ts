// The Go module around a migration directory: golang-migrate and morph sets are told apart from
// migrationlint's own engine, and from each other, by the module that embeds them.
import path from 'node:path';
import type { Probe } from './types.js';

/** The nearest go.mod at or above the directory. */
export function goModule(dir: string, probe: Probe): string | undefined {
  return probe.memo(`go.mod:${dir}`, () => {
    const here = path.join(dir, 'go.mod');
    if (probe.exists(here)) return here;
    const parent = path.dirname(dir);
    return parent === dir ? undefined : goModule(parent, probe);
  });
}

const MORPH_MODULE_RE = /^\s*(?:require\s+)?github\.com\/mattermost\/morph\s+v/m;
const GOLANG_MIGRATE_MODULE_RE = /^\s*(?:require\s+)?github\.com\/golang-migrate\/migrate(?:\/v\d+)?\s+v/m;

/** The go.mod requires mattermost/morph and not golang-migrate. */
export function requiresOnlyMorph(goMod: string, probe: Probe): boolean {
  const text = probe.read(goMod) ?? '';
  return MORPH_MODULE_RE.test(text) && !GOLANG_MIGRATE_MODULE_RE.test(text);
}
