#!/usr/bin/env bash
# Colour only on a terminal, and never with NO_COLOR. The terminal is a pseudo-terminal
# the test opens itself (tests/tools/on_tty.py), so it needs none from whoever runs it;
# on a machine without pseudo-terminals it is skipped (77), and says so.
source "$(dirname "$0")/lib.sh"
ON_TTY=$(dirname "$0")/../tools/on_tty.py
python3 "$ON_TTY" /dev/null true || exit $?  # 77: no pseudo-terminal here (printed)
bad_spec bad > "$SCRATCH/bad.yaml"
expect_rc 1 "lint on a terminal" -- python3 "$ON_TTY" "$SCRATCH/tty.txt" env -u NO_COLOR "$MLPC" lint "$SCRATCH/bad.yaml"
expect_contains "$SCRATCH/tty.txt" "error:" "the diagnostic is on the terminal"
if grep -q $'\033\[1;31m' "$SCRATCH/tty.txt"; then PASSED=$((PASSED+1)); else echo "FAIL: no colour on a terminal"; FAILED=$((FAILED+1)); fi
expect_rc 1 "lint on a terminal with NO_COLOR" -- python3 "$ON_TTY" "$SCRATCH/tty2.txt" env NO_COLOR=1 "$MLPC" lint "$SCRATCH/bad.yaml"
expect_contains "$SCRATCH/tty2.txt" "error:" "the diagnostic is on the terminal with NO_COLOR"
if grep -q $'\033' "$SCRATCH/tty2.txt"; then echo "FAIL: colour despite NO_COLOR"; FAILED=$((FAILED+1)); else PASSED=$((PASSED+1)); fi
finish
