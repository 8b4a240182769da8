"""docs/lint-reports.md says what mlpc writes: doc_check.py MLPC.

- The examples after `<!-- example: json|sarif|github -->` are the reports of
  tests/lint/fixtures/evaluate.yaml. In the SARIF example, the rules shown stand for the
  whole list, and a string ending in `…` stands for any string that starts the same way.
  The tool version is not compared.
- The field table of the JSON section lists every field of the fixture's json report,
  with its type, and nothing else.
Run from the repository root.
"""
import json
import os
import re
import subprocess
import sys

MLPC = sys.argv[1]
DOC = "docs/lint-reports.md"
EXAMPLE = "tests/lint/fixtures/evaluate.yaml"
FIXTURE = [f"tests/lint/fixtures/{name}.yaml" for name in ("train", "shape", "ingest", "clean")] + ["-"]
failures = []
doc = open(DOC, encoding="utf-8").read()


def lint(fmt, files):
    with open("tests/lint/fixtures/stdin.yaml", "rb") as stdin:
        return subprocess.run([MLPC, "lint", "--format", fmt, *files], stdin=stdin, capture_output=True,
                              env={**os.environ, "NO_COLOR": "1"}).stdout.decode()


def example(name):
    m = re.search(r"<!-- example: %s -->\n```\w*\n(.*?)```" % name, doc, re.S)
    if not m:
        failures.append(f"no example marked `{name}`")
        return None
    return m[1]


def matches(want, got, where):
    """Whether the documented value `want` describes `got`; reports the first difference."""
    if isinstance(want, str) and want.endswith("…") and isinstance(got, str):
        ok = got.startswith(want[:-1])
    elif isinstance(want, dict) and isinstance(got, dict):
        if list(want) != list(got):
            failures.append(f"{where}: keys {list(want)}, mlpc writes {list(got)}")
            return False
        return all(matches(want[k], got[k], f"{where}.{k}") for k in want)
    elif isinstance(want, list) and isinstance(got, list) and len(want) == len(got):
        return all(matches(w, g, f"{where}[{i}]") for i, (w, g) in enumerate(zip(want, got)))
    else:
        ok = want == got
    if not ok:
        failures.append(f"{where}: the doc has {json.dumps(want)[:200]}, mlpc writes {json.dumps(got)[:200]}")
    return ok


# json
text = example("json")
if text is not None:
    want, got = json.loads(text), json.loads(lint("json", [EXAMPLE]))
    got["tool"]["version"] = want["tool"]["version"]
    matches(want, got, "json")

# sarif: the rules the doc shows, out of all of them
text = example("sarif")
if text is not None:
    want, got = json.loads(text), json.loads(lint("sarif", [EXAMPLE]))
    drv_want, drv_got = want["runs"][0]["tool"]["driver"], got["runs"][0]["tool"]["driver"]
    shown = [r["id"] for r in drv_want["rules"]]
    drv_got["rules"] = [r for r in drv_got["rules"] if r["id"] in shown]
    drv_got["version"], drv_got["semanticVersion"] = drv_want["version"], drv_want["semanticVersion"]
    matches(want, got, "sarif")

# github
text = example("github")
if text is not None and text != lint("github", [EXAMPLE]):
    failures.append("github: the example differs from what mlpc writes:\n" + lint("github", [EXAMPLE]))

# The field table: every field of a report with notes, stdin and a clean file.
TYPES = {"integer": int, "string": str, "null": type(None), "array": list, "object": dict}
section = doc.split("## JSON", 1)[1].split("\n## ", 1)[0]
documented = {}
for m in re.finditer(r"^\| `([^`]+)` \| ([a-z ]+) \|", section, re.M):
    documented[m[1]] = tuple(TYPES[t] for t in m[2].split(" or "))
seen = {}


def walk(value, path):
    if isinstance(value, dict):
        for k, v in value.items():
            p = f"{path}.{k}" if path else k
            seen.setdefault(p, set()).add(type(v))
            walk(v, p)
    elif isinstance(value, list):
        for v in value:
            walk(v, path + "[]")


walk(json.loads(lint("json", FIXTURE)), "")
for path in sorted(set(seen) - set(documented)):
    failures.append(f"json: `{path}` is not in the field table of {DOC}")
for path in sorted(set(documented) - set(seen)):
    failures.append(f"json: the field table has `{path}`, which the fixture's report lacks")
for path in sorted(set(seen) & set(documented)):
    extra = seen[path] - set(documented[path])
    if extra:
        failures.append(f"json: `{path}` holds {sorted(t.__name__ for t in extra)}, not the documented type")

for f in failures:
    print("FAIL: " + f)
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
