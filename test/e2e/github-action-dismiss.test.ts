// The action's dismiss step (.github/action/dismiss.mjs, include-suppressed: true) against a
// local server that answers the three code scanning REST endpoints it calls as GitHub documents
// them (GitHub itself cannot be reached from a test): wait for the upload's processing, list the
// open alerts of the tool on the ref page by page, dismiss those of suppressed findings.
import { execFileSync, spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';

const script = join(repoRoot, '.github', 'action', 'dismiss.mjs');
const REASON = 'the table was never used';

interface Call {
  method: string;
  url: URL;
  authorization: string | undefined;
  body?: unknown;
}

/** A repository with one suppressed and one open finding, and the log `lint --sarif-include-suppressed` writes. */
function suppressedSarif(): string {
  const root = mkdtempSync(join(tmpdir(), 'mlint-dismiss-'));
  execFileSync('git', ['init', '-q', root]);
  const project = join(root, 'services', 'db');
  mkdirSync(join(project, 'db'), { recursive: true });
  writeFileSync(join(project, '.migrationlintrc.json'), JSON.stringify({ migrations: ['db'] }));
  writeFileSync(join(project, 'db', '001_a.sql'), 'CREATE INDEX orders_customer_idx ON orders (customer_id);\n');
  writeFileSync(join(project, 'db', '002_b.sql'), `-- migrationlint-ignore ban-drop-table -- ${REASON}\nDROP TABLE legacy_orders;\n`);
  expect(runCli(['lint', '-f', 'sarif', '-o', 'out.sarif', '--sarif-include-suppressed'], { cwd: project }).code).toBe(1);
  return join(project, 'out.sarif');
}

const alert = (number: number, rule: string, path: string, line: number) => ({ number, rule: { id: rule }, most_recent_instance: { location: { path, start_line: line } } });

let server: Server | undefined;
afterEach(() => server?.close());

async function fakeGitHub(patchStatus: number): Promise<{ url: string; calls: Call[] }> {
  const calls: Call[] = [];
  let polls = 0;
  const body = async (req: IncomingMessage) => {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text ? (JSON.parse(text) as unknown) : undefined;
  };
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    calls.push({ method: req.method ?? '', url, authorization: req.headers.authorization, body: await body(req) });
    const send = (status: number, json: unknown) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(json));
    if (req.method === 'GET' && url.pathname === '/repos/acme/shop/code-scanning/sarifs/sarif-42') {
      return send(200, { processing_status: ++polls < 2 ? 'pending' : 'complete' });
    }
    if (req.method === 'GET' && url.pathname === '/repos/acme/shop/code-scanning/alerts') {
      const page = Number(url.searchParams.get('page'));
      if (page === 1) return send(200, Array.from({ length: 100 }, (_, i) => alert(i + 1, 'require-concurrent-index-creation', 'services/db/db/001_a.sql', 1)));
      return send(200, [alert(101, 'ban-drop-table', 'services/db/db/002_b.sql', 2), alert(102, 'ban-drop-table', 'services/db/db/002_b.sql', 9)]);
    }
    if (req.method === 'PATCH' && url.pathname.startsWith('/repos/acme/shop/code-scanning/alerts/')) {
      return send(patchStatus, patchStatus === 200 ? {} : { message: 'Resource not accessible by integration' });
    }
    return send(404, { message: 'Not Found' });
  });
  await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, calls };
}

function runDismiss(api: string, sarif: string): Promise<{ code: number | null; stdout: string }> {
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_API_URL: api,
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_TOKEN: 't0ken',
    SARIF_FILE: sarif,
    SARIF_ID: 'sarif-42',
    MIGRATIONLINT_POLL_MS: '10',
  };
  return new Promise((done) => {
    const child = spawn(process.execPath, [script], { env });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.on('close', (code) => done({ code, stdout }));
  });
}

describe('GitHub Action dismiss step', () => {
  it('waits for processing, then dismisses the open alert of each suppressed finding with its reason', async () => {
    const github = await fakeGitHub(200);
    const run = await runDismiss(github.url, suppressedSarif());
    expect(run).toEqual({ code: 0, stdout: 'migrationlint: dismissed 1 alert of 1 suppressed finding.\n' });
    expect(github.calls.map((c) => `${c.method} ${c.url.pathname}${c.url.search}`)).toEqual([
      'GET /repos/acme/shop/code-scanning/sarifs/sarif-42',
      'GET /repos/acme/shop/code-scanning/sarifs/sarif-42',
      'GET /repos/acme/shop/code-scanning/alerts?tool_name=migrationlint&ref=refs%2Fpull%2F7%2Fmerge&state=open&per_page=100&page=1',
      'GET /repos/acme/shop/code-scanning/alerts?tool_name=migrationlint&ref=refs%2Fpull%2F7%2Fmerge&state=open&per_page=100&page=2',
      'PATCH /repos/acme/shop/code-scanning/alerts/101',
    ]);
    expect(github.calls.every((c) => c.authorization === 'Bearer t0ken')).toBe(true);
    expect(github.calls.at(-1)?.body).toEqual({ state: 'dismissed', dismissed_reason: "won't fix", dismissed_comment: `migrationlint-ignore: ${REASON}` });
  });

  it('warns and leaves the step green when the token may not dismiss (a fork\'s pull request)', async () => {
    const github = await fakeGitHub(403);
    const run = await runDismiss(github.url, suppressedSarif());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^::warning title=migrationlint::could not dismiss the alerts of suppressed findings: PATCH \/repos\/acme\/shop\/code-scanning\/alerts\/101: HTTP 403 \(the token needs security-events: write/);
  });

  it('runs after the upload, with its sarif-id, only for include-suppressed', () => {
    const action = readFileSync(join(repoRoot, 'action.yml'), 'utf8');
    expect(action).toContain("      id: upload\n      uses: github/codeql-action/upload-sarif@v4");
    expect(action).toContain("- if: inputs.include-suppressed == 'true' && steps.upload.outputs.sarif-id != ''");
    for (const line of ['GITHUB_TOKEN: ${{ inputs.token }}', 'SARIF_FILE: ${{ steps.lint.outputs.sarif-file }}', 'SARIF_ID: ${{ steps.upload.outputs.sarif-id }}', 'run: node "$MIGRATIONLINT_ACTION_PATH/.github/action/dismiss.mjs"']) {
      expect(action).toContain(line);
    }
  });
});
