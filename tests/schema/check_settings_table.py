"""The JSON Schema's settings against the table of constructs (lib/support/constructs.def),
the compiler's source of the settings' keys: `$defs/settings` has exactly the table's
keys, `defaults` is `$defs/settings`, tasks and components take every one of them with
the same schema, and the rules for `pipeline:` tasks refuse the table's Refused keys and,
without `engine: kfp`, its Launch keys, in the table's order (the order E0210 lists them).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "scripts"))
import constructs_table  # noqa: E402
from schema_lib import SCHEMA_PATH  # noqa: E402

settings, _ = constructs_table.read()
keys = [s["key"] for s in settings]
schema = json.load(open(SCHEMA_PATH))
defs = schema["$defs"]
failures = []


def shape(prop):
    """A property's schema without its description, which says it for the place."""
    return {k: v for k, v in prop.items() if k != "description"}


def check(ok, what):
    if not ok:
        failures.append(what)


written = list(defs["settings"]["properties"])
check(sorted(written) == sorted(keys),
      f"$defs/settings has {sorted(set(written) - set(keys))} beyond the table and lacks {sorted(set(keys) - set(written))}")
check(schema["properties"]["defaults"].get("$ref") == "#/$defs/settings", "`defaults` is not $defs/settings")
for where in ("task", "component_definition"):
    props = defs[where]["properties"]
    for k in keys:
        if k not in props:
            failures.append(f"$defs/{where} lacks setting `{k}`")
        elif k in written and shape(props[k]) != shape(defs["settings"]["properties"][k]):
            failures.append(f"$defs/{where} takes setting `{k}` with another schema (descriptions aside) than $defs/settings")

# The `pipeline:` task rules of $defs/task: `if` requires `pipeline` (and, for the Launch
# keys, an engine other than kfp); `then` lists the refused keys.
refused = [s["key"] for s in settings if s["pipeline_task"] == "Refused"]
launch = [s["key"] for s in settings if s["pipeline_task"] == "Launch"]
rules = {}
for rule in defs["task"].get("allOf", []):
    cond = rule.get("if", {})
    if cond.get("required") != ["pipeline"]:
        continue
    engine = cond.get("properties", {}).get("engine")
    rules["Launch" if engine == {"not": {"const": "kfp"}} else "Refused"] = list(rule["then"]["properties"])
check(rules.get("Refused") == refused, f"the schema refuses {rules.get('Refused')} on a `pipeline:` task, the table {refused}")
check(rules.get("Launch") == launch,
      f"the schema refuses {rules.get('Launch')} on a `pipeline:` task without `engine: kfp`, the table {launch}")

for f in failures:
    print(f)
if failures:
    sys.exit(1)
print(f"the schema's {len(keys)} settings and its `pipeline:` task rules match the table")
