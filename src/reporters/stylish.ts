// ESLint-like output grouped by file, with a code frame and the help line.
import { relative } from 'node:path';
import { Chalk } from 'chalk';
import type { Finding } from '../types.js';
import { lineIndexFor } from '../text.js';
import type { Reporter } from './types.js';
import { groupBy } from '../group.js';
import { printable } from '../output-safe.js';

const FRAME_CONTEXT = 1;

export const stylish: Reporter = (result, options) => {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const visible = result.findings.filter((f) => !f.suppressed && (!options.quiet || f.severity === 'error'));
  const suppressed = result.findings.filter((f) => f.suppressed).length;
  const byFile = groupBy(visible, (f) => f.file);

  const out: string[] = [];
  for (const [file, findings] of byFile) {
    out.push(c.underline(printable(relative(options.cwd, file) || file)));
    const source = result.files.get(file);
    for (const f of findings) {
      const sev = f.severity === 'error' ? c.red('error') : c.yellow('warning');
      out.push(`  ${c.dim(`${f.start.line}:${f.start.column}`)}  ${sev}  ${printable(f.message)}  ${c.dim(printable(f.ruleId))}`);
      if (source) out.push(...codeFrame(source, f, c));
      if (f.help) out.push(`    ${c.cyan('help:')} ${printable(f.help)}`);
      out.push('');
    }
  }
  const errors = visible.filter((f) => f.severity === 'error').length;
  const warnings = visible.length - errors;
  if (visible.length > 0) {
    const total = `${visible.length} problem${visible.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`;
    out.push((errors > 0 ? c.red.bold : c.yellow.bold)(`✖ ${total}`));
    const fixable = visible.filter((f) => f.fix).length;
    if (fixable > 0) out.push(c.dim(`  ${fixable} of them can be fixed with --fix.`));
  }
  if (suppressed > 0) out.push(c.dim(`${suppressed} suppressed finding${suppressed === 1 ? '' : 's'} not shown.`));
  return out.length > 0 ? `${out.join('\n')}\n` : '';
};

function codeFrame(source: { text: string }, f: Finding, c: InstanceType<typeof Chalk>): string[] {
  const lines = lineIndexFor(source);
  const first = Math.max(1, f.start.line - FRAME_CONTEXT);
  const last = Math.min(lines.lineCount, f.start.line + FRAME_CONTEXT);
  const width = String(last).length;
  const frame: string[] = [];
  for (let n = first; n <= last; n++) {
    const raw = lines.lineText(n).replace(/\t/g, ' ');
    const marker = n === f.start.line ? c.red('>') : ' ';
    frame.push(`  ${marker} ${c.dim(`${String(n).padStart(width)} |`)} ${printable(raw)}`);
    if (n === f.start.line) {
      // The caret sits under the escaped text: an escape is wider than the character it shows.
      const endColumn = f.end.line === n ? f.end.column : raw.length + 1;
      const indent = printable(raw.slice(0, f.start.column - 1)).length;
      const length = Math.max(1, printable(raw.slice(f.start.column - 1, endColumn - 1)).length);
      frame.push(`    ${' '.repeat(width)} ${c.dim('|')} ${' '.repeat(indent)}${c.red('^'.repeat(Math.min(length, 120)))}`);
    }
  }
  return frame;
}
