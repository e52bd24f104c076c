#!/usr/bin/env bash
# The run step of action.yml: lint with SARIF output (and annotations), then tell the next steps
# through $GITHUB_OUTPUT where the log is and whether the job should fail. It exits non-zero
# only for a usage or config error (exit 2), so the SARIF upload still runs after findings.
set -uo pipefail

action_path="${MIGRATIONLINT_ACTION_PATH:?}"
sarif="${INPUT_SARIF_FILE:-migrationlint.sarif}"
out="${GITHUB_OUTPUT:-/dev/null}"

# The project's own migrationlint (its pinned version, the one its editors use), else this action's.
if [ -x node_modules/.bin/migrationlint ]; then
  cli=(node_modules/.bin/migrationlint)
else
  if [ ! -f "$action_path/dist/bundle/cli.js" ]; then
    echo "Building migrationlint in $action_path" >&2
    (cd "$action_path" && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent) >&2 || exit 2
  fi
  cli=(node "$action_path/bin/migrationlint.js")
fi

args=()
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_CHANGED_SINCE:-}" ] && args+=(--changed-since "$INPUT_CHANGED_SINCE")
case "${INPUT_FAIL_ON:-error}" in
  warning) args+=(--max-warnings 0) ;;
  error | never) ;;
  *)
    echo "::error title=migrationlint::fail-on must be error, warning or never, not \"$INPUT_FAIL_ON\""
    exit 2
    ;;
esac
# Split on spaces only: globs are passed to migrationlint as they are, never expanded here.
read -r -a paths <<< "${INPUT_PATHS:-}"

"${cli[@]}" lint --format sarif --output-file "$sarif" "${args[@]}" "${paths[@]}"
status=$?
if [ "${INPUT_ANNOTATIONS:-true}" = true ] && [ "$status" -ne 2 ]; then
  "${cli[@]}" --no-color lint --format github "${args[@]}" "${paths[@]}" || true
fi

failed=false
if [ "$status" -ne 0 ] && [ "${INPUT_FAIL_ON:-error}" != never ]; then failed=true; fi
[ -f "$sarif" ] && echo "sarif-file=$sarif" >> "$out"
{
  echo "exit-code=$status"
  echo "failed=$failed"
} >> "$out"
[ "$status" -eq 2 ] && exit 2
exit 0
