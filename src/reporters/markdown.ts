// A Markdown summary for a pull request comment or a GitHub job summary ($GITHUB_STEP_SUMMARY):
// per migration its findings and the locks its statements take, capped below GitHub's 65,536
// characters for a comment.
import { relative, sep } from 'node:path';
import type { ExplainedLock, ExplainedSection } from '../cli-explain.js';
import { printable } from '../output-safe.js';
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';
import { groupBy } from '../group.js';

/** Below GitHub's 65,536-character limit for a comment body, with room for the closing note. */
export const MARKDOWN_LIMIT = 60_000;
const STATEMENT_WIDTH = 60;

/** Plain text with Markdown's punctuation escaped and control characters made visible. */
function text(s: string): string {
  return printable(s.replace(/\s*\n\s*/g, ' ')).replace(/[\\`*_[\]<>|#~&]/g, (c) => `\\${c}`);
}

/** An inline code span that holds any text (backticks included), safe inside a table cell. */
function code(s: string, width = Infinity): string {
  let flat = printable(s.replace(/\s+/g, ' ').trim());
  if (flat.length > width) flat = `${flat.slice(0, width - 1)}…`;
  const longestRun = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat.replace(/\|/g, '\\|')}${pad}${fence}`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function blocks(lock: ExplainedLock): string {
  if (lock.blocksReads) return 'reads, writes';
  return lock.blocksWrites ? 'writes' : '-';
}

function rewrite(lock: ExplainedLock): string {
  if (lock.rewrite === true) return 'rewrite';
  if (lock.rewrite === false) return lock.scan ? 'scan' : '';
  return lock.rewrite.replace(/-/g, ' ');
}

const TRANSACTION: Record<ExplainedSection['transaction'], string> = {
  wrapped: 'one transaction',
  explicit: 'its own BEGIN/COMMIT',
  none: 'no transaction',
};

function lockTable(section: ExplainedSection): string[] {
  const rows: string[] = [];
  for (const s of section.statements) {
    for (const lock of s.locks) {
      rows.push(`| ${s.line} | ${code(s.text, STATEMENT_WIDTH)} | ${lock.mode} | ${text(lock.relation)} | ${blocks(lock)} | ${rewrite(lock)} |`);
    }
  }
  if (rows.length === 0) return [];
  return ['| line | statement | lock | on | blocks | |', '|---:|---|---|---|---|---|', ...rows, ''];
}

function findingLine(f: Finding): string {
  const icon = f.severity === 'error' ? '❌' : '⚠️';
  const help = f.help ? ` — ${text(f.help)}` : '';
  return `- ${icon} ${f.start.line}:${f.start.column} ${code(f.ruleId)}: ${text(f.message)}${help}`;
}

function migrationBlock(file: string, sections: readonly ExplainedSection[], findings: readonly Finding[]): string {
  const heading = sections.length > 0 ? `${sections[0].migration} · ${sections.map((s) => `${s.section}: ${TRANSACTION[s.transaction]}`).join(' · ')}` : '';
  const lines = [`#### ${code(file)}${heading ? ` — ${text(heading)}` : ''}`, ''];
  lines.push(...findings.map(findingLine));
  if (findings.length > 0) lines.push('');
  lines.push(...sections.flatMap(lockTable));
  if (findings.length === 0 && lines.length === 2) lines.push('No findings, no locks.', '');
  return `${lines.join('\n')}\n`;
}

export const markdown: Reporter = (input, options) => {
  const root = options.root ?? options.cwd;
  const display = (file: string) => relative(root, file).split(sep).join('/') || file;
  const shown = input.findings.filter((f) => !f.suppressed && (!options.quiet || f.severity === 'error'));
  const errors = shown.filter((f) => f.severity === 'error').length;
  const suppressed = input.findings.filter((f) => f.suppressed).length;
  const byFile = groupBy(shown, (f) => f.file);
  const sectionsByFile = groupBy(input.sections ?? [], (s) => s.file);
  // Files with findings first (a capped summary keeps them), each group in migration order.
  const ordered = [...new Set([...sectionsByFile.keys(), ...byFile.keys()])];
  const files = [...ordered.filter((f) => byFile.has(f)), ...ordered.filter((f) => !byFile.has(f))];

  const counts = shown.length === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(shown.length - errors, 'warning')}`;
  const head = [`### migrationlint: ${counts} in ${plural(files.length, 'file')}`, ''];
  if (suppressed > 0) head.push(`${plural(suppressed, 'finding')} suppressed with a \`migrationlint-ignore\` comment.`, '');
  let body = `${head.join('\n')}\n`;
  let written = 0;
  for (const file of files) {
    const block = migrationBlock(display(file), sectionsByFile.get(file) ?? [], byFile.get(file) ?? []);
    if (body.length + block.length > MARKDOWN_LIMIT) break;
    body += block;
    written++;
  }
  if (written < files.length) {
    const left = files.slice(written);
    const leftFindings = left.reduce((n, file) => n + (byFile.get(file)?.length ?? 0), 0);
    body += `… ${plural(left.length, 'more file')} (${plural(leftFindings, 'finding')}) not shown: the summary stops below GitHub's comment size limit. Run \`migrationlint lint\` for the full report.\n`;
  }
  return body;
};
