#!/usr/bin/env bash
# A graph golden: `mlpc graph SPEC --format FORMAT`, run twice (the bytes must be
# identical), compared with EXPECTED. MLPC_UPDATE_GOLDEN=1 rewrites EXPECTED instead;
# review the diff.
#   golden.sh MLPC SPEC EXPECTED mermaid|dot
set -u
if [ $# -ne 4 ]; then echo "usage: golden.sh MLPC SPEC EXPECTED mermaid|dot"; exit 2; fi
mlpc=$1 spec=$2 expected=$3 format=$4
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! "$mlpc" graph "$spec" --format "$format" >"$tmp/first" 2>"$tmp/stderr"; then
  echo "FAIL $spec: mlpc graph failed"
  sed 's/^/  /' "$tmp/stderr" | head -20
  exit 1
fi
"$mlpc" graph "$spec" --format "$format" >"$tmp/second" 2>/dev/null
if ! cmp -s "$tmp/first" "$tmp/second"; then
  echo "FAIL $spec: two runs gave different bytes"
  exit 1
fi
if [ "${MLPC_UPDATE_GOLDEN:-}" = 1 ]; then
  cp "$tmp/first" "$expected"
  echo "updated $expected"
  exit 0
fi
if [ ! -f "$expected" ]; then
  echo "FAIL $spec: $expected is missing (MLPC_UPDATE_GOLDEN=1 writes it)"
  exit 1
fi
if ! diff -u "$expected" "$tmp/first" >"$tmp/diff"; then
  echo "FAIL $spec: differs from $expected"
  head -60 "$tmp/diff"
  echo "(MLPC_UPDATE_GOLDEN=1 rewrites the expected file)"
  exit 1
fi
echo "ok $spec ($format)"
