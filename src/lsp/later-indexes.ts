// What the migrations after the edited file record (the indexes they create and drop for
// fk-missing-index withdrawal, the table events that break a type fix), kept from one request to the next. A migration's record depends only on
// the up sections up to it, replayed in order, and a replay reads only their statements: while
// every up section of the set is the same, or has the same statements (a comment typed, blank
// lines), the records are those of the last replay. Replaying hundreds of later migrations cost
// more than analysing the edited file.
import type { LaterIndexes } from '../lint.js';
import type { MigrationIndexes } from '../later-indexes.js';
import { setDirectory } from '../set-directory.js';
import type { Migration, ParsedSection, SectionSource } from '../types.js';
import { sameSource } from './same-source.js';

interface Kept {
  /** The migrations replayed: a keystroke's set holds most of them again, the very objects. */
  migrations: readonly Migration[];
  ups: readonly SectionSource[];
  directories: readonly string[];
  /** The replay started at this migration: the records of every migration from it on. */
  from: number;
  records: ReadonlyArray<{ at: number; record: MigrationIndexes }>;
}

const positionKey = (file: string, offset: number) => `${offset}\0${file}`;

export class LaterIndexesCache implements LaterIndexes {
  private kept: Kept | undefined;
  private readonly texts = new WeakMap<SectionSource, readonly string[]>();

  /** `parse`: the workspace's, which keeps the recent parses of each section. */
  constructor(private readonly parse: (source: SectionSource) => ParsedSection) {}

  recorded(migrations: readonly Migration[], from: number, replay: () => MigrationIndexes[]): MigrationIndexes[] {
    const kept = this.kept;
    if (kept && from >= kept.from && this.holds(kept, migrations)) return kept.records.filter((r) => r.at >= from).map((r) => r.record);
    const records = replay();
    this.seed(migrations, from, records);
    return records;
  }

  /** Keeps what the migrations from `from` on recorded as they replayed (a whole-set analysis: from 0). */
  seed(migrations: readonly Migration[], from: number, records: readonly MigrationIndexes[]): void {
    const position = new Map(migrations.map((m, i) => [positionKey(m.up.file, m.up.offset), i]));
    this.kept = {
      migrations,
      ups: migrations.map((m) => m.up),
      directories: migrations.map(setDirectory),
      from,
      records: records.map((record) => ({ at: position.get(positionKey(record.file, record.offset)) ?? -1, record })),
    };
  }

  /** Does every migration replay as the kept ones did, in the same place (a record names its file and offset)? */
  private holds(kept: Kept, migrations: readonly Migration[]): boolean {
    if (migrations.length !== kept.ups.length) return false;
    return migrations.every((m, i) => {
      if (m === kept.migrations[i]) return true;
      const before = kept.ups[i];
      if (setDirectory(m) !== kept.directories[i]) return false;
      return sameSource(m.up, before) || (m.up.file === before.file && m.up.offset === before.offset && m.up.wrap === before.wrap && this.sameStatements(before, m.up));
    });
  }

  private sameStatements(a: SectionSource, b: SectionSource): boolean {
    const [x, y] = [this.statementTexts(a), this.statementTexts(b)];
    return x.length === y.length && x.every((text, i) => text === y[i]);
  }

  /** Read once per section: the kept one is compared on every keystroke, long after its parse left the workspace's recent parses. */
  private statementTexts(source: SectionSource): readonly string[] {
    let texts = this.texts.get(source);
    if (!texts) this.texts.set(source, (texts = this.parse(source).statements.map((s) => s.text)));
    return texts;
  }
}
