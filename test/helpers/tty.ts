// Run the built CLI with some of stdout/stderr on a pseudo-terminal (Python's pty module: Node
// has none without a native addon), the rest on pipes — to test what follows which terminal.
import { spawnSync } from 'node:child_process';
import { bin } from './cli.js';

const RUNNER = `
import json, os, pty, select, subprocess, sys
cmd, ttys = json.loads(sys.argv[1]), sys.argv[2].split(',')
streams, masters = {}, {}
for name in ('stdout', 'stderr'):
    if name in ttys:
        master, slave = pty.openpty()
        masters[name], streams[name] = master, slave
    else:
        streams[name] = subprocess.PIPE
p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=streams['stdout'], stderr=streams['stderr'])
readers = {}
for name in ('stdout', 'stderr'):
    if name in masters:
        os.close(streams[name])
        readers[masters[name]] = name
    else:
        readers[getattr(p, name).fileno()] = name
out = {'stdout': b'', 'stderr': b''}
while readers:
    ready, _, _ = select.select(list(readers), [], [])
    for fd in ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            data = b''
        if data:
            out[readers[fd]] += data
        else:
            del readers[fd]
p.wait()
print(json.dumps({'code': p.returncode, 'stdout': out['stdout'].decode(), 'stderr': out['stderr'].decode()}))
`;

export const hasPython = spawnSync('python3', ['--version']).status === 0;

export function runOnTty(args: string[], opts: { cwd: string; tty: Array<'stdout' | 'stderr'>; env?: Record<string, string | undefined> }): { code: number; stdout: string; stderr: string } {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
  const run = spawnSync('python3', ['-c', RUNNER, JSON.stringify([process.execPath, bin, ...args]), opts.tty.join(',')], {
    cwd: opts.cwd,
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.status !== 0) throw new Error(`pty runner failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as { code: number; stdout: string; stderr: string };
}
