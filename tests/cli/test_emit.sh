#!/usr/bin/env bash
# --emit: the Argo Events documents of `triggers`, KFP's recurring-run request, and the
# errors when a spec has nothing of the kind or the target has no such document.
source "$(dirname "$0")/lib.sh"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
NATS=$ROOT/examples/nats-document-ingestion.yaml
CRON=$ROOT/examples/mlflow-training.yaml
good_spec plain > "$SCRATCH/plain.yaml"

expect_rc 0 "argo output holds the workflow and the Sensor" -- "$MLPC" compile "$NATS" --target argo
expect_contains "$SCRATCH/stdout" "kind: WorkflowTemplate" "workflow first"
expect_contains "$SCRATCH/stdout" "kind: EventSource" "event source"
expect_contains "$SCRATCH/stdout" "kind: Sensor" "sensor"

expect_rc 0 "argo --emit sensors" -- "$MLPC" compile "$NATS" --target argo --emit sensors
expect_contains "$SCRATCH/stdout" "argoWorkflow:" "submits the template"
if grep -q "kind: WorkflowTemplate" "$SCRATCH/stdout"; then echo "FAIL: --emit sensors wrote the workflow"; FAILED=$((FAILED+1)); fi

expect_rc 0 "kfp pipeline notes the triggers" -- "$MLPC" compile "$NATS" --target kfp
expect_contains "$SCRATCH/stderr" "--emit sensors" "the note says how"
expect_rc 0 "kfp --emit sensors is YAML" -- "$MLPC" compile "$NATS" --target kfp --emit sensors --out-dir "$SCRATCH/out"
expect_file "$SCRATCH/out/nats-document-ingestion.kfp.sensors.yaml" "sensors file name"
expect_contains "$SCRATCH/out/nats-document-ingestion.kfp.sensors.yaml" "operation: create" "creates a launcher Workflow"
expect_empty "$SCRATCH/stderr" "no note when the sensors are emitted"

expect_rc 0 "kfp --emit recurring-run" -- "$MLPC" compile "$CRON" --target kfp --emit recurring-run
expect_contains "$SCRATCH/stdout" '"cron": "0 0 4 * * 1"' "six-field cron"
expect_contains "$SCRATCH/stdout" '"max_concurrency": "1"' "forbid is one at a time"
expect_rc 2 "recurring-run is for kfp" -- "$MLPC" compile "$CRON" --target argo --emit recurring-run
expect_contains "$SCRATCH/stderr" "--emit recurring-run is for --target kfp" "says why"

expect_rc 2 "nothing to emit: no triggers" -- "$MLPC" compile "$SCRATCH/plain.yaml" --target argo --emit sensors -o "$SCRATCH/s.yaml"
expect_contains "$SCRATCH/stderr" "has no \`triggers\` to emit" "names what is missing"
expect_no_file "$SCRATCH/s.yaml" "no output written"
expect_rc 2 "nothing to emit: no schedule" -- "$MLPC" compile "$SCRATCH/plain.yaml" --target kfp --emit recurring-run
expect_empty "$SCRATCH/stdout" "no partial output"
# KFP's pipeline file is the SDK's YAML (PipelineSpec, then PlatformSpec); the format
# follows -o's extension; JSON holds no PlatformSpec; the API body has its own --emit.
SECRETS=$ROOT/tests/golden/env-secrets/spec.yaml
expect_rc 0 "kfp pipeline file is YAML by default" -- "$MLPC" compile "$SECRETS" --target kfp
expect_contains "$SCRATCH/stdout" "pipelineInfo:" "a PipelineSpec document"
expect_contains "$SCRATCH/stdout" "platforms:" "then the PlatformSpec"
expect_rc 0 "kfp --out-dir writes .kfp.yaml" -- "$MLPC" compile "$SCRATCH/plain.yaml" --target kfp --out-dir "$SCRATCH/kfp"
expect_file "$SCRATCH/kfp/plain.kfp.yaml" "the pipeline file's name"
expect_rc 0 "-o NAME.json picks JSON" -- "$MLPC" compile "$SCRATCH/plain.yaml" --target kfp -o "$SCRATCH/plain.json"
expect_contains "$SCRATCH/plain.json" '"schemaVersion": "2.1.0"' "a bare PipelineSpec in JSON"
expect_rc 0 "-o NAME.yml picks YAML" -- "$MLPC" compile "$SCRATCH/plain.yaml" --target argo -o "$SCRATCH/plain.yml"
expect_contains "$SCRATCH/plain.yml" "kind: Workflow" "YAML"
expect_rc 0 "--format wins over the extension" -- "$MLPC" compile "$SCRATCH/plain.yaml" --target argo --format json -o "$SCRATCH/w.yaml"
expect_contains "$SCRATCH/w.yaml" '"kind": "Workflow"' "JSON"
expect_rc 2 "kfp JSON cannot hold a PlatformSpec" -- "$MLPC" compile "$SECRETS" --target kfp -o "$SCRATCH/secrets.json"
expect_contains "$SCRATCH/stderr" "has Kubernetes settings (a PlatformSpec), which KFP reads only from YAML" "says why"
expect_contains "$SCRATCH/stderr" "--emit run-request" "names the API body"
expect_no_file "$SCRATCH/secrets.json" "nothing written"
expect_rc 2 "kfp JSON to stdout, the same" -- "$MLPC" compile "$SECRETS" --target kfp --format json
expect_empty "$SCRATCH/stdout" "no partial output"
expect_rc 0 "kfp --emit run-request" -- "$MLPC" compile "$SECRETS" --target kfp --emit run-request --out-dir "$SCRATCH/req"
expect_file "$SCRATCH/req/spec.kfp.run-request.json" "the request's name"
expect_contains "$SCRATCH/req/spec.kfp.run-request.json" '"platform_spec": {' "both specs"
expect_contains "$SCRATCH/req/spec.kfp.run-request.json" '"pipeline_spec": {' "in the API's body"
expect_rc 2 "run-request is for kfp" -- "$MLPC" compile "$SECRETS" --target argo --emit run-request
expect_contains "$SCRATCH/stderr" "--emit run-request is for --target kfp" "says why"

expect_rc 2 "unknown --emit" -- "$MLPC" compile "$NATS" --target argo --emit cronjob
finish
