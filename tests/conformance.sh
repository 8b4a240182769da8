#!/usr/bin/env bash
# Runs committed compiler outputs through the engines' offline validators in
# ../shared/conformance. The golden and example tests keep those files equal to what the
# compiler writes now, so this checks the compiler's real output.
#   conformance.sh argo|kfp|events golden|examples
# `events`: Sensors and EventSources, the Workflows Sensors create, and the KFP IR that
# launcher steps and recurring-run requests carry (tests/conformance_events.py).
set -u
shopt -s nullglob  # a group may lack one of its kinds of file
engine=$1 group=$2
shared=$(cd "$(dirname "$0")/../.." && pwd)/shared/conformance
if [ ! -d "$shared" ]; then
  echo "SKIPPED: $shared is absent; conformance of $group output was NOT checked" >&2
  exit 77
fi
case "$engine/$group" in
  argo/golden) files=(tests/golden/*/expected.argo.yaml) ;;
  argo/examples) files=(examples/out/*.argo.yaml) ;;
  kfp/golden) files=(tests/golden/*/expected.kfp.yaml tests/golden/*/expected.kfp.json tests/golden/*/expected.kfp.run-request.json) ;;
  kfp/examples) files=(examples/out/*.kfp.yaml) ;;
  events/golden) files=(tests/golden/*/expected.argo.yaml tests/golden/*/expected.kfp.*.*) ;;
  events/examples) files=(examples/out/*.argo.yaml examples/out/*.kfp.*.*) ;;
  *) echo "unknown engine/group $engine/$group" >&2; exit 2 ;;
esac
[ -e "${files[0]}" ] || { echo "no $engine $group outputs to check" >&2; exit 1; }
if [ "$engine" = argo ]; then
  # The validators hold Argo v4.1. Outputs for the v3 API (`argo: {version: 3}` in the
  # spec beside a golden) differ where v4 refuses what v3 requires; Hera's models of the
  # v3 API load those (tests/clients).
  v4=()
  for f in "${files[@]}"; do
    spec=$(dirname "$f")/spec.yaml
    if [ -f "$spec" ] && grep -q "version: *3" "$spec" && python3 -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])) or {}
sys.exit(0 if (d.get("argo") or {}).get("version") == 3 else 1)' "$spec"; then
      echo "not validated against v4.1: $f is for the Argo v3 API"
    else
      v4+=("$f")
    fi
  done
  files=("${v4[@]}")
fi
echo "validating ${#files[@]} $engine $group outputs"
if [ "$engine" = events ]; then
  python3 "$(dirname "$0")/conformance_events.py" "$shared" "${files[@]}"
elif [ "$engine" = argo ]; then
  python3 "$shared/argo/validate.py" --strict --crd --semantic "${files[@]}"
else
  python3 "$shared/kfp/validate_kfp_ir.py" --strict-deps "${files[@]}"
fi
