// A file's sections as they read once fixes are applied to the file: a SQL section is the same
// range of the fixed text, moved by the edits before it; an ORM migration's section is read
// again by its runner, since its SQL is the calls' and not a slice of the file.
import { buildMigrations } from './discover/build.js';
import { takeFixes } from './fix.js';
import type { RunnerOptions } from './runners/types.js';
import type { Edit, Fix, Migration, SectionSource, SourceText } from './types.js';

export interface FixedFile {
  file: SourceText;
  /** The edits applied, at their places in the original text. */
  edits: readonly Edit[];
  /** The fixed section standing for `source` (a section of this file); undefined when the runner no longer reads it. */
  section(source: SectionSource): SectionSource | undefined;
}

export interface RereadOptions {
  assumeInTransaction: boolean;
  runnerOptions?: RunnerOptions;
}

export function fixedFile(original: SourceText, fixes: readonly Fix[], migrations: readonly Migration[], options: RereadOptions): FixedFile {
  const { text, taken } = takeFixes(original.text, fixes);
  const file = { ...original, text };
  const edits = taken.flatMap((fix) => fix.edits);
  let reread: SectionSource[] | undefined;
  const hostSections = () => {
    if (reread) return reread;
    const runner = migrations.find((m) => m.up.file === original.path)?.runner ?? 'auto';
    const built = buildMigrations([file], runner, options.assumeInTransaction, options.runnerOptions);
    return (reread = built.migrations.flatMap((m) => [m.up, ...(m.down ? [m.down] : [])]).filter((s) => s.file === original.path));
  };
  return {
    file,
    edits,
    section(source) {
      if (!source.host) {
        const start = moved(source.offset, edits);
        const end = moved(source.offset + source.text.length, edits);
        return { ...source, offset: start, text: text.slice(start, end) };
      }
      const own = migrations.flatMap((m) => [m.up, ...(m.down ? [m.down] : [])]).filter((s) => s.file === original.path);
      return hostSections()[own.indexOf(source)];
    },
  };
}

/** Where an offset of the original text is in the fixed one: moved by the edits that start before it. */
function moved(offset: number, edits: readonly Edit[]): number {
  let at = offset;
  for (const e of edits) if (e.start < offset) at += e.text.length - (e.end - e.start);
  return at;
}
