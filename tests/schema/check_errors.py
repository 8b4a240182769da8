#!/usr/bin/env python3
"""schema/errors-agreement: the schema and the compiler agree on tests/errors/*.yaml.

For each error spec, `mlpc lint` (with the target and options the spec's `# mlpc-test:`
line asks for) says what the compiler rejects, and the schema is applied to the spec and to
every file it loads (sub-pipelines, imports, component files), each with its own schema,
as an editor does with each file it opens.

  compiler errors                         the schema must
  --------------------------------------  ------------------------------------------------
  all shape (E01xx, E02xx) or E0505       reject, with an error at (or around) the line of
                                          every compiler error
  none (exit 0, warnings only)            accept
  none of them shape                      accept (references, types and cycles are the
                                          compiler's job; the schema must not be stricter)
  shape and other errors                  nothing; shown for information

E0505 counts with shape: the schema also encodes the name length limits, which the compiler
checks on every target. A disagreement fails the test unless allowlist.txt names the spec
with the reason a JSON Schema cannot express that check; an allow-listed spec that agrees
fails too, so the list stays exact.

usage: check_errors.py MLPC
"""
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import glob
import os

import schema_lib as L


def main():
    mlpc = sys.argv[1]
    allow = L.read_allowlist(os.path.join(L.HERE, "allowlist.txt"))
    schemas = L.Schemas()
    specs = sorted(glob.glob(os.path.join(L.ROOT, "tests", "errors", "*.yaml")))
    if not specs:
        print("FAIL: no tests/errors/*.yaml")
        return 1
    rows, failures, counts = [], [], {}
    for path in specs:
        name = os.path.splitext(os.path.basename(path))[0]
        target, extra = L.lint_options(path)
        rc, diags = L.lint_diags(mlpc, path, target, extra)
        errors = [d for d in diags if d.severity == "error"]
        codes = sorted({d.code for d in errors})
        if rc not in (0, 1):
            failures.append(f"{name}: mlpc lint exited {rc}")
        if rc == 0 and not errors:
            expect = "accept"
        elif errors and all(L.is_encoded(d.code) for d in errors):
            expect = "reject"
        elif errors and not any(L.is_encoded(d.code) for d in errors):
            expect = "accept"
        else:
            expect = "-"
        results = L.validate_tree(schemas, path)
        by_path = {r.path: r for r in results}
        rejected = any(r.rejected for r in results)
        got = "reject" if rejected else "accept"
        uncovered = []
        if expect == "reject" and rejected:
            for d in errors:
                r = by_path.get(d.path)
                if d.line is None or r is None or not r.covers(d.line):
                    uncovered.append(d)
        if expect == "-":
            verdict = "info"
        elif got != expect:
            verdict = "DISAGREE"
        elif uncovered:
            verdict = "PARTIAL"
        else:
            verdict = "agree"
        if name in allow:
            if verdict in ("DISAGREE", "PARTIAL"):
                verdict = "allowed"
            else:
                failures.append(f"{name}: allow-listed, but the schema agrees; remove it from allowlist.txt")
        elif verdict in ("DISAGREE", "PARTIAL"):
            detail = "; ".join(r.summary() for r in results)
            if uncovered:
                detail = "no schema error at " + ", ".join(map(repr, uncovered)) + "; " + detail
            failures.append(f"{name}: compiler {','.join(codes) or 'accepts'} (expect {expect}), schema {got}: "
                            f"{detail}")
        counts[verdict] = counts.get(verdict, 0) + 1
        rows.append((name, ",".join(codes) or f"ok (exit {rc})", expect, got, verdict))
    missing_allowed = sorted(set(allow) - {r[0] for r in rows})
    for name in missing_allowed:
        failures.append(f"allowlist.txt names `{name}`, which is not in tests/errors")

    w = max(len(r[0]) for r in rows)
    print(f"{'spec':{w}}  {'compiler (mlpc lint)':22}  {'expected':8}  {'schema':6}  verdict")
    print(f"{'-' * w}  {'-' * 22}  {'-' * 8}  {'-' * 6}  -------")
    for name, codes, expect, got, verdict in rows:
        print(f"{name:{w}}  {codes:22}  {expect:8}  {got:6}  {verdict}")
    print()
    print(f"{len(rows)} error specs: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    for name, reason in sorted(allow.items()):
        print(f"allowed: {name}: {reason}")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
