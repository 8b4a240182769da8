#!/usr/bin/env python3
"""Writes docs/diagnostics.md from lib/diag/codes.def (the registry is the source), with a
link to each code's explanation, docs/diagnostics/CODE.md, and the message kinds of
lib/diag/messages.def under each code.

Rerun it after adding a code: python3 scripts/gen-diagnostics-doc.py > docs/diagnostics.md
`--check` compares instead (the test docs/diagnostics): exit 1 when the file is stale.
"""
import io
import pathlib
import re
import sys
from contextlib import redirect_stdout

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

# The message kinds: K(Id, "kind-name", Code, "message" "parts", "hint", A(type, arg) ...)
kinds = {}
literal = re.compile(r'\s*"((?:[^"\\]|\\.)*)"')
defs = "\n".join(l for l in (root / "lib/diag/messages.def").read_text().splitlines() if not l.startswith("//"))
for m in re.finditer(r'^K\((\w+), "([^"]+)", (\w+),', defs, re.M):
    pos, parts = m.end(), []
    while (lit := literal.match(defs, pos)):
        parts.append(lit.group(1).replace("\\\"", "\""))
        pos = lit.end()
    kinds.setdefault(m.group(3), []).append((m.group(2), "".join(parts)))


def template(message):
    """A kind's message as docs show it: `{arg}` for an argument, single braces for braces."""
    return message.replace("{{", "\0").replace("}}", "\1").replace("\0", "{").replace("\1", "}")


def render():
    print("# Diagnostics\n")
    print("Every diagnostic has a stable code. Codes are never renumbered; `mlpc explain CODE`")
    print("prints the rule, an example that triggers it and the fix, the text of")
    print("[`diagnostics/CODE.md`](diagnostics/) (linked from each code below). Errors make")
    print("`mlpc compile` and `mlpc lint` exit 1; warnings do not, unless `mlpc lint --werror`.\n")
    print("Each is printed as `file:line:col: severity: message [CODE]`, the source line with a")
    print("caret under the offending text, notes pointing at related places, and a hint.\n")
    for prefix, title in groups.items():
        print(f"## {prefix}xx: {title}\n")
        print("| code | name | hint |")
        print("|---|---|---|")
        for code, sev, name, hint in rows.get(prefix, []):
            cell = hint.replace("|", "\\|")
            print(f"| [{code}](diagnostics/{code}.md) | {name} | {cell} |")
        print()
    print("## Message kinds\n")
    print("A message kind is one message of a code, declared once in `lib/diag/messages.def` with")
    print("its text and named arguments (`{task}`); error tests name the kind of a target-capability")
    print("code that has several (`# expect: E0503[kfp-retry-on-error]@13`). Kinds are not part of")
    print("any output. Messages not listed here are written where they are reported.\n")
    print("| code | kind | message |")
    print("|---|---|---|")
    for prefix in groups:
        for code, _, _, _ in rows.get(prefix, []):
            for kind, message in kinds.get(code, []):
                cell = template(message).replace("|", "\\|")
                print(f"| {code} | `{kind}` | {cell} |")
    print()


buf = io.StringIO()
with redirect_stdout(buf):
    render()
if sys.argv[1:] == ["--check"]:
    doc = root / "docs/diagnostics.md"
    if doc.read_text() != buf.getvalue():
        print("docs/diagnostics.md is stale: python3 scripts/gen-diagnostics-doc.py > docs/diagnostics.md")
        sys.exit(1)
    print("docs/diagnostics.md is current")
else:
    sys.stdout.write(buf.getvalue())
