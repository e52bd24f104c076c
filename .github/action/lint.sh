#!/usr/bin/env bash
# The run step of action.yml, run in the `working-directory` input. One lint run writes the
# annotations (stdout), the SARIF log (an absolute path, so the upload step, which resolves from
# the workspace root, finds it) and the job summary; $GITHUB_OUTPUT tells the next steps where the
# log is and whether the job fails. A usage or config error (exit 2) fails this step with the
# message and sets no sarif-file, so nothing is uploaded: an empty analysis would close every
# open alert as fixed.
set -uo pipefail

action_path="${MIGRATIONLINT_ACTION_PATH:?}"
out="${GITHUB_OUTPUT:-/dev/null}"
fail() {
  local message="${1//'%'/%25}"
  message="${message//$'\r'/%0D}"
  echo "::error title=migrationlint::${message//$'\n'/%0A}"
  echo "exit-code=2" >> "$out"
  exit 2
}

case "${INPUT_FAIL_ON:-error}" in
  error | warning | never) ;;
  *) fail "fail-on must be error, warning or never, not \"${INPUT_FAIL_ON}\"" ;;
esac

# The runner's Node (GitHub-hosted runners have Node 20 or later on PATH); the user's job keeps it.
if ! node -e 'const [major, minor] = process.versions.node.split(".").map(Number); process.exit(major > 20 || (major === 20 && minor >= 15) ? 0 : 1)' 2> /dev/null; then
  found="$(node --version 2> /dev/null)"
  fail "migrationlint needs Node.js 20.15 or later on PATH (found: ${found:-none}); add actions/setup-node before this action"
fi

# The project's own migrationlint (the version it pins, the one its editors use), else the
# action's copy: prebuilt when the release ships dist/, else built once (no install scripts, so
# no second build by a prepare script).
workspace="${GITHUB_WORKSPACE:-$PWD}"
if [ -x node_modules/.bin/migrationlint ]; then
  cli=("$PWD/node_modules/.bin/migrationlint")
elif [ -x "$workspace/node_modules/.bin/migrationlint" ]; then
  cli=("$workspace/node_modules/.bin/migrationlint")
else
  if [ ! -f "$action_path/dist/bundle/cli.js" ]; then
    echo "Building migrationlint in $action_path" >&2
    (cd "$action_path" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && npm run build --silent) >&2 ||
      fail "could not build migrationlint in $action_path"
  fi
  cli=(node "$action_path/bin/migrationlint.js")
fi

sarif="${INPUT_SARIF_FILE:-migrationlint.sarif}"
case "$sarif" in /*) ;; *) sarif="$PWD/$sarif" ;; esac

args=(--sarif-category "${INPUT_CATEGORY:-migrationlint}")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_CHANGED_SINCE:-}" ] && args+=(--changed-since "$INPUT_CHANGED_SINCE")
[ "${INPUT_INCLUDE_SUPPRESSED:-false}" = true ] && args+=(--sarif-include-suppressed)
[ "${INPUT_FAIL_ON:-error}" = warning ] && args+=(--max-warnings 0)

summary=""
if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ "${INPUT_SUMMARY:-true}" = true ]; then
  summary="$(mktemp)"
  args+=(--also-write "markdown=$summary")
fi
if [ "${INPUT_ANNOTATIONS:-true}" = true ]; then
  args+=(--format github --also-write "sarif=$sarif")
else
  args+=(--format sarif --output-file "$sarif")
fi

# Split on spaces only: globs are passed to migrationlint as they are, never expanded here.
read -r -a paths <<< "${INPUT_PATHS:-}"

stderr="$(mktemp)"
"${cli[@]}" --no-color lint "${args[@]}" "${paths[@]}" 2> "$stderr"
status=$?
cat "$stderr" >&2

if [ "$status" -eq 2 ]; then
  message="$(head -c 4000 "$stderr")"
  [ -n "${GITHUB_STEP_SUMMARY:-}" ] && printf '### migrationlint could not run\n\n```text\n%s\n```\n' "$message" >> "$GITHUB_STEP_SUMMARY"
  fail "${message:-migrationlint exited 2 (usage or configuration error)}"
fi
[ -n "$summary" ] && cat "$summary" >> "$GITHUB_STEP_SUMMARY"

failed=false
if [ "$status" -ne 0 ] && [ "${INPUT_FAIL_ON:-error}" != never ]; then failed=true; fi
{
  echo "sarif-file=$sarif"
  echo "exit-code=$status"
  echo "failed=$failed"
} >> "$out"
exit 0
