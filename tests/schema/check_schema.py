#!/usr/bin/env python3
"""schema/printed and schema/well-formed.

  check_schema.py printed MLPC   `mlpc schema` prints the committed file, byte for byte
  check_schema.py well-formed    the file is a valid draft 2020-12 schema with a `urn:`
                                 `$id`, a title and description; every property has a
                                 description; its patterns are the ones patterns.py builds
                                 and compile as ECMA-262 (with node, when installed);
                                 it uses only keywords that draft-7 editors read, plus
                                 `$defs` and `dependentRequired`, which they skip safely,
                                 and no `$ref` has siblings but `description`
"""
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import json
import re
import shutil
import subprocess

import schema_lib as L
import patterns as P


def printed(mlpc):
    with open(L.SCHEMA_PATH, "rb") as f:
        committed = f.read()
    p = subprocess.run([mlpc, "schema"], capture_output=True)
    if p.returncode != 0:
        print(f"FAIL: `mlpc schema` exited {p.returncode}: {p.stderr.decode(errors='replace')}")
        return 1
    if p.stdout != committed:
        n = next((i for i, (a, b) in enumerate(zip(p.stdout, committed)) if a != b), min(len(p.stdout), len(committed)))
        print(f"FAIL: `mlpc schema` differs from schemas/mlpc-pipeline.schema.json at byte {n} "
              f"({len(p.stdout)} vs {len(committed)} bytes); rebuild, CMake embeds the file at configure time")
        return 1
    if p.stderr:
        print(f"FAIL: `mlpc schema` wrote to stderr: {p.stderr.decode(errors='replace')}")
        return 1
    print(f"ok: `mlpc schema` prints the committed schema ({len(committed)} bytes)")
    return 0


# Keywords an editor that implements draft 7 reads (yaml-language-server validates with
# draft-7 semantics today), plus the 2020-12 ones this schema uses and what they skip.
DRAFT7 = {"$schema", "$id", "$ref", "title", "description", "type", "enum", "const", "properties",
          "additionalProperties", "required", "items", "minItems", "maxItems", "uniqueItems", "maxProperties", "pattern", "minLength", "maxLength", "minimum",
          "propertyNames", "anyOf", "oneOf", "allOf", "not", "if", "then", "else"}
SKIPPED_BY_DRAFT7 = {"$defs": "holds the definitions; `$ref`s reach them by JSON pointer all the same",
                     "dependentRequired": "`engine` needs `pipeline`, `parallelism` needs `foreach`, `nats.url` "
                                          "and `nats.subject` go together: not checked there"}


def walk(node, path=""):
    """(path, schema) of every subschema."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            if k in ("properties", "$defs", "dependentRequired"):
                for name, sub in v.items():
                    yield from walk(sub, f"{path}/{k}/{name}")
            elif k in ("anyOf", "oneOf", "allOf") and isinstance(v, list):
                for i, sub in enumerate(v):
                    yield from walk(sub, f"{path}/{k}/{i}")
            elif k in ("items", "additionalProperties", "propertyNames", "not", "if", "then", "else") \
                    and isinstance(v, dict):
                yield from walk(v, f"{path}/{k}")


def resolve(schema, ptr):
    node = schema
    for part in ptr.strip("/").split("/"):
        node = node[int(part)] if isinstance(node, list) else node[part.replace("~1", "/").replace("~0", "~")]
    return node


def well_formed():
    failures = []
    with open(L.SCHEMA_PATH, encoding="utf-8") as f:
        text = f.read()
    schema = json.loads(text)
    try:
        L.jsonschema.Draft202012Validator.check_schema(schema)
    except L.jsonschema.SchemaError as e:
        failures.append(f"not a valid 2020-12 schema: {e.message} at {list(e.absolute_path)}")
    if schema.get("$schema") != "https://json-schema.org/draft/2020-12/schema":
        failures.append("`$schema` is not draft 2020-12")
    if not re.match(r"^urn:[a-z0-9][a-z0-9-]*:", schema.get("$id", "")):
        failures.append("`$id` is not a urn: (no URL is published for the schema)")
    for key in ("title", "description"):
        if not schema.get(key):
            failures.append(f"no `{key}`")
    if ")mlpc_schema\"" in text:
        failures.append("the text would end the raw string CMake embeds it in")
    if not text.endswith("\n"):
        failures.append("no final newline")

    keywords = set()
    n_props = 0
    for path, sub in walk(schema):
        keywords.update(sub.keys())
        if "$ref" in sub and set(sub) - {"$ref", "description"}:
            failures.append(f"{path}: `$ref` with {sorted(set(sub) - {'$ref', 'description'})} beside it "
                            "(draft-7 editors ignore the siblings of `$ref`)")
        if re.search(r"/(if|then|else|not)(/|$)", path):
            continue  # conditions restate properties that are described where they are defined
        for name, prop in sub.get("properties", {}).items():
            n_props += 1
            if not (isinstance(prop, dict) and prop.get("description")):
                failures.append(f"{path}/properties/{name} has no description")
    unknown = keywords - DRAFT7 - set(SKIPPED_BY_DRAFT7)
    if unknown:
        failures.append(f"keywords outside draft 7 + {sorted(SKIPPED_BY_DRAFT7)}: {sorted(unknown)} "
                        "(editors that implement draft 7 would ignore them; add them here deliberately)")

    # Patterns: each one where patterns.py says, and no other.
    found = {path + "/pattern": sub["pattern"] for path, sub in walk(schema) if "pattern" in sub}
    for ptr, want in P.PLACES.items():
        try:
            got = resolve(schema, ptr)
        except (KeyError, IndexError, ValueError):
            failures.append(f"no pattern at {ptr}")
            continue
        if got != want:
            failures.append(f"pattern at {ptr} is not the one patterns.py builds")
    for ptr in sorted(set(found) - set(P.PLACES)):
        failures.append(f"pattern at {ptr} is not listed in patterns.PLACES")
    for ptr, pat in found.items():
        try:
            re.compile(pat)
        except re.error as e:
            failures.append(f"pattern at {ptr} does not compile in Python: {e}")
    node = shutil.which("node")
    if node:
        js = ("const ps = JSON.parse(require('fs').readFileSync(0, 'utf8')); let bad = 0;"
              "for (const [k, p] of Object.entries(ps)) { try { new RegExp(p, 'u'); } "
              "catch (e) { console.log(k + ': ' + e.message); bad++; } } process.exit(bad ? 1 : 0);")
        p = subprocess.run([node, "-e", js], input=json.dumps(found), capture_output=True, text=True)
        if p.returncode != 0:
            failures.append("patterns that are not ECMA-262 (unicode mode): " + p.stdout + p.stderr)
        ecma = "ECMA-262 checked with node"
    else:
        ecma = "ECMA-262 not checked (no node)"

    for f in failures:
        print("FAIL:", f)
    if not failures:
        print(f"ok: draft 2020-12, $id {schema['$id']}, {len(schema['$defs'])} definitions, {n_props} properties "
              f"all described, {len(found)} patterns as patterns.py builds them ({ecma})")
        for k, why in SKIPPED_BY_DRAFT7.items():
            print(f"    2020-12 keyword `{k}`: draft-7 editors skip it; {why}")
    return 1 if failures else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["printed"]:
        sys.exit(printed(sys.argv[2]))
    if sys.argv[1:2] == ["well-formed"]:
        sys.exit(well_formed())
    print(__doc__)
    sys.exit(2)
