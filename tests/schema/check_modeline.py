#!/usr/bin/env python3
"""schema/modeline: the editor modeline the README shows resolves to the schema.

yaml-language-server (VS Code's YAML extension, and editors that use it) reads a comment

    # yaml-language-server: $schema=../schemas/mlpc-pipeline.schema.json

and resolves a relative path against the directory of the YAML file. This test:
  1. copies examples/ and schemas/ to a scratch tree (the repository is not touched), puts
     the README's modeline (MODELINE below, with `../` per directory level below examples/)
     on the first line of every spec there, resolves it as the editor does, and checks that
     it names the schema, that the spec validates against the file it names, and that
     `mlpc compile --target argo` writes the same with and without it (a comment changes
     nothing);
  2. checks every modeline already in examples/ and tests/golden/: it must name the schema
     (relative to its file) and the file must validate as a pipeline spec;
  3. checks that a modeline shown in README.md is MODELINE.

usage: check_modeline.py MLPC
"""
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import glob
import json
import os
import re
import shutil
import subprocess
import tempfile

import schema_lib as L

# The line the README shows, for a spec in examples/.
MODELINE = "# yaml-language-server: $schema=../schemas/mlpc-pipeline.schema.json"
_RE = re.compile(r"^#\s*yaml-language-server:\s*\$schema=(\S+)\s*$", re.M)


def resolve(spec_path, target):
    """The file a modeline names, as yaml-language-server resolves it (None for URLs)."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", target):
        return None
    return os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(spec_path)), target))


def main():
    mlpc = sys.argv[1]
    failures, checked = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(os.path.join(L.ROOT, "examples"), os.path.join(tmp, "examples"))
        shutil.copytree(os.path.join(L.ROOT, "schemas"), os.path.join(tmp, "schemas"))
        schema_copy = os.path.join(tmp, "schemas", "mlpc-pipeline.schema.json")
        for spec in sorted(glob.glob(os.path.join(tmp, "examples", "**", "*.yaml"), recursive=True)):
            rel = os.path.relpath(spec, os.path.join(tmp, "examples"))
            if rel.startswith("out" + os.sep) or rel.startswith("components" + os.sep):
                continue
            depth = rel.count(os.sep)
            line = MODELINE.replace("=../", "=" + "../" * (depth + 1), 1)
            with open(spec, encoding="utf-8") as f:
                text = f.read()
            with open(spec, "w", encoding="utf-8") as f:
                f.write(line + "\n" + text)
            target = _RE.search(line + "\n").group(1)
            named = resolve(spec, target)
            if named != schema_copy or not os.path.isfile(named):
                failures.append(f"examples/{rel}: `{line}` names {named}, not the schema")
                continue
            with open(named, encoding="utf-8") as f:
                schemas = L.Schemas(json.load(f))
            errors = schemas.errors("pipeline", L.load_file(spec))
            if errors:
                failures.append(f"examples/{rel} with the modeline: " + "; ".join(map(L.describe, errors[:3])))
            original = os.path.join(L.ROOT, "examples", rel)
            a = subprocess.run([mlpc, "compile", "--target", "argo", original], capture_output=True, text=True)
            b = subprocess.run([mlpc, "compile", "--target", "argo", spec], capture_output=True, text=True)
            if (a.returncode, a.stdout) != (b.returncode, b.stdout):
                failures.append(f"examples/{rel}: with the modeline, `mlpc compile --target argo` exits "
                                f"{b.returncode} (was {a.returncode}) or writes something else")
            checked += 1
            print(f"ok: examples/{rel}: `{line}` -> schemas/mlpc-pipeline.schema.json")

    existing = 0
    for path in sorted(glob.glob(os.path.join(L.ROOT, "examples", "**", "*.yaml"), recursive=True)
                       + glob.glob(os.path.join(L.ROOT, "tests", "golden", "**", "*.yaml"), recursive=True)):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for m in _RE.finditer(text):
            existing += 1
            rel = os.path.relpath(path, L.ROOT)
            named = resolve(path, m.group(1))
            if named != os.path.normpath(L.SCHEMA_PATH):
                failures.append(f"{rel}: the modeline names {m.group(1)}, not ../schemas/mlpc-pipeline.schema.json "
                                "relative to the file")
            elif any(r.rejected for r in L.validate_tree(L.Schemas(), path)):
                failures.append(f"{rel}: has the pipeline schema's modeline but does not validate as a spec")
    # The README, once it shows the modeline, shows this one.
    with open(os.path.join(L.ROOT, "README.md"), encoding="utf-8") as f:
        for m in _RE.finditer(f.read()):
            if m.group(0).strip() != MODELINE:
                failures.append(f"README.md shows `{m.group(0).strip()}`; the tested line is `{MODELINE}`")
    print(f"\n{checked} specs checked with the README modeline; {existing} modelines already in the tree")
    if checked == 0:
        failures.append("no example specs found")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
