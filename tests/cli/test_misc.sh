#!/usr/bin/env bash
# --version, explain, no colour in a pipe (on a terminal: test_colour.sh).
source "$(dirname "$0")/lib.sh"
expect_rc 0 "version" -- "$MLPC" --version
expect_contains "$SCRATCH/stdout" "mlpc 0." "version text"
expect_rc 0 "explain a code" -- "$MLPC" explain E0302
expect_contains "$SCRATCH/stdout" "E0302 (unknown-task, error)" "explain header"
expect_contains "$SCRATCH/stdout" "Example" "explain example"
expect_rc 0 "explain is case-insensitive" -- "$MLPC" explain w0101
expect_rc 2 "explain an unknown code" -- "$MLPC" explain E9999
bad_spec bad > "$SCRATCH/bad.yaml"
expect_rc 1 "no colour when not a terminal" -- "$MLPC" lint "$SCRATCH/bad.yaml"
if grep -q $'\033' "$SCRATCH/stderr"; then echo "FAIL: colour escapes in a pipe"; FAILED=$((FAILED+1)); else PASSED=$((PASSED+1)); fi
finish
