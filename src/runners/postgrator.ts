// postgrator: `NNN.do[.desc].sql` / `NNN.undo[.desc].sql` paired by number. A file is sent as one
// query with no transaction of postgrator's own: one implicit transaction for several statements.
import path from 'node:path';
import type { VersionName } from '../discover/versions.js';
import { readPaired, wholeFile, type PairRole } from './read.js';
import type { RunnerModule } from './types.js';
import type { SourceText } from '../types.js';

const NAME_RE = /^(\d+)\.(do|undo)(?:\.(.*))?\.sql$/i;

function role(file: SourceText): PairRole | undefined {
  const m = NAME_RE.exec(path.basename(file.path));
  if (!m?.[1] || !m[2]) return undefined;
  const version = BigInt(m[1]).toString();
  return {
    key: `${path.dirname(file.path)}:${version}`,
    dir: m[2].toLowerCase() === 'do' ? 'up' : 'down',
    layout: 'postgrator',
    label: `${m[1]}.${m[3] ?? ''}`,
    display: `version ${version}`,
  };
}

function postgratorVersion(label: string): VersionName {
  const dot = label.indexOf('.');
  return { version: label.slice(0, dot), name: label.slice(dot + 1), versioned: true };
}

export const postgrator: RunnerModule = {
  name: 'postgrator',
  title: 'Postgrator',
  defaultDirs: ['migrations', 'db/migrations'],
  separators: 'none: the file is one query',
  detect(file) {
    return NAME_RE.test(path.basename(file.path)) ? { strength: 'naming', what: 'NNN.do.sql / NNN.undo.sql file name' } : undefined;
  },
  readsFilesAlone: true,
  read: (files) => readPaired(files, { role, single: wholeFile('plain'), version: postgratorVersion }),
  transaction: {
    model: 'implicit',
    behaviour: 'Postgrator sends the file as one multi-statement query, which runs in one implicit transaction',
    optOut: () => 'a migration file holding that one statement alone (Postgrator then runs it outside any transaction)',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
