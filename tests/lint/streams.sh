#!/usr/bin/env bash
# Exit codes and streams of the machine-readable formats: the report alone on stdout, the
# summary alone on stderr; 0 clean or warnings, 1 errors (or warnings with --werror),
# 2 usage and I/O errors, as for the text format. With stderr on a terminal: terminal.sh.
source "$(dirname "$0")/lib.sh"
stderr_is() {  # stderr_is TEXT WHAT
  if [ "$(cat "$SCRATCH/stderr")" = "$1" ]; then pass; else
    fail "$2: stderr is not just '$1'"; sed 's/^/  | /' "$SCRATCH/stderr" | head -5; fi
}
for format in json sarif github; do
  expect_rc 1 "$format: errors" -- lint_fixture "$format"
  report_only "$format" "$format: errors"
  stderr_is "mlpc: 5 errors, 4 warnings" "$format: errors"
  expect_rc 1 "$format: errors with --werror" -- lint_fixture "$format" --werror
  expect_rc 0 "$format: warnings only" -- "$MLPC" lint --format "$format" "$FIXTURES/ingest.yaml"
  report_only "$format" "$format: warnings only"
  stderr_is "mlpc: 3 warnings" "$format: warnings only"
  expect_rc 1 "$format: warnings with --werror" -- "$MLPC" lint --format "$format" --werror "$FIXTURES/ingest.yaml"
  report_only "$format" "$format: warnings with --werror"
  expect_rc 0 "$format: clean" -- "$MLPC" lint --format "$format" --werror "$FIXTURES/clean.yaml"
  report_only "$format" "$format: clean"
  stderr_is "" "$format: clean"
  expect_rc 0 "$format: clean from stdin" -- bash -c "\"$MLPC\" lint --format $format - < $FIXTURES/clean.yaml"
  expect_rc 2 "$format: an unreadable file" -- "$MLPC" lint --format "$format" "$FIXTURES/clean.yaml" "$SCRATCH/none.yaml"
  grep -qF "cannot read \`$SCRATCH/none.yaml\`" "$SCRATCH/stderr" && pass || fail "$format: the I/O error is on stderr"
  report_only "$format" "$format: an unreadable file"
  for target in argo kfp all; do
    expect_rc 1 "$format: --target $target" -- lint_fixture "$format" --target "$target"
  done
done
expect_rc 0 "github: a clean file writes nothing" -- "$MLPC" lint --format github "$FIXTURES/clean.yaml"
[ -s "$SCRATCH/stdout" ] && fail "github: output for a clean file" || pass
expect_rc 2 "an unknown format is a usage error" -- "$MLPC" lint --format xml "$FIXTURES/clean.yaml"
finish
