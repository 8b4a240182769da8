# Shared by the lint report tests (run from the repository root, as ctest does): the
# fixture run, a scratch directory, and assertions that say what failed.
set -u
MLPC=${1:?usage: SCRIPT MLPC [ARGS]}
export NO_COLOR=1
FIXTURES=tests/lint/fixtures
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
PASSED=0

# The fixture: errors and warnings across several files, a note into an imported file,
# non-ASCII text before an error column, a clean file, and a cycle read from stdin.
FIXTURE=("$FIXTURES/train.yaml" "$FIXTURES/shape.yaml" "$FIXTURES/ingest.yaml" "$FIXTURES/clean.yaml" -)
lint_fixture() {  # lint_fixture FORMAT [OPTION...]: the report on stdout, the summary on stderr
  "$MLPC" lint --format "$1" "${@:2}" "${FIXTURE[@]}" < "$FIXTURES/stdin.yaml"
}
# A spec whose file name and message need escaping in every format: `,` `%` `:` a space,
# non-ASCII and `#` in the name; `%`, a newline, `,` and `:` in the offending key.
ODD_NAME='odd, name%: é#1.yaml'
make_odd_spec() {  # make_odd_spec DIR
  printf 'version: 1\nname: odd\ntasks:\n  hello: {image: alpine:3.20, command: [echo, "ça"], "we%%ird\\nkey,a:b": 1}\n' \
    > "$1/$ODD_NAME"
}
mlpc_version() { "$MLPC" --version | cut -d' ' -f2; }

pass() { PASSED=$((PASSED+1)); }
fail() { echo "FAIL: $*"; FAILED=$((FAILED+1)); }
expect_rc() {  # expect_rc WANT DESCRIPTION -- command...: output in $SCRATCH/stdout, stderr
  local want=$1 what=$2; shift 3
  "$@" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
  local rc=$?
  if [ "$rc" -eq "$want" ]; then pass; else
    fail "$what: exit $rc, want $want"; sed 's/^/  stderr: /' "$SCRATCH/stderr" | head -20; fi
}
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; }
report_only() {  # report_only FORMAT WHAT: stdout is exactly one report
  case $1 in
    json|sarif) python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$SCRATCH/stdout" \
                  && pass || fail "$2: stdout is not one JSON document" ;;
    github) if grep -qvE '^::(error|warning|notice) [^:]*::' "$SCRATCH/stdout"; then
              fail "$2: stdout has lines that are not workflow commands"; else pass; fi ;;
  esac
}
