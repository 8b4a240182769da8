#!/usr/bin/env python3
"""Writes docs/diagnostics.md from lib/diag/codes.def (the registry is the source).

A unit test checks that every registry code appears in the document; rerun this script
after adding a code: python3 scripts/gen-diagnostics-doc.py > docs/diagnostics.md
"""
import re
import pathlib

root = pathlib.Path(__file__).resolve().parent.parent
groups = {"E01": "YAML and files", "E02": "Spec shape", "E03": "References and graph",
          "E04": "Types", "E05": "Target capability", "W01": "Lint warnings"}
rows = {}
pattern = re.compile(r'^X\((\w+), (\w+), "([^"]+)", "((?:[^"\\]|\\.)*)"\)')
for line in (root / "lib/diag/codes.def").read_text().splitlines():
    m = pattern.match(line)
    if m:
        code, sev, name, hint = m.groups()
        rows.setdefault(code[:3], []).append((code, sev.lower(), name, hint.replace("\\\"", "\"")))
print("# Diagnostics\n")
print("Every diagnostic has a stable code. Codes are never renumbered; `mlpc explain CODE`")
print("prints the rule, an example that triggers it and the fix. Errors make `mlpc compile`")
print("and `mlpc lint` exit 1; warnings do not, unless `mlpc lint --werror`.\n")
print("Each is printed as `file:line:col: severity: message [CODE]`, the source line with a")
print("caret under the offending text, notes pointing at related places, and a hint.\n")
for prefix, title in groups.items():
    print(f"## {prefix}xx: {title}\n")
    print("| code | name | hint |")
    print("|---|---|---|")
    for code, sev, name, hint in rows.get(prefix, []):
        cell = hint.replace("|", "\\|")
        print(f"| {code} | {name} | {cell} |")
    print()
