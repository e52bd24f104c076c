// alembic offline output (`alembic upgrade --sql`): one migration per `-- Running upgrade A -> B`
// marker; the file's own BEGIN/COMMIT decide the transactions (see alembic-split.ts).
import { matchLines } from '../discover/lines.js';
import type { FileParts } from '../discover/part.js';
import type { SourceText } from '../types.js';
import { ALEMBIC_RE, splitAlembic } from './alembic-split.js';
import { readEach, wholeFile } from './read.js';
import type { RunnerModule } from './types.js';

const marks = (text: string) => (text.includes('Running upgrade') ? matchLines(text, ALEMBIC_RE) : []);

function split(file: SourceText): FileParts {
  const found = marks(file.text);
  return found.length > 0 ? splitAlembic(file.text, found) : wholeFile('plain')(file);
}

export const alembic: RunnerModule = {
  name: 'alembic',
  title: 'alembic',
  defaultDirs: [],
  separators: 'none: the offline output is a psql script',
  detect(file) {
    const [mark] = marks(file.text);
    return mark ? { strength: 'marker', what: "'-- Running upgrade' marker", span: { start: mark.start, end: mark.end } } : undefined;
  },
  read: (files) => readEach(files, split),
  transaction: {
    model: 'wrapped',
    behaviour: 'alembic wraps the migration in BEGIN/COMMIT',
    optOut: () => 'an `op.get_context().autocommit_block()` in the revision',
  },
  timeouts: { lockTimeout: false, statementTimeout: false },
};
