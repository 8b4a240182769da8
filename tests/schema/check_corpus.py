#!/usr/bin/env python3
"""schema/examples: every example and golden spec validates, with every file it loads.

Specs: examples/*.yaml, examples/pipelines/*.yaml, examples/tour/*.yaml and
tests/golden/*/spec.yaml. Each is validated with the pipeline schema, and each file it loads
with its own: sub-pipelines (`pipeline:`) with the pipeline schema, `imports` with
`$defs/library`, `file:` components with `$defs/component_file` (KFP component.yaml or mlpc
component). The other YAML files under examples/ and tests/golden/ (outside the compiler's
outputs) are validated too, by what they are. `mlpc lint --target argo` runs on each spec,
for the table: a spec the compiler accepts, or rejects only for references, types or
capabilities, must validate; none may have a shape error.

usage: check_corpus.py MLPC
"""
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import glob
import os

import schema_lib as L


def kind_of(value):
    if isinstance(value, dict) and "implementation" in value:
        return "component"
    if isinstance(value, dict) and "tasks" in value:
        return "pipeline"
    if isinstance(value, dict) and "components" in value:
        return "library"
    return "component"


def main():
    mlpc = sys.argv[1]
    schemas = L.Schemas()
    r = L.ROOT
    specs = sorted(glob.glob(f"{r}/examples/*.yaml") + glob.glob(f"{r}/examples/pipelines/*.yaml")
                   + glob.glob(f"{r}/examples/tour/*.yaml") + glob.glob(f"{r}/tests/golden/*/spec.yaml"))
    failures, rows, seen = [], [], set()
    for spec in specs:
        rc, errors, warnings = L.lint(mlpc, spec, "argo")
        results = L.validate_tree(schemas, spec)
        bad = [x for x in results if x.rejected or x.missing]
        seen.update(x.path for x in results)
        shape = [c for c in errors if L.is_shape(c)]
        if shape:
            failures.append(f"{os.path.relpath(spec, r)}: the compiler reports shape errors {shape}")
        for x in bad:
            failures.append(x.summary())
        compiler = "ok" if rc == 0 else ",".join(sorted(set(errors)))
        rows.append((os.path.relpath(spec, r), len(results), compiler, "invalid" if bad else "valid"))
    others = sorted(p for p in glob.glob(f"{r}/examples/**/*.yaml", recursive=True)
                    + glob.glob(f"{r}/tests/golden/**/*.yaml", recursive=True)
                    if os.path.normpath(p) not in seen and "/out/" not in p
                    and not os.path.basename(p).startswith("expected"))
    for path in others:
        try:
            kind = kind_of(L.load_file(path))
        except L.LoadError as e:
            failures.append(f"{os.path.relpath(path, r)}: {e}")
            continue
        results = L.validate_tree(schemas, path, kind)
        bad = [x for x in results if x.rejected or x.missing]
        failures.extend(x.summary() for x in bad)
        rows.append((os.path.relpath(path, r) + f" ({kind}, not loaded by a spec)", len(results), "-",
                     "invalid" if bad else "valid"))
    w = max(len(x[0]) for x in rows)
    print(f"{'spec':{w}}  files  {'mlpc lint':10}  schema")
    for name, n, compiler, result in rows:
        print(f"{name:{w}}  {n:5}  {compiler:10}  {result}")
    n_files = sum(x[1] for x in rows)
    print(f"\n{len(specs)} specs and {len(others)} other files, {n_files} files validated")
    if len(specs) < 20:
        failures.append(f"only {len(specs)} specs found; is the source tree there?")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
