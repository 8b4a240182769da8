#!/usr/bin/env bash
# Runs the KFP launcher as it appears in a compiled workflow against the loopback mock of
# the KFP v2beta1 API; the runs' pipeline_spec is checked with ../shared's KFP validator.
#   run.sh WORKFLOW.argo.yaml TEMPLATE
set -u
shared=$(cd "$(dirname "$0")/../../.." && pwd)/shared/conformance
if [ ! -f "$shared/kfp/validate_kfp_ir.py" ]; then
  echo "SKIPPED: $shared is absent; the launcher test needs the KFP validator" >&2
  exit 77
fi
exec python3 "$(dirname "$0")/test_launcher.py" --workflow "$1" --template "$2" \
  --validator "$shared/kfp/validate_kfp_ir.py"
