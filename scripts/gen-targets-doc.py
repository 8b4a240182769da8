#!/usr/bin/env python3
"""Writes docs/targets.md from lib/support/constructs.def (the table is the source): every
construct, for each target, with what it becomes or why it is refused.

Rerun it after changing the table: python3 scripts/gen-targets-doc.py > docs/targets.md
`--check` compares instead (the test docs/targets): exit 1 when the file is stale.
"""
import io
import pathlib
import sys
from contextlib import redirect_stdout

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import constructs_table  # noqa: E402

MERGE = {"Replace": "the last layer's, whole", "ByField": "field by field", "ByKey": "key by key"}
PIPELINE_TASK = {"Refused": "no (E0210)", "Launch": "with `engine: kfp` only, for the launch step (E0210)",
                 "Allowed": "yes"}


def cell(text, refusals):
    text = text.replace("|", "\\|")
    if refusals:
        text += " [" + ", ".join(f"`{k}`" for k in refusals.split()) + "]"
    return text


def render():
    settings, constructs = constructs_table.read()
    print("# Constructs and targets\n")
    print("What each construct of the spec becomes on each target, or why a target refuses it.")
    print("Generated from `lib/support/constructs.def` by `scripts/gen-targets-doc.py`; edit the")
    print("table, not this file. [argo.md](argo.md) and [kfp.md](kfp.md) give the mappings in")
    print("full, [spec.md](spec.md) the language. A diagnostic kind in brackets (`kfp-...`) names")
    print("the refusal or warning a target gives for some uses of the construct.\n")
    print("## Settings\n")
    print("The settings of `defaults`, components and tasks ([spec.md](spec.md#10-settings)). A task")
    print("takes each from the last layer that sets it (task over component over defaults), as the")
    print("merge column says; the `pipeline:` column says whether a sub-pipeline task may set it.\n")
    print("| setting | merge | `pipeline:` task | Argo | KFP |")
    print("|---|---|---|---|---|")
    for s in settings:
        print(f"| `{s['key']}` | {MERGE[s['merge']]} | {PIPELINE_TASK[s['pipeline_task']]} | "
              f"{cell(s['argo'], s['argo_refusals'])} | {cell(s['kfp'], s['kfp_refusals'])} |")
    print()
    print("## Other constructs\n")
    print("| construct | Argo | KFP |")
    print("|---|---|---|")
    for c in constructs:
        print(f"| {c['name']} | {cell(c['argo'], c['argo_refusals'])} | {cell(c['kfp'], c['kfp_refusals'])} |")


buf = io.StringIO()
with redirect_stdout(buf):
    render()
if sys.argv[1:] == ["--check"]:
    doc = constructs_table.ROOT / "docs/targets.md"
    if not doc.exists() or doc.read_text() != buf.getvalue():
        print("docs/targets.md is stale: python3 scripts/gen-targets-doc.py > docs/targets.md")
        sys.exit(1)
    print("docs/targets.md is current")
else:
    sys.stdout.write(buf.getvalue())
