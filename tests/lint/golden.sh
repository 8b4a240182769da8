#!/usr/bin/env bash
# Pins the json and github reports of the fixture byte for byte: golden.sh MLPC json|github
# compares with expected/report.json or expected/report.github.txt. MLPC_UPDATE_GOLDEN=1
# rewrites the file (review the diff). The tool version is written @MLPC_VERSION@, so a
# release leaves the files alone.
source "$(dirname "$0")/lib.sh"
format=${2:?usage: golden.sh MLPC json|github}
expected=tests/lint/expected/report.$format
[ "$format" = github ] && expected=$expected.txt
for run in 1 2; do
  lint_fixture "$format" > "$SCRATCH/report.$run" 2> "$SCRATCH/stderr.$run"
  rc=$?
  [ "$rc" -eq 1 ] && pass || fail "run $run: exit $rc, want 1 (the fixture has errors)"
  sed -i "s/\"version\": \"$(mlpc_version)\"/\"version\": \"@MLPC_VERSION@\"/" "$SCRATCH/report.$run"
done
cmp -s "$SCRATCH/report.1" "$SCRATCH/report.2" && pass || fail "two runs wrote different bytes"
if [ "${MLPC_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$SCRATCH/report.1" "$expected"
  echo "updated $expected"
fi
if diff -u "$expected" "$SCRATCH/report.1"; then pass; else
  fail "$format report changed (MLPC_UPDATE_GOLDEN=1 rewrites $expected)"; fi
finish
