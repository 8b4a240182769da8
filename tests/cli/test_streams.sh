#!/usr/bin/env bash
# `-` reads stdin and writes stdout; formats; many files in one call.
source "$(dirname "$0")/lib.sh"
good_spec one > "$SCRATCH/one.yaml"; good_spec two > "$SCRATCH/two.yaml"
expect_rc 0 "stdin to stdout" -- bash -c "\"$MLPC\" compile - --target argo -o - < \"$SCRATCH/one.yaml\""
expect_contains "$SCRATCH/stdout" "generateName: one-" "stdout has the workflow"
expect_rc 0 "json format" -- "$MLPC" compile "$SCRATCH/one.yaml" --target argo --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["kind"]=="Workflow", d["kind"]' "$SCRATCH/stdout" \
  && PASSED=$((PASSED+1)) || { echo "FAIL: json output does not parse"; FAILED=$((FAILED+1)); }
expect_rc 0 "two files to stdout are one YAML stream" -- "$MLPC" compile "$SCRATCH/one.yaml" "$SCRATCH/two.yaml" --target argo
python3 -c 'import yaml,sys; docs=list(yaml.safe_load_all(open(sys.argv[1]))); assert [d["metadata"]["generateName"] for d in docs]==["one-","two-"]' "$SCRATCH/stdout" \
  && PASSED=$((PASSED+1)) || { echo "FAIL: YAML stream of two workflows"; FAILED=$((FAILED+1)); }
expect_rc 2 "json with several files needs --out-dir" -- "$MLPC" compile "$SCRATCH/one.yaml" "$SCRATCH/two.yaml" --target argo --format json
bad_spec bad > "$SCRATCH/bad.yaml"
expect_rc 1 "stdin errors name <stdin>" -- bash -c "\"$MLPC\" lint - < \"$SCRATCH/bad.yaml\""
expect_contains "$SCRATCH/stderr" "<stdin>:4:60: error" "stdin location"
finish
