#!/usr/bin/env python3
"""docs/explanation-examples: every explanation's Example reports its code, and its Fix does not.

Each docs/diagnostics/CODE.md has an `## Example` and a `## Fix` block. A YAML block is
linted as a spec, on both targets, in a scratch directory that holds the files examples
name (`pipelines/train.yaml`): a block that is a fragment gets what a spec needs around
it (`version`, `name`; under `tasks:` when it is a map of tasks; a task when it has none);
a block with `version:` is a whole file. The Example must report CODE on at least one target; the Fix must report it on neither.
The few examples that illustrate a whole file's properties (sizes, bytes, several files)
or a command line are listed in NOT_A_SPEC with the reason, and must stay the only ones.

usage: check_explanations.py MLPC
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

MLPC = os.path.abspath(sys.argv[1])
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPEC_KEYS = {"version", "name", "description", "labels", "annotations", "params", "defaults", "components",
             "imports", "tasks", "finally", "outputs", "tracking", "schedule", "triggers", "argo", "kfp"}
NOT_A_SPEC = {
    "E0106": "600 levels of nesting, abbreviated",
    "E0107": "a byte that is not UTF-8, shown escaped",
    "E0109": "an import cycle between two library files",
    "E0110": "a command line (the limit is an option)",
    "E0113": "a directory where a component file is named",
    "E0114": "an expansion of thousands of aliases, abbreviated",
    "E0115": "a budget over many files, abbreviated",
    "E0214": "a component file, not a spec",
    "E0313": "a cycle between two sub-pipeline files",
}
FILES = {"pipelines/train.yaml": """version: 1
name: train
tasks:
  fit:
    image: python:3.12-slim
    command: [python, fit.py, --auc, "${{ outputs.auc }}"]
    outputs: {auc: float}
outputs:
  auc: ${{ tasks.fit.outputs.auc }}
"""}


def as_spec(text):
    lines = [l for l in text.split("\n") if l.strip()]
    if all(l.lstrip().startswith("#") for l in lines) or re.search(r"^version:", text, re.M):
        return text  # a whole file: comments only, or a spec
    first = re.match(r"^([a-z_0-9-]+):", text)
    if first and first.group(1) not in SPEC_KEYS:
        text = "tasks:\n" + "".join(f"  {l}\n" if l else "\n" for l in text.split("\n"))
    head = ("" if re.search(r"^version:", text, re.M) else "version: 1\n") + \
           ("" if re.search(r"^name:", text, re.M) else "name: example\n")
    spec = head + text
    if not re.search(r"^tasks:", spec, re.M):
        spec += "\ntasks:\n  noop: {image: alpine:3.20, command: [\"true\"]}\n"
    return spec


def codes(spec, target, scratch):
    path = os.path.join(scratch, "spec.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(spec)
    p = subprocess.run([MLPC, "lint", "--target", target, "--format", "json", "spec.yaml"], cwd=scratch,
                       capture_output=True, text=True)
    return {d["code"] for f in json.loads(p.stdout)["files"] for d in f["diagnostics"]}


failures, checked = [], 0
with tempfile.TemporaryDirectory() as scratch:
    for name, text in FILES.items():
        os.makedirs(os.path.dirname(os.path.join(scratch, name)), exist_ok=True)
        with open(os.path.join(scratch, name), "w", encoding="utf-8") as f:
            f.write(text)
    for path in sorted(glob.glob(os.path.join(ROOT, "docs/diagnostics/*.md"))):
        code = os.path.basename(path)[:-3]
        blocks = dict((k, (lang, body)) for k, lang, body in
                      re.findall(r"^## (Example|Fix)\n\n```(\w+)\n(.*?)^```", open(path, encoding="utf-8").read(),
                                 re.S | re.M))
        if code in NOT_A_SPEC:
            continue
        if set(blocks) != {"Example", "Fix"} or blocks["Example"][0] != "yaml" or blocks["Fix"][0] != "yaml":
            failures.append(f"{code}: no YAML `## Example` and `## Fix` block")
            continue
        hits = {t for t in ("argo", "kfp") if code in codes(as_spec(blocks["Example"][1]), t, scratch)}
        if not hits:
            failures.append(f"{code}: the Example does not report {code} on either target")
        fixed = {t for t in hits if code in codes(as_spec(blocks["Fix"][1]), t, scratch)}
        if fixed:
            failures.append(f"{code}: the Fix still reports {code} on {', '.join(sorted(fixed))}")
        checked += 1
for code, why in NOT_A_SPEC.items():
    print(f"not a spec: {code}: {why}")
for f in failures:
    print(f"FAIL {f}")
print(f"{checked - len(failures)} of {checked} explanations: the Example reports its code, the Fix does not")
sys.exit(1 if failures else 0)
