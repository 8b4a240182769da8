#!/usr/bin/env bash
# A failed write to standard output is an error (exit 2, with the reason), for every
# command that writes there: a closed stdout, a full device, a pipe nobody reads with
# SIGPIPE ignored. Exit 0 with the output lost would let CI pass on nothing.
source "$(dirname "$0")/../cli/lib.sh"
good_spec s > "$SCRATCH/s.yaml"
bad_spec b > "$SCRATCH/b.yaml"
# Runs a command with stdout a pipe whose reading end is closed and SIGPIPE ignored
# (`trap '' PIPE`), stderr to $SCRATCH/stderr; returns its exit status.
broken_pipe() {
  python3 - "$SCRATCH/stderr" "$@" <<'EOF'
import os, signal, subprocess, sys
r, w = os.pipe()
os.close(r)
ignore = lambda: signal.signal(signal.SIGPIPE, signal.SIG_IGN)
with open(sys.argv[1], "wb") as err:
    sys.exit(subprocess.run(sys.argv[2:], stdout=w, stderr=err, preexec_fn=ignore).returncode)
EOF
}
check() {  # check DESCRIPTION -- command...
  local what=$1; shift 2
  expect_rc 2 "$what, stdout closed" -- bash -c '"$@" >&-' _ "$@"
  expect_contains "$SCRATCH/stderr" "mlpc: error: cannot write to standard output: Bad file descriptor" "$what, stdout closed"
  expect_rc 2 "$what, /dev/full" -- bash -c '"$@" >/dev/full' _ "$@"
  expect_contains "$SCRATCH/stderr" "mlpc: error: cannot write to standard output: No space left on device" "$what, /dev/full"
  broken_pipe "$@"
  local rc=$?
  if [ "$rc" -eq 2 ]; then PASSED=$((PASSED+1)); else echo "FAIL: $what, broken pipe: exit $rc, want 2"; FAILED=$((FAILED+1)); fi
  expect_contains "$SCRATCH/stderr" "mlpc: error: cannot write to standard output: Broken pipe" "$what, broken pipe"
}
check "compile" -- "$MLPC" compile "$SCRATCH/s.yaml" --target argo
check "compile -o -" -- "$MLPC" compile "$SCRATCH/s.yaml" --target kfp -o -
check "lint json" -- "$MLPC" lint "$SCRATCH/s.yaml" --format json
check "lint sarif" -- "$MLPC" lint "$SCRATCH/s.yaml" --format sarif
check "lint github" -- "$MLPC" lint "$SCRATCH/b.yaml" --format github
check "graph" -- "$MLPC" graph "$SCRATCH/s.yaml"
check "schema" -- "$MLPC" schema
check "explain" -- "$MLPC" explain E0302
check "--version" -- "$MLPC" --version
check "--help" -- "$MLPC" --help
# Nothing to write is no error, even with stdout closed; nor is output to a file.
expect_rc 0 "lint text with stdout closed" -- bash -c '"$@" >&-' _ "$MLPC" lint "$SCRATCH/s.yaml"
expect_rc 0 "compile -o FILE with stdout closed" -- bash -c '"$@" >&-' _ "$MLPC" compile "$SCRATCH/s.yaml" \
  --target argo -o "$SCRATCH/out.yaml"
expect_contains "$SCRATCH/out.yaml" "generateName: s-" "compile -o FILE with stdout closed writes the file"
# Input errors still say so first (exit 1 stays 1 when nothing was to be written).
expect_rc 1 "lint text errors, stdout closed" -- bash -c '"$@" >&-' _ "$MLPC" lint "$SCRATCH/b.yaml"
finish
