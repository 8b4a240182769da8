# Shared by the packaging tests: a scratch directory, assertions that say what failed,
# and the check of an installed tree (the same for `cmake --install` and the .deb).
set -u
export NO_COLOR=1
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
FAILED=0
PASSED=0
pass() { PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }
check() {  # check DESCRIPTION -- command...: the command must succeed
  local what=$1; shift 2
  if "$@" >"$SCRATCH/out" 2>&1; then pass; else fail "$what"; sed 's/^/  | /' "$SCRATCH/out" | head -20; fi
}
check_file() { if [ -f "$1" ]; then pass; else fail "$2: $1 missing"; fi; }
check_contains() {  # check_contains FILE TEXT DESCRIPTION
  if grep -qF -- "$2" "$1"; then pass; else fail "$3: lacks '$2'"; sed 's/^/  | /' "$1" | head -20; fi
}
finish() { echo "$PASSED passed, $FAILED failed"; [ "$FAILED" -eq 0 ]; }

# check_tree ROOT VERSION: ROOT/bin/mlpc runs and says its version; the man page and the
# bash completion are where man and bash-completion look for them.
check_tree() {
  local root=$1 version=$2
  check_file "$root/bin/mlpc" "binary"
  [ -x "$root/bin/mlpc" ] && pass || fail "$root/bin/mlpc is not executable"
  local v
  v=$("$root/bin/mlpc" --version 2>&1)
  [ "$v" = "mlpc $version" ] && pass || fail "--version printed '$v', want 'mlpc $version'"
  local man="$root/share/man/man1/mlpc.1.gz"
  check_file "$man" "man page"
  if [ -f "$man" ]; then
    gzip -t "$man" && pass || fail "$man is not valid gzip"
    zcat "$man" >"$SCRATCH/mlpc.1"
    check_contains "$SCRATCH/mlpc.1" ".TH MLPC 1" "man page header"
    check_contains "$SCRATCH/mlpc.1" "\"mlpc $version\"" "man page names the version"
    if command -v groff >/dev/null; then
      groff -man -Tutf8 -ww -z "$SCRATCH/mlpc.1" 2>"$SCRATCH/groff.err"
      [ ! -s "$SCRATCH/groff.err" ] && pass || { fail "groff warns on the installed man page"; head "$SCRATCH/groff.err"; }
    fi
  fi
  local comp="$root/share/bash-completion/completions/mlpc"
  check_file "$comp" "bash completion"
  if [ -f "$comp" ]; then
    check "the completion loads and registers _mlpc" -- \
      bash --norc --noprofile -c "source '$comp' && complete -p mlpc | grep -q -- '-F _mlpc'"
  fi
  check_file "$root/share/doc/mlpc/copyright" "copyright file"
}
