// The parent side of a recording-driver executor: one child process per set (./orm-execute-child.ts),
// killed when the set's time is up; its messages become each file's ExecutedMigration, stack
// positions become call spans, failures become orm-execute-failed problems (static translation kept).
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DiscoveryProblem, SourceText, Span } from '../../types.js';
import { callSpanAt } from './call-span.js';
import type { ChildMessage, ChildTask, StackPosition } from './protocol.js';
import type { ExecutedMigration, Executor } from './types.js';

/** Next to this module in both builds: dist/src/hosts/execute/ (tsc) and dist/bundle/ (esbuild entry). */
const CHILD = new URL('./orm-execute-child.js', import.meta.url);

function runChild(task: ChildTask, timeoutMs: number, onMessage: (m: ChildMessage) => void): Promise<'done' | 'timeout' | 'exit'> {
  return new Promise((resolve) => {
    const child = fork(CHILD, [], { execArgv: ['--enable-source-maps'], silent: true, cwd: task.projectDir, serialization: 'advanced' });
    child.stdout?.resume();
    child.stderr?.resume();
    let outcome: 'done' | 'timeout' | 'exit' = 'exit';
    const timer = setTimeout(() => {
      outcome = 'timeout';
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('message', (m: ChildMessage) => {
      if (m.kind === 'done') outcome = 'done';
      onMessage(m);
    });
    child.on('error', () => undefined);
    // 'close', not 'exit': messages still in the channel are delivered before it.
    child.on('close', () => {
      clearTimeout(timer);
      resolve(outcome);
    });
    child.send(task);
  });
}

/** `pkg`: the package the project must have for the recorder to run; none when the recorder brings a stand-in. */
export function childExecutor(runner: string, pkg: string | undefined): Executor {
  return {
    runner,
    async unavailable(projectDir) {
      if (pkg === undefined) return undefined;
      try {
        createRequire(path.join(projectDir, 'noop.js')).resolve(pkg);
        return undefined;
      } catch {
        return `${pkg} is not installed in ${projectDir}`;
      }
    },
    async execute(files, { projectDir, timeoutMs }) {
      const byPath = new Map(files.map((f) => [f.path, f]));
      const results = new Map<string, ExecutedMigration>();
      const result = (file: string) => results.get(file) ?? results.set(file, { problems: [] }).get(file)!;
      const spanOf = (file: SourceText, at: StackPosition | undefined): Span | undefined => {
        if (!at) return undefined;
        return callSpanAt(file.text, file.path, offsetOf(file.text, at));
      };
      const fail = (file: string, message: string, at?: StackPosition) => {
        const source = byPath.get(file);
        const span = (source && spanOf(source, at)) ?? { start: 0, end: 0 };
        result(file).problems.push({ file, ruleId: 'orm-execute-failed', message: `orm.execute: ${message}; its static translation is linted instead`, span } satisfies DiscoveryProblem);
      };
      let current: { file: string; direction: string } | undefined;
      const finished = new Set<string>();
      let unavailable: string | undefined;
      const ordered = [...files].sort((a, b) => (path.basename(a.path) < path.basename(b.path) ? -1 : 1)).map((f) => f.path);
      const outcome = await runChild({ runner, projectDir, files: ordered }, timeoutMs, (m) => {
        if (m.kind === 'start') current = { file: m.file, direction: m.direction };
        else if (m.kind === 'unavailable') unavailable = m.message;
        else if (m.kind === 'failed') {
          fail(m.file, m.message, m.at);
          finished.add(`${m.file}\0${m.direction}`);
        } else if (m.kind === 'recorded') {
          const source = byPath.get(m.file);
          if (!source) return;
          result(m.file)[m.direction] = m.queries.map((q) => ({ sql: q.sql, ...optionalSpan(spanOf(source, q.at)) }));
          finished.add(`${m.file}\0${m.direction}`);
        }
      });
      if (unavailable) for (const file of ordered) fail(file, unavailable);
      else if (outcome !== 'done') {
        const why = outcome === 'timeout' ? `the set was stopped after ${timeoutMs / 1000} s (orm.timeout)` : 'the child process exited before it finished';
        if (current) fail(current.file, `${why} while running its ${current.direction === 'load' ? 'module load' : current.direction}`);
        for (const file of ordered) if (file !== current?.file && !finished.has(`${file}\0up`) && !results.get(file)?.problems.length) fail(file, `not run: ${why}`);
      }
      return results;
    },
  };
}

const optionalSpan = (span: Span | undefined) => (span ? { span } : {});

/** 1-based line and UTF-16 column → offset. */
function offsetOf(text: string, at: StackPosition): number {
  let offset = 0;
  for (let line = 1; line < at.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + at.column - 1);
}
