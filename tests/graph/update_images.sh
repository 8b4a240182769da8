#!/usr/bin/env bash
# Redraws the pictures of docs/images from the examples (not a test: Graphviz versions
# lay out differently, so the SVG is not pinned; the DOT it comes from is, in
# expected/hybrid-fraud.dot).
#   tests/graph/update_images.sh MLPC (run from the repository root)
set -eu
mlpc=${1:?usage: update_images.sh MLPC}
mkdir -p docs/images
for name in hybrid-fraud; do
  "$mlpc" graph "examples/$name.yaml" --format dot -o "docs/images/$name.dot.tmp"
  dot -Tsvg "docs/images/$name.dot.tmp" -o "docs/images/$name.svg"
  dot -Tpng -Gdpi=144 "docs/images/$name.dot.tmp" -o "docs/images/$name.png"
  rm "docs/images/$name.dot.tmp"
  echo "wrote docs/images/$name.svg and docs/images/$name.png"
done
