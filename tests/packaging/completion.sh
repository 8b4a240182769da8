#!/usr/bin/env bash
# packaging/completion: the bash completion, sourced into a plain bash (no
# bash-completion package needed) and called as readline would: COMP_WORDS and
# COMP_CWORD set, _mlpc run, COMPREPLY inspected. The options and values offered are
# checked against what `mlpc SUB --help` accepts, so the two cannot drift apart.
# usage: completion.sh COMPLETION_FILE MLPC
source "$(dirname "$0")/lib.sh"
comp_file=${1:?usage: completion.sh COMPLETION_FILE MLPC}
mlpc=${2:?usage: completion.sh COMPLETION_FILE MLPC}
source "$comp_file"
[ "$(complete -p mlpc 2>/dev/null)" = "complete -F _mlpc mlpc" ] && pass || fail "complete -p mlpc: $(complete -p mlpc 2>&1)"

# complete WORD...: the sorted, space-joined candidates for the last word, as when TAB
# is pressed at the end of `WORD WORD ...` (an empty last word is a fresh argument).
complete_words() {
  COMP_WORDS=("$@")
  COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
  COMP_LINE="$*"
  COMP_POINT=${#COMP_LINE}
  COMPREPLY=()
  _mlpc 2>/dev/null
  printf '%s\n' "${COMPREPLY[@]}" | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}
expect() {  # expect "WANT" WORD...
  local want=$1; shift
  local got
  got=$(complete_words "$@")
  [ "$got" = "$want" ] && pass || fail "mlpc completion of '${*}': got '$got', want '$want'"
}

expect "compile explain graph lint schema" mlpc ""
expect "compile" mlpc co
expect "--help --version -h" mlpc -
expect "argo kfp" mlpc compile --target ""
expect "argo kfp" mlpc compile -t ""
expect "all argo kfp" mlpc lint --target ""
expect "kfp" mlpc compile --target k
expect "argo kfp" mlpc compile --target = ""          # --target=<TAB>: bash splits at '='
expect "kfp" mlpc compile --target = k
expect "json yaml" mlpc compile --format ""
expect "github json sarif text" mlpc lint --format ""
expect "dot mermaid" mlpc graph --format ""
expect "pipeline recurring-run run-request sensors" mlpc compile --emit ""
expect "" mlpc compile --max-depth ""
expect "--target" mlpc compile --ta
expect "--check" mlpc compile x.yaml --ch
expect "" mlpc compile --check --ch                  # each option once
expect "--output" mlpc graph --o
expect "" mlpc lint -t kfp --targ                    # -t and --target are one option
expect "--werror" mlpc lint --w
expect "--help -h" mlpc schema -

# Diagnostic codes, from lib/diag/codes.def at configure time: every code mlpc explains.
codes=$(complete_words mlpc explain "")
[ -n "$codes" ] && pass || fail "mlpc explain offers no codes"
for code in $codes; do
  "$mlpc" explain "$code" >/dev/null 2>&1 || fail "completion offers $code, which mlpc explain does not know"
done
expect "$(tr ' ' '\n' <<<"$codes" | grep '^E03' | tr '\n' ' ' | sed 's/ $//')" mlpc explain E03
expect "$(tr ' ' '\n' <<<"$codes" | grep '^W' | tr '\n' ' ' | sed 's/ $//')" mlpc explain w   # any case
expect "E0302" mlpc explain E0302
expect "" mlpc explain E0302 ""
"$mlpc" explain E0101 >/dev/null && [[ " $codes " == *" E0101 "* ]] && pass || fail "E0101 not offered"

# Files: specs and directories for compile, lint and graph; any file for -o; directories
# for --out-dir.
mkdir -p "$SCRATCH/work/pipelines" "$SCRATCH/work/out"
touch "$SCRATCH/work/train.yaml" "$SCRATCH/work/ingest.yml" "$SCRATCH/work/notes.txt" "$SCRATCH/work/pipelines/a.yaml"
cd "$SCRATCH/work"
expect "ingest.yml out pipelines train.yaml" mlpc lint ""
expect "ingest.yml out pipelines train.yaml" mlpc compile --target argo ""
expect "pipelines/a.yaml" mlpc lint pipelines/
expect "train.yaml" mlpc lint tr
expect "ingest.yml out pipelines train.yaml" mlpc graph --format dot ""
expect "" mlpc graph train.yaml ""                  # graph takes one spec
expect "" mlpc graph --format = dot train.yaml ""
expect "ingest.yml notes.txt out pipelines train.yaml" mlpc compile -o ""
expect "out pipelines" mlpc compile --out-dir ""
expect "" mlpc schema ""
cd - >/dev/null

# Every option and value `mlpc SUB --help` lists is offered, and nothing else.
help_options() {  # the options in a --help text, sorted, space-joined
  sed -n 's/^  \(-[a-zA-Z],\)\{0,1\}\(--[a-z-]*\).*/\1 \2/p' | tr ', ' '\n\n' | sed '/^$/d' | sort | tr '\n' ' ' | sed 's/ $//'
}
help_values() {  # help_values OPTION: the {a,b} choices of OPTION in a --help text
  grep -E "^  (-[a-z],)?$1 " | sed -n 's/.*{\([^}]*\)}.*/\1/p' | tr ',' '\n' | sort | tr '\n' ' ' | sed 's/ $//'
}
want=$("$mlpc" --help | help_options)
expect "$want" mlpc -
subs=$("$mlpc" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}' | sort | tr '\n' ' ' | sed 's/ $//')
expect "$subs" mlpc ""
for sub in $subs; do
  "$mlpc" "$sub" --help >"$SCRATCH/help"
  expect "$(help_options <"$SCRATCH/help")" mlpc "$sub" -
  for opt in $(help_options <"$SCRATCH/help"); do
    values=$(help_values "$opt" <"$SCRATCH/help")
    [ -n "$values" ] || continue
    expect "$values" mlpc "$sub" "$opt" ""
  done
done
finish
