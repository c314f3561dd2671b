# bash completion for memwho(1); installed as
# /usr/share/bash-completion/completions/memwho (the name must be the command's for lazy loading).
# Self-contained: it needs no bash-completion helpers.
#
# The options are listed here (tests/packaging/check_options.sh fails when --help has one this
# file lacks); the values that can be listed come from the system when Tab is pressed, so they
# never drift: column keys and choices from memwho itself (--list-columns, --help), users from
# getent, pids and process names from /proc.

# Options that take a value: the word after one is its value, not an option.
_memwho_takes_value='-p --pid -n --name -f --full -u --user --format -o --columns --sort --units
  --output --top --min --by --group --color --interval --count --reread-every --proc-root
  --sys-root -j --jobs --match'

_memwho_options='-h --help -V --version
  -p --pid -n --name -f --full -x --exact -u --user --descendants
  --maps --by --group --tree --shmem --sharing --explain
  --format -o --columns --sort --units --output --top --min --no-header -w --wide --color
  --list-columns
  --interval --count --until-exit --reread-every
  --proc-root --sys-root -j --jobs'
_memwho_capture_options='-h --help --maps'
_memwho_diff_options='-h --help --match'

# The choices memwho's --help gives for an option ("--format FMT:{table,tsv,...}").
_memwho_choices() {
  local cmd=$1 option=$2
  shift 2
  "$cmd" "$@" --help 2>/dev/null |
    sed -n "s/^ *\(-[A-Za-z], *\)\{0,1\}$option [A-Z|]*:{\([^}]*\)}.*/\2/p" | tr ',' ' '
}

# The column keys of the view the command line asks for (memwho --group=user --list-columns).
_memwho_columns() {
  local cmd=$1
  shift
  "$cmd" "$@" --list-columns 2>/dev/null | awk 'NR == 1 { next } /^$/ { exit } { print $1 }'
}

# Pids, each with its name while there are several to choose from ("1234 (nginx)"), bare once
# one is left, so that Tab inserts only the pid.
_memwho_pids() {
  local cur=$1 dir pid name
  local -a found=()
  for dir in /proc/"$cur"*/; do
    pid=${dir#/proc/}
    pid=${pid%/}
    [[ $pid =~ ^[0-9]+$ ]] || continue
    name=
    read -r name <"/proc/$pid/comm" 2>/dev/null
    found+=("$pid ($name)")
  done
  if ((${#found[@]} == 1)); then
    printf '%s\n' "${found[0]%% *}"
  else
    printf '%s\n' "${found[@]}"
  fi
}

# Process names (comm), for -n.
_memwho_names() {
  local f name
  for f in /proc/[0-9]*/comm; do
    read -r name <"$f" 2>/dev/null && printf '%s\n' "$name"
  done | sort -u
}

# Completes the last item of a comma list: "pid,ps" -> "pid,pss".
_memwho_comma_list() {
  local cur=$1 words=$2 prefix=
  [[ $cur == *,* ]] && prefix=${cur%,*},
  local IFS=$'\n'
  mapfile -t COMPREPLY < <(compgen -P "$prefix" -W "$words" -- "${cur##*,}")
}

_memwho() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  local cmd=${COMP_WORDS[0]}
  # bash splits "--format=tsv" at '=' (COMP_WORDBREAKS): "--format" "=" "tsv".
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi

  # The subcommand, and the options that choose the view (for the column keys).
  local sub='' i word next
  local -a view=()
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    next=${COMP_WORDS[i + 1]}
    [[ $next == = ]] && next=${COMP_WORDS[i + 2]}
    case $word in
      capture | diff) [[ -z $sub ]] && sub=$word ;;
      --maps | --tree | --shmem | --sharing | --explain | --group=* | --by=*) view+=("$word") ;;
      --group | --by) view+=("$word=$next") ;;
      --interval) view+=(--interval 1) ;;
    esac
  done
  [[ $sub == diff ]] && view=(diff "${view[@]}")

  local IFS=$'\n'
  case $prev in
    -p | --pid)
      mapfile -t COMPREPLY < <(_memwho_pids "$cur")
      return
      ;;
    -n | --name)
      mapfile -t COMPREPLY < <(compgen -W "$(_memwho_names)" -- "$cur")
      return
      ;;
    -u | --user)
      _memwho_comma_list "$cur" "$(getent passwd | cut -d: -f1)"
      return
      ;;
    -o | --columns)
      _memwho_comma_list "$cur" "$(_memwho_columns "$cmd" "${view[@]}")"
      return
      ;;
    --sort)
      local sign=
      [[ $cur == [-+]* ]] && sign=${cur:0:1}
      mapfile -t COMPREPLY < <(compgen -P "$sign" -W "$(_memwho_columns "$cmd" "${view[@]}")" -- "${cur#[-+]}")
      return
      ;;
    --format | --units | --by | --group | --color)
      mapfile -t COMPREPLY < <(compgen -W "$(_memwho_choices "$cmd" "$prev" | tr ' ' '\n')" -- "$cur")
      return
      ;;
    --match)
      mapfile -t COMPREPLY < <(compgen -W "$(_memwho_choices "$cmd" "$prev" diff | tr ' ' '\n')" -- "$cur")
      return
      ;;
    --output)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return
      ;;
    --proc-root)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return
      ;;
    --sys-root)
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return
      ;;
    --top | --min | --interval | --count | --reread-every | -j | --jobs)
      return  # a number: nothing to list
      ;;
  esac

  if [[ $cur == -* ]]; then
    local options=$_memwho_options
    [[ $sub == capture ]] && options+=" $_memwho_capture_options"
    [[ $sub == diff ]] && options+=" $_memwho_diff_options"
    IFS=$' \t\n'
    mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
  elif [[ -z $sub ]]; then
    IFS=$' \t\n'
    mapfile -t COMPREPLY < <(compgen -W "capture diff" -- "$cur")
  else
    # capture FILE, diff A B: captures, directories, /proc.
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
  fi
}

complete -F _memwho memwho
