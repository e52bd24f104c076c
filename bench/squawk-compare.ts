// npm run bench:compare — lint every repository of ../shared/corpus with migrationlint (library
// API, default config) and with squawk (its CLI, JSON reporter), and print, per rule id the two
// share, each tool's finding count and, where they differ, the files whose counts differ.
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lint, resolveConfig, rules } from '../src/index.js';
import { rulesForSquawkId, squawkSharedRuleIds } from '../src/squawk-ids.js';
import { runSquawk } from './squawk-run.js';

/** rule id → file (relative to the corpus) → count */
type Counts = Map<string, Map<string, number>>;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const corpus = resolve(process.argv[2] ?? join(root, '..', 'shared', 'corpus'));
const squawkBin = join(root, 'node_modules', '.bin', 'squawk');
const FILES_SHOWN = 10;

function add(counts: Counts, rule: string, file: string): void {
  let byFile = counts.get(rule);
  if (!byFile) counts.set(rule, (byFile = new Map()));
  byFile.set(file, (byFile.get(file) ?? 0) + 1);
}

const total = (byFile: Map<string, number> | undefined) => [...(byFile?.values() ?? [])].reduce((a, b) => a + b, 0);

async function main(): Promise<void> {
  if (!existsSync(corpus)) throw new Error(`no corpus at ${corpus}`);
  if (!existsSync(squawkBin)) throw new Error(`squawk not installed at ${squawkBin}: npm install --no-save squawk-cli@2.66.0`);
  const config = resolveConfig({}, undefined, corpus);
  const repos = readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  const ours: Counts = new Map();
  const theirs: Counts = new Map();
  let fileCount = 0;

  for (const repo of repos) {
    const result = await lint({ cwd: corpus, config, paths: [repo] });
    const files = [...result.set.files.keys()].filter((f) => f.endsWith('.sql')).sort();
    fileCount += files.length;
    for (const f of result.findings) if (!f.suppressed) add(ours, f.ruleId, relative(corpus, f.file));
    for (const f of runSquawk(squawkBin, files, [`--pg-version=${config.pgVersion}.0`])) {
      const mapped = f.rule_name === 'syntax-error' ? ['syntax-error'] : rulesForSquawkId(f.rule_name);
      for (const id of mapped.length > 0 ? mapped : [`squawk:${f.rule_name}`]) add(theirs, id, relative(corpus, f.file));
    }
  }

  const shared = ['syntax-error', ...squawkSharedRuleIds().filter((id) => rules.has(id))];
  const lines: string[] = [
    `migrationlint vs squawk on ${repos.length} repositories, ${fileCount} files of ${corpus} (migrationlint: default config, pgVersion ${config.pgVersion}; squawk: --pg-version=${config.pgVersion}.0)`,
    '',
    '| rule | default here | migrationlint | squawk | difference |',
    '|---|---|---:|---:|---:|',
  ];
  for (const id of shared) {
    const a = total(ours.get(id));
    const b = total(theirs.get(id));
    const severity = id === 'syntax-error' ? 'error' : config.rules.get(id)?.severity ?? 'off';
    lines.push(`| ${id} | ${severity} | ${a} | ${b} | ${a === b ? '' : a - b > 0 ? `+${a - b}` : a - b} |`);
  }

  lines.push('', 'Files whose counts differ (migrationlint / squawk), first ' + FILES_SHOWN + ' per rule:');
  for (const id of shared) {
    const a = ours.get(id) ?? new Map<string, number>();
    const b = theirs.get(id) ?? new Map<string, number>();
    const files = [...new Set([...a.keys(), ...b.keys()])].sort().filter((f) => (a.get(f) ?? 0) !== (b.get(f) ?? 0));
    if (files.length === 0) continue;
    lines.push('', `${id}: ${files.length} file(s) differ`);
    for (const f of files.slice(0, FILES_SHOWN)) lines.push(`  ${f}  ${a.get(f) ?? 0} / ${b.get(f) ?? 0}`);
  }

  const unshared = (counts: Counts) =>
    [...counts.keys()].filter((id) => !shared.includes(id)).sort().map((id) => `${id} ${total(counts.get(id))}`).join(', ') || 'none';
  lines.push('', `Not shared — migrationlint only: ${unshared(ours)}`, `Not shared — squawk only: ${unshared(theirs)}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(2);
});
