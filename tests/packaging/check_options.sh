#!/usr/bin/env bash
# Every option and subcommand the built binary's --help lists (memwho, memwho capture, memwho
# diff) must be described in the man page and completed by both completion scripts. The list
# comes from the binary, so an option added to the command line fails this test until the man
# page and the completions describe it.
# Usage: check_options.sh MEMWHO SOURCE_DIR
set -euo pipefail
memwho=$1
src=$2
man=$src/docs/memwho.1.scd
bash_completion=$src/completions/memwho.bash
zsh_completion=$src/completions/_memwho

# "  -p,--pid PID ..." -> -p and --pid; only the option lines of each help.
options_of() {
  "$memwho" "$@" --help | grep -oE '^ +(-[A-Za-z],)?--[a-z][a-z-]*' | tr -d ' ' | tr ',' '\n'
}
subcommands=$("$memwho" --help | sed -n '/^Subcommands:/,/^$/p' | grep -oE '^  [a-z]+' | tr -d ' ')
options=$( (options_of; options_of capture; options_of diff) | sort -u)
[ "$(wc -l <<<"$options")" -gt 20 ] || { echo "too few options found in --help" >&2; exit 1; }
[ -n "$subcommands" ] || { echo "no subcommands found in --help" >&2; exit 1; }

missing=0
for word in $options $subcommands; do
  # Whole words only: -p must not be found inside --pid, nor --by inside --by-something.
  pattern="(^|[^A-Za-z0-9-])${word}([^A-Za-z0-9-]|$)"
  for file in "$man" "$bash_completion" "$zsh_completion"; do
    if ! grep -qE -- "$pattern" "$file"; then
      echo "$word (in --help) is missing from ${file#"$src"/}" >&2
      missing=1
    fi
  done
done
[ "$missing" = 0 ] && echo "$(wc -w <<<"$options $subcommands") options and subcommands, all documented and completed"
exit "$missing"
