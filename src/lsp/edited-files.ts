// The files of a migration set with the texts of some of them replaced by open buffers, read
// through to the set's own map: copying a map of thousands of files on every keystroke cost
// more than linting the edited file.
import type { SourceText } from '../types.js';

export class EditedFiles implements ReadonlyMap<string, SourceText> {
  constructor(
    private readonly base: ReadonlyMap<string, SourceText>,
    /** Only paths the base holds. */
    private readonly edits: ReadonlyMap<string, SourceText>,
  ) {}

  get size(): number {
    return this.base.size;
  }

  get(path: string): SourceText | undefined {
    return this.edits.get(path) ?? this.base.get(path);
  }

  has(path: string): boolean {
    return this.base.has(path);
  }

  *entries(): MapIterator<[string, SourceText]> {
    for (const [path, file] of this.base) yield [path, this.edits.get(path) ?? file];
  }

  keys(): MapIterator<string> {
    return this.base.keys();
  }

  *values(): MapIterator<SourceText> {
    for (const [, file] of this.entries()) yield file;
  }

  [Symbol.iterator](): MapIterator<[string, SourceText]> {
    return this.entries();
  }

  forEach(callback: (file: SourceText, path: string, map: ReadonlyMap<string, SourceText>) => void): void {
    for (const [path, file] of this.entries()) callback(file, path, this);
  }
}
