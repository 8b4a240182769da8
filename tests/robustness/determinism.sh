#!/usr/bin/env bash
# Determinism: 100 compiles of one spec give identical bytes on each target, and every
# example compiles to the same bytes under other locales, time zones and working
# directories (relative and absolute paths), as the committed outputs.
#   determinism.sh MLPC
source "$(dirname "$0")/../cli/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
spec=$ROOT/examples/hybrid-fraud.yaml
for target in argo kfp; do
  "$MLPC" compile "$spec" --target "$target" > "$SCRATCH/first" 2>/dev/null
  differ=0
  for _ in $(seq 100); do
    "$MLPC" compile "$spec" --target "$target" 2>/dev/null | cmp -s - "$SCRATCH/first" || differ=$((differ + 1))
  done
  if [ "$differ" -eq 0 ]; then PASSED=$((PASSED + 1)); else echo "FAIL: $differ of 100 $target compiles differ"; FAILED=$((FAILED + 1)); fi
done
locales=(C C.UTF-8 POSIX)
# Locales the machine has beyond C: a comma decimal separator and Turkish case rules
# break naive formatting and case mapping.
for l in de_DE.UTF-8 tr_TR.UTF-8; do locale -a 2>/dev/null | grep -qi "^${l%%.*}.utf8$" && locales+=("$l"); done
mkdir -p "$SCRATCH/elsewhere/deeper"
for f in "$ROOT"/examples/*.yaml; do
  name=$(basename "$f" .yaml)
  for target in argo kfp; do
    want=$ROOT/examples/out/$name.$target.yaml
    [ "$target" = kfp ] && want=$ROOT/examples/out/$name.kfp.json
    [ -f "$want" ] || continue
    for l in "${locales[@]}"; do
      LC_ALL=$l LANG=$l TZ=Pacific/Kiritimati "$MLPC" compile "$f" --target "$target" 2>/dev/null > "$SCRATCH/got"
      cmp -s "$SCRATCH/got" "$want" && PASSED=$((PASSED + 1)) || { echo "FAIL: $name $target under LC_ALL=$l"; FAILED=$((FAILED + 1)); }
    done
    (cd "$SCRATCH/elsewhere/deeper" && "$MLPC" compile "$(realpath --relative-to=. "$f")" --target "$target" 2>/dev/null) > "$SCRATCH/got"
    cmp -s "$SCRATCH/got" "$want" && PASSED=$((PASSED + 1)) || { echo "FAIL: $name $target from another directory"; FAILED=$((FAILED + 1)); }
  done
done
echo "locales: ${locales[*]}"
finish
