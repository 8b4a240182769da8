#!/usr/bin/env bash
# The offline Sensor model's self-test, then the trigger mapping of the NATS example on
# both targets (see test_trigger_mapping.py). Both read ../shared/conformance.
set -u
here=$(dirname "$0")
shared=$(cd "$here/../../.." && pwd)/shared/conformance
if [ ! -d "$shared/argo-events" ]; then
  echo "SKIPPED: $shared is absent; the Sensor tests need its Argo Events examples" >&2
  exit 77
fi
ARGO_EVENTS_CONFORMANCE=$shared/argo-events python3 "$here/test_apply_sensor.py" || exit 1
exec python3 "$here/test_trigger_mapping.py" examples/out/nats-document-ingestion.argo.yaml \
  examples/out/nats-document-ingestion.kfp.sensors.yaml "$shared/kfp/validate_kfp_ir.py"
