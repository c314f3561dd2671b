#!/usr/bin/env bash
# The bash completion, driven as bash drives it: COMP_WORDS and COMP_CWORD set, _memwho called,
# COMPREPLY checked. Values come from the built binary (column keys, choices) and from /proc.
# Usage: check_bash_completion.sh MEMWHO SOURCE_DIR
set -uo pipefail
memwho=$1
# shellcheck source=/dev/null
source "$2/completions/memwho.bash"
failed=0

# complete WORD... : COMPREPLY for the last word, one a line.
complete_words() {
  COMP_WORDS=("$memwho" "$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _memwho
  printf '%s\n' "${COMPREPLY[@]}"
}

# expect WHAT WANTED WORD...: fails unless WANTED is one of the completions.
expect() {
  local what=$1 wanted=$2
  shift 2
  local got
  got=$(complete_words "$@")
  if ! grep -qxF -- "$wanted" <<<"$got"; then
    echo "FAIL: $what: '$wanted' not among the completions of: $*" >&2
    head -20 <<<"$got" | sed 's/^/  got: /' >&2
    failed=1
  fi
}
# refuse WHAT UNWANTED WORD...: fails when UNWANTED is one of the completions.
refuse() {
  local what=$1 unwanted=$2
  shift 2
  local got
  got=$(complete_words "$@")
  if grep -qxF -- "$unwanted" <<<"$got"; then
    echo "FAIL: $what: '$unwanted' offered for: $*" >&2
    failed=1
  fi
}

expect "an option" --interval --inter
expect "a short option" -p -
expect "a subcommand" diff di
expect "capture's own option" --maps capture --ma
expect "diff's own option" --match diff a b --mat
refuse "diff's option outside diff" --match --mat
expect "a format, from --help" tsv --format ts
expect "a format after =" openmetrics --format = open
expect "a colour choice" never --color n
expect "a group" cgroup --group cg
expect "a column key" pss -o ps
expect "a column key after a comma" pid,uss -o pid,us
expect "a group column key, from --group's --list-columns" processes --group=name -o proc
refuse "no group key in the process view" processes -o proc
expect "a diff column key" pss_change diff -o pss_ch
expect "a maps column key" mapping --maps -o mapp
expect "a sort key with its sign" -uss --sort -us
expect "a user, from getent" root -u roo
expect "a second user after a comma" root,root -u root,roo
# Several pids: each with its name, so the list says which is which.
expect "pids with their names" "1 ($(cat /proc/1/comm))" -p 1
# A pid that is the prefix of no other is completed bare. A process of our own, so that it
# cannot exit meanwhile (the highest pid of the moment may be a short-lived one).
sleep 60 &
alone=$!
if [ -z "$(find /proc -maxdepth 1 -name "${alone}?*" -print -quit)" ]; then
  expect "one pid left: bare" "$alone" -p "$alone"
fi
kill "$alone"
expect "a process name" bash -n ba

[ "$failed" = 0 ] && echo "bash completion: all cases pass"
exit "$failed"
