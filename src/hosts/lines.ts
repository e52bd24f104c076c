// Line numbers for the rules of an ORM section: an offset of the SQL its calls send → the host
// file's line and column, so a message naming "line N" names the .py/.ts line (of the literal, or
// of the call for builder SQL), not a line of the generated SQL.
import { LineIndex } from '../text.js';
import type { Position, SectionHost } from '../types.js';
import { hostOffset } from './map.js';

export class HostLineIndex extends LineIndex {
  constructor(
    private readonly host: SectionHost,
    fileText: string,
  ) {
    super(fileText);
  }

  override position(offset: number): Position {
    return super.position(hostOffset(this.host, offset));
  }
}
