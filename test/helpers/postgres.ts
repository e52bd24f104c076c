// Starts a throwaway PostgreSQL server for tests: initdb + pg_ctl in a temp dir owned by the
// postgres OS user (when we are root), socket inside the data dir, TCP on 127.0.0.1 with a
// free port, scram password authentication for TCP so password masking can be tested.
import { execFile } from 'node:child_process';
import { existsSync, promises as fs, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export interface PgServer {
  host: string;
  port: number;
  /** A role that owns every database made by createDatabase, authenticated by password. */
  user: string;
  password: string;
  /** postgres://app:<password>@127.0.0.1:port/<db> */
  url(database: string, overrides?: { password?: string; user?: string }): string;
  /** A fresh database owned by the app role; returns its URL. */
  createDatabase(prefix?: string): Promise<string>;
  /** The server's self-signed certificate (its own CA) when SSL is on, for sslrootcert. */
  sslRootCert?: string;
  /** A superuser connection over the Unix socket (trust), for assertions and setup. */
  admin(database?: string): Promise<pg.Client>;
  /** pg_ctl restart: 'fast' ends every session (rolling back), 'immediate' crashes (recovery on start). */
  restart(mode?: 'fast' | 'immediate'): Promise<void>;
  stop(): Promise<void>;
}

export type StartResult = { server: PgServer } | { skipped: string };

/** A password with characters that need URL encoding, to test encoding and masking. */
export const APP_PASSWORD = 's3cr%t:p@ss/w0rd-Zq9';

export function findPgBin(): string | undefined {
  if (process.env.PG_BIN && existsSync(path.join(process.env.PG_BIN, 'initdb'))) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(path.join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

interface Runner {
  /** Runs a PostgreSQL binary as the server's OS user, with an argument array (no shell). */
  (bin: string, args: string[]): Promise<{ stdout: string; stderr: string }>;
}

async function asServerUser(): Promise<{ runner: Runner; uid?: number; gid?: number } | { skipped: string }> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) return { runner: (bin, args) => run(bin, args, { encoding: 'utf8' }) };
  let uid: number;
  let gid: number;
  try {
    const { stdout: u } = await run('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const { stdout: g } = await run('id', ['-g', 'postgres'], { encoding: 'utf8' });
    uid = Number(u.trim());
    gid = Number(g.trim());
  } catch {
    return { skipped: 'running as root and there is no "postgres" OS user to run the server as' };
  }
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find((p) => existsSync(p));
  if (runuser) return { runner: (bin, args) => run(runuser, ['-u', 'postgres', '--', bin, ...args], { encoding: 'utf8' }), uid, gid };
  // su takes one command string: quote every argument for the shell su starts.
  const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return {
    runner: (bin, args) => run('su', ['postgres', '-s', '/bin/sh', '-c', [bin, ...args].map(quote).join(' ')], { encoding: 'utf8' }),
    uid,
    gid,
  };
}

/**
 * A self-signed certificate for 127.0.0.1 (SAN IP), so sslmode=verify-full can be tested;
 * undefined when openssl is not installed (SSL stays off).
 */
async function makeCertificate(
  base: string,
  data: string,
  who: { uid?: number; gid?: number },
): Promise<{ cert: string; key: string; rootCert: string } | undefined> {
  const cert = path.join(data, 'server.crt');
  const key = path.join(data, 'server.key');
  try {
    await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1']);
  } catch {
    return undefined;
  }
  await fs.chmod(key, 0o600);
  if (who.uid !== undefined && who.gid !== undefined) {
    await fs.chown(key, who.uid, who.gid);
    await fs.chown(cert, who.uid, who.gid);
  }
  const rootCert = path.join(base, 'root.crt');
  await fs.copyFile(cert, rootCert);
  return { cert, key, rootCert };
}

/** `bin`: the directory of initdb/pg_ctl/postgres to use (default: Debian's newest, or $PG_BIN). */
export async function startPostgres(options: { bin?: string } = {}): Promise<StartResult> {
  const bin = options.bin ?? findPgBin();
  if (!bin) return { skipped: 'no PostgreSQL server binaries (initdb) found under /usr/lib/postgresql or $PG_BIN' };
  const who = await asServerUser();
  if ('skipped' in who) return who;
  const base = await fs.mkdtemp(path.join(tmpdir(), 'mlpg-'));
  const data = path.join(base, 'data');
  const log = path.join(base, 'server.log');
  try {
    if (who.uid !== undefined && who.gid !== undefined) await fs.chown(base, who.uid, who.gid);
    const pwfile = path.join(base, 'pw');
    await fs.writeFile(pwfile, 'postgres-test-superuser\n', { mode: 0o600 });
    if (who.uid !== undefined && who.gid !== undefined) await fs.chown(pwfile, who.uid, who.gid);
    await who.runner(path.join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'postgres',
      '--pwfile',
      pwfile,
      '--auth-local=trust',
      '--auth-host=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
      '-N',
    ]);
    const port = await freePort();
    const ssl = await makeCertificate(base, data, who);
    const conf = [
      ...(ssl ? [`ssl = on`, `ssl_cert_file = '${ssl.cert}'`, `ssl_key_file = '${ssl.key}'`] : []),
      `listen_addresses = '127.0.0.1'`,
      `port = ${port}`,
      `unix_socket_directories = '${data}'`,
      `fsync = off`,
      `synchronous_commit = off`,
      `full_page_writes = off`,
      `max_connections = 40`,
      `shared_buffers = 32MB`,
      `password_encryption = 'scram-sha-256'`,
    ].join('\n');
    await fs.appendFile(path.join(data, 'postgresql.conf'), `\n${conf}\n`);
    await who.runner(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-w', '-t', '60', 'start']);
    const admin = async (database = 'postgres') => {
      const c = new pg.Client({ host: data, port, user: 'postgres', database });
      await c.connect();
      return c;
    };
    const user = 'app';
    const c = await admin();
    try {
      await c.query(`CREATE ROLE ${user} LOGIN PASSWORD '${APP_PASSWORD.replace(/'/g, "''")}'`);
    } finally {
      await c.end();
    }
    let counter = 0;
    const url = (database: string, o: { password?: string; user?: string } = {}) =>
      `postgres://${encodeURIComponent(o.user ?? user)}:${encodeURIComponent(o.password ?? APP_PASSWORD)}@127.0.0.1:${port}/${database}`;
    const server: PgServer = {
      host: '127.0.0.1',
      port,
      user,
      password: APP_PASSWORD,
      ...(ssl ? { sslRootCert: ssl.rootCert } : {}),
      url,
      async createDatabase(prefix = 'db') {
        const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${++counter}`;
        const a = await admin();
        try {
          await a.query(`CREATE DATABASE "${name}" OWNER ${user}`);
        } finally {
          await a.end();
        }
        return url(name);
      },
      admin,
      async restart(mode = 'fast') {
        await who.runner(path.join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-m', mode, '-w', '-t', '60', 'restart']);
      },
      async stop() {
        await who.runner(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
        await fs.rm(base, { recursive: true, force: true });
      },
    };
    return { server };
  } catch (err) {
    const logText = await fs.readFile(log, 'utf8').catch(() => '');
    await who.runner(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']).catch(() => undefined);
    await fs.rm(base, { recursive: true, force: true });
    const e = err as { message?: string; stderr?: string };
    return { skipped: `could not start PostgreSQL: ${e.stderr || e.message || String(err)}${logText ? `\n${logText}` : ''}` };
  }
}

/**
 * For `it` bodies that need the server: fails under CI (CI=true), skips with a printed reason
 * otherwise.
 */
export function requireServer(
  result: StartResult | undefined,
  ctx: { skip: (note?: string) => never },
): PgServer {
  if (result && 'server' in result) return result.server;
  const reason = result ? result.skipped : 'the PostgreSQL server was not started';
  if (process.env.CI === 'true') throw new Error(`PostgreSQL is required in CI: ${reason}`);
  console.warn(`skipping: ${reason}`);
  return ctx.skip(reason);
}
