#!/usr/bin/env bash
# packaging/manpage: mlpc(1) documents what the binary accepts: every subcommand, every
# option and value of `mlpc SUB --help`, the exit codes and NO_COLOR, with the version.
# packaging/manpage-render: it formats without a warning (groff -ww, as man and lintian
# run it; mandoc -Tlint too where installed). Skipped, loudly, without groff.
# usage: manpage.sh MAN_PAGE MLPC | manpage.sh --render MAN_PAGE
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = --render ]; then
  man=${2:?usage: manpage.sh --render MAN_PAGE}
  if ! command -v groff >/dev/null; then echo "SKIP: groff is missing (Debian: groff-base)"; exit 77; fi
  groff -man -Tutf8 -ww -z "$man" 2>"$SCRATCH/err"
  [ ! -s "$SCRATCH/err" ] && pass || { fail "groff -man -Tutf8 -ww warns:"; cat "$SCRATCH/err"; }
  # What `man` shows, at the width of a small terminal: no line wider than it.
  MANWIDTH=80 groff -man -Tutf8 -rLL=80n "$man" 2>/dev/null | sed 's/\x1b\[[0-9;]*m//g; s/.\x08//g' >"$SCRATCH/page"
  wide=$(python3 -c 'import sys; print("\n".join(l for l in open(sys.argv[1], encoding="utf-8").read().splitlines() if len(l) > 80))' "$SCRATCH/page")
  [ -z "$wide" ] && pass || fail "rendered lines wider than 80 columns: $wide"
  grep -q "^SYNOPSIS" "$SCRATCH/page" && pass || fail "no SYNOPSIS in the rendered page"
  if command -v mandoc >/dev/null; then
    check "mandoc -Tlint" -- mandoc -Tlint "$man"
  fi
  finish
  exit
fi
man=${1:?usage: manpage.sh MAN_PAGE MLPC}
mlpc=${2:?usage: manpage.sh MAN_PAGE MLPC}
# The page's text with roff's escapes undone: `\-\-target` reads `--target`.
sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\~/ /g' "$man" >"$SCRATCH/text"
version=$("$mlpc" --version)
check_contains "$SCRATCH/text" "\"$version\"" ".TH names the version"
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS '"EXIT STATUS"' ENVIRONMENT FILES EXAMPLES '"SEE ALSO"'; do
  grep -q "^\.SH $section\$" "$SCRATCH/text" && pass || fail "no .SH $section"
done
check_contains "$SCRATCH/text" "NO_COLOR" "ENVIRONMENT names NO_COLOR"
for code in 0 1 2; do
  sed -n '/^\.SH "EXIT STATUS"/,/^\.SH/p' "$SCRATCH/text" | grep -qx "\.B $code" && pass || fail "EXIT STATUS lacks $code"
done
subs=$("$mlpc" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && NF {print $1}')
for opt in $("$mlpc" --help | grep -oE '^  (-[a-z],)?--[a-z-]+' | tr ',' ' '); do
  grep -qw -- "$opt" "$SCRATCH/text" && pass || fail "global option $opt is not in the man page"
done
for sub in $subs; do
  # Each command in SYNOPSIS and in COMMANDS, and its own options section.
  sed -n '/^\.SH SYNOPSIS/,/^\.SH/p' "$SCRATCH/text" | grep -qx "\.B $sub" && pass || fail "SYNOPSIS lacks $sub"
  sed -n '/^\.SH COMMANDS/,/^\.SH/p' "$SCRATCH/text" | grep -qE "^\.BI? \"?$sub( |\"|$)" && pass || fail "COMMANDS lacks $sub"
  "$mlpc" "$sub" --help >"$SCRATCH/help"
  # The options section of this command (limits are shared by compile, lint and graph).
  sed -n "/^\.SS \"Options of $sub\"/,/^\.S[SH]/p; /^\.SS \"Input limits/,/^\.S[SH]/p" "$SCRATCH/text" >"$SCRATCH/section"
  for opt in $(grep -oE '^  (-[a-z],)?--[a-z-]+' "$SCRATCH/help" | tr ',' ' '); do
    case $opt in -h | --help) continue ;; esac
    grep -qw -- "$opt" "$SCRATCH/section" && pass || fail "$sub: option $opt is not in its section of the man page"
    values=$(grep -E "^  (-[a-z],)?$opt " "$SCRATCH/help" | sed -n 's/.*{\([^}]*\)}.*/\1/p' | tr ',' ' ')
    for v in $values; do
      grep -qw -- "$v" "$SCRATCH/section" && pass || fail "$sub $opt: value $v is not in the man page"
    done
  done
done
finish
