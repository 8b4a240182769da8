#!/usr/bin/env bash
# Runs committed compiler outputs through the engines' offline validators in
# ../shared/conformance. The golden and example tests keep those files equal to what the
# compiler writes now, so this checks the compiler's real output.
#   conformance.sh argo|kfp|events golden|examples
# `events`: Sensors and EventSources, the Workflows Sensors create, and the KFP IR that
# launcher steps and recurring-run requests carry (tests/conformance_events.py).
set -u
engine=$1 group=$2
shared=$(cd "$(dirname "$0")/../.." && pwd)/shared/conformance
if [ ! -d "$shared" ]; then
  echo "SKIPPED: $shared is absent; conformance of $group output was NOT checked" >&2
  exit 77
fi
case "$engine/$group" in
  argo/golden) files=(tests/golden/*/expected.argo.yaml) ;;
  argo/examples) files=(examples/out/*.argo.yaml) ;;
  kfp/golden) files=(tests/golden/*/expected.kfp.json) ;;
  kfp/examples) files=(examples/out/*.kfp.json) ;;
  events/golden) files=(tests/golden/*/expected.argo.yaml tests/golden/*/expected.kfp.*.*) ;;
  events/examples) files=(examples/out/*.argo.yaml examples/out/*.kfp.*.*) ;;
  *) echo "unknown engine/group $engine/$group" >&2; exit 2 ;;
esac
[ -e "${files[0]}" ] || { echo "no $engine $group outputs to check" >&2; exit 1; }
echo "validating ${#files[@]} $engine $group outputs"
if [ "$engine" = events ]; then
  python3 "$(dirname "$0")/conformance_events.py" "$shared" "${files[@]}"
elif [ "$engine" = argo ]; then
  python3 "$shared/argo/validate.py" --strict --crd --semantic "${files[@]}"
else
  python3 "$shared/kfp/validate_kfp_ir.py" --strict-deps "${files[@]}"
fi
