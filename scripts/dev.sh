#!/usr/bin/env bash
# The README's two commands. Works on a fresh Debian 12 as root: installs what is
# missing (make included), then builds with cmake and runs through ctest.
#   scripts/dev.sh run    what building needs; build the mlpc binary, compile an example
#                         for Argo to stdout
#   scripts/dev.sh test   what the tests need too; build everything, run the whole test
#                         suite (normal and ASan+UBSan)
#   scripts/dev.sh update-goldens   rewrite every golden file from the current sources and
#                         list what changed (make goldens)
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  run) deps=build ;;
  test) deps=test ;;
  update-goldens) deps=test ;;
  *) echo "usage: scripts/dev.sh run|test|update-goldens" >&2; exit 2 ;;
esac
scripts/install-deps.sh "$deps"
export MLPC_DEPS_CHECKED=1  # make's own deps steps need not check again
target=$1
[ "$target" = update-goldens ] && target=goldens
exec make --no-print-directory "$target"
