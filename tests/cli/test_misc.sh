#!/usr/bin/env bash
# --version, explain, colour only on a terminal and never with NO_COLOR.
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
if command -v script >/dev/null; then
  env -u NO_COLOR script -qec "\"$MLPC\" lint \"$SCRATCH/bad.yaml\"" /dev/null > "$SCRATCH/tty.txt" 2>&1
  if grep -q $'\033\[1;31m' "$SCRATCH/tty.txt"; then PASSED=$((PASSED+1)); else echo "FAIL: no colour on a terminal"; FAILED=$((FAILED+1)); fi
  NO_COLOR=1 script -qec "\"$MLPC\" lint \"$SCRATCH/bad.yaml\"" /dev/null > "$SCRATCH/tty2.txt" 2>&1
  if grep -q $'\033' "$SCRATCH/tty2.txt"; then echo "FAIL: colour despite NO_COLOR"; FAILED=$((FAILED+1)); else PASSED=$((PASSED+1)); fi
fi
finish
