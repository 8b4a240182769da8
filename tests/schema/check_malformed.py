#!/usr/bin/env python3
"""schema/malformed: specs with a shape error, which both the schema and the compiler reject.

Each tests/schema/malformed/*.yaml starts with a comment saying what is wrong and a line

    # shape: E0201 at /tasks/hello

For each one:
  - the schema rejects it (applied to the spec and to each file it loads, each with its own
    schema), with an error at the JSON path after `at` or below it;
  - `mlpc lint --target argo FILE` exits 1 with at least one E01xx/E02xx error, among them the
    code after `shape:`;
  - the schema has an error at (or around) the line of every error the compiler reports, so
    both reject the same thing.
Files under malformed/files/ are loaded by the cases, not cases themselves.

usage: check_malformed.py MLPC
"""
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import glob
import os
import re

import schema_lib as L

DIR = os.path.join(L.HERE, "malformed")


def main():
    mlpc = sys.argv[1]
    schemas = L.Schemas()
    cases = sorted(glob.glob(os.path.join(DIR, "*.yaml")))
    failures, rows, by_code = [], [], {}
    for path in cases:
        name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            head = f.read(2000)
        m = re.search(r"^# shape: ([EW][0-9]{4}) at (\S+)$", head, re.M)
        if not m:
            failures.append(f"{name}: no `# shape: CODE at /json/path` line")
            continue
        code, at = m.group(1), m.group(2)
        by_code[code] = by_code.get(code, 0) + 1
        problems = []

        results = L.validate_tree(schemas, path)
        by_path = {r.path: r for r in results}
        rejected = [r for r in results if r.rejected]
        if not rejected:
            problems.append("the schema accepts it")
        elif not any(r.load_error for r in rejected):
            prefix = at.rstrip("/")
            paths = {p for r in rejected for e in r.errors for p in L.all_paths(e)}
            if not any(p == at or p.startswith(prefix + "/") for p in paths):
                problems.append(f"no schema error at {at} or below; errors at {sorted(paths)}")

        rc, diags = L.lint_diags(mlpc, path, "argo")
        errors = [d for d in diags if d.severity == "error"]
        codes = sorted({d.code for d in errors})
        if rc != 1:
            problems.append(f"mlpc lint exited {rc}, not 1")
        if not any(L.is_shape(d.code) for d in errors):
            problems.append(f"mlpc lint reported no shape error (E01xx/E02xx): {codes}")
        if code not in codes:
            problems.append(f"mlpc lint did not report {code}: {codes}")
        uncovered = [d for d in errors if d.line is None or d.path not in by_path or not by_path[d.path].covers(d.line)]
        if rejected and uncovered:
            problems.append(f"no schema error at the compiler's {uncovered}")

        schema_where = "; ".join(sorted({L.pointer(e.absolute_path) for r in rejected for e in r.errors}))[:60]
        rows.append((name, ",".join(codes), schema_where or "-", "FAIL" if problems else "ok"))
        for p in problems:
            failures.append(f"{name}: {p}")

    if not cases:
        failures.append("no cases under tests/schema/malformed")
    w = max((len(r[0]) for r in rows), default=10)
    print(f"{'case':{w}}  {'compiler':12}  {'schema errors at':60}  result")
    print(f"{'-' * w}  {'-' * 12}  {'-' * 60}  ------")
    for name, codes, where, result in rows:
        print(f"{name:{w}}  {codes:12}  {where:60}  {result}")
    print()
    print(f"{len(rows)} malformed specs, by the code they test: "
          + ", ".join(f"{c} {n}" for c, n in sorted(by_code.items())))
    if len(rows) < 30:
        failures.append(f"only {len(rows)} cases; keep at least 30")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
