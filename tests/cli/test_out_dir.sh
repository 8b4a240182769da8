#!/usr/bin/env bash
# --out-dir and -o: outputs written atomically; nothing written for a failing file.
source "$(dirname "$0")/lib.sh"
good_spec a > "$SCRATCH/a.yaml"; bad_spec b > "$SCRATCH/b.yaml"
expect_rc 1 "a good and a bad file" -- "$MLPC" compile "$SCRATCH/a.yaml" "$SCRATCH/b.yaml" --target argo --out-dir "$SCRATCH/out"
expect_contains "$SCRATCH/stderr" "b.yaml:4:60: error: unknown task \`helo\`" "the error names file:line:col"
expect_file "$SCRATCH/out/a.argo.yaml" "good file written"
expect_no_file "$SCRATCH/out/b.argo.yaml" "nothing for the bad file"
[ -z "$(ls "$SCRATCH/out" | grep -v '^a.argo.yaml$')" ] && PASSED=$((PASSED+1)) || { echo "FAIL: stray files in out/"; ls "$SCRATCH/out"; FAILED=$((FAILED+1)); }
expect_rc 0 "-o writes one file" -- "$MLPC" compile "$SCRATCH/a.yaml" --target argo -o "$SCRATCH/single.yaml"
expect_contains "$SCRATCH/single.yaml" "kind: Workflow" "-o content"
expect_empty "$SCRATCH/stdout" "-o writes nothing to stdout"
cp "$SCRATCH/single.yaml" "$SCRATCH/before.yaml"
expect_rc 1 "an error leaves the existing output alone" -- "$MLPC" compile "$SCRATCH/b.yaml" --target argo -o "$SCRATCH/single.yaml"
cmp -s "$SCRATCH/single.yaml" "$SCRATCH/before.yaml" && PASSED=$((PASSED+1)) || { echo "FAIL: output changed on error"; FAILED=$((FAILED+1)); }
expect_rc 0 "json into out-dir" -- "$MLPC" compile "$SCRATCH/a.yaml" --target argo --format json --out-dir "$SCRATCH/j"
expect_file "$SCRATCH/j/a.argo.json" "json file name"
finish
