#!/usr/bin/env bash
# Numeric options are range-checked (a usage error, exit 2), and --max-output-size bounds
# what compile and graph write: over it, E0114 and nothing written at all (docs/spec.md,
# section 1).
source "$(dirname "$0")/../cli/lib.sh"
good_spec o > "$SCRATCH/o.yaml"
bad_value() {  # bad_value OPTION VALUE -- command...: refused as a usage error
  local opt=$1 value=$2; shift 3
  expect_rc 2 "$* $opt $value" -- "$@" "$opt" "$value"
  expect_contains "$SCRATCH/stderr" "$opt" "$* $opt $value: names the option"
  expect_contains "$SCRATCH/stderr" "Run with --help for more information." "$* $opt $value: usage line"
}
for cmd in "compile $SCRATCH/o.yaml --target argo -o $SCRATCH/x.yaml" "lint $SCRATCH/o.yaml" "graph $SCRATCH/o.yaml"; do
  # shellcheck disable=SC2086
  set -- $cmd
  for v in -1 0 1073741825 18446744073709551614 18446744073709551616 -18446744073709551615 1.5 x; do
    bad_value --max-file-size "$v" -- "$MLPC" "$@"
  done
  for v in -1 0 100000001 18446744073709551614; do bad_value --max-nodes "$v" -- "$MLPC" "$@"; done
  for v in -1 0 451 18446744073709551617; do bad_value --max-depth "$v" -- "$MLPC" "$@"; done
  expect_rc 0 "$1 at the upper bounds" -- "$MLPC" "$@" --max-file-size 1073741824 --max-nodes 100000000 --max-depth 450
  expect_rc 0 "$1 at the lower bounds" -- "$MLPC" "$@" --max-file-size 1000 --max-nodes 1 --max-depth 10
done
for cmd in "compile $SCRATCH/o.yaml --target argo -o $SCRATCH/x.yaml" "graph $SCRATCH/o.yaml"; do
  # shellcheck disable=SC2086
  set -- $cmd
  for v in -1 0 4294967297 18446744073709551614; do bad_value --max-output-size "$v" -- "$MLPC" "$@"; done
  expect_rc 0 "$1 --max-output-size 4 GiB" -- "$MLPC" "$@" --max-output-size 4294967296
done
[ -e "$SCRATCH/x.yaml" ] && rm "$SCRATCH/x.yaml"
# Leading zeros are decimal: `010` is ten, not eight (octal, as CLI11 reads it), and
# `0x10` is no number.
{ printf 'version: 1\nname: o\ntasks:\n  hello: {image: alpine:3.20, command: [echo, hi]}\n'; printf '#%.0s' $(seq 1 2000); printf '\n'; } > "$SCRATCH/pad.yaml"
size=$(wc -c < "$SCRATCH/pad.yaml")
expect_rc 0 "--max-file-size 0$size" -- "$MLPC" lint "$SCRATCH/pad.yaml" --max-file-size "0$size"
expect_rc 1 "--max-file-size 0$((size - 1))" -- "$MLPC" lint "$SCRATCH/pad.yaml" --max-file-size "0$((size - 1))"
expect_contains "$SCRATCH/stderr" "the file has $size bytes; the limit is $((size - 1)) [E0110]" "leading zero: the limit in decimal"
expect_rc 1 "--max-depth 010" -- "$MLPC" lint --max-depth 010 - <<<"$(printf 'version: 1\nname: d\nx: [[[[[[[[[[[1]]]]]]]]]]]\n')"
expect_contains "$SCRATCH/stderr" "nesting deeper than 10 levels" "--max-depth 010 is ten"
bad_value --max-file-size 0x10 -- "$MLPC" lint "$SCRATCH/o.yaml"

# Over --max-output-size: E0114 at the pipeline's name, exit 1, nothing written.
python3 bench/gen.py 10 > "$SCRATCH/big.yaml"
mkdir "$SCRATCH/out"
for target in argo kfp; do
  expect_rc 1 "$target -o over the output limit" -- "$MLPC" compile "$SCRATCH/big.yaml" --target $target \
    --max-output-size 1000 -o "$SCRATCH/out/big.out"
  expect_contains "$SCRATCH/stderr" "big.yaml:2:7: error: the output would be larger than 1000 bytes" \
    "$target -o over the limit: E0114 at the name"
  expect_contains "$SCRATCH/stderr" "[E0114]" "$target -o over the limit: code"
  expect_rc 1 "$target stdout over the output limit" -- "$MLPC" compile "$SCRATCH/big.yaml" --target $target \
    --max-output-size 1000
  expect_contains "$SCRATCH/stderr" "[E0114]" "$target stdout over the limit: code"
  expect_empty "$SCRATCH/stdout" "$target stdout over the limit: nothing on stdout"
  expect_rc 1 "$target --check over the output limit" -- "$MLPC" compile "$SCRATCH/big.yaml" --target $target \
    --max-output-size 1000 --check -o "$SCRATCH/out/big.out"
  expect_contains "$SCRATCH/stderr" "[E0114]" "$target --check over the limit: code"
done
expect_rc 1 "--out-dir over the output limit" -- "$MLPC" compile "$SCRATCH/big.yaml" --target argo \
  --max-output-size 1000 --out-dir "$SCRATCH/out"
expect_contains "$SCRATCH/stderr" "[E0114]" "--out-dir over the limit: code"
# Of two files to stdout, the second one over the limit: still nothing on stdout.
expect_rc 1 "stdout stream over the output limit" -- "$MLPC" compile "$SCRATCH/o.yaml" "$SCRATCH/big.yaml" \
  --target argo --max-output-size 3000
expect_empty "$SCRATCH/stdout" "stdout stream over the limit: nothing on stdout"
expect_contains "$SCRATCH/stderr" "big.yaml:2:7: error: the output would be larger than 3000 bytes" \
  "stdout stream over the limit: E0114"
# An existing output stays as it was.
echo "old output" > "$SCRATCH/out/kept.yaml"
expect_rc 1 "over the limit keeps the old output" -- "$MLPC" compile "$SCRATCH/big.yaml" --target argo \
  --max-output-size 1000 -o "$SCRATCH/out/kept.yaml"
expect_contains "$SCRATCH/out/kept.yaml" "old output" "over the limit keeps the old output"
expect_rc 1 "graph over the output limit" -- "$MLPC" graph "$SCRATCH/big.yaml" --max-output-size 100
expect_contains "$SCRATCH/stderr" "big.yaml:2:7: error: the output would be larger than 100 bytes" \
  "graph over the limit: E0114"
expect_empty "$SCRATCH/stdout" "graph over the limit: nothing on stdout"
expect_rc 1 "graph -o over the output limit" -- "$MLPC" graph "$SCRATCH/big.yaml" --max-output-size 100 \
  -o "$SCRATCH/out/graph.md"
[ "$(ls -A "$SCRATCH/out")" = kept.yaml ] && PASSED=$((PASSED+1)) ||
  { echo "FAIL: over the limit, files written: $(ls -A "$SCRATCH/out")"; FAILED=$((FAILED+1)); }
# Under the limit, the same compile writes.
expect_rc 0 "under the output limit" -- "$MLPC" compile "$SCRATCH/big.yaml" --target argo --max-output-size 1000000
expect_contains "$SCRATCH/stdout" "generateName: bench-10-" "under the output limit: written"
finish
