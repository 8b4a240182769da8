#!/usr/bin/env bash
# Aliases count as what they expand to, for depth and for size (docs/spec.md, section 1):
# nesting built through aliases is refused at the alias like nesting written out (E0106),
# an anchor chain that doubles at each step at the alias that passes --max-nodes (E0105),
# each quickly and with nothing written.
#   test_aliases.sh MLPC
source "$(dirname "$0")/../cli/lib.sh"

# params p0..pN, each a dict default anchored as aN that holds WIDTH aliases of a(N-1).
chain() {  # chain N WIDTH
  python3 - "$1" "$2" <<'PY'
import sys
n, width = int(sys.argv[1]), int(sys.argv[2])
print("version: 1\nname: chain\nparams:\n  p0: {type: dict, default: &a0 {x: 1}}")
for i in range(1, n + 1):
    body = ", ".join(f"k{j}: *a{i - 1}" for j in range(width))
    print(f"  p{i}: {{type: dict, default: &a{i} {{{body}}}}}")
print("tasks:\n  hello: {image: alpine:3.20, command: [echo, hi]}")
PY
}
# The column of the first alias on line LINE of FILE.
alias_col() { sed -n "$2p" "$1" | awk '{print index($0, "*")}'; }

# Depth: a chain of 300 one-alias steps is 300 levels deep once expanded (it compiled to
# 19 MB of KFP JSON from 15 KB). p253's alias of a252 (253 levels) at level 4 is the first
# past 256.
chain 300 1 > "$SCRATCH/deep.yaml"
for target in argo kfp; do
  expect_rc 1 "deep chain, $target" -- timeout 60 "$MLPC" compile "$SCRATCH/deep.yaml" -t "$target" -o "$SCRATCH/deep.out"
  expect_contains "$SCRATCH/stderr" "deep.yaml:257:$(alias_col "$SCRATCH/deep.yaml" 257): error: alias \`*a252\` nests deeper than 256 levels when expanded: used at level 4, it holds 253 [E0106]" "deep chain, $target: E0106 at the alias"
  expect_no_file "$SCRATCH/deep.out" "deep chain, $target: no output"
done
expect_rc 1 "deep chain, lint" -- timeout 60 "$MLPC" lint "$SCRATCH/deep.yaml"
expect_contains "$SCRATCH/stderr" "[E0106]" "deep chain, lint: E0106"
# --max-depth moves the limit, for aliases as for nesting written out.
expect_rc 1 "deep chain, --max-depth 100" -- timeout 60 "$MLPC" lint --max-depth 100 "$SCRATCH/deep.yaml"
expect_contains "$SCRATCH/stderr" "deep.yaml:101:" "deep chain, --max-depth 100: at p97"
chain 600 1 > "$SCRATCH/deeper.yaml"
expect_rc 1 "600 levels, --max-depth 450" -- timeout 60 "$MLPC" compile --max-depth 450 "$SCRATCH/deeper.yaml" -t kfp -o "$SCRATCH/deeper.out"
expect_contains "$SCRATCH/stderr" "deeper.yaml:451:" "600 levels, --max-depth 450: at p447"
expect_no_file "$SCRATCH/deeper.out" "600 levels, --max-depth 450: no output"
# Within the limit, a chain still compiles.
chain 40 1 > "$SCRATCH/fine.yaml"
expect_rc 0 "a 40-level chain compiles" -- timeout 60 "$MLPC" compile "$SCRATCH/fine.yaml" -t kfp -o "$SCRATCH/fine.json"
expect_file "$SCRATCH/fine.json" "a 40-level chain: output"

# Size: 30 anchors each aliasing the previous twice (2^30 nodes expanded). p17's first
# alias takes what aliases add past 1,000,000.
chain 30 2 > "$SCRATCH/wide.yaml"
for target in argo kfp; do
  expect_rc 1 "doubling chain, $target" -- timeout 60 "$MLPC" compile "$SCRATCH/wide.yaml" -t "$target" -o "$SCRATCH/wide.out"
  expect_contains "$SCRATCH/stderr" "wide.yaml:21:40: error: YAML aliases add more than 1000000 nodes to the document [E0105]" "doubling chain, $target: E0105 at p17"
  expect_no_file "$SCRATCH/wide.out" "doubling chain, $target: no output"
done
finish
