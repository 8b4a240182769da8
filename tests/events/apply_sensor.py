#!/usr/bin/env python3
"""Offline model of what an Argo Events (v1.9) Sensor does with one NATS event.

    python3 tests/events/apply_sensor.py SENSOR_YAML EVENT_JSON [--trigger NAME]
        [--dependency NAME] [--eventsource ES_YAML] [--json-body | --no-json-body]

Prints the object the trigger acts on as JSON (sorted keys, indent 2): the
Workflow (or other resource) of an `argoWorkflow` / `k8s` trigger after its
parameters are applied, or the request payload of an `http` / `nats` trigger.
Exit codes: 0 ok; 2 bad input (or a Sensor upstream would reject); 3 the event
does not pass (`filtered: <why>` on stderr); 4 the trigger would fail upstream
(e.g. a dataKey that is missing and has no `value` default); 5 a feature this
model does not implement (it never guesses).  `apply()` is the importable API.
Nothing here is upstream code: the semantics were read from argoproj/argo-events
and re-implemented; the file paths named below are that repository's.

1. The event (EVENT_JSON) and what the Sensor sees
--------------------------------------------------
EVENT_JSON is the NATS message as published:
    {"subject": "foo", "body": {...any JSON...}, "header": {"K": ["v"]}}
`body` is the JSON document that was published (the message bytes).  Instead of
`body` you may give `rawBody`: the exact bytes as text (needed for a non-JSON
payload).  A header value may be a string (taken as a one-element list).
Optional: `dependency` (which dependency the event is for), `context`
(overrides of the CloudEvent context below, e.g. a fixed `time`), `metadata`.
For non-NATS sources (the upstream minio/webhook examples) give
`{"eventData": {...}, "context": {"type": "minio"}}`: eventData is used
verbatim as the event data.

The NATS event source (pkg/eventsources/sources/nats/start.go, StartListening's
handler) marshals pkg/eventsources/events/event-data.go NATSEventData:
    {"subject": msg.Subject,                 # always present
     "body":    ...,                          # see below
     "header":  {"Key": ["v1", ...]},         # map[string][]string, omitempty
     "metadata": {"k": "v"}}                  # spec.nats.<name>.metadata, omitempty
  * jsonBody: true  -> Body = (*json.RawMessage)(&msg.Data): the published JSON is
    embedded as-is, but encoding/json compacts it and HTML-escapes <, >, & (to
    \\u003c \\u003e \\u0026) plus U+2028/U+2029.  A payload that is not valid JSON
    (including an empty one) makes json.Marshal fail: the event source logs
    "failed to marshal the event data" and drops the message (exit 3 here).
    dataKey `body.uri` then addresses a field of the published JSON.
  * jsonBody: false (the upstream default!) -> Body = msg.Data ([]byte), which
    encoding/json writes as a base64 string: `body` is "eyJ1cmkiOi4uLn0=" and
    `body.uri` does not exist.
  * `header` only appears when the message carries NATS headers (the newer
    start.go always allocates the map and injects OTel trace context, which is a
    no-op unless a propagator is configured; an empty map is omitted).  Keys are
    kept as published (nats.go does not canonicalise them).
  * `metadata` only appears when the EventSource sets spec.nats.<name>.metadata.
The dispatcher (pkg/eventsources/eventing.go, EventSourceAdaptor.run) wraps this
in a CloudEvent: id = 32 hex chars (a random UUID), source = EventSource name,
subject = event name (the key under spec.nats), type = "nats", specversion
"1.0", datacontenttype "application/json", time = now.  The sensor converts it
(pkg/sensors/listener.go, convertEvent) to v1alpha1.Event{Context, Data}.
Here the context `id` defaults to 0123456789abcdef0123456789abcdef and `time`
to 2024-01-01T00:00:00Z (override with EVENT_JSON "context").
Without --eventsource the model assumes jsonBody: true (what mlpc emits).

Versions: the default models Argo Events 1.9 (NATS headers since PR #2396, the
type-aware useRawData rule since PR #2273).  --upstream master (upstream=
"master") models the current source where it differs: null values and payload
dest "" (see 4).  The upstream files named here were read at the current
source; the 1.9 differences come from the PRs / issues cited.

2. Dependency filters (pkg/sensors/dependencies/filter.go, Filter/filterEvent)
---------------------------------------------------------------------------
`data`: each filter reads `path` (gjson) from the event data; a missing path is
an error (the event is discarded); `value` entries are alternatives (any one
matching passes the filter); `type` string: each value is an *unanchored* Go
regexp matched against gjson String() (so "foo" matches "xfoox"; anchor with
^...$), comparator "=" (default) or "!="; `number`: values via ParseFloat,
event value via gjson Float() (a numeric string is parsed, true = 1, anything
else 0), comparators = != < <= > >=; `bool`: values via ParseBool, event value
via gjson Bool() (a string "true"/"1"/"t" is true, a non-zero number is true).
`template` (Go template on .Input = gjson String() of the path) replaces the
value, then compared as a string.  `dataLogicalOperator` and
`exprLogicalOperator` combine the filters of a kind (default and); with "or"
missing paths are collected and the next filter is tried.
`exprs`: govaluate expressions over `fields` (name -> gjson Value(): numbers are
float64).  A filter whose fields are all missing fails (and); subset of
govaluate below.  `context` (type/subject/source/datacontenttype equality) and
`time` (start/stop hh:mm:ss UTC, stop < start wraps midnight) are modelled too.
`filtersLogicalOperator` (dependency level): "and" (default) fails on the first
error; "or" passes if any *present* filter kind passes (so `filters: {}` with
"or" passes nothing).  `script` (Lua), `transform` (jq/Lua) and the
EventSource-level `filter.expression` are not modelled (exit 5).

3. Which triggers fire (pkg/sensors/listener.go)
------------------------------------------------
The event is delivered to every dependency with the same eventSourceName and
eventName whose filters pass.  A trigger fires when its
template.conditions (dependency names with && || and parentheses) holds; the
default expression is *all* dependencies joined by && (getDependencyExpression),
so one event never fires a trigger of a two-dependency Sensor without
`conditions`.  Rate limits, weights and conditionsReset are not modelled.

4. Parameter values (pkg/sensors/triggers/params.go, ResolveParamValue)
---------------------------------------------------------------------
  * src.dependencyName not among the delivered events: `value` if set, else the
    parameter is skipped silently (ApplyParams `continue`); in ConstructPayload
    (http/nats payload) the same case dereferences a nil pointer (the sensor
    panics) - reported here as exit 4.
  * no dataKey/dataTemplate/contextKey/contextTemplate: `value` if set (even
    though the event exists), else the whole event json.Marshal(&v1alpha1.Event)
    = {"context": {...}, "data": "<base64 of the event data>"} as a string
    (Event.Data is []byte, so the data is base64, not embedded JSON).
  * contextKey/contextTemplate read the context JSON
    {"id","source","specversion","type","datacontenttype","subject","time"};
    dataKey/dataTemplate read the event data; when both kinds are set the data
    ones win (key *and* template are replaced together).
  * the template (getValueWithTemplate; .Input = gjson Value() of the JSON) is
    tried first; an error, "" or exactly "<no value>" falls back to the key,
    then to `value`, else the trigger fails ("unable to resolve '<dep>'
    parameter value", exit 4).  Template output is always a string.
  * a key that exists (getValueByKey): objects/arrays -> their raw JSON text
    (type JSON), null -> "" in 1.9 (gjson String(), type Null) and "null" in
    the current source (PR #3738, Sept 2025), strings -> the unescaped string,
    true/false -> "true"/"false", numbers -> gjson String(): the token itself if
    it is an integer (-?digits, any length), else strconv.FormatFloat(v, 'f',
    -1): 1.50 -> "1.5", 1e3 -> "1000".
  * useRawData: ApplyParams/ConstructPayload use sjson.SetRawBytes (raw JSON:
    number, bool, null, object, array) only when useRawData is true AND the type
    is not String; otherwise sjson.SetBytes with a Go string, i.e. the value
    lands as a JSON *string*: 42 -> "42", true -> "true", null -> "" (1.9) or
    "null" (master), {"a":1} -> "{\\"a\\":1}" (compact, HTML-escaped as in the
    event data).  useRawData with null writes an empty raw value in 1.9: invalid
    JSON (argo-events#3719), exit 4 here.  A
    `value` default, a template result and an append/prepend result are always
    strings, whatever useRawData says.
  * operation (ApplyParams only; ConstructPayload ignores it): "" / overwrite
    replace; append -> current + new, prepend -> new + current, where current is
    gjson String() of the existing dest value (if it exists); anything else
    fails the trigger.
  * dest: sjson path on the JSON document (SetBytes / SetRawBytes).
For argoWorkflow and k8s triggers the document is source.resource (or
source.inline) marshalled to JSON (unstructured, so map keys are sorted) and
unmarshalled back afterwards (a missing `kind` fails; integer tokens become
int64, others float64).  So `spec.arguments.parameters.0.value` receives a JSON
string unless useRawData is set and the value is not a string.  For http and
nats triggers the payload starts empty (sjson creates {} or [] from the first
dest part).  A payload parameter with dest "" is rejected by the 1.9 Sensor
validation (validateTriggerParameter, exit 2); the current source returns its
value verbatim as the whole body and stops there (--upstream master).
Trigger-level `parameters`
(triggers[].parameters, sibling of `template`; ApplyTemplateParameters) are
applied first to the trigger template JSON (dest like
"argoWorkflow.source.resource.metadata.generateName" or "http.url").  http
`parameters` apply to the HTTP trigger spec (e.g. dest "url") before the
payload is built.  Labels and the namespace that Execute adds
(events.argoproj.io/sensor, .../trigger, .../action-timestamp) are not added.

5. Path subsets
---------------
gjson (dataKey, contextKey, filter paths): dot-separated keys; `\\` escapes the
next character (`a\\.b` is the key "a.b"); a numeric key indexes an array (on an
object it is a key); `#` is an array's length when last, and `#.rest` maps rest
over the elements (missing results dropped); `*` and `?` wildcards in object
keys (first match).  Not modelled (exit 5): `#(...)` queries, `@modifiers`,
`|` pipes, `[..]`/`{..}` multipaths, `..` JSON lines, `!` literals.
sjson (dest): dot-separated keys, `\\` escapes, `:` prefix forces an object key,
an existing array is indexed by a numeric key, a missing index pads the array
with nulls, `-1` appends, a missing key is created (as an array when the next
part is numeric or -1, else an object), a scalar in the way is replaced by a
container, a non-numeric key on an array fails the trigger.  Paths with
| # @ * ? (sjson's "complex" paths) are not modelled (exit 5).

6. Go templates (dataTemplate, contextTemplate, filter template)
----------------------------------------------------------------
Text with {{ }} actions (trim markers {{- -}} included); an action is a pipeline
of field chains (.Input.body.x, missing keys print "<no value>"), string
literals and the functions index, upper, lower, trim, b64enc, b64dec, toJson,
quote.  Values print like Go fmt %v: JSON numbers are float64, so 1000000 prints
as "1e+06" and 3.0 as "3"; maps print as map[k:v], lists as [a b].  Anything
else (if/range/with, variables, other sprig functions) is exit 5.

govaluate subset (exprs): numbers, 'strings' / "strings", true/false, field
names (and [escaped names]), ( ), ! and unary -, * / %, + (string concat if
either side is a string), - , == != (type-strict), < <= > >= (numbers or
strings), =~ !~ (regexp), && ||.  Functions, ?:, ??, in, bit operators and
accessors are exit 5.  Regexps use Python `re` after translating \\z and POSIX
classes; RE2-only syntax may differ.

Surprises worth knowing
-----------------------
  * A Workflow parameter value is a string, but with useRawData the sensor can
    write a number/bool/object there.  Argo's AnyString (workflow types,
    anystring.go) turns numbers and bools into strings (FormatFloat 'f' -1,
    "true"), leaves objects/arrays as "" without an error, and drops null.
    This tool prints a `note:` on stderr when that happens.
  * Without any key the parameter is the whole event, with the data base64.
  * Values printed through a template use %v: large/small numbers get exponents.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime as _dt
import json
import math
import re
import sys
from decimal import Decimal

try:
    import yaml  # PyYAML

    class _Loader(yaml.SafeLoader):
        """SafeLoader without implicit timestamps (Go's YAML->JSON keeps them strings)."""

    _Loader.yaml_implicit_resolvers = {
        k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
except ImportError:  # pragma: no cover
    yaml = None


# ---------------------------------------------------------------------------
# errors / exit codes


class SensorModelError(Exception):
    exit_code = 1
    prefix = "error"

    def __str__(self):
        return self.args[0] if self.args else ""


class BadInput(SensorModelError):
    exit_code = 2
    prefix = "error"


class Filtered(SensorModelError):
    exit_code = 3
    prefix = "filtered"


class TriggerFailed(SensorModelError):
    exit_code = 4
    prefix = "error"


class Unsupported(SensorModelError):
    exit_code = 5
    prefix = "unsupported"


class _TemplateError(Exception):
    """A Go template execution error (upstream falls back to key / value)."""


class _ExprError(Exception):
    """A govaluate error (the filter errs)."""


# ---------------------------------------------------------------------------
# JSON values that keep their number tokens, Go-style serialisation


class JNum:
    """A JSON number token as published (kept verbatim, like json.RawMessage)."""

    __slots__ = ("raw",)

    def __init__(self, raw):
        self.raw = raw

    def __float__(self):
        return float(self.raw)  # Go ParseFloat: overflow gives +-Inf

    def __repr__(self):
        return "JNum(%s)" % self.raw

    def __eq__(self, other):
        return isinstance(other, JNum) and other.raw == self.raw

    def __hash__(self):
        return hash(self.raw)


def _reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def parse_json(text):
    """Parse JSON text keeping number tokens (JNum) and key order."""
    return json.loads(text, parse_float=JNum, parse_int=JNum,
                      parse_constant=_reject_constant)


def is_number(v):
    return isinstance(v, (JNum, int, float)) and not isinstance(v, bool)


def num_value(v):
    return float(v)


_HTML = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_SHORT = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def go_quote(s, escape_html=True):
    """encoding/json string encoding (HTML-escaping as json.Marshal does)."""
    out = ['"']
    for ch in s:
        if ch in _SHORT:
            out.append(_SHORT[ch])
        elif ord(ch) < 0x20:
            out.append("\\u%04x" % ord(ch))
        elif escape_html and ch in _HTML:
            out.append(_HTML[ch])
        elif ch in "\u2028\u2029":
            out.append("\\u%04x" % ord(ch))
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _shortest_digits(x):
    """(negative, digits, dp): |x| = 0.digits * 10**dp, shortest round trip."""
    d = Decimal(repr(abs(x))).normalize()
    sign, digits, exp = d.as_tuple()
    ds = "".join(str(v) for v in digits)
    if ds.strip("0") == "":
        return (math.copysign(1.0, x) < 0, "0", 1)
    return (x < 0 or (x == 0 and math.copysign(1.0, x) < 0), ds, len(ds) + exp)


def _fmt_special(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "+Inf" if x > 0 else "-Inf"
    return None


def go_format_f(x):
    """strconv.FormatFloat(x, 'f', -1, 64)."""
    sp = _fmt_special(x)
    if sp:
        return sp
    neg, ds, dp = _shortest_digits(x)
    if ds == "0":
        body = "0"
    elif dp <= 0:
        body = "0." + "0" * (-dp) + ds
    elif dp >= len(ds):
        body = ds + "0" * (dp - len(ds))
    else:
        body = ds[:dp] + "." + ds[dp:]
    return ("-" if neg else "") + body


def _go_format_e(neg, ds, dp):
    exp = dp - 1 if ds != "0" else 0
    mant = ds[0] + ("." + ds[1:] if len(ds) > 1 else "")
    return "%s%se%s%02d" % ("-" if neg else "", mant, "-" if exp < 0 else "+", abs(exp))


def go_format_v(x):
    """fmt %v of a float64: 'g' with the shortest digits, %e when exp < -4 or >= 6."""
    sp = _fmt_special(x)
    if sp:
        return sp
    neg, ds, dp = _shortest_digits(x)
    exp = dp - 1 if ds != "0" else 0
    if exp < -4 or exp >= 6:  # shortest 'g' uses eprec = 6 (strconv/ftoa.go)
        return _go_format_e(neg, ds, dp)
    return go_format_f(x)


def go_json_float(x):
    """encoding/json float64 encoding."""
    if math.isnan(x) or math.isinf(x):
        raise TriggerFailed("json: unsupported value: %r" % x)
    a = abs(x)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        neg, ds, dp = _shortest_digits(x)
        s = _go_format_e(neg, ds, dp)
        s = re.sub(r"e([+-])0(\d)$", r"e\1\2", s)  # e-07 -> e-7
        return s
    return go_format_f(x)


def go_marshal(v, sort_keys=False, escape_html=True):
    """Compact JSON as Go writes it (JNum tokens verbatim)."""
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, JNum):
        return v.raw
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return go_json_float(v)
    if isinstance(v, str):
        return go_quote(v, escape_html)
    if isinstance(v, dict):
        keys = sorted(v) if sort_keys else list(v)
        return "{" + ",".join(go_quote(str(k), escape_html) + ":" +
                              go_marshal(v[k], sort_keys, escape_html) for k in keys) + "}"
    if isinstance(v, (list, tuple)):
        return "[" + ",".join(go_marshal(e, sort_keys, escape_html) for e in v) + "]"
    raise BadInput("cannot encode %r as JSON" % (v,))


_INT64 = re.compile(r"^-?\d+$")


def to_output(v):
    """Plain Python value for printing: numbers as Go's unstructured/JSON would."""
    if isinstance(v, JNum):
        if _INT64.match(v.raw) and -2 ** 63 <= int(v.raw) < 2 ** 63:
            return int(v.raw)
        v = float(v.raw)
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v) and abs(v) < 1e21:
            return int(v)
        return v
    if isinstance(v, dict):
        return {str(k): to_output(e) for k, e in v.items()}
    if isinstance(v, list):
        return [to_output(e) for e in v]
    return v


# ---------------------------------------------------------------------------
# gjson subset


class GResult:
    """Mirror of gjson.Result for an existing value."""

    def __init__(self, node, typ, raw):
        self.node = node
        self.type = typ  # Null False Number String True JSON (gjson Type.String())
        self.raw = raw

    def string(self):
        t = self.type
        if t == "False":
            return "false"
        if t == "True":
            return "true"
        if t == "String":
            return self.node
        if t == "JSON":
            return self.raw
        if t == "Number":
            body = self.raw[1:] if self.raw.startswith("-") else self.raw
            if body and body.isdigit() and body.isascii():
                return self.raw
            return go_format_f(self.num())
        return ""  # Null

    def num(self):
        try:
            return float(self.raw)
        except ValueError:
            return 0.0

    def float(self):
        t = self.type
        if t == "True":
            return 1.0
        if t == "String":
            return go_parse_float(self.node, lenient=True)
        if t == "Number":
            return self.num()
        return 0.0

    def bool(self):
        t = self.type
        if t == "True":
            return True
        if t == "String":
            try:
                return go_parse_bool(self.node.lower())
            except ValueError:
                return False
        if t == "Number":
            return self.num() != 0
        return False

    def value(self):
        return gvalue(self.node)


def gvalue(node):
    """gjson Value(): numbers -> float64, objects -> map, arrays -> []."""
    if is_number(node):
        return num_value(node)
    if isinstance(node, dict):
        return {k: gvalue(v) for k, v in node.items()}
    if isinstance(node, list):
        return [gvalue(v) for v in node]
    return node


def _gresult(node, sort_keys):
    if node is None:
        return GResult(None, "Null", "null")
    if node is True:
        return GResult(True, "True", "true")
    if node is False:
        return GResult(False, "False", "false")
    if is_number(node):
        return GResult(node, "Number", go_marshal(node))
    if isinstance(node, str):
        return GResult(node, "String", go_quote(node))
    return GResult(node, "JSON", go_marshal(node, sort_keys=sort_keys))


class _GPart:
    __slots__ = ("key", "regex", "is_hash")

    def __init__(self, key, regex, is_hash):
        self.key = key
        self.regex = regex
        self.is_hash = is_hash


def _gjson_parts(path):
    if path == "":
        return None
    if path[0] in "@[{!" or path.startswith(".."):
        raise Unsupported("gjson path %r: modifiers, multipaths, literals and JSON lines "
                          "are not modelled" % path)
    parts = []
    key, pat, wild, esc = [], [], False, False
    i = 0
    at_start = True
    while i < len(path):
        c = path[i]
        if c == "\\":
            i += 1
            if i < len(path):
                key.append(path[i])
                pat.append(re.escape(path[i]))
            i += 1
            at_start = False
            esc = True
            continue
        if c == ".":
            parts.append((key, pat, wild, esc))
            key, pat, wild, esc = [], [], False, False
            at_start = True
            i += 1
            continue
        if c == "|":
            raise Unsupported("gjson path %r: pipes are not modelled" % path)
        if at_start and c == "@":
            raise Unsupported("gjson path %r: modifiers are not modelled" % path)
        if at_start and c == "#" and i + 1 < len(path) and path[i + 1] in "()":
            raise Unsupported("gjson path %r: #(...) queries are not modelled" % path)
        if c == "*":
            wild = True
            pat.append(".*")
        elif c == "?":
            wild = True
            pat.append(".")
        else:
            pat.append(re.escape(c))
        key.append(c)
        at_start = False
        i += 1
    parts.append((key, pat, wild, esc))
    out = []
    for key, pat, wild, esc in parts:
        k = "".join(key)
        out.append(_GPart(k, re.compile("^" + "".join(pat) + "$", re.S) if wild else None,
                          k == "#" and not esc))
    return out


def _gget(node, parts, sort_keys):
    if not parts:
        return _gresult(node, sort_keys)
    p = parts[0]
    if p.is_hash:
        if not isinstance(node, list):
            return None
        if len(parts) == 1:
            return GResult(JNum(str(len(node))), "Number", str(len(node)))
        got = [r for r in (_gget(e, parts[1:], sort_keys) for e in node) if r is not None]
        return GResult([r.node for r in got], "JSON", "[" + ",".join(r.raw for r in got) + "]")
    if isinstance(node, dict):
        if p.regex is not None:
            for k in node:
                if p.regex.match(k):
                    return _gget(node[k], parts[1:], sort_keys)
            return None
        if p.key in node:
            return _gget(node[p.key], parts[1:], sort_keys)
        return None
    if isinstance(node, list):
        if p.regex is None and p.key.isdigit() and p.key.isascii():
            idx = int(p.key)
            if idx < len(node):
                return _gget(node[idx], parts[1:], sort_keys)
        return None
    return None


def gjson_get(doc, path, sort_keys=False):
    """gjson.Get subset on a parsed document; None when the path does not exist."""
    parts = _gjson_parts(path)
    if parts is None:
        return None
    return _gget(doc, parts, sort_keys)


# ---------------------------------------------------------------------------
# sjson subset


def _sjson_parts(path):
    if path == "":
        raise TriggerFailed("sjson: path cannot be empty")
    parts = []
    i = 0
    while True:
        force = False
        if i < len(path) and path[i] == ":":
            force = True
            i += 1
        cur = []
        while i < len(path):
            c = path[i]
            if c == ".":
                break
            if c in "|#@*?":
                raise Unsupported("sjson dest %r: paths with | # @ * ? are not modelled" % path)
            if c == "\\":
                i += 1
                if i < len(path):
                    cur.append(path[i])
                    i += 1
                continue
            cur.append(c)
            i += 1
        parts.append(("".join(cur), force))
        if i < len(path) and path[i] == ".":
            i += 1
            continue
        return parts


def _atoui(part):
    """sjson atoui: (n, numeric); note "" is numeric 0."""
    key, force = part
    if force or not all("0" <= c <= "9" for c in key):
        return 0, False
    return (int(key) if key else 0), True


def _appends(part):
    return part[0] == "-1" and not part[1]


def _sbuild(parts, value):
    if not parts:
        return value
    n, numeric = _atoui(parts[0])
    if numeric or _appends(parts[0]):
        return [None] * n + [_sbuild(parts[1:], value)]
    return {parts[0][0]: _sbuild(parts[1:], value)}


def _sset(node, parts, value):
    key, force = parts[0]
    if isinstance(node, dict) and key != "" and key in node:
        found = key
    elif (isinstance(node, list) and key.isdigit() and key.isascii()
          and int(key) < len(node)):
        found = int(key)
    else:
        found = None
    if found is not None:
        if len(parts) == 1:
            node[found] = value
        else:
            child = node[found]
            if not isinstance(child, (dict, list)):
                child = [] if _atoui(parts[1])[1] else {}
            node[found] = _sset(child, parts[1:], value)
        return node
    if isinstance(node, dict):
        node[key] = _sbuild(parts[1:], value)
        return node
    n, numeric = _atoui(parts[0])
    if not numeric and not _appends(parts[0]):
        raise TriggerFailed("sjson: cannot set array element for non-numeric key '%s'" % key)
    if numeric:
        node.extend([None] * max(0, n - len(node)))
    node.append(_sbuild(parts[1:], value))
    return node


def sjson_set(doc, path, value):
    """sjson.Set on a parsed document (value: a Python/JNum value)."""
    parts = _sjson_parts(path)
    if doc is None or not isinstance(doc, (dict, list)):
        doc = [] if _atoui(parts[0])[1] else {}
    return _sset(doc, parts, value)


# ---------------------------------------------------------------------------
# Go strconv helpers

_FLOAT_RE = re.compile(r"^[+-]?(\d+(_?\d+)*\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_SPECIAL_RE = re.compile(r"^[+-]?(inf|infinity|nan)$", re.I)


def go_parse_float(s, lenient=False):
    """strconv.ParseFloat(s, 64) for decimal input; lenient -> 0 on error."""
    if _FLOAT_RE.match(s) and "_" not in s:
        return float(s)
    if _SPECIAL_RE.match(s):
        return float(s)
    if re.match(r"^[+-]?0[xX]", s):
        try:
            return float.fromhex(s)
        except ValueError:
            pass
    if lenient:
        return 0.0
    raise ValueError('strconv.ParseFloat: parsing %s: invalid syntax' % go_quote(s, False))


def go_parse_bool(s):
    if s in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if s in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    raise ValueError('strconv.ParseBool: parsing %s: invalid syntax' % go_quote(s, False))


_POSIX = {"alpha": "a-zA-Z", "digit": "0-9", "alnum": "a-zA-Z0-9", "upper": "A-Z",
          "lower": "a-z", "space": r"\s", "xdigit": "0-9A-Fa-f", "word": r"\w",
          "punct": r"!-/:-@\[-`{-~"}


def go_regex(pattern):
    """Compile a Go (RE2) regexp with Python re (common syntax only)."""
    p = re.sub(r"(?<!\\)\\z", r"\\Z", pattern)
    p = re.sub(r"\[:(\w+):\]", lambda m: _POSIX.get(m.group(1), m.group(0)), p)
    try:
        return re.compile(p)
    except re.error as e:
        raise ValueError("error parsing regexp: %s: `%s`" % (e, pattern))


# ---------------------------------------------------------------------------
# Go text/template subset

_MISSING = object()  # an invalid reflect.Value (a missing map key)


def _go_v(v, top=True):
    """fmt %v of a value decoded by gjson Value()."""
    if v is None:
        return "<no value>" if top else "<nil>"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if is_number(v):
        return go_format_v(num_value(v))
    if isinstance(v, str):
        return v
    if isinstance(v, dict):
        return "map[" + " ".join("%s:%s" % (k, _go_v(v[k], False)) for k in sorted(v)) + "]"
    if isinstance(v, list):
        return "[" + " ".join(_go_v(e, False) for e in v) + "]"
    return str(v)


_TOKEN = re.compile(r'\s*(?:(?P<field>(?:\.[A-Za-z_][A-Za-z0-9_]*)+|\.(?![A-Za-z_]))'
                    r'|(?P<str>"(?:[^"\\]|\\.)*")|(?P<raw>`[^`]*`)'
                    r'|(?P<num>-?\d+(?:\.\d+)?)|(?P<ident>[A-Za-z_][A-Za-z0-9_]*)'
                    r'|(?P<pipe>\|)|(?P<other>\S))')


def _tstring(s):
    if not isinstance(s, str):
        raise _TemplateError("wrong type for value; expected string; got %s" % _gotype(s))
    return s


def _gotype(v):
    if v is None:
        return "<nil>"
    if isinstance(v, bool):
        return "bool"
    if is_number(v):
        return "float64"
    if isinstance(v, str):
        return "string"
    if isinstance(v, dict):
        return "map[string]interface {}"
    return "[]interface {}"


def _b64dec(s):
    try:
        return base64.b64decode(_tstring(s).encode(), validate=True).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        return "illegal base64 data at input byte 0"  # sprig returns err.Error()


def _index(item, *keys):
    for k in keys:
        if isinstance(item, dict):
            if not isinstance(k, str):
                raise _TemplateError("value has type %s; should be string" % _gotype(k))
            item = item.get(k)
        elif isinstance(item, list):
            if not is_number(k):
                raise _TemplateError("cannot index slice/array with type %s" % _gotype(k))
            i = int(num_value(k))
            if not 0 <= i < len(item):
                raise _TemplateError("error calling index: index out of range: %d" % i)
            item = item[i]
        else:
            raise _TemplateError("can't index item of type %s" % _gotype(item))
    return item


_TFUNCS = {
    "upper": lambda s: _tstring(s).upper(),
    "lower": lambda s: _tstring(s).lower(),
    "trim": lambda s: _tstring(s).strip(" \t\n\r\v\f"),
    "b64enc": lambda s: base64.b64encode(_tstring(s).encode()).decode(),
    "b64dec": _b64dec,
    "toJson": lambda v: go_marshal(v, sort_keys=True),
    "quote": lambda *a: " ".join(go_quote(_go_v(x, False), False) for x in a if x is not None),
    "index": _index,
}


def _eval_field(chain, dot):
    cur = dot
    for name in [n for n in chain.split(".") if n]:
        if cur is _MISSING:
            return _MISSING  # text/template: a field of an invalid value stays invalid
        if isinstance(cur, dict):
            cur = cur[name] if name in cur else _MISSING
            if cur is None:
                cur = _NULL
            continue
        if cur is _NULL:
            raise _TemplateError("nil pointer evaluating interface {}.%s" % name)
        raise _TemplateError("can't evaluate field %s in type interface {}" % name)
    return cur


_NULL = object()  # a nil interface held in a map (JSON null)


def _eval_pipeline(text, dot):
    cmds, cur = [], []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        kind = m.lastgroup
        tok = m.group(kind)
        if kind == "pipe":
            cmds.append(cur)
            cur = []
        elif kind == "other":
            raise Unsupported("Go template action {{%s}}: %r is not modelled" % (text, tok))
        else:
            cur.append((kind, tok))
    if text[pos:].strip():
        raise Unsupported("Go template action {{%s}} is not modelled" % text)
    cmds.append(cur)
    if any(not c for c in cmds):
        raise _TemplateError("template: missing value for command in {{%s}}" % text)

    def arg(kind, tok):
        if kind == "field":
            v = _eval_field(tok, dot)
            return None if v in (_MISSING, _NULL) else v
        if kind == "str":
            return json.loads(tok)
        if kind == "raw":
            return tok[1:-1]
        if kind == "num":
            return float(tok)
        raise Unsupported("Go template: %r is not modelled" % tok)

    value = _MISSING
    first = True
    for cmd in cmds:
        kind, tok = cmd[0]
        if kind == "ident":
            if tok in ("true", "false", "nil"):
                raise Unsupported("Go template constant %s is not modelled" % tok)
            fn = _TFUNCS.get(tok)
            if fn is None:
                raise Unsupported("Go template function %r is not modelled (subset: %s)"
                                  % (tok, ", ".join(sorted(_TFUNCS))))
            args = [arg(k, t) for k, t in cmd[1:]]
            if not first:
                args.append(None if value in (_MISSING, _NULL) else value)
            try:
                value = fn(*args)
            except TypeError:
                raise _TemplateError("wrong number of args for %s" % tok)
        else:
            if len(cmd) > 1 or not first:
                raise _TemplateError("can't give argument to non-function %s" % tok)
            value = _eval_field(tok, dot) if kind == "field" else arg(kind, tok)
        first = False
    return value


_ACTION = re.compile(r"\{\{(-\s)?(.*?)(\s-)?\}\}", re.S)


def render_template(tmpl, input_value):
    """Execute a Go template with {"Input": input_value} (see module docstring)."""
    dot = {"Input": input_value}
    out = []
    pos = 0
    trim_next = False
    for m in _ACTION.finditer(tmpl):
        text = tmpl[pos:m.start()]
        if trim_next:
            text = text.lstrip(" \t\r\n")
        if m.group(1):
            text = text.rstrip(" \t\r\n")
        out.append(text)
        body = m.group(2).strip()
        if body.startswith("/*"):
            pass
        else:
            first = body.split(None, 1)[0] if body else ""
            if first in ("if", "range", "with", "else", "end", "define", "template",
                         "block", "break", "continue") or body.startswith("$"):
                raise Unsupported("Go template action {{%s}} is not modelled" % body)
            v = _eval_pipeline(body, dot)
            out.append("<no value>" if v in (_MISSING, _NULL) else _go_v(v))
        trim_next = bool(m.group(3))
        pos = m.end()
    text = tmpl[pos:]
    if trim_next:
        text = text.lstrip(" \t\r\n")
    out.append(text)
    return "".join(out)


# ---------------------------------------------------------------------------
# govaluate subset (filters.exprs)

_EXPR_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
                         r"|(?P<var>\[[^\]]*\])|(?P<ident>[A-Za-z_][A-Za-z0-9_.]*)"
                         r"|(?P<op>==|!=|>=|<=|=~|!~|&&|\|\||[<>!+\-*/%()])|(?P<other>\S+))")


def _expr_tokens(expr):
    toks, pos = [], 0
    while pos < len(expr):
        m = _EXPR_TOKEN.match(expr, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
        kind = m.lastgroup
        tok = m.group(kind)
        if kind == "other":
            raise Unsupported("govaluate expression %r: %r is not modelled" % (expr, tok))
        if kind == "ident":
            rest = expr[pos:].lstrip()
            if rest.startswith("("):
                raise Unsupported("govaluate functions (%s) are not modelled" % tok)
            if tok == "in":
                raise Unsupported("govaluate 'in' is not modelled")
            if tok in ("true", "false"):
                toks.append(("bool", tok == "true"))
                continue
            toks.append(("var", tok))
        elif kind == "var":
            toks.append(("var", tok[1:-1]))
        elif kind == "num":
            toks.append(("num", float(tok)))
        elif kind == "str":
            toks.append(("str", re.sub(r"\\(.)", r"\1", tok[1:-1])))
        else:
            toks.append(("op", tok))
    return toks


def _deep_eq(a, b):
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_deep_eq(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_deep_eq(x, y) for x, y in zip(a, b))
    return a == b


def _is_num(v):
    return isinstance(v, float)


def eval_expr(expr, params):
    """Evaluate a govaluate expression (subset) with float64/string/bool params."""
    toks = _expr_tokens(expr)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else (None, None)

    def take():
        t = peek()
        pos[0] += 1
        return t

    def primary():
        kind, v = take()
        if kind in ("num", "str", "bool"):
            return v
        if kind == "var":
            if v not in params:
                raise _ExprError("No parameter '%s' found." % v)
            return params[v]
        if (kind, v) == ("op", "("):
            r = orexpr()
            if take() != ("op", ")"):
                raise _ExprError("Unbalanced parenthesis")
            return r
        if (kind, v) == ("op", "!"):
            r = primary()
            if not isinstance(r, bool):
                raise _ExprError("Value '%s' cannot be used with the modifier '!', it is not a bool" % r)
            return not r
        if (kind, v) == ("op", "-"):
            r = primary()
            if not _is_num(r):
                raise _ExprError("Value '%s' cannot be used with the modifier '-', it is not a number" % r)
            return -r
        raise _ExprError("Unexpected token %r in %r" % (v, expr))

    def mul():
        left = primary()
        while peek() in (("op", "*"), ("op", "/"), ("op", "%")):
            op = take()[1]
            right = primary()
            if not (_is_num(left) and _is_num(right)):
                raise _ExprError("Value cannot be used with the modifier '%s', it is not a number" % op)
            if op == "*":
                left = left * right
            elif op == "/":
                left = left / right if right else math.copysign(math.inf, left) if left else math.nan
            else:
                left = math.fmod(left, right) if right else math.nan
        return left

    def add():
        left = mul()
        while peek() in (("op", "+"), ("op", "-")):
            op = take()[1]
            right = mul()
            if op == "+" and (isinstance(left, str) or isinstance(right, str)):
                left = _go_v(left, False) + _go_v(right, False)
            elif _is_num(left) and _is_num(right):
                left = left + right if op == "+" else left - right
            else:
                raise _ExprError("Value cannot be used with the modifier '%s', it is not a number" % op)
        return left

    def cmp():
        left = add()
        while peek()[0] == "op" and peek()[1] in ("==", "!=", ">", ">=", "<", "<=", "=~", "!~"):
            op = take()[1]
            right = add()
            if op == "==":
                left = _deep_eq(left, right)
            elif op == "!=":
                left = not _deep_eq(left, right)
            elif op in ("=~", "!~"):
                if not isinstance(left, str) or not isinstance(right, str):
                    raise _ExprError("Value cannot be used with the comparator '%s', it is not a string" % op)
                try:
                    hit = go_regex(right).search(left) is not None
                except ValueError as e:
                    raise _ExprError(str(e))
                left = hit if op == "=~" else not hit
            else:
                if not ((_is_num(left) and _is_num(right)) or
                        (isinstance(left, str) and isinstance(right, str))):
                    raise _ExprError("Value '%s' cannot be used with the comparator '%s', it is not a number"
                                     % (_go_v(left, False), op))
                left = {">": left > right, ">=": left >= right,
                        "<": left < right, "<=": left <= right}[op]
        return left

    def logic(sub, op):
        def f():
            left = sub()
            while peek() == ("op", op):
                take()
                right = sub()
                if not isinstance(left, bool) or not isinstance(right, bool):
                    raise _ExprError("Value cannot be used with the logical operator '%s', it is not a bool" % op)
                left = (left and right) if op == "&&" else (left or right)
            return left
        return f

    andexpr = logic(cmp, "&&")
    orexpr = logic(andexpr, "||")
    result = orexpr()
    if pos[0] != len(toks):
        raise _ExprError("Unexpected token %r in %r" % (peek()[1], expr))
    return result


# ---------------------------------------------------------------------------
# the event


class Event:
    """v1alpha1.Event: context document + event data (document and bytes)."""

    def __init__(self, context, data_doc):
        self.context = context          # ordered like EventContext's JSON
        self.data_doc = data_doc        # parsed event data (JNum numbers)
        self.data_text = go_marshal(data_doc)

    def whole_json(self):
        """json.Marshal(&v1alpha1.Event): Data is []byte, hence base64."""
        data_b64 = base64.b64encode(self.data_text.encode("utf-8")).decode()
        return '{"context":%s,"data":%s}' % (go_marshal(self.context), go_quote(data_b64))


_DEFAULT_ID = "0123456789abcdef0123456789abcdef"
_DEFAULT_TIME = "2024-01-01T00:00:00Z"


def _header_map(h):
    if h is None:
        return None
    if not isinstance(h, dict):
        raise BadInput("event header must be a map of name -> [values]")
    out = {}
    for k in sorted(h):
        v = h[k]
        vals = v if isinstance(v, list) else [v]
        if not all(isinstance(x, str) for x in vals):
            raise BadInput("event header %r: values must be strings" % k)
        out[k] = list(vals)
    return out or None


def _string_map(m, what):
    if not m:
        return None
    if not isinstance(m, dict) or not all(isinstance(v, str) for v in m.values()):
        raise BadInput("%s must be a map of strings" % what)
    return {k: m[k] for k in sorted(m)}


def build_event(event, dep, json_body=True, metadata=None):
    """Build the v1alpha1.Event the sensor sees for this NATS message."""
    if not isinstance(event, dict):
        raise BadInput("EVENT_JSON must be an object")
    ctx_over = event.get("context") or {}
    if not isinstance(ctx_over, dict):
        raise BadInput("event context must be an object")
    if "eventData" in event:
        data_doc = event["eventData"]
        typ = "nats"
    else:
        subject = event.get("subject")
        if not isinstance(subject, str):
            raise BadInput('EVENT_JSON needs "subject" (the NATS subject the message was published on)')
        if "rawBody" in event:
            raw = event["rawBody"]
            if not isinstance(raw, str):
                raise BadInput("rawBody must be a string (the published bytes)")
        elif "body" in event:
            raw = None
        else:
            raw = ""
        if json_body:
            if raw is None:
                body = event["body"]
            else:
                try:
                    body = parse_json(raw)
                except ValueError as e:
                    raise Filtered("the NATS event source drops the message: jsonBody is true but the "
                                   "payload is not valid JSON (json.Marshal of the RawMessage fails: %s)" % e)
        else:
            published = raw if raw is not None else go_marshal(event["body"], escape_html=False)
            body = base64.b64encode(published.encode("utf-8")).decode()
        data_doc = {"subject": subject, "body": body}
        header = _header_map(event.get("header"))
        if header:
            data_doc["header"] = header
        md = _string_map(event.get("metadata", metadata), "metadata")
        if md:
            data_doc["metadata"] = md
        typ = "nats"
    context = {
        "id": ctx_over.get("id", _DEFAULT_ID),
        "source": ctx_over.get("source", dep.get("eventSourceName", "")),
        "specversion": ctx_over.get("specversion", "1.0"),
        "type": ctx_over.get("type", typ),
        "datacontenttype": ctx_over.get("datacontenttype", "application/json"),
        "subject": ctx_over.get("subject", dep.get("eventName", "")),
        "time": ctx_over.get("time", _DEFAULT_TIME),
    }
    return Event(context, data_doc)


# ---------------------------------------------------------------------------
# dependency filters


def _op(value):
    return "or" if value == "or" else "and"


def _filter_data(filters, operator, event):
    """filterData: (passes, error message or None, reason it does not pass)."""
    if not filters:
        return True, None, None
    payload = event.data_doc
    errors = []
    orop = _op(operator) == "or"
    for f in filters:
        if not isinstance(f, dict):
            raise BadInput("filters.data entries must be maps")
        path = f.get("path", "") or ""
        res = gjson_get(payload, path) if path else None
        if res is None:
            msg = "path '%s' does not exist" % path
            if orop:
                errors.append(msg)
                continue
            return False, "data filter error (%s)" % msg, None
        values = f.get("value") or []
        if not values:
            if orop:
                errors.append("no values specified")
                continue
            return False, "data filter error (no values specified)", None
        for v in values:
            if not isinstance(v, str):
                raise BadInput("filters.data value %r must be a string (DataFilter.Value is []string; "
                               "quote it)" % (v,))
        tmpl = f.get("template") or ""
        if tmpl:
            try:
                out = render_template(tmpl, res.string())
                if out in ("", "<no value>"):
                    raise _TemplateError("template '%s' evaluated to empty string or no value" % tmpl)
            except _TemplateError as e:
                if orop:
                    errors.append(str(e))
                    continue
                return False, "data filter error (%s)" % e, None
            res = GResult(out, "String", go_quote(out))
        typ = f.get("type", "")
        comparator = f.get("comparator", "") or ""
        matched = False
        err = None
        if typ == "bool":
            for v in values:
                try:
                    want = go_parse_bool(v)
                except ValueError as e:
                    err = str(e)
                    break
                if want == res.bool():
                    matched = True
                    break
        elif typ == "number":
            for v in values:
                try:
                    want = go_parse_float(v)
                except ValueError as e:
                    err = str(e)
                    break
                got = res.float()
                ok = {">=": got >= want, ">": got > want, "<": got < want, "<=": got <= want,
                      "!=": got != want, "=": got == want, "": got == want}.get(comparator, False)
                if ok:
                    matched = True
                    break
        elif typ == "string":
            for v in values:
                try:
                    hit = go_regex(v).search(res.string()) is not None
                except ValueError as e:
                    err = str(e)
                    break
                ok = hit if comparator in ("=", "") else (not hit if comparator == "!=" else False)
                if ok:
                    matched = True
                    break
        else:
            err = "unsupported JSON type '%s'" % typ
        if err is not None:
            if orop:
                errors.append(err)
                continue
            return False, "data filter error (%s)" % err, None
        if matched:
            if orop:
                return True, None, None
            continue
        if orop:
            continue
        return False, None, "data filter on %r: %s %s does not match %s%s" % (
            path, typ, res.raw, comparator + " " if comparator else "", values)
    if orop:
        if errors:
            return False, "data filter errors [%s]" % " / ".join(errors), None
        return False, None, "no data filter matched (dataLogicalOperator: or)"
    return True, None, None


def _filter_exprs(filters, operator, event):
    """filterExpr: (passes, error message or None, reason it does not pass)."""
    if not filters:
        return True, None, None
    orop = _op(operator) == "or"
    errors = []
    for f in filters:
        if not isinstance(f, dict):
            raise BadInput("filters.exprs entries must be maps")
        params = {}
        missing = None
        for field in f.get("fields") or []:
            res = gjson_get(event.data_doc, field.get("path", "") or "")
            if res is None:
                missing = "path '%s' does not exist" % field.get("path", "")
                break
            params[field.get("name", "")] = res.value()
        if missing:
            if orop:
                errors.append(missing)
                continue
            return False, "expr filter error (%s)" % missing, None
        if not params:
            continue
        try:
            result = eval_expr(f.get("expr", "") or "", params)
        except _ExprError as e:
            if orop:
                errors.append(str(e))
                continue
            return False, "expr filter error (%s)" % e, None
        if result is True:
            if orop:
                return True, None, None
        elif not orop:
            return False, None, "expr filter %r is %s with %s" % (
                f.get("expr", ""), _go_v(result, False), go_marshal(params, sort_keys=True))
    if orop:
        if errors:
            return False, "expr filter errors [%s]" % " / ".join(errors), None
        return False, None, "no expr filter matched (exprLogicalOperator: or)"
    return True, None, None


def _filter_context(expected, ctx):
    if expected is None:
        return True, None, None
    if not isinstance(expected, dict):
        raise BadInput("filters.context must be a map")
    for k in ("type", "subject", "source", "datacontenttype"):
        want = expected.get(k) or ""
        if want and want != ctx.get(k):
            return False, None, "context filter: %s is %r, want %r" % (k, ctx.get(k), want)
    return True, None, None


def _parse_hms(s):
    m = re.match(r"^(\d{1,2}):(\d{2}):(\d{2})$", s or "")
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59 or int(m.group(3)) > 59:
        raise ValueError('parsing time "%s": invalid hh:mm:ss' % s)
    return _dt.time(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def _event_time(event):
    s = str(event.context.get("time", ""))
    try:
        t = _dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise BadInput("event context time %r is not RFC 3339" % s)
    if t.tzinfo is None:
        t = t.replace(tzinfo=_dt.timezone.utc)
    return t.astimezone(_dt.timezone.utc)


def _filter_time(tf, event):
    if tf is None:
        return True, None, None
    t = _event_time(event)
    try:
        start = _dt.datetime.combine(t.date(), _parse_hms(tf.get("start")), _dt.timezone.utc)
        stop = _dt.datetime.combine(t.date(), _parse_hms(tf.get("stop")), _dt.timezone.utc)
    except ValueError as e:
        return False, "time filter error (%s)" % e, None
    ok = (start <= t < stop) if start < stop else (t >= start or t < stop)
    return ok, None, None if ok else "time filter: %s is outside [%s, %s)" % (
        event.context["time"], tf.get("start"), tf.get("stop"))


def filter_event(dep, event):
    """(passes, why) for one dependency, as pkg/sensors/dependencies/filter.go."""
    if dep.get("transform"):
        raise Unsupported("dependency %r: transform (jq/Lua) is not modelled" % dep.get("name"))
    f = dep.get("filters")
    if f is None:
        return True, None
    if not isinstance(f, dict):
        raise BadInput("dependency %r: filters must be a map" % dep.get("name"))
    if f.get("script"):
        raise Unsupported("dependency %r: Lua script filters are not modelled" % dep.get("name"))
    orop = _op(dep.get("filtersLogicalOperator", "")) == "or"
    kinds = (
        ("exprs", f.get("exprs") or None, lambda: _filter_exprs(f.get("exprs") or None,
                                                              f.get("exprLogicalOperator"), event)),
        ("data", f.get("data") or None, lambda: _filter_data(f.get("data") or None,
                                                           f.get("dataLogicalOperator"), event)),
        ("context", f.get("context"), lambda: _filter_context(f.get("context"), event.context)),
        ("time", f.get("time"), lambda: _filter_time(f.get("time"), event)),
    )
    results = []
    for kind, present, fn in kinds:
        ok, err, why = fn()
        if err is not None and not orop:
            return False, err  # filterEvent returns at the first error with "and"
        results.append((present is not None, ok, err or why))
    if orop:
        if any(present and ok for present, ok, _ in results):
            return True, None
        whys = [w for present, _, w in results if present and w]
        return False, "; ".join(whys) or "no filter present (filtersLogicalOperator: or)"
    for _, ok, why in results:
        if not ok:
            return False, why
    return True, None


# ---------------------------------------------------------------------------
# parameters (pkg/sensors/triggers/params.go)


def _check_src(src, where):
    if not isinstance(src, dict):
        raise BadInput("%s: src must be a map" % where)
    v = src.get("value")
    if v is not None and not isinstance(v, str):
        raise BadInput("%s: src.value must be a string (TriggerParameterSource.Value is *string; "
                       "quote %r)" % (where, v))
    raw = src.get("useRawData")
    if raw is not None and not isinstance(raw, bool):
        raise BadInput("%s: src.useRawData must be a bool" % where)
    for k in ("dependencyName", "dataKey", "dataTemplate", "contextKey", "contextTemplate"):
        if src.get(k) is not None and not isinstance(src.get(k), str):
            raise BadInput("%s: src.%s must be a string" % (where, k))


UPSTREAMS = ("1.9", "master")


def resolve_param_value(src, events, where="parameter", upstream="1.9"):
    """ResolveParamValue: (value or None, gjson type name; "String" for strings)."""
    _check_src(src, where)
    dep = src.get("dependencyName") or ""
    has_default = src.get("value") is not None
    default = src.get("value")
    ev = events.get(dep)
    if ev is None:
        return (default, "String") if has_default else (None, "String")
    ctx_key = src.get("contextKey") or ""
    ctx_tmpl = src.get("contextTemplate") or ""
    data_key = src.get("dataKey") or ""
    data_tmpl = src.get("dataTemplate") or ""
    if not (ctx_key or ctx_tmpl or data_key or data_tmpl):
        return (default, "String") if has_default else (ev.whole_json(), "String")
    key = tmpl = ""
    doc = None
    what = ""
    if ctx_key or ctx_tmpl:
        key, tmpl, doc, what = ctx_key, ctx_tmpl, ev.context, "context"
    if data_key or data_tmpl:
        key, tmpl, doc, what = data_key, data_tmpl, ev.data_doc, "event data"
    tmpl_err = None
    if tmpl:
        try:
            out = render_template(tmpl, gvalue(doc))
            if out not in ("", "<no value>"):
                return out, "String"
            tmpl_err = "template evaluated to empty string or no value"
        except _TemplateError as e:
            tmpl_err = str(e)
    if key:
        res = gjson_get(doc, key)
        if res is not None:
            if res.type == "JSON" or (res.type == "Null" and upstream == "master"):
                return res.raw, res.type  # master: null -> "null" (argo-events #3738)
            return res.string(), res.type  # 1.9: null -> "" (gjson String())
    if has_default:
        return default, "String"
    why = []
    if tmpl:
        why.append("template %r failed (%s)" % (tmpl, tmpl_err))
    if key:
        why.append("key %r does not exist in the %s" % (key, what))
    raise TriggerFailed("unable to resolve '%s' parameter value: %s, and src.value (the default) "
                        "is not set; the trigger fails" % (dep, " and ".join(why)))


def _raw_value(text, typ=None, dest=None):
    if typ == "Null" and text == "":
        raise TriggerFailed(
            "useRawData with a null value at dest %r: Argo Events 1.9 sets the empty raw value "
            "(gjson String() of null is \"\"), which makes the JSON invalid ({\"key\": }) - "
            "argoproj/argo-events#3719, fixed by #3738 after 1.9; a resource then fails to "
            "unmarshal and a payload is sent as broken JSON" % dest)
    try:
        return parse_json(text)
    except ValueError:
        raise TriggerFailed("raw value %r is not JSON" % text)


def apply_params(doc, params, events, sort_keys=True, where="parameters", upstream="1.9"):
    """ApplyParams on a parsed JSON document; returns the new document."""
    if not isinstance(params, list):
        raise BadInput("%s must be a list" % where)
    for i, p in enumerate(params):
        w = "%s[%d]" % (where, i)
        if not isinstance(p, dict):
            raise BadInput("%s must be a map" % w)
        src = p.get("src")
        if src is None:
            raise BadInput("%s: parameter source can't be empty" % w)
        if not (src.get("dependencyName") if isinstance(src, dict) else None):
            raise BadInput("%s: parameter dependency name can't be empty" % w)
        dest = p.get("dest") or ""
        if dest == "":
            raise BadInput("%s: parameter destination can't be empty" % w)
        op = p.get("operation") or ""
        if op not in ("", "overwrite", "append", "prepend"):
            raise BadInput("%s: parameter operation %s is invalid" % (w, op))
        value, typ = resolve_param_value(src, events, w, upstream)
        if value is None:
            continue
        if op in ("append", "prepend"):
            cur = gjson_get(doc, dest, sort_keys=sort_keys)
            if cur is not None:
                typ = "String"
                value = cur.string() + value if op == "append" else value + cur.string()
        if typ != "String" and src.get("useRawData"):
            doc = sjson_set(doc, dest, _raw_value(value, typ, dest))
        else:
            doc = sjson_set(doc, dest, value)
    return doc


class RawPayload(str):
    """A payload that is not JSON (a dest "" parameter): sent verbatim."""


def construct_payload(params, events, where="payload", upstream="1.9"):
    """ConstructPayload: the body of an http / nats trigger (None = empty body)."""
    if not isinstance(params, list):
        raise BadInput("%s must be a list" % where)
    for i, p in enumerate(params):  # the Sensor validation (validateTriggerParameter)
        w = "%s[%d]" % (where, i)
        if not isinstance(p, dict) or not isinstance(p.get("src"), dict):
            raise BadInput("%s: parameter source can't be empty" % w)
        if not p["src"].get("dependencyName"):
            raise BadInput("%s: parameter dependency name can't be empty" % w)
        if (p.get("operation") or "") not in ("", "overwrite", "append", "prepend"):
            raise BadInput("%s: parameter operation %s is invalid" % (w, p.get("operation")))
        if not p.get("dest") and upstream == "1.9":
            raise BadInput("%s: parameter destination can't be empty (the 1.9 Sensor validation "
                           "rejects it; only later versions send the value as the whole body)" % w)
    payload = None
    for i, p in enumerate(params):
        w = "%s[%d]" % (where, i)
        value, typ = resolve_param_value(p["src"], events, w, upstream)
        dest = p.get("dest") or ""
        if dest == "":
            if value is not None:
                try:
                    return parse_json(value)
                except ValueError:
                    return RawPayload(value)
            continue
        if value is None:
            raise TriggerFailed("%s: dependency %r has no event and src.value is not set: "
                                "ConstructPayload dereferences a nil value (the sensor panics)"
                                % (w, p["src"].get("dependencyName")))
        if typ != "String" and p["src"].get("useRawData"):
            payload = sjson_set(payload, dest, _raw_value(value, typ, dest))
        else:
            payload = sjson_set(payload, dest, value)
    return payload


# ---------------------------------------------------------------------------
# triggers

_RESOURCE_TRIGGERS = ("argoWorkflow", "k8s")
_PAYLOAD_TRIGGERS = ("http", "nats")
_OTHER_TRIGGERS = ("awsLambda", "azureEventHubs", "azureServiceBus", "custom", "email",
                   "gcpCloudFunctions", "grpc", "kafka", "log", "openWhisk", "pulsar", "slack")


def _trigger_kind(tmpl):
    for k in _RESOURCE_TRIGGERS + _PAYLOAD_TRIGGERS:
        if tmpl.get(k) is not None:
            return k
    for k in _OTHER_TRIGGERS:
        if tmpl.get(k) is not None:
            raise Unsupported("trigger %r: %s triggers are not modelled" % (tmpl.get("name"), k))
    raise BadInput("trigger %r has no known trigger type" % tmpl.get("name"))


def _fetch_resource(spec, name):
    source = spec.get("source")
    if not isinstance(source, dict):
        raise TriggerFailed("trigger %r: trigger source for k8s is empty" % name)
    if source.get("resource") is not None:
        res = source["resource"]
    elif source.get("inline") is not None:
        try:
            res = yaml.load(source["inline"], Loader=_Loader)
        except yaml.YAMLError as e:
            raise TriggerFailed("trigger %r: inline resource is not YAML: %s" % (name, e))
    else:
        raise Unsupported("trigger %r: only source.resource and source.inline are modelled (not %s)"
                          % (name, ", ".join(sorted(source)) or "nothing"))
    # through JSON, as unstructured does
    return _raw_value(go_marshal(res, sort_keys=True))


def _workflow_notes(obj):
    notes = []
    if not isinstance(obj, dict) or obj.get("apiVersion", "").split("/")[0] != "argoproj.io":
        return notes
    params = ((obj.get("spec") or {}).get("arguments") or {}).get("parameters")
    if not isinstance(params, list):
        return notes
    for i, p in enumerate(params):
        if not isinstance(p, dict) or "value" not in p or isinstance(p["value"], str):
            continue
        v = p["value"]
        where = "spec.arguments.parameters.%d.value (%s)" % (i, p.get("name"))
        if v is None:
            notes.append("%s is null: Argo drops the value" % where)
        elif isinstance(v, bool):
            notes.append("%s is %s, not a string: Argo's AnyString makes it %r" % (
                where, go_marshal(v), "true" if v else "false"))
        elif is_number(v):
            notes.append("%s is the number %s, not a string: Argo's AnyString makes it %r" % (
                where, go_marshal(v), go_format_f(num_value(v))))
        else:
            notes.append("%s is a JSON %s, not a string: Argo's AnyString silently leaves it "
                         "\"\"" % (where, "object" if isinstance(v, dict) else "array"))
    return notes


class TriggerOutput:
    def __init__(self, name, kind, obj, spec, notes):
        self.name = name      # trigger template name
        self.kind = kind      # argoWorkflow / k8s / http / nats
        self.object = obj     # resource, or payload (None = empty body)
        self.spec = spec      # resolved trigger template
        self.notes = notes    # human notes (stderr)


def run_trigger(trigger, events, upstream="1.9"):
    """Apply one trigger's parameters; returns a TriggerOutput."""
    if not isinstance(trigger, dict) or not isinstance(trigger.get("template"), dict):
        raise BadInput("a trigger needs a template map")
    tmpl = _raw_value(go_marshal(trigger["template"], sort_keys=True))
    if trigger.get("parameters"):
        tmpl = apply_params(tmpl, trigger["parameters"], events, where="triggers[].parameters",
                            upstream=upstream)
        if not isinstance(tmpl, dict):
            raise TriggerFailed("template parameters turned the template into a non-object")
    name = tmpl.get("name")
    kind = _trigger_kind(tmpl)
    spec = tmpl[kind]
    if not isinstance(spec, dict):
        raise BadInput("trigger %r: %s must be a map" % (name, kind))
    if kind in _RESOURCE_TRIGGERS:
        obj = _fetch_resource(spec, name)
        if spec.get("parameters") is not None:
            obj = apply_params(obj, spec["parameters"], events, where="%s.parameters" % kind,
                               upstream=upstream)
        if not isinstance(obj, dict) or not isinstance(obj.get("kind"), str) or not obj.get("kind"):
            raise TriggerFailed("trigger %r: Object 'Kind' is missing in the resource" % name)
        obj = to_output(obj)
        return TriggerOutput(name, kind, obj, to_output(tmpl), _workflow_notes(obj))
    if kind == "http" and not spec.get("method"):
        spec["method"] = "POST"
    if spec.get("parameters") is not None:
        spec = apply_params(spec, spec["parameters"], events, where="%s.parameters" % kind,
                            upstream=upstream)
        tmpl[kind] = spec
    notes = []
    if spec.get("payload") is None:
        if kind == "nats":
            raise TriggerFailed("trigger %r: payload parameters are not specified" % name)
        notes.append("no payload parameters: the request body is empty")
        payload = None
    else:
        payload = construct_payload(spec["payload"], events, where="%s.payload" % kind,
                                    upstream=upstream)
    if not isinstance(payload, RawPayload):
        payload = to_output(payload)
    return TriggerOutput(name, kind, payload, to_output(tmpl), notes)


# ---------------------------------------------------------------------------
# the sensor


def _conditions_hold(expr, present, known):
    toks = re.findall(r"&&|\|\||[()]|[^\s&|()]+", expr)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def atom():
        t = peek()
        pos[0] += 1
        if t == "(":
            v = orx()
            if peek() != ")":
                raise BadInput("conditions %r: unbalanced parentheses" % expr)
            pos[0] += 1
            return v
        if t is None or t in ("&&", "||", ")"):
            raise BadInput("conditions %r: syntax error" % expr)
        if t not in known:
            raise BadInput("conditions %r: %r is not a dependency" % (expr, t))
        return t in present

    def andx():
        v = atom()
        while peek() == "&&":
            pos[0] += 1
            v = atom() and v
        return v

    def orx():
        v = andx()
        while peek() == "||":
            pos[0] += 1
            v = andx() or v
        return v

    v = orx()
    if pos[0] != len(toks):
        raise BadInput("conditions %r: syntax error" % expr)
    return v


def _pick_dependency(deps, name):
    if name is not None:
        for d in deps:
            if d.get("name") == name:
                return d
        raise BadInput("no dependency %r (have: %s)" % (name, ", ".join(str(d.get("name")) for d in deps)))
    pairs = {(d.get("eventSourceName"), d.get("eventName")) for d in deps}
    if len(pairs) == 1:
        return deps[0]
    raise BadInput("the Sensor has several dependencies; name one with --dependency or an "
                   '"dependency" key in EVENT_JSON (%s)' % ", ".join(str(d.get("name")) for d in deps))


def _eventsource_settings(es, dep):
    if not isinstance(es, dict) or es.get("kind") not in (None, "EventSource"):
        raise BadInput("--eventsource is not an EventSource")
    es_name = (es.get("metadata") or {}).get("name")
    if es_name and es_name != dep.get("eventSourceName"):
        raise BadInput("EventSource %r is not %r, the one dependency %r listens to"
                       % (es_name, dep.get("eventSourceName"), dep.get("name")))
    nats = ((es.get("spec") or {}).get("nats") or {})
    entry = nats.get(dep.get("eventName"))
    if not isinstance(entry, dict):
        raise BadInput("EventSource has no spec.nats.%s (dependency %r's eventName)"
                       % (dep.get("eventName"), dep.get("name")))
    if entry.get("filter"):
        raise Unsupported("EventSource-level filter.expression is not modelled")
    return bool(entry.get("jsonBody", False)), entry.get("metadata")


def sensor_spec(sensor):
    if not isinstance(sensor, dict) or not isinstance(sensor.get("spec"), dict):
        raise BadInput("not a Sensor (no spec)")
    spec = sensor["spec"]
    deps = spec.get("dependencies")
    if not isinstance(deps, list) or not deps or not all(isinstance(d, dict) for d in deps):
        raise BadInput("no event dependencies found")
    trigs = spec.get("triggers")
    if not isinstance(trigs, list) or not trigs:
        raise BadInput("no triggers found")
    return deps, trigs


def run(sensor, event, trigger=None, *, dependency=None, json_body=None, metadata=None,
        eventsource=None, upstream="1.9"):
    """Filter the event and apply the firing triggers; returns [TriggerOutput]."""
    if upstream not in UPSTREAMS:
        raise BadInput("upstream must be one of %s" % ", ".join(UPSTREAMS))
    deps, trigs = sensor_spec(sensor)
    if isinstance(event, dict) and dependency is None:
        dependency = event.get("dependency")
    dep = _pick_dependency(deps, dependency)
    if eventsource is not None:
        es_json, es_md = _eventsource_settings(eventsource, dep)
        if json_body is None:
            json_body = es_json
        if metadata is None:
            metadata = es_md
    if json_body is None:
        json_body = True
    ev = build_event(event, dep, json_body=json_body, metadata=metadata)
    pair = (dep.get("eventSourceName"), dep.get("eventName"))
    events, why_not = {}, {}
    for d in deps:
        if (d.get("eventSourceName"), d.get("eventName")) != pair:
            continue
        ok, why = filter_event(d, ev)
        if ok:
            events[d.get("name")] = ev
        else:
            why_not[d.get("name")] = why
    known = [d.get("name") for d in deps]
    selected = []
    for t in trigs:
        tname = (t.get("template") or {}).get("name") if isinstance(t, dict) else None
        if trigger is not None and tname != trigger:
            continue
        selected.append((tname, t))
    if trigger is not None and not selected:
        raise BadInput("no trigger %r (have: %s)" % (trigger, ", ".join(
            str((t.get("template") or {}).get("name")) for t in trigs)))
    out, skipped = [], []
    for tname, t in selected:
        cond = (t.get("template") or {}).get("conditions") or " && ".join(known)
        if _conditions_hold(cond, set(events), known):
            out.append(run_trigger(t, events, upstream))
        elif events:
            skipped.append("trigger %r does not fire: its conditions %r are not met by %s alone"
                           % (tname, cond, ", ".join(sorted(events))))
    if not out:
        reasons = ["dependency %r: %s" % (k, v) for k, v in why_not.items() if k == dep.get("name")]
        reasons += ["dependency %r: %s" % (k, v) for k, v in why_not.items() if k != dep.get("name")]
        raise Filtered("; ".join(reasons + skipped))
    return out


def apply(sensor, event, trigger=None, **kw):
    """The object the trigger acts on (resource or payload).

    With several firing triggers and no `trigger` name: {trigger name: object}.
    Keyword options: dependency, json_body, metadata, eventsource (a dict),
    upstream ("1.9", the default, or "master": the current argo-events source).
    Raises Filtered / TriggerFailed / BadInput / Unsupported (see exit codes).
    """
    outs = run(sensor, event, trigger, **kw)
    if trigger is not None or len(outs) == 1:
        return outs[0].object
    return {o.name: o.object for o in outs}


# ---------------------------------------------------------------------------
# CLI


def load_yaml_docs(path, kind):
    if yaml is None:
        raise BadInput("PyYAML is required")
    try:
        with open(path, encoding="utf-8") as fh:
            docs = [d for d in yaml.load_all(fh, Loader=_Loader) if d is not None]
    except (OSError, yaml.YAMLError) as e:
        raise BadInput("%s: %s" % (path, e))
    for d in docs:
        if isinstance(d, dict) and d.get("kind") == kind:
            return d
    raise BadInput("%s: no %s document" % (path, kind))


def load_event(path):
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        return parse_json(text)
    except (OSError, ValueError) as e:
        raise BadInput("%s: %s" % (path, e))


def _dump(obj):
    if isinstance(obj, RawPayload):
        return str(obj)
    return json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Apply an Argo Events Sensor to one NATS event, offline "
                    "(exit 0 ok, 2 bad input, 3 filtered, 4 trigger fails, 5 not modelled).")
    ap.add_argument("sensor", help="Sensor YAML (the first kind: Sensor document is used)")
    ap.add_argument("event", help='EVENT_JSON: {"subject": ..., "body": ..., "header": ...} or - for stdin')
    ap.add_argument("--trigger", help="only this trigger (template.name)")
    ap.add_argument("--dependency", help="the dependency the event is for (default: the only one)")
    ap.add_argument("--eventsource", help="EventSource YAML: take jsonBody and metadata from it")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--json-body", dest="json_body", action="store_true", default=None,
                   help="the EventSource has jsonBody: true (default without --eventsource)")
    g.add_argument("--no-json-body", dest="json_body", action="store_false",
                   help="the EventSource has jsonBody: false (body is base64)")
    ap.add_argument("--upstream", choices=UPSTREAMS, default="1.9",
                    help="Argo Events behaviour to model (default 1.9; master = current source: "
                         "null values as JSON null, payload dest \"\" as the whole body)")
    args = ap.parse_args(argv)
    try:
        sensor = load_yaml_docs(args.sensor, "Sensor")
        event = load_event(args.event)
        es = load_yaml_docs(args.eventsource, "EventSource") if args.eventsource else None
        outs = run(sensor, event, args.trigger, dependency=args.dependency,
                   json_body=args.json_body, eventsource=es, upstream=args.upstream)
    except SensorModelError as e:
        print("%s: %s" % (e.prefix, e), file=sys.stderr)
        return e.exit_code
    for o in outs:
        for n in o.notes:
            print("note: trigger %r: %s" % (o.name, n), file=sys.stderr)
    if args.trigger is not None or len(outs) == 1:
        print(_dump(outs[0].object))
    else:
        print(_dump({o.name: o.object for o in outs}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
