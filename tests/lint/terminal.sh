#!/usr/bin/env bash
# The machine-readable formats with stderr on a terminal: colour is for the terminal (the
# summary on stderr); stdout is the report alone, without colour codes. The terminal is a
# pseudo-terminal the test opens itself (tests/tools/on_tty.py), so it needs none from
# whoever runs it; on a machine without pseudo-terminals it is skipped (77), and says so.
source "$(dirname "$0")/lib.sh"
ON_TTY=tests/tools/on_tty.py
python3 "$ON_TTY" /dev/null true || exit $?  # 77: no pseudo-terminal here (printed)
for format in json sarif github; do
  expect_rc 1 "$format: stderr on a terminal" -- \
    python3 "$ON_TTY" "$SCRATCH/tty.txt" env -u NO_COLOR "$MLPC" lint --format "$format" "$FIXTURES/train.yaml"
  report_only "$format" "$format: stderr on a terminal"
  grep -q $'\033' "$SCRATCH/stdout" && fail "$format: colour codes in the report" || pass
  grep -q "mlpc: .* error" "$SCRATCH/tty.txt" && pass || fail "$format: the summary is not on the terminal"
done
finish
