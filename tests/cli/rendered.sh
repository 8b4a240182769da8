#!/usr/bin/env bash
# Pins the full text rendering of a failing spec: rendered.sh MLPC tests/rendered/NAME
# compares `mlpc lint NAME.yaml` (stderr) with NAME.expected.txt; MLPC_UPDATE_GOLDEN=1 rewrites it.
set -u
mlpc=$1 case=$2
actual=$(NO_COLOR=1 "$mlpc" lint "$case.yaml" 2>&1 >/dev/null); rc=$?
[ "$rc" -eq 1 ] || { echo "FAIL: exit $rc, want 1"; echo "$actual"; exit 1; }
if [ "${MLPC_UPDATE_GOLDEN:-}" = 1 ]; then printf '%s\n' "$actual" > "$case.expected.txt"; echo "updated"; exit 0; fi
if diff -u "$case.expected.txt" <(printf '%s\n' "$actual"); then echo "ok $case"; else echo "FAIL: rendering changed (MLPC_UPDATE_GOLDEN=1 rewrites)"; exit 1; fi
