#!/usr/bin/env bash
# The DOT of a spec through Graphviz: `mlpc graph SPEC --format dot | dot -Tsvg` must
# succeed with nothing on dot's stderr (Graphviz reports bad attributes, HTML labels and
# compound edges there as warnings, and still exits 0). Skipped (77) without Graphviz.
#   render.sh MLPC SPEC
set -u
if [ $# -ne 2 ]; then echo "usage: render.sh MLPC SPEC"; exit 2; fi
mlpc=$1 spec=$2
if ! command -v dot >/dev/null; then
  echo "SKIP: Graphviz \`dot\` is not installed (scripts/install-deps.sh installs graphviz)"
  exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! "$mlpc" graph "$spec" --format dot -o "$tmp/graph.dot" 2>"$tmp/mlpc.err"; then
  echo "FAIL $spec: mlpc graph failed"
  sed 's/^/  /' "$tmp/mlpc.err" | head -20
  exit 1
fi
dot -Tsvg "$tmp/graph.dot" -o "$tmp/graph.svg" 2>"$tmp/dot.err"
rc=$?
if [ "$rc" -ne 0 ] || [ -s "$tmp/dot.err" ]; then
  echo "FAIL $spec: dot -Tsvg exited $rc"
  sed 's/^/  dot: /' "$tmp/dot.err" | head -20
  exit 1
fi
if ! grep -q '<svg' "$tmp/graph.svg"; then
  echo "FAIL $spec: dot wrote no SVG"
  exit 1
fi
echo "ok $spec renders"
