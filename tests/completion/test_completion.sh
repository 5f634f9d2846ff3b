#!/usr/bin/env bash
# CTest bash_completion: share/archcalc.bash-completion completes commands,
# options and option values from the binary's help. bash-completion's
# _init_completion and _filedir are stood in for, so that it runs without them.
# Usage: test_completion.sh ARCHCALC SCRIPT
set -u
archcalc=$1
script=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ln -s "$archcalc" "$dir/archcalc"
PATH="$dir:$PATH"
_init_completion() {
  words=("${COMP_WORDS[@]}")
  cword=$COMP_CWORD
  cur=${words[cword]}
  prev=${words[cword - 1]:-}
}
_filedir() { COMPREPLY=(FILES); }
# shellcheck source=/dev/null
source "$script"
fails=0
expect() {  # expect "WORDS..." "EXPECTED REPLY"
  read -r -a COMP_WORDS <<<"$1"
  [[ $1 == *" " ]] && COMP_WORDS+=("")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMPREPLY=()
  _archcalc
  local got="${COMPREPLY[*]}"
  if [[ $got != "$2" ]]; then
    echo "completing '$1': expected '$2', got '$got'"
    fails=$((fails + 1))
  fi
}
expect "archcalc an" "analyze"
expect "archcalc c" "compare check convert"
expect "archcalc analyze --dt" "--dtype"
expect "archcalc analyze --dtype " "fp32 fp16 bf16 int8"
expect "archcalc analyze --format m" "markdown"
expect "archcalc check --format " "text json github"
expect "archcalc diagram -o " "FILES"
expect "archcalc analyze " "FILES"
echo "$((8 - fails)) passed, $fails failed"
[[ $fails -eq 0 ]]
