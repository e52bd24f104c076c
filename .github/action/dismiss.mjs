// The dismiss step of action.yml (include-suppressed: true). Code scanning ignores SARIF
// `suppressions`, so a suppressed finding uploaded in the log opens an alert: once GitHub has
// processed the upload, each open alert of ours that matches a suppressed result (rule, path,
// start line) is dismissed as "won't fix" with the suppression's reason as the comment, through
// the REST API with the job's token (security-events: write). Problems are warnings: the
// analysis is uploaded either way.
import { readFileSync } from 'node:fs';

const env = (name, fallback) => process.env[name] || fallback;
const api = env('GITHUB_API_URL', 'https://api.github.com');
const repository = env('GITHUB_REPOSITORY');
const ref = env('GITHUB_REF');
const token = env('GITHUB_TOKEN');
const sarifId = env('SARIF_ID');
const pollMs = Number(env('MIGRATIONLINT_POLL_MS', '5000'));
const pollTimes = Number(env('MIGRATIONLINT_POLL_TIMES', '60'));
/** The API's limit on `dismissed_comment`. */
const COMMENT_LIMIT = 280;

const warn = (message) => console.log(`::warning title=migrationlint::${message.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}`);

async function request(method, path, body) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      Accept: 'application/vnd.github+json',
      Authorization: `Bearer ${token}`,
      'X-GitHub-Api-Version': '2022-11-28',
      ...(body ? { 'Content-Type': 'application/json' } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) {
    const detail = await response.text();
    const hint = response.status === 403 || response.status === 404 ? ' (the token needs security-events: write; pull requests from forks get a read-only token)' : '';
    throw new Error(`${method} ${path}: HTTP ${response.status}${hint} ${detail.slice(0, 300)}`);
  }
  return response.status === 204 ? undefined : response.json();
}

const keyOf = (ruleId, path, line) => `${ruleId}\u0000${path}\u0000${line}`;

/** The suppressed results of the log, by rule, path and start line. */
function suppressedResults(file) {
  const log = JSON.parse(readFileSync(file, 'utf8'));
  const out = new Map();
  for (const run of log.runs ?? []) {
    for (const result of run.results ?? []) {
      if (!result.suppressions?.length) continue;
      const location = result.locations?.[0]?.physicalLocation;
      const uri = location?.artifactLocation?.uri;
      if (!uri || !location.region?.startLine) continue;
      const reason = result.suppressions.map((s) => s.justification).find(Boolean) ?? '';
      out.set(keyOf(result.ruleId, decodeURIComponent(uri), location.region.startLine), reason);
    }
  }
  return out;
}

async function processed() {
  for (let i = 0; i < pollTimes; i++) {
    const upload = await request('GET', `/repos/${repository}/code-scanning/sarifs/${sarifId}`);
    if (upload.processing_status === 'complete') return true;
    if (upload.processing_status === 'failed') {
      warn(`code scanning could not process the upload: ${(upload.errors ?? []).join('; ')}`);
      return false;
    }
    await new Promise((done) => setTimeout(done, pollMs));
  }
  warn(`the upload was still being processed after ${(pollMs * pollTimes) / 1000} s; suppressed findings stay open alerts`);
  return false;
}

async function openAlerts() {
  const alerts = [];
  for (let page = 1; ; page++) {
    const query = new URLSearchParams({ tool_name: 'migrationlint', ref, state: 'open', per_page: '100', page: String(page) });
    const batch = await request('GET', `/repos/${repository}/code-scanning/alerts?${query}`);
    alerts.push(...batch);
    if (batch.length < 100) return alerts;
  }
}

async function main() {
  const suppressed = suppressedResults(env('SARIF_FILE'));
  if (suppressed.size === 0) {
    console.log('migrationlint: no suppressed findings to dismiss.');
    return;
  }
  if (!token || !repository || !ref || !sarifId) throw new Error('GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_REF and SARIF_ID are needed to dismiss alerts');
  if (!(await processed())) return;
  let dismissed = 0;
  for (const alert of await openAlerts()) {
    const location = alert.most_recent_instance?.location;
    const reason = suppressed.get(keyOf(alert.rule?.id, location?.path, location?.start_line));
    if (reason === undefined) continue;
    const comment = `migrationlint-ignore: ${reason || '(no reason given)'}`;
    await request('PATCH', `/repos/${repository}/code-scanning/alerts/${alert.number}`, {
      state: 'dismissed',
      dismissed_reason: "won't fix",
      dismissed_comment: comment.length > COMMENT_LIMIT ? `${comment.slice(0, COMMENT_LIMIT - 1)}…` : comment,
    });
    dismissed++;
  }
  const notOpen = suppressed.size - dismissed;
  console.log(`migrationlint: dismissed ${dismissed} alert${dismissed === 1 ? '' : 's'} of ${suppressed.size} suppressed finding${suppressed.size === 1 ? '' : 's'}${notOpen > 0 ? ` (${notOpen} had no open alert: dismissed earlier, or not shown on this ref)` : ''}.`);
}

main().catch((error) => warn(`could not dismiss the alerts of suppressed findings: ${error.message}`));
