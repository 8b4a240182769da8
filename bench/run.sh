#!/usr/bin/env bash
# Prints whole-process wall time and peak RSS of `mlpc compile` per size and target,
# next to floors measured in the same run: `cat` of the file and Python's
# yaml.safe_load (PyYAML, C loader when present), and the ratios.
#   bench/run.sh [MLPC] [SIZES...]      default: build/mlpc 10 100 1000 10000
set -euo pipefail
cd "$(dirname "$0")/.."
mlpc=${1:-build/mlpc}
shift || true
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10 100 1000 10000)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
measure() {  # prints "seconds kilobytes" of the best of 3 runs
  local best_t=999999 best_m=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$tmp/t" "$@" >/dev/null 2>&1 || true
    read -r t m < "$tmp/t"
    if awk "BEGIN{exit !($t < $best_t)}"; then best_t=$t; best_m=$m; fi
  done
  echo "$best_t $best_m"
}
printf "machine: %s, %s cores, %s\n" "$(uname -m)" "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
printf "%-7s %-5s %9s %10s %9s %10s %11s %9s %9s\n" tasks target "in KiB" "compile s" "RSS MiB" "RSS/input" "safe_load s" "cat s" "vs load"
for n in "${sizes[@]}"; do
  spec="$tmp/spec-$n.yaml"
  python3 bench/gen.py "$n" > "$spec"
  kib=$(( $(stat -c %s "$spec") / 1024 ))
  read -r load _ < <(measure python3 -c "import sys, yaml; yaml.load(open(sys.argv[1]), Loader=getattr(yaml, 'CSafeLoader', yaml.SafeLoader))" "$spec")
  read -r cat_t _ < <(measure cat "$spec")
  for target in argo kfp; do
    read -r t m < <(measure "$mlpc" compile "$spec" --target "$target" -o "$tmp/out")
    ratio=$(awk "BEGIN{printf \"%.0fx\", ($m*1024)/($kib*1024+1)}")
    vs=$(awk "BEGIN{printf \"%.2f\", $t/($load+0.0001)}")
    printf "%-7s %-5s %9s %10s %9s %10s %11s %9s %9s\n" "$n" "$target" "$kib" "$t" "$((m / 1024))" "$ratio" "$load" "$cat_t" "$vs"
  done
done
