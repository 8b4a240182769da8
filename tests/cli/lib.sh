# Shared by the CLI tests: a scratch directory and assertions that say what failed.
set -u
MLPC=${1:?usage: test_X.sh MLPC}
export NO_COLOR=1
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
PASSED=0
expect_rc() {  # expect_rc WANT DESCRIPTION -- command...
  local want=$1 what=$2; shift 3
  "$@" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
  local rc=$?
  if [ "$rc" -ne "$want" ]; then
    echo "FAIL: $what: exit $rc, want $want"; sed 's/^/  stderr: /' "$SCRATCH/stderr" | head -20; FAILED=$((FAILED+1))
  else PASSED=$((PASSED+1)); fi
}
expect_contains() {  # expect_contains FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then PASSED=$((PASSED+1)); else
    echo "FAIL: $3: $(basename "$1") lacks: $2"; sed 's/^/  | /' "$1" | head -20; FAILED=$((FAILED+1)); fi
}
expect_empty() {
  if [ -s "$1" ]; then echo "FAIL: $2: $(basename "$1") is not empty"; head -5 "$1"; FAILED=$((FAILED+1)); else PASSED=$((PASSED+1)); fi
}
expect_file() { if [ -e "$1" ]; then PASSED=$((PASSED+1)); else echo "FAIL: $2: $1 missing"; FAILED=$((FAILED+1)); fi; }
expect_no_file() { if [ -e "$1" ]; then echo "FAIL: $2: $1 exists"; FAILED=$((FAILED+1)); else PASSED=$((PASSED+1)); fi; }
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; }
good_spec() { printf 'version: 1\nname: %s\ntasks:\n  hello: {image: alpine:3.20, command: [echo, hi]}\n' "$1"; }
bad_spec() { printf 'version: 1\nname: %s\ntasks:\n  hello: {image: alpine:3.20, command: [echo, hi], after: [helo]}\n' "$1"; }
