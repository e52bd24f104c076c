// "3 later statements take blocking locks without one too": a timeout rule's finding counts the
// top-level statements after it that take blocking locks, up to the one where the timeout is set.
// Each is counted as it is visited, with the schema model standing before it: asking about a later
// statement ahead of time replays the rest of the section on a fork of the model. So the finding
// waits for the end of the section.
import type { CurrentStatement, ReportDescriptor } from '../../rule.js';
import type { MigrationFacts, StatementFacts } from '../types.js';
import type { Span } from '../../types.js';
import { blockingLocks } from './existing.js';

interface Held {
  span: Span;
  message: (later: number) => string;
  help: string;
  later: number;
}

export class LaterBlockingStatements {
  private readonly held: Held[] = [];
  private counting: Held | undefined;

  /** `covered(statement)`: the timeout is set for the statement; `report`: the rule's ctx.report. */
  constructor(
    private readonly covered: (statement: StatementFacts) => boolean,
    private readonly report: (d: ReportDescriptor) => void,
  ) {}

  /** Every statement, before the rule looks at it. */
  visit(statement: CurrentStatement, facts: MigrationFacts): void {
    if (!this.counting || statement.nested) return;
    if (this.covered(statement)) this.counting = undefined;
    else if (blockingLocks(statement, facts).length > 0) this.counting.later++;
  }

  /** A finding on `statement`: reported now inside a DO block (its statements are not counted), else held until `endOfSection`. */
  found(statement: CurrentStatement, message: (later: number) => string, help: string): void {
    if (statement.nested) {
      this.report({ message: message(0), help });
      return;
    }
    this.counting = { span: statement.span, message, help, later: 0 };
    this.held.push(this.counting);
  }

  endOfSection(): void {
    for (const h of this.held) this.report({ span: h.span, message: h.message(h.later), help: h.help });
  }
}
