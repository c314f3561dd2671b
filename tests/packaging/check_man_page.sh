#!/usr/bin/env bash
# The built man page renders without a single warning (man and groff exit 0 even when they warn,
# so stderr must be empty), and has the sections a manual of a command must have.
# Usage: check_man_page.sh MEMWHO_1
set -euo pipefail
page=$1
errors=$(mktemp)
trap 'rm -f "$errors"' EXIT
text=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$page" 2>"$errors")
if [ -s "$errors" ]; then
  echo "man --warnings -l $page warned:" >&2
  cat "$errors" >&2
  exit 1
fi
groff -k -man -ww -z "$page" 2>"$errors"
if [ -s "$errors" ]; then
  echo "groff -k -man -ww warned:" >&2
  cat "$errors" >&2
  exit 1
fi
for section in NAME SYNOPSIS DESCRIPTION OPTIONS VIEWS FORMATS COLUMNS "EXIT STATUS" ENVIRONMENT \
  FILES EXAMPLES "SEE ALSO"; do
  if ! grep -qx "$section" <<<"$text"; then
    echo "the man page has no $section section" >&2
    exit 1
  fi
done
# The column section is filled (from the column tables), and the environment is described.
for word in subtree_pss pss_change NO_COLOR COLUMNS smaps_rollup "proc(5)"; do
  if ! grep -qF -- "$word" <<<"$text"; then
    echo "the rendered man page does not mention $word" >&2
    exit 1
  fi
done
echo "$page renders without warnings, $(wc -l <<<"$text") lines"
