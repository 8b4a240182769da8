"""Shared parts of the schema tests: a YAML loader that reads what the compiler reads, the
validators of the schema and its `$defs` for library and component files, a walk over the
files a spec loads, and `mlpc lint` diagnostics.

YAML numbers vs strings. The compiler reads scalars by the YAML 1.2 core schema
(lib/frontend/reader.cc ToJson); PyYAML implements YAML 1.1, where `on`, `yes` and `off`
are booleans, `2024-01-01` is a date, `0o17`/`0x1F`/`1_000`/`1:30` are numbers and `=`
has a tag of its own. `Loader` below drops all of PyYAML's implicit resolvers and installs
the compiler's: plain `true`/`false` are booleans (and nothing else is: `True`, `yes` stay
strings), `null`/`Null`/`NULL`/`~`/empty is null, `[-+]?[0-9]+` (shorter than 19
characters) an integer, a decimal or exponent number a float, everything else and every
quoted or block scalar a string. Mapping keys are the key's text as written (`1:` gives
the key "1", `true:` the key "true"), as the compiler's are.

What a JSON Schema cannot see, because it sees only the loaded value, the loader reports
as the compiler's YAML layer does (E01xx): syntax errors, a second document, duplicate
keys, non-scalar keys, tags other than `!!str` and `!` on scalars, merges of non-maps,
aliases adding more than 1,000,000 nodes, nesting deeper than 256, invalid UTF-8
and NUL bytes. An editor's YAML parser reports those before the schema applies, too.
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SCHEMA_PATH = os.path.join(ROOT, "schemas", "mlpc-pipeline.schema.json")

SKIP = 77  # ctest SKIP_RETURN_CODE

try:
    import yaml
    import jsonschema
    jsonschema.Draft202012Validator  # 4.0+
except (ImportError, AttributeError) as e:  # pragma: no cover
    print(f"skipped: {e} (the schema tests need PyYAML and jsonschema 4.0+ for draft 2020-12)")
    sys.exit(SKIP)
try:
    # jsonschema 4.18+ resolves `$ref` through the `referencing` library...
    from referencing import Registry, Resource
except ImportError:
    # ...and earlier ones (Debian 12 ships 4.10) through RefResolver, deprecated since.
    Registry = Resource = None

MAX_NODES = 1_000_000
MAX_DEPTH = 256


class LoadError(Exception):
    """The file is not a YAML document the compiler reads; `code` is its E01xx analogue."""

    def __init__(self, code, message):
        super().__init__(f"{code}: {message}")
        self.code = code


class Loader(yaml.SafeLoader):
    """PyYAML's safe loader with the compiler's scalar rules (see the module docstring)."""

    def compose_scalar_node(self, anchor):
        event = self.peek_event()
        if event.tag not in (None, "!", "tag:yaml.org,2002:str", "!!str"):
            raise LoadError("E0111", f"YAML tag `{event.tag}` is not supported (line {event.start_mark.line + 1})")
        return super().compose_scalar_node(anchor)

    def compose_sequence_node(self, anchor):
        self.peek_event().tag = None  # tags on lists and maps are ignored, as the compiler does
        return super().compose_sequence_node(anchor)

    def compose_mapping_node(self, anchor):
        self.peek_event().tag = None
        return super().compose_mapping_node(anchor)

    def construct_mapping(self, node, deep=False):
        if not isinstance(node, yaml.MappingNode):
            raise LoadError("E0111", "a merge needs a map or a list of maps")
        seen = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                raise LoadError("E0111", f"a mapping key must be a plain value (line {key_node.start_mark.line + 1})")
            if key_node.value in seen:
                raise LoadError("E0102", f"duplicate key `{key_node.value}` (line {key_node.start_mark.line + 1})")
            seen.add(key_node.value)
        try:
            self.flatten_mapping(node)
        except yaml.constructor.ConstructorError as e:
            raise LoadError("E0111", str(e).splitlines()[0]) from None
        out = {}
        for key_node, value_node in node.value:
            key = "" if key_node.tag == "tag:yaml.org,2002:null" else key_node.value
            out[key] = self.construct_object(value_node, deep=deep)
        return out

    def construct_yaml_map(self, node):
        data = {}
        yield data
        data.update(self.construct_mapping(node))


def _int(loader, node):
    v = node.value
    if len(v) < 19:
        return int(v)
    return _float(loader, node)


def _float(loader, node):
    v = node.value
    if len(v) < 40:
        f = float(v)
        if f not in (float("inf"), float("-inf")) and f == f:
            return f
    return v


Loader.yaml_implicit_resolvers = {}
Loader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))
Loader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
Loader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
Loader.add_implicit_resolver("tag:yaml.org,2002:float",
                             re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
                             list("-+.0123456789"))
Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])
Loader.add_constructor("tag:yaml.org,2002:int", _int)
Loader.add_constructor("tag:yaml.org,2002:float", _float)
Loader.add_constructor("tag:yaml.org,2002:map", Loader.construct_yaml_map)
# Every other tag (timestamps, sets, binary, ...) is refused by compose_scalar_node or is
# never resolved implicitly.


def _check_limits(root):
    """Counts nodes as the compiler does: what aliases add (each alias costs its whole
    expanded size; the nodes written out in the file are free)."""
    sizes = {}
    stack = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        if depth > MAX_DEPTH:
            raise LoadError("E0106", f"nesting deeper than {MAX_DEPTH}")
        if id(node) in sizes:
            continue
        children = []
        if isinstance(node, yaml.SequenceNode):
            children = node.value
        elif isinstance(node, yaml.MappingNode):
            children = [v for pair in node.value for v in pair]
        if done or not children:
            total = 1 + sum(sizes[id(c)] for c in children)
            # Every node is composed once; the rest of the expanded size is aliases.
            if total - (len(sizes) + 1) > MAX_NODES:
                raise LoadError("E0105", f"YAML aliases add more than {MAX_NODES} nodes")
            sizes[id(node)] = total
            continue
        stack.append((node, depth, True))
        for c in children:
            if id(c) not in sizes:
                stack.append((c, depth + 1, False))


def load_text(text, with_node=False):
    """The JSON value of one YAML document, as the compiler reads it (with its node tree, for
    line numbers, when `with_node`); LoadError otherwise."""
    if "\0" in text:
        raise LoadError("E0107", "NUL byte in the file")
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        loader = Loader(text)
        try:
            node = loader.get_single_node()
            value = None
            if node is not None:
                _check_limits(node)
                value = loader.construct_document(node)  # also resolves merges in the node tree
            return (value, node) if with_node else value
        finally:
            loader.dispose()
    except LoadError:
        raise
    except RecursionError:
        raise LoadError("E0106", "nesting too deep for the YAML parser") from None
    except yaml.composer.ComposerError as e:
        code = "E0104" if "single document" in str(e) else "E0101"
        raise LoadError(code, str(e).splitlines()[0]) from None
    except yaml.YAMLError as e:
        raise LoadError("E0101", " ".join(str(e).split())[:200]) from None


def load_file(path, with_node=False):
    with open(path, "rb") as f:
        data = f.read()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LoadError("E0107", "not UTF-8 text") from None
    return load_text(text, with_node)


def lines_at(root, path):
    """The 1-based lines of the YAML node at a JSON path (keys as written, list indexes), from
    its key's line (the deepest node found when the path goes further), and the lines of
    the keys of the maps above it."""
    node, key, above = root, None, set()
    for part in path:
        if key is not None:
            above.add(key.start_mark.line + 1)
        nxt = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:  # merged keys first, the map's own last: the last one wins
                if isinstance(k, yaml.ScalarNode) and k.value == part:
                    nxt, key = v, k
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            nxt, key = node.value[part], None
        if nxt is None:
            break
        node = nxt
    first = (key or node).start_mark.line + 1
    last = node.end_mark.line + (1 if node.end_mark.column > 0 else 0)
    return set(range(first, max(first, last) + 1)) | above


# ---------------------------------------------------------------------------------------
# The schema and its validators.

def read_schema():
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        return json.load(f)


class Schemas:
    """Validators for the three kinds of file: pipeline specs (the schema itself), component
    libraries (`$defs/library`) and component files (`$defs/component_file`)."""

    def __init__(self, schema=None):
        self.schema = schema or read_schema()
        sid = self.schema["$id"]
        cls = jsonschema.Draft202012Validator

        def validator(schema):
            # The `$defs` validators reach the schema by its `$id`, one resolver each.
            if Registry is not None:
                return cls(schema, registry=Registry().with_resource(sid, Resource.from_contents(self.schema)))
            return cls(schema, resolver=jsonschema.RefResolver.from_schema(self.schema))

        self.validators = {
            "pipeline": validator(self.schema),
            "library": validator({"$ref": f"{sid}#/$defs/library"}),
            "component": validator({"$ref": f"{sid}#/$defs/component_file"}),
        }

    def errors(self, kind, value):
        return sorted(self.validators[kind].iter_errors(value), key=lambda e: list(map(str, e.absolute_path)))


def pointer(path):
    return "/" + "/".join(str(p) for p in path) if path else "/"


def describe(error):
    return f"{pointer(error.absolute_path)}: {error.message[:160]}"


def _with_context(error):
    """An error and the errors under it (anyOf/oneOf branches)."""
    yield error
    for sub in error.context or []:
        yield from _with_context(sub)


def all_paths(error):
    """The instance paths of an error and of the errors under it."""
    for e in _with_context(error):
        yield pointer(e.absolute_path)


class FileResult:
    def __init__(self, path, kind):
        self.path, self.kind = path, kind
        self.load_error = None   # LoadError
        self.errors = []         # schema errors
        self.node = None         # the YAML node tree, for line numbers
        self.missing = False     # the compiler cannot read it (E0103)
        self.cycle = False       # reached again through its own references (E0109/E0313)

    @property
    def rejected(self):
        return bool(self.load_error or self.errors)

    def covers(self, line):
        """Whether a schema error (or the loader) rejects the node on `line`, a node holding it,
        or a node within the entry whose key is on `line` (the compiler points at a task, the
        schema at the key of the task that is wrong)."""
        if self.load_error or (self.node is None and self.errors):
            return True  # not YAML the compiler reads, or an empty document
        for e in self.errors:
            for err in _with_context(e):
                if line in lines_at(self.node, list(err.absolute_path)):
                    return True
        return False

    def summary(self):
        rel = os.path.relpath(self.path, ROOT)
        if self.missing:
            return f"{rel}: missing"
        if self.load_error:
            return f"{rel}: not loadable ({self.load_error})"
        if self.errors:
            return f"{rel} ({self.kind}): " + "; ".join(describe(e) for e in self.errors[:3])
        return f"{rel} ({self.kind}): valid"


def _refs(kind, value):
    """(kind, relative path) of the files a spec, library or component file loads."""
    if not isinstance(value, dict):
        return
    comps = value.get("components")
    if kind == "component":
        comps = None
        if "implementation" not in value and isinstance(value.get("file"), str):
            yield "component", value["file"]
    if kind in ("pipeline", "library"):
        imports = value.get("imports")
        if isinstance(imports, list):
            for i in imports:
                if isinstance(i, str):
                    yield "library", i
    if isinstance(comps, dict):
        for c in comps.values():
            if isinstance(c, dict) and isinstance(c.get("file"), str):
                yield "component", c["file"]
    if kind == "pipeline":
        for section in ("tasks", "finally"):
            tasks = value.get(section)
            if isinstance(tasks, dict):
                for t in tasks.values():
                    if isinstance(t, dict) and isinstance(t.get("pipeline"), str):
                        yield "pipeline", t["pipeline"]


def validate_tree(schemas, path, kind="pipeline"):
    """Validates `path` and every file it loads (sub-pipelines, imports, component files),
    each with its own schema, as an editor validates each file it opens. Returns the
    FileResults, the spec's first."""
    results, active, done = [], [], set()

    def visit(p, k):
        p = os.path.normpath(p)
        if p in active:
            r = FileResult(p, k)
            r.cycle = True
            results.append(r)
            return
        if (p, k) in done:
            return
        done.add((p, k))
        r = FileResult(p, k)
        results.append(r)
        if not os.path.isfile(p):
            r.missing = True
            return
        try:
            value, r.node = load_file(p, with_node=True)
        except LoadError as e:
            r.load_error = e
            return
        r.errors = schemas.errors(k, value)
        active.append(p)
        for sub_kind, rel in _refs(k, value):
            visit(os.path.join(os.path.dirname(p), rel), sub_kind)
        active.pop()

    visit(path, kind)
    return results


# ---------------------------------------------------------------------------------------
# The compiler.

_DIAG = re.compile(r"^(.*?):([0-9]+):[0-9]+: (error|warning): .*\[([EW][0-9]{4})\]\s*$")
_DIAG_NOWHERE = re.compile(r": (error|warning): .*\[([EW][0-9]{4})\]\s*$")


class Diag:
    def __init__(self, severity, code, path=None, line=None):
        self.severity, self.code, self.path, self.line = severity, code, path, line

    def __repr__(self):
        return f"{self.code}@{os.path.basename(self.path or '?')}:{self.line}"


def options(path):
    """`# mlpc-test: target=kfp max-file-size=200` in a tests/errors spec."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return {}
    m = re.search(r"#\s*mlpc-test:(.*)", text)
    return dict(re.findall(r"([a-z-]+)=(\S+)", m.group(1))) if m else {}


def lint_diags(mlpc, path, target="argo", extra=()):
    """(exit code, [Diag]) of `mlpc lint --target TARGET PATH` (text format, on stderr)."""
    env = dict(os.environ, NO_COLOR="1")
    p = subprocess.run([mlpc, "lint", "--target", target, *extra, path], capture_output=True, text=True,
                       errors="replace", env=env, timeout=120)
    diags = []
    for line in p.stderr.splitlines():
        m = _DIAG.match(line)
        if m:
            diags.append(Diag(m.group(3), m.group(4), os.path.normpath(m.group(1)), int(m.group(2))))
            continue
        m = _DIAG_NOWHERE.search(line)
        if m:
            diags.append(Diag(m.group(1), m.group(2)))
    return p.returncode, diags


def lint(mlpc, path, target="argo", extra=()):
    """(exit code, [codes of errors], [codes of warnings]) of `mlpc lint`."""
    rc, diags = lint_diags(mlpc, path, target, extra)
    return (rc, [d.code for d in diags if d.severity == "error"], [d.code for d in diags if d.severity == "warning"])


def lint_options(path):
    """The `mlpc lint` target and options a tests/errors spec asks for."""
    opts = options(path)
    extra = ["--max-file-size", opts["max-file-size"]] if "max-file-size" in opts else []
    return opts.get("target", "argo"), extra


def is_shape(code):
    return code.startswith("E01") or code.startswith("E02")


# Besides shape, the schema encodes the name length limits (E0505: 52 characters for the
# pipeline, 63 for components, tasks and triggers), which the compiler checks on every
# target.
ALSO_ENCODED = {"E0505"}


def is_encoded(code):
    return is_shape(code) or code in ALSO_ENCODED


def read_allowlist(path):
    """NAME  reason  (one per line; # comments)."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip() if line.lstrip().startswith("#") else line.strip()
            if not line:
                continue
            name, _, reason = line.partition(" ")
            if not reason.strip():
                raise SystemExit(f"{path}: `{name}` has no reason")
            out[name] = reason.strip()
    return out
