#!/usr/bin/env bash
# CI, on a pull request: posts the preview written by `infra preview --markdown FILE` as a comment, or
# updates the comment posted by an earlier run: the one whose body starts with the same marker line
# (`<!-- infra-preview:STACK -->`), so each pull request keeps one comment per stack.
#
#   scripts/ci/post-preview-comment.sh FILE
#
# Needs the GitHub CLI `gh` with GH_TOKEN, and GITHUB_REPOSITORY (owner/name) and PR_NUMBER.
# A preview longer than a comment may be (65,536 characters) is cut after the last whole brick.
set -euo pipefail

die() { echo "post-preview-comment: ERROR: $*" >&2; exit 1; }

file=${1:-}
[ -n "$file" ] || die "usage: post-preview-comment.sh FILE"
[ -s "$file" ] || die "$file is missing or empty (did infra preview --markdown run?)"
[ -n "${GITHUB_REPOSITORY:-}" ] || die "GITHUB_REPOSITORY is not set"
[[ ${PR_NUMBER:-} =~ ^[0-9]+$ ]] || die "PR_NUMBER is not a pull request number: '${PR_NUMBER:-}'"

marker=$(head -n 1 "$file")
# Checked so that it can sit inside the jq string below as it is.
[[ $marker =~ ^'<!-- infra-preview:'[A-Za-z0-9_.-]+' -->'$ ]] || die "$file does not start with an infra-preview marker line"

limit=${PREVIEW_COMMENT_LIMIT:-65000}
body=$(mktemp)
trap 'rm -f "$body"' EXIT
if [ "$(wc -c <"$file")" -le "$limit" ]; then
  cp "$file" "$body"
else
  # Whole lines within the limit, back to the end of the last complete <details> section (the marker stays).
  LC_ALL=C awk -v limit=$((limit - 300)) '
    { n += length($0) + 1; if (n > limit) exit
      line[NR] = $0; kept = NR
      if ($0 == "</details>") lastClose = NR
      if ($0 == "<details>" && !firstOpen) firstOpen = NR }
    END { upto = lastClose ? lastClose : (firstOpen ? firstOpen - 1 : kept)
          if (upto < 1) upto = 1
          for (i = 1; i <= upto; i++) print line[i] }' "$file" >"$body"
  printf '\n> The preview is too long for a comment and was cut here; the whole of it is in the job log.\n' >>"$body"
fi

repo=$GITHUB_REPOSITORY
id=$(gh api --paginate "repos/$repo/issues/$PR_NUMBER/comments" \
  --jq ".[] | select(.body | startswith(\"$marker\")) | .id" | awk 'NR == 1')

if [ -n "$id" ]; then
  gh api --method PATCH "repos/$repo/issues/comments/$id" -F "body=@$body" >/dev/null
  echo "post-preview-comment: updated comment $id on pull request #$PR_NUMBER"
else
  gh api --method POST "repos/$repo/issues/$PR_NUMBER/comments" -F "body=@$body" >/dev/null
  echo "post-preview-comment: posted a comment on pull request #$PR_NUMBER"
fi
