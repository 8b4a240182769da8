#!/usr/bin/env python3
"""Validates what mlpc emits around the pipelines, with the engines' offline validators.

    conformance_events.py SHARED_CONFORMANCE_DIR FILE...

For each file (Argo YAML streams, `--emit sensors` outputs, `--emit recurring-run` bodies):
  * every Sensor and EventSource document: validate.py --strict --schema argo-events;
  * every Workflow a Sensor creates: validate.py --strict --crd --semantic;
  * every KFP IR embedded for the KFP launcher (base64 in a `pipeline-spec` raw artifact)
    and every recurring run's `pipeline_spec`: validate_kfp_ir.py --strict-deps.
Exits 1 if any validator fails, or if the files hold nothing to check.
"""
import base64
import json
import os
import subprocess
import sys
import tempfile

import yaml


def launcher_specs(doc):
    """KFP IR documents embedded in launcher templates anywhere under `doc`."""
    if isinstance(doc, dict):
        if doc.get("name") == "pipeline-spec" and isinstance(doc.get("raw"), dict):
            yield json.loads(base64.b64decode(doc["raw"]["data"]))
        for v in doc.values():
            yield from launcher_specs(v)
    elif isinstance(doc, list):
        for v in doc:
            yield from launcher_specs(v)


def main():
    shared, files = sys.argv[1], sys.argv[2:]
    tmp = tempfile.mkdtemp(prefix="mlpc-events-")
    events, workflows, kfp = [], [], []

    def dump(kind, i, doc, suffix):
        path = os.path.join(tmp, "%s-%d.%s" % (kind, i, suffix))
        with open(path, "w") as f:
            if suffix == "json":
                json.dump(doc, f)
            else:
                yaml.safe_dump(doc, f, sort_keys=False)
        return path

    for name in files:
        with open(name) as f:
            text = f.read()
        docs = [json.loads(text)] if name.endswith(".json") else list(yaml.safe_load_all(text))
        for doc in docs:
            if not isinstance(doc, dict):
                continue
            if "trigger" in doc and "pipeline_spec" in doc:  # a recurring-run request
                kfp.append(dump("recurring", len(kfp), doc["pipeline_spec"], "json"))
                continue
            for spec in launcher_specs(doc):
                kfp.append(dump("launched", len(kfp), spec, "json"))
            if doc.get("kind") in ("Sensor", "EventSource"):
                events.append(dump(doc["kind"].lower(), len(events), doc, "yaml"))
                for trig in doc["spec"].get("triggers", []):
                    t = trig["template"]
                    body = t.get("k8s") or t.get("argoWorkflow") or {}
                    res = body.get("source", {}).get("resource")
                    if res and res.get("kind") == "Workflow":
                        workflows.append(dump("workflow", len(workflows), res, "yaml"))
    if not (events or workflows or kfp):
        print("nothing to check in %d files" % len(files))
        return 1
    print("%d Argo Events documents, %d Workflows created by Sensors, %d embedded KFP IRs"
          % (len(events), len(workflows), len(kfp)))
    rc = 0
    argo = os.path.join(shared, "argo", "validate.py")
    if events:
        rc |= subprocess.call([sys.executable, argo, "--strict", "--schema",
                               os.path.join(shared, "argo-events", "schema.json")] + events)
    if workflows:
        rc |= subprocess.call([sys.executable, argo, "--strict", "--crd", "--semantic"] + workflows)
    if kfp:
        rc |= subprocess.call([sys.executable, os.path.join(shared, "kfp", "validate_kfp_ir.py"),
                               "--strict-deps"] + kfp)
    return 1 if rc else 0


if __name__ == "__main__":
    sys.exit(main())
