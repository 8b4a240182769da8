"""The three lint reports of the fixture say the same thing: check_reports.py MLPC.

The json report is checked against the sources (columns counted in code points, not
bytes or UTF-16 units) and the registry; the sarif and github reports are then checked
against the json report, diagnostic by diagnostic, and against the escaping rules of
their consumers. Run from the repository root.
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse

MLPC = sys.argv[1]
FIXTURES = "tests/lint/fixtures"
FIXTURE = [f"{FIXTURES}/{name}.yaml" for name in ("train", "shape", "ingest", "clean")] + ["-"]
ODD_NAME = "odd, name%: é#1.yaml"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
    return cond


def lint(fmt, files, cwd=None):
    with open(f"{FIXTURES}/stdin.yaml", "rb") as stdin:
        p = subprocess.run([MLPC, "lint", "--format", fmt, *files], stdin=stdin, capture_output=True,
                           cwd=cwd, env={**os.environ, "NO_COLOR": "1"})
    return p.returncode, p.stdout.decode(), p.stderr.decode()


def registry():
    codes = []
    for line in open("lib/diag/codes.def", encoding="utf-8"):
        m = re.match(r'X\((\w+), (\w+), "([^"]+)"', line)
        if m:
            codes.append({"id": m[1], "severity": m[2].lower(), "name": m[3]})
    return codes


def explanation(code):
    out = subprocess.run([MLPC, "explain", code], capture_output=True, check=True).stdout.decode()
    return out.split("\n\n", 1)[1]  # after the "E0302 (unknown-task, error)" heading


def full_text(d):
    """What sarif and github carry as the message: the message, then the hint."""
    return d["message"] + (f" ({d['hint']})" if d["hint"] else "")


VERSION = subprocess.run([MLPC, "--version"], capture_output=True, check=True).stdout.decode().split()[1]
CODES = registry()
BY_ID = {c["id"]: c for c in CODES}

# ---- json: against the sources and the registry ------------------------------------------
rc, out, err = lint("json", FIXTURE)
check(rc == 1, f"json: exit {rc}, want 1")
report = json.loads(out)
check(list(report) == ["version", "tool", "files", "summary"], f"json: top-level keys {list(report)}")
check(report["version"] == 1, "json: version is 1")
check(report["tool"] == {"name": "mlpc", "version": VERSION}, f"json: tool {report['tool']}")
paths = [f["path"] for f in report["files"]]
check(paths == FIXTURE[:-1] + ["<stdin>"], f"json: every file in command-line order, stdin as <stdin>: {paths}")
check(report["files"][3]["diagnostics"] == [], "json: the clean file is listed with no diagnostics")
errors = warnings = 0
for f in report["files"]:
    e = sum(d["severity"] == "error" for d in f["diagnostics"])
    w = sum(d["severity"] == "warning" for d in f["diagnostics"])
    check((f["errors"], f["warnings"]) == (e, w), f"json: counts of {f['path']}")
    errors, warnings = errors + e, warnings + w
    for d in f["diagnostics"]:
        c = BY_ID.get(d["code"])
        check(c and c["name"] == d["name"] and c["severity"] == d["severity"], f"json: {d['code']} as registered")
        check(list(d) == ["code", "name", "severity", "message", "hint", "path", "line", "column", "end_line",
                          "end_column", "notes"], f"json: keys of {d['code']}: {list(d)}")
        for n in d["notes"]:
            check(list(n) == ["message", "path", "line", "column"], f"json: note keys {list(n)}")
summary = report["summary"]
check(summary == {"files": 5, "errors": errors, "warnings": warnings}, f"json: summary {summary}")
check(err == f"mlpc: {errors} errors, {warnings} warnings\n", f"json: stderr is the summary alone: {err!r}")


def source_line(path, line):
    text = open(f"{FIXTURES}/stdin.yaml" if path == "<stdin>" else path, encoding="utf-8").read()
    return text.split("\n")[line - 1]


# Columns are code points: the line of E0302 has é, ê and an emoji (two UTF-16 units)
# before the column, so bytes, UTF-16 units and code points all differ there.
spans = {"E0302": "trian", "E0201": "comand", "E0102": "hello", "W0103": "batch", "E0307": "a"}
for f in report["files"]:
    for d in f["diagnostics"]:
        line = source_line(d["path"], d["line"])
        got = line[d["column"] - 1:d["end_column"] - 1]
        if d["code"] in spans:
            check(got == spans[d["code"]], f"json: {d['code']} covers {got!r}, want {spans[d['code']]!r}")
        check(d["end_line"] == d["line"] and d["end_column"] > d["column"], f"json: {d['code']} span")
        for n in d["notes"]:
            check(n["line"] and n["column"] <= len(source_line(n["path"], n["line"])), f"json: note of {d['code']}")
e0302 = next(d for f in report["files"] for d in f["diagnostics"] if d["code"] == "E0302")
raw = source_line(e0302["path"], e0302["line"])
check(e0302["column"] == raw.index("[trian]") + 2, "json: E0302 column in code points")
check(len(raw[:e0302["column"]].encode("utf-16-le")) // 2 != e0302["column"], "fixture: UTF-16 differs there")
check(len(raw[:e0302["column"]].encode()) != e0302["column"], "fixture: bytes differ there")
e0401 = next(d for f in report["files"] for d in f["diagnostics"] if d["code"] == "E0401")
check(e0401["notes"][0]["path"] == f"{FIXTURES}/lib/steps.lib.yaml", "json: the note points into the imported file")
diags = [d for f in report["files"] for d in f["diagnostics"]]

# ---- sarif: against the json report ------------------------------------------------------
rc, out, err = lint("sarif", FIXTURE)
check(rc == 1, f"sarif: exit {rc}, want 1")
sarif = json.loads(out)
check(sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json", "sarif: $schema")
check(sarif["version"] == "2.1.0" and len(sarif["runs"]) == 1, "sarif: 2.1.0, one run")
run = sarif["runs"][0]
drv = run["tool"]["driver"]
check((drv["name"], drv["version"], drv["semanticVersion"]) == ("mlpc", VERSION, VERSION), "sarif: driver")
check("informationUri" not in drv, "sarif: no informationUri without a real one")
check(run["columnKind"] == "unicodeCodePoints", "sarif: columnKind")
check(run["invocations"] == [{"executionSuccessful": True}], "sarif: invocations")
rules = drv["rules"]
check([r["id"] for r in rules] == [c["id"] for c in CODES], "sarif: every registry code is a rule, in order")
for r, c in zip(rules, CODES):
    check(r["name"] == "".join(w.capitalize() for w in c["name"].split("-")), f"sarif: name of {c['id']}")
    check(r["shortDescription"]["text"] == c["name"].replace("-", " "), f"sarif: shortDescription of {c['id']}")
    check(r["defaultConfiguration"]["level"] == c["severity"], f"sarif: level of {c['id']}")
    text = explanation(c["id"])
    check(r["help"]["text"] == text, f"sarif: help.text of {c['id']} is the explanation")
    check(r["fullDescription"]["text"] == " ".join(text.split("\n\n")[0].split("\n")),
          f"sarif: fullDescription of {c['id']} is the first paragraph")
    md = r["help"]["markdown"]
    source = open(f"docs/diagnostics/{c['id']}.md", encoding="utf-8").read()
    check(md == source.split("\n\n", 1)[1] and "## Example\n\n```" in md and "## Fix\n\n```" in md,
          f"sarif: markdown of {c['id']} is docs/diagnostics/{c['id']}.md without its title")
artifacts = [a["location"].get("uri") for a in run["artifacts"]]
check(artifacts == [FIXTURE[0], f"{FIXTURES}/lib/steps.lib.yaml", *FIXTURE[1:4], "file:///dev/stdin"],
      f"sarif: artifacts {artifacts}")


def check_location(loc, path, line, column, end_column, what):
    art = loc["physicalLocation"]["artifactLocation"]
    if path == "<stdin>":
        check(art["uri"] == "file:///dev/stdin" and "uriBaseId" not in art, f"{what}: stdin uri")
    else:
        check(art["uri"] == path and art["uriBaseId"] == "%SRCROOT%", f"{what}: uri {art}")
    check(run["artifacts"][art["index"]]["location"]["uri"] == art["uri"], f"{what}: artifact index")
    region = loc["physicalLocation"]["region"]
    check(region["startLine"] == region["endLine"] == line and region["startColumn"] == column
          and (end_column is None or region["endColumn"] == end_column), f"{what}: region {region}")


results = run["results"]
check(len(results) == len(diags), "sarif: one result per diagnostic")
for r, d in zip(results, diags):
    what = f"sarif: {d['code']} at {d['path']}:{d['line']}"
    check(r["ruleId"] == d["code"] and "ruleIndex" not in r and d["code"] in [x["id"] for x in rules],
          f"{what}: rule, by id")
    check(r["level"] == d["severity"], f"{what}: level")
    want = full_text(d) + "".join(f"; note: [{n['message']}]({i + 1})" for i, n in enumerate(d["notes"]))
    check(r["message"]["text"] == want, f"{what}: message {r['message']['text']!r}")
    check_location(r["locations"][0], d["path"], d["line"], d["column"], d["end_column"], what)
    related = r.get("relatedLocations", [])
    check(len(related) == len(d["notes"]), f"{what}: related locations")
    for i, (rl, n) in enumerate(zip(related, d["notes"])):
        check(rl["id"] == i + 1 and rl["message"]["text"] == n["message"], f"{what}: note {i + 1}")
        check_location(rl, n["path"], n["line"], n["column"], None, f"{what}: note {i + 1}")


# ---- github: against the json report -----------------------------------------------------
def unescape(s):
    return re.sub(r"%(25|0D|0A|3A|2C)", lambda m: urllib.parse.unquote("%" + m[1]), s)


COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")
rc, out, err = lint("github", FIXTURE)
check(rc == 1, f"github: exit {rc}, want 1")
lines = out.split("\n")
check(lines[-1] == "" and len(lines) - 1 == len(diags), "github: one line per diagnostic")
for line, d in zip(lines, diags):
    m = COMMAND.match(line)
    if not check(m, f"github: not a workflow command: {line}"):
        continue
    props = dict(p.split("=", 1) for p in m[2].split(","))
    props = {k: unescape(v) for k, v in props.items()}
    check(m[1] == {"error": "error", "warning": "warning"}[d["severity"]], f"github: command of {d['code']}")
    check(props == {"file": d["path"], "line": str(d["line"]), "col": str(d["column"]),
                    "endLine": str(d["end_line"]), "endColumn": str(d["end_column"]),
                    "title": f"{d['code']} {d['name']}"}, f"github: properties {props}")
    want = full_text(d) + "".join(f"\nnote: {n['path']}:{n['line']}:{n['column']}: {n['message']}"
                                  for n in d["notes"])
    check(unescape(m[3]) == want, f"github: message of {d['code']}")

# ---- escaping: a file name and a message with every special character -------------------
with tempfile.TemporaryDirectory() as tmp:
    with open(os.path.join(tmp, ODD_NAME), "w", encoding="utf-8") as f:
        f.write('version: 1\nname: odd\ntasks:\n'
                '  hello: {image: alpine:3.20, command: [echo, "ça"], "we%ird\\nkey,a:b": 1}\n')
    rc, out, _ = lint("github", [ODD_NAME], cwd=tmp)
    check(out.startswith("::error file=odd%2C name%25%3A é#1.yaml,line=4,col=54,endLine=4,endColumn=71,"
                         "title=E0201 unknown-key::unknown key `we%25ird\\nkey,a:b` in task `hello` ("),
          f"github: escaping {out!r}")
    rc, out, _ = lint("json", [ODD_NAME], cwd=tmp)
    d = json.loads(out)["files"][0]["diagnostics"][0]
    check(d["message"] == "unknown key `we%ird\nkey,a:b` in task `hello`" and d["column"] == 54,
          f"json: the message as reported {d['message']!r}")
    rc, out, _ = lint("sarif", [ODD_NAME, os.path.join(tmp, ODD_NAME)], cwd=tmp)
    run = json.loads(out)["runs"][0]
    encoded = "odd%2C%20name%25%3A%20%C3%A9%231.yaml"
    rel, absolute = (r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run["results"])
    check(rel == {"uri": encoded, "uriBaseId": "%SRCROOT%", "index": 0}, f"sarif: relative uri {rel}")
    want = "file://" + urllib.parse.quote(tmp) + "/" + encoded
    check(absolute == {"uri": want, "index": 1}, f"sarif: absolute uri {absolute}, want {want}")
    check(run["results"][0]["message"]["text"].startswith("unknown key `we%ird\nkey,a:b`"), "sarif: message")

for f in failures:
    print("FAIL: " + f)
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
