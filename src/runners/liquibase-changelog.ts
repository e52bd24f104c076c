// The order Liquibase runs formatted-SQL files in: the root changelog's `include` and `includeAll`
// entries, depth first, nested changelogs followed where they are included. YAML (the
// `databaseChangeLog: - include: file: …` shape) and XML changelogs are read with small line
// readers, not a YAML library. A file no changelog reaches is a problem (Liquibase never runs it);
// it is still linted, after the others, in path order.
// Sources: docs.liquibase.com change-types include, includeall (relativeToChangelogFile, minDepth,
// maxDepth, endsWithFilter; includeAll sorts by path).
import path from 'node:path';
import { problem } from '../discover/part.js';
import type { DiscoveryProblem, SourceText } from '../types.js';
import type { Probe } from './types.js';

const CHANGELOG_RE = /(?:^|[._-])changelog(?:[._-][^/]*)?\.(?:ya?ml|xml)$/i;
const INCLUDABLE_RE = /\.(?:sql|ya?ml|xml|json)$/i;

interface Entry {
  kind: 'include' | 'includeAll';
  attrs: Map<string, string>;
  /** The entry's span in the changelog, for problems. */
  start: number;
  end: number;
}

const unquote = (v: string) => v.trim().replace(/^(['"])(.*)\1$/, '$2');

/** `- include:` / `- includeAll:` items with their indented (or `{ … }`) keys. */
function yamlEntries(text: string): Entry[] {
  const out: Entry[] = [];
  let current: (Entry & { indent: number }) | undefined;
  let offset = 0;
  for (const line of text.split('\n')) {
    const start = offset;
    offset += line.length + 1;
    const body = line.replace(/\s+#.*$/, '').replace(/\r$/, '');
    const item = /^(\s*)-\s*(include|includeAll)\s*:\s*(?:\{(.*)\})?\s*$/.exec(body);
    if (item) {
      current = { kind: item[2] as Entry['kind'], attrs: new Map(), start, end: start + body.length, indent: (item[1] ?? '').length };
      out.push(current);
      for (const pair of (item[3] ?? '').split(',')) {
        const kv = /^\s*(\w+)\s*:\s*(.+?)\s*$/.exec(pair);
        if (kv?.[1] && kv[2]) current.attrs.set(kv[1], unquote(kv[2]));
      }
      continue;
    }
    const kv = /^(\s*)(\w+)\s*:\s*(.+?)\s*$/.exec(body);
    if (current && kv?.[2] && kv[3] !== undefined && (kv[1] ?? '').length > current.indent) {
      current.attrs.set(kv[2], unquote(kv[3]));
      if (kv[2] === 'file' || kv[2] === 'path') current.end = start + body.length;
    } else if (body.trim() !== '') {
      current = undefined;
    }
  }
  return out;
}

/** `<include file="…"/>` and `<includeAll path="…"/>` elements. */
function xmlEntries(text: string): Entry[] {
  const out: Entry[] = [];
  for (const m of text.matchAll(/<(include|includeAll)\b([^>]*?)\/?>/g)) {
    const attrs = new Map<string, string>();
    for (const a of (m[2] ?? '').matchAll(/(\w+)\s*=\s*"([^"]*)"/g)) if (a[1]) attrs.set(a[1], a[2] ?? '');
    out.push({ kind: m[1] as Entry['kind'], attrs, start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
  }
  return out;
}

const entriesOf = (changelog: string, probe: Probe): Entry[] =>
  probe.memo(`liquibase-changelog:${changelog}`, () => {
    const text = probe.read(changelog) ?? '';
    return changelog.toLowerCase().endsWith('.xml') ? xmlEntries(text) : yamlEntries(text);
  });

/** Changelog files in the set's directories and the ones above them, up to one level above their common directory. */
function candidates(files: readonly SourceText[], probe: Probe): string[] {
  const dirs = [...new Set(files.map((f) => path.dirname(f.path)))];
  if (dirs.length === 0) return [];
  let common = dirs[0] as string;
  for (const d of dirs) while (d !== common && !d.startsWith(common.endsWith(path.sep) ? common : common + path.sep)) common = path.dirname(common);
  const top = path.dirname(common);
  const seen = new Set<string>();
  for (let d of dirs) {
    for (;;) {
      seen.add(d);
      if (d === top || path.dirname(d) === d) break;
      d = path.dirname(d);
    }
  }
  return [...seen].flatMap((d) => probe.list(d).filter((n) => CHANGELOG_RE.test(n)).map((n) => path.join(d, n))).sort();
}

/** Files under `dir` (recursively), depth 1 being `dir` itself, sorted by path as includeAll does. */
function filesUnder(dir: string, probe: Probe, minDepth: number, maxDepth: number, depth = 1): string[] {
  if (depth > maxDepth) return [];
  const out: string[] = [];
  for (const name of probe.list(dir)) {
    const p = path.join(dir, name);
    if (INCLUDABLE_RE.test(name)) {
      if (depth >= minDepth) out.push(p);
    } else if (probe.list(p).length > 0) {
      out.push(...filesUnder(p, probe, minDepth, maxDepth, depth + 1));
    }
  }
  return out.sort();
}

/** The files an includeAll entry names, in its order (`resourceComparator: java.util.Comparator.reverseOrder` reverses it). */
function includeAllFiles(dir: string, e: Entry, probe: Probe): string[] {
  const files = filesUnder(dir, probe, Number(e.attrs.get('minDepth') ?? 1), Number(e.attrs.get('maxDepth') ?? Infinity)).filter((f) => f.endsWith(e.attrs.get('endsWithFilter') ?? ''));
  return /reverseOrder/.test(e.attrs.get('resourceComparator') ?? '') ? files.reverse() : files;
}

export interface ChangelogOrder {
  /** Position of each SQL file a changelog reaches, by absolute path. */
  position: Map<string, number>;
  problems: DiscoveryProblem[];
}

export function changelogOrder(files: readonly SourceText[], probe: Probe): ChangelogOrder {
  const position = new Map<string, number>();
  const problems: DiscoveryProblem[] = [];
  const all = candidates(files, probe);
  const included = new Set<string>();
  const resolve = (changelog: string, root: string, entry: Entry, key: 'file' | 'path') => {
    const target = entry.attrs.get(key) ?? '';
    const relative = (entry.attrs.get('relativeToChangelogFile') ?? 'false').toLowerCase() === 'true';
    return path.resolve(path.dirname(relative ? changelog : root), target);
  };
  for (const c of all) for (const e of entriesOf(c, probe)) if (e.kind === 'include') included.add(resolve(c, c, e, 'file'));

  const visited = new Set<string>();
  const visit = (changelog: string, root: string) => {
    if (visited.has(changelog)) return;
    visited.add(changelog);
    for (const e of entriesOf(changelog, probe)) {
      const key = e.kind === 'include' ? 'file' : 'path';
      const target = resolve(changelog, root, e, key);
      const span = { start: e.start, end: e.end };
      const targets = e.kind === 'include' ? [target] : includeAllFiles(target, e, probe);
      if (e.kind === 'include' ? !probe.exists(target) : probe.list(target).length === 0) {
        // An include limited to a context or labels may never be loaded where the set is deployed.
        if (e.attrs.has('context') || e.attrs.has('contextFilter') || e.attrs.has('labels')) continue;
        problems.push(problem(changelog, 'invalid-file', `${e.kind} names ${e.attrs.get(key) ?? ''}, which does not exist: Liquibase stops with "not found"`, span));
        continue;
      }
      for (const t of targets) {
        if (t.toLowerCase().endsWith('.sql')) {
          if (!position.has(t)) position.set(t, position.size);
        } else if (CHANGELOG_RE.test(path.basename(t)) || e.kind === 'include') {
          visit(t, root);
        }
      }
    }
  };
  const roots = all.filter((c) => !included.has(c));
  for (const root of roots) visit(root, root);
  if (position.size > 0) {
    const named = roots.map((r) => path.basename(r)).join(', ');
    for (const f of files) {
      if (!position.has(f.path)) problems.push(problem(f.path, 'invalid-file', `no changelog includes this file (from ${named}): Liquibase never runs it`));
    }
  }
  return { position, problems };
}
