#!/usr/bin/env bash
# Every Mermaid golden through Mermaid's parser. Needs node and the npm packages
# `mermaid` and `jsdom` in MLPC_MERMAID_MODULES (a node_modules folder) or in
# .tools/node_modules; skipped (77) without them:
#   npm install --prefix .tools mermaid jsdom
#   mermaid_parse.sh (run from the repository root)
set -u
modules=${MLPC_MERMAID_MODULES:-.tools/node_modules}
if ! command -v node >/dev/null || [ ! -d "$modules/mermaid" ] || [ ! -d "$modules/jsdom" ]; then
  echo "SKIP: needs node with mermaid and jsdom in $modules (npm install --prefix .tools mermaid jsdom)"
  exit 77
fi
exec node "$(dirname "$0")/mermaid_parse.mjs" "$modules" tests/graph/expected/*.mmd
