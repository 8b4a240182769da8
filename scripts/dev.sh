#!/usr/bin/env bash
# The README's two commands. Works on a fresh Debian 12 as root: installs what is
# missing (make included), then builds with cmake and runs through ctest.
#   scripts/dev.sh run    build, then compile an example for Argo to stdout
#   scripts/dev.sh test   build, then run the whole test suite (normal and ASan+UBSan)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export MLPC_DEPS_CHECKED=1  # make's own `deps` step need not check again
case "${1:-}" in
  run) exec make --no-print-directory run ;;
  test) exec make --no-print-directory test ;;
  *) echo "usage: scripts/dev.sh run|test" >&2; exit 2 ;;
esac
