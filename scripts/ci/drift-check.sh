#!/usr/bin/env bash
# CI, on a schedule: is the host still what the state says?
#
#   scripts/ci/drift-check.sh [STACK]      (default: $INFRA_STACK, else vps)
#
# Runs `infra refresh -s STACK --preview-only --expect-no-changes` (reads every resource back, writes
# nothing) and maps its exit code:
#   0  no drift                     → exit 0
#   7  drift (changes were found)   → exit 7, the job fails
#   *  the check could not run      → that exit code (1 error, 2 config or passphrase, 6 no such stack…)
# Under GitHub Actions the outcome, with the drifted resources, goes to $GITHUB_STEP_SUMMARY and an
# error annotation names it.
set -uo pipefail

stack=${1:-${INFRA_STACK:-vps}}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

infra refresh -s "$stack" --preview-only --expect-no-changes >"$log" 2>&1
code=$?
cat "$log"

summary() {
  if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then cat >>"$GITHUB_STEP_SUMMARY"; else cat >/dev/null; fi
}
# The refresh output, bounded: a step summary holds at most 1 MiB.
output_block() {
  echo '```'
  head -c 200000 "$log"
  echo '```'
}

case $code in
  0)
    echo "drift-check: stack $stack: no drift"
    printf '## Drift check: stack `%s`\n\nNo drift: the host matches the state.\n' "$stack" | summary
    exit 0
    ;;
  7)
    echo "::error title=Drift on stack $stack::the resources on the host differ from the state; run \`infra refresh -s $stack\` to record them or \`infra up -s $stack\` to restore the program"
    {
      printf '## Drift detected on stack `%s`\n\n' "$stack"
      printf 'The resources on the host differ from the state. Record the drift with `infra refresh -s %s --yes`, or restore the program with `infra up -s %s --yes`.\n\n' "$stack" "$stack"
      output_block
    } | summary
    exit 7
    ;;
  *)
    echo "::error title=Drift check failed on stack $stack::infra refresh exited $code"
    {
      printf '## Drift check on stack `%s` could not run (exit %s)\n\n' "$stack" "$code"
      output_block
    } | summary
    exit "$code"
    ;;
esac
