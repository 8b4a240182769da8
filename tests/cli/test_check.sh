#!/usr/bin/env bash
# --check: exit 1 with a short summary when the committed output is stale.
source "$(dirname "$0")/lib.sh"
good_spec a > "$SCRATCH/a.yaml"
expect_rc 0 "write" -- "$MLPC" compile "$SCRATCH/a.yaml" --target argo --out-dir "$SCRATCH/out"
expect_rc 0 "check current output" -- "$MLPC" compile "$SCRATCH/a.yaml" --target argo --out-dir "$SCRATCH/out" --check
sed -i 's/echo/printf/' "$SCRATCH/a.yaml"
expect_rc 1 "check stale output" -- "$MLPC" compile "$SCRATCH/a.yaml" --target argo --out-dir "$SCRATCH/out" --check
expect_contains "$SCRATCH/stderr" "a.argo.yaml is out of date (first difference at line" "stale summary"
expect_contains "$SCRATCH/out/a.argo.yaml" "command: [echo, hi]" "--check does not write"
expect_rc 2 "check needs an output" -- "$MLPC" compile "$SCRATCH/a.yaml" --target argo --check
finish
