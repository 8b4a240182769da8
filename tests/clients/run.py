#!/usr/bin/env python3
"""Loads the committed compiler outputs with the engines' own clients in ../shared/clients.

    run.py hera|kfp-sdk golden|examples

  hera     Hera's models of the Argo Workflows API (../shared/clients/hera/load.py): every
           Workflow, WorkflowTemplate and CronWorkflow, with the types and the required
           fields the Argo API defines. The files: every pinned Argo output of the group
           (tests/golden/*/expected.argo.yaml or examples/out/*.argo.yaml) and the
           Workflows the Sensors in them create. Hera's models are of the Argo v3 API;
           an output for v4 (the default, docs/argo.md "API versions") is loaded as
           its v3 equivalent, with the one difference that table lists applied
           (`key: cache` on each memoize ConfigMap), and an output of a spec with
           `argo: {version: 3}` as it is.
  kfp-sdk  the KFP SDK (../shared/clients/kfp-sdk/load.py): loaded as a user loads a
           pipeline file, strictly through protobuf, and compiled back unchanged. The
           files: every pinned KFP file of the group whose first document is a
           PipelineSpec (top-level `pipelineInfo`), whatever its name and format
           (expected.kfp.yaml, NAME.kfp.yaml, a JSON one); and the pipelines that KFP API
           request bodies carry (`pipeline_spec`, with its `platform_spec`): a pinned
           run or recurring-run request, and the request a launcher step (of an Argo
           workflow or a Sensor) sends. Those are written in the SDK's file layout, the PipelineSpec
           then the PlatformSpec.

The golden and example tests keep those files equal to what the compiler writes now, so
this loads the compiler's real output. Embedded documents are written to a scratch
directory under a name that says where they come from. The clients run with Debian's
/usr/bin/python3 (their READMEs; scripts/install-deps.sh test installs their packages).
Exits 77 (skipped, with the reason) where ../shared is absent, as tests/conformance.sh.
"""
import glob
import json
import os
import subprocess
import sys
import tempfile

import yaml

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from conformance_events import launcher_specs  # noqa: E402  the KFP IR launcher steps embed

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(os.path.dirname(ROOT), "shared")
SKIP = 77
GLOBS = {
    ("hera", "golden"): ["tests/golden/*/expected.argo.yaml"],
    ("hera", "examples"): ["examples/out/*.argo.yaml"],
    # Every KFP file pinned; which of them are pipeline files is read from their content.
    ("kfp-sdk", "golden"): ["tests/golden/*/expected.argo.yaml", "tests/golden/*/expected.kfp.*"],
    ("kfp-sdk", "examples"): ["examples/out/*.argo.yaml", "examples/out/*.kfp.*"],
}
ARGO_KINDS = ("Workflow", "WorkflowTemplate", "CronWorkflow")


def documents(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return [json.loads(text)]
    if path.endswith(".txt"):  # pinned diagnostics, not an output
        return []
    return list(yaml.safe_load_all(text))


def items(docs):
    for d in docs:
        if isinstance(d, dict) and d.get("kind") == "List":
            yield from d.get("items") or []
        elif isinstance(d, dict):
            yield d


def sensor_workflows(doc):
    """The Workflows a Sensor's triggers create (as tests/conformance_events.py finds them)."""
    if doc.get("kind") != "Sensor":
        return
    for trig in (doc.get("spec") or {}).get("triggers") or []:
        t = trig.get("template") or {}
        body = t.get("k8s") or t.get("argoWorkflow") or {}
        res = (body.get("source") or {}).get("resource")
        if isinstance(res, dict) and res.get("kind") in ARGO_KINDS:
            yield res


def is_pipeline(doc):
    return isinstance(doc, dict) and "pipelineInfo" in doc and "root" in doc


def carried(body):
    """(PipelineSpec, PlatformSpec or None) of a KFP API request body, or None. A run and a
    launcher step send {pipeline_spec, platform_spec}; a recurring run's `pipeline_spec` is a
    PipelineSpec, or that pair again when there are Kubernetes settings."""
    inner = body.get("pipeline_spec") if isinstance(body, dict) else None
    if is_pipeline(inner):
        return inner, body.get("platform_spec")
    if isinstance(inner, dict) and "pipeline_spec" in inner:
        return carried(inner)
    return None


def argo_version(path):
    """The Argo API a pinned output is for: its spec's `argo.version` (default 4)."""
    rel = os.path.relpath(path, ROOT)
    spec = (os.path.join(os.path.dirname(path), "spec.yaml") if rel.startswith("tests" + os.sep)
            else os.path.join(ROOT, "examples", os.path.basename(path).split(".")[0] + ".yaml"))
    try:
        with open(spec, encoding="utf-8") as f:
            doc = yaml.safe_load(f) or {}
    except OSError:
        return 4
    return (doc.get("argo") or {}).get("version", 4) if isinstance(doc, dict) else 4


def as_v3(node):
    """A v4 document as the v3 API spells it: memoize's ConfigMap selector with its key."""
    if isinstance(node, dict):
        memoize = node.get("memoize")
        cm = ((memoize.get("cache") or {}).get("configMap")) if isinstance(memoize, dict) else None
        if isinstance(cm, dict) and "key" not in cm:
            cm["key"] = "cache"
        for v in node.values():
            as_v3(v)
    elif isinstance(node, list):
        for v in node:
            as_v3(v)
    return node


def collect(client, group, scratch):
    """(files given as they are, embedded documents written to scratch) of one group."""
    paths = sorted({p for g in GLOBS[(client, group)] for p in glob.glob(os.path.join(ROOT, g))})
    direct, embedded = [], []

    def dump(src, what, *docs):
        name = "%s.%s-%d.yaml" % (os.path.relpath(src, ROOT).replace(os.sep, "_"), what, len(embedded) + 1)
        path = os.path.join(scratch, name)
        with open(path, "w", encoding="utf-8") as f:
            yaml.safe_dump_all([d for d in docs if d], f, sort_keys=False)
        embedded.append(path)

    for p in paths:
        docs = documents(p)
        if client == "hera":
            if any(d.get("kind") in ARGO_KINDS for d in items(docs)):
                if argo_version(p) == 3:
                    direct.append(p)
                else:
                    dump(p, "as-v3", *[as_v3(d) for d in items(docs)])
            for d in items(docs):
                for wf in sensor_workflows(d):
                    dump(p, "sensor-workflow", wf)
            continue
        if docs and is_pipeline(docs[0]):
            direct.append(p)
        for d in items(docs):
            bodies = [("request", d)] + [("launched", b) for b in launcher_specs(d)]
            for what, body in bodies:
                pair = carried(body)
                if pair:
                    dump(p, what, *pair)
    return direct, embedded


def main(client, group):
    load = os.path.join(SHARED, "clients", client, "load.py")
    if not os.path.isfile(load):
        print(f"SKIPPED: {load} is absent; {group} outputs were NOT loaded with {client}")
        return SKIP
    with tempfile.TemporaryDirectory(prefix="mlpc-clients-") as scratch:
        direct, embedded = collect(client, group, scratch)
        if not direct and not embedded:
            print(f"no {group} outputs for {client} to load")
            return 1
        print(f"loading {len(direct)} {group} outputs and {len(embedded)} documents embedded in them with {client}")
        python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
        files = [os.path.relpath(p, ROOT) for p in direct] + embedded
        return subprocess.call([python, load] + files, cwd=ROOT)


if __name__ == "__main__":
    if len(sys.argv) != 3 or (sys.argv[1], sys.argv[2]) not in GLOBS:
        sys.exit("usage: run.py hera|kfp-sdk golden|examples")
    sys.exit(main(sys.argv[1], sys.argv[2]))
