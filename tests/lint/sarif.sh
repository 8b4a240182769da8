#!/usr/bin/env bash
# Validates `mlpc lint --format sarif`: sarif.sh MLPC multitool|schema.
#   multitool: Microsoft's SARIF Multitool, with its SARIF rules and its GitHub Advanced
#              Security ingestion rules (scripts/install-deps.sh installs it); every
#              error-level result fails, and warnings and notes must be among the pinned
#              ones that sarif_findings.py explains.
#   schema:    the SARIF 2.1.0 JSON Schema that ships with the Multitool, through python3
#              jsonschema, with format checks.
# Both run over three reports: the fixture (stdin included), a clean file, and a file
# whose name needs escaping, named by a relative and by an absolute path.
source "$(dirname "$0")/lib.sh"
mode=${2:?usage: sarif.sh MLPC multitool|schema}
tool_dir=${MLPC_SARIF_MULTITOOL_DIR:-.tools/node_modules/@microsoft/sarif-multitool-linux}
multitool=$tool_dir/Sarif.Multitool
if [ ! -x "$multitool" ]; then
  echo "FAIL: the SARIF Multitool is missing at $multitool; scripts/install-deps.sh installs it"
  exit 1
fi

lint_fixture sarif > "$SCRATCH/fixture.sarif" 2>/dev/null
"$MLPC" lint --format sarif "$FIXTURES/clean.yaml" > "$SCRATCH/clean.sarif" || fail "clean file: exit $?"
make_odd_spec "$SCRATCH"
(cd "$SCRATCH" && "$MLPC" lint --format sarif "$ODD_NAME" "$SCRATCH/$ODD_NAME" > odd.sarif 2>/dev/null)
reports=(fixture clean odd)

for r in "${reports[@]}"; do
  f=$SCRATCH/$r.sarif
  if [ "$mode" = multitool ]; then
    "$multitool" validate "$f" --output "$f.validation" --log ForceOverwrite \
      --rule-kind "Sarif;Gh" --level "Error;Warning;Note" > "$SCRATCH/$r.log" 2>&1
    rc=$?
    if [ "$rc" -ne 0 ] || [ ! -s "$f.validation" ]; then
      fail "$r: the Multitool did not run (exit $rc)"; sed 's/^/  /' "$SCRATCH/$r.log" | head -20; continue
    fi
    if python3 tests/lint/sarif_findings.py "$f.validation"; then pass; else fail "$r: Multitool findings"; fi
  else
    if python3 - "$tool_dir/sarif-2.1.0.json" "$f" <<'PY'
import json, sys
from jsonschema import validators
schema = json.load(open(sys.argv[1]))
cls = validators.validator_for(schema)
errors = list(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(json.load(open(sys.argv[2]))))
for e in errors[:20]:
    print("  %s: %s" % ("/".join(map(str, e.absolute_path)), e.message))
sys.exit(1 if errors else 0)
PY
    then pass; else fail "$r: not valid against the SARIF 2.1.0 schema"; fi
  fi
done
finish
