#!/usr/bin/env python3
"""Self-tests of tests/events/apply_sensor.py (exit status 1 on any failure).

    python3 tests/events/test_apply_sensor.py [-v]

Runs against the Sensors / EventSource in ../shared/conformance/argo-events
(override with ARGO_EVENTS_CONFORMANCE=DIR); the expected values are what the
upstream code paths named in apply_sensor.py's docstring produce.
"""

import base64
import copy
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import apply_sensor as A  # noqa: E402

CONF = os.environ.get("ARGO_EVENTS_CONFORMANCE", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "conformance", "argo-events"))
TOOL = os.path.join(HERE, "apply_sensor.py")
VERBOSE = "-v" in sys.argv[1:]


def load(name, kind="Sensor"):
    return A.load_yaml_docs(os.path.join(CONF, name), kind)


AWF = load("nats-sensor-argoworkflow-trigger.yaml")
K8S = load("nats-sensor-workflow-k8s-trigger.yaml")
HTTP = load("http-trigger-sensor.yaml")
HTTP_UP = load("upstream/sensors__http-trigger.yaml")
NATS_TRIG = load("upstream/sensors__trigger-nats-messages.yaml")
EXISTING_WFT = load("upstream/sensors__sensor-to-existing-workflow-template.yaml")
SPECIAL = load("upstream/sensors__special-workflow-trigger-shortened.yaml")
ES = load("nats-eventsource.yaml", "EventSource")


def ev(body, **kw):
    e = {"subject": "foo", "body": A.parse_json(json.dumps(body)) if not isinstance(body, A.JNum) else body}
    e.update(kw)
    return e


def evraw(text, **kw):
    """An event whose body is the JSON text as published (keeps number tokens)."""
    e = {"subject": "foo", "body": A.parse_json(text)}
    e.update(kw)
    return e


def awf_param(obj, i=0):
    return obj["spec"]["arguments"]["parameters"][i]["value"]


def awf_params(sensor):
    return sensor["spec"]["triggers"][0]["template"]["argoWorkflow"]["parameters"]


def with_src(sensor, **src):
    s = copy.deepcopy(sensor)
    awf_params(s)[0]["src"].update(src)
    return s


def with_filters(sensor, filters, op=None):
    s = copy.deepcopy(sensor)
    dep = s["spec"]["dependencies"][0]
    dep["filters"] = filters
    if op:
        dep["filtersLogicalOperator"] = op
    return s


def raises(exc, fn, *a, **kw):
    try:
        fn(*a, **kw)
    except exc as e:
        return str(e)
    raise AssertionError("%s not raised" % exc.__name__)


def eq(got, want):
    assert got == want, "got %r, want %r" % (got, want)


def cli(*args, stdin=None):
    p = subprocess.run([sys.executable, TOOL] + list(args), input=stdin,
                       capture_output=True, text=True, timeout=30)
    return p.returncode, p.stdout, p.stderr


def write(tmp, name, obj):
    path = os.path.join(tmp, name)
    with open(path, "w") as fh:
        fh.write(obj if isinstance(obj, str) else json.dumps(obj))
    return path


# ---------------------------------------------------------------------------
# the composed argoWorkflow trigger (dataKey body.uri -> spec.arguments.parameters.0.value)

def test_argo_workflow_string():
    wf = A.apply(AWF, ev({"uri": "s3://data/train.csv"}))
    eq(awf_param(wf), "s3://data/train.csv")
    eq(wf["spec"]["workflowTemplateRef"], {"name": "train-pipeline"})
    eq(wf["metadata"], {"generateName": "train-pipeline-"})
    eq(wf["kind"], "Workflow")
    out = A.run(AWF, ev({"uri": "x"}))
    eq(out[0].notes, [])
    eq(out[0].kind, "argoWorkflow")


def test_with_eventsource_file():
    # the conformance EventSource has jsonBody: true; metadata absent
    wf = A.apply(AWF, ev({"uri": "s3://a"}), eventsource=ES)
    eq(awf_param(wf), "s3://a")


def test_string_conversion_without_use_raw_data():
    cases = [
        ('{"uri": 42}', "42"),
        ('{"uri": -7}', "-7"),
        ('{"uri": 1.50}', "1.5"),          # non-integers go through FormatFloat 'f' -1
        ('{"uri": 1e3}', "1000"),
        ('{"uri": 12345678901234567890}', "12345678901234567890"),  # integer token kept
        ('{"uri": true}', "true"),
        ('{"uri": false}', "false"),
        ('{"uri": null}', ""),             # 1.9: gjson String() of null (type Null)
        ('{"uri": {"a": "<b>", "n": [1, 2.50]}}', '{"a":"\\u003cb\\u003e","n":[1,2.50]}'),
        ('{"uri": [ "x" , 1 ]}', '["x",1]'),
    ]
    for text, want in cases:
        eq(awf_param(A.apply(AWF, evraw(text))), want)
    # after argo-events #3738 (not in 1.9) a null is the string "null"
    eq(awf_param(A.apply(AWF, evraw('{"uri": null}'), upstream="master")), "null")


def test_use_raw_data():
    s = with_src(AWF, useRawData=True)
    cases = [
        ('{"uri": 42}', 42),
        ('{"uri": 1.50}', 1.5),
        ('{"uri": 2.0}', 2),               # unstructured float64 2 marshals as 2
        ('{"uri": true}', True),
        ('{"uri": {"a": "<b>"}}', {"a": "<b>"}),
        ('{"uri": [1, "x"]}', [1, "x"]),
        ('{"uri": "s3://x"}', "s3://x"),   # strings stay strings
    ]
    for text, want in cases:
        eq(awf_param(A.apply(s, evraw(text))), want)
    # null + useRawData: 1.9 writes invalid JSON (#3719); master writes null
    msg = raises(A.TriggerFailed, A.apply, s, evraw('{"uri": null}'))
    assert "3719" in msg, msg
    eq(awf_param(A.apply(s, evraw('{"uri": null}'), upstream="master")), None)
    notes = A.run(s, evraw('{"uri": null}'), upstream="master")[0].notes
    assert "Argo drops the value" in notes[0], notes
    notes = A.run(s, evraw('{"uri": 42}'))[0].notes
    assert len(notes) == 1 and "AnyString makes it '42'" in notes[0], notes
    notes = A.run(s, evraw('{"uri": {"a": 1}}'))[0].notes
    assert "silently leaves it" in notes[0], notes
    notes = A.run(s, evraw('{"uri": 2.50}'))[0].notes
    assert "'2.5'" in notes[0], notes


def test_defaults():
    s = with_src(AWF, value="s3://default")
    eq(awf_param(A.apply(s, ev({"other": 1}))), "s3://default")
    eq(awf_param(A.apply(s, ev({"uri": "s3://given"}))), "s3://given")
    # a default with useRawData stays a string
    s2 = with_src(AWF, value="42", useRawData=True)
    eq(awf_param(A.apply(s2, ev({}))), "42")
    # value with no key at all: the literal value, even though the event exists
    s3 = copy.deepcopy(AWF)
    awf_params(s3)[0]["src"] = {"dependencyName": "new-data", "value": "literal"}
    eq(awf_param(A.apply(s3, ev({"uri": "x"}))), "literal")
    # empty-string default is a default
    s4 = with_src(AWF, value="")
    eq(awf_param(A.apply(s4, ev({}))), "")
    # a parameter naming another dependency: default if set, else silently skipped
    s5 = copy.deepcopy(AWF)
    awf_params(s5)[0]["src"]["dependencyName"] = "elsewhere"
    eq(awf_param(A.apply(s5, ev({"uri": "x"}))), "")
    awf_params(s5)[0]["src"]["value"] = "fallback"
    eq(awf_param(A.apply(s5, ev({"uri": "x"}))), "fallback")


def test_missing_key_fails():
    msg = raises(A.TriggerFailed, A.apply, AWF, ev({"url": "typo"}))
    assert "body.uri" in msg and "new-data" in msg, msg
    # non-string default is rejected like the Go types would
    s = with_src(AWF, value=5)
    raises(A.BadInput, A.apply, s, ev({}))


def test_whole_event_k8s_trigger():
    # examples/sensors/nats.yaml: no dataKey -> the whole event, data in base64
    obj = A.apply(K8S, evraw('{"uri": "a<b", "n": 1.50}', header={"X-Id": "7"}))
    value = awf_param(obj)
    assert isinstance(value, str)
    whole = json.loads(value)
    eq(list(whole), ["context", "data"])
    ctx = whole["context"]
    eq(list(ctx), ["id", "source", "specversion", "type", "datacontenttype", "subject", "time"])
    eq((ctx["source"], ctx["subject"], ctx["type"], ctx["specversion"], ctx["datacontenttype"]),
       ("nats", "example", "nats", "1.0", "application/json"))
    data = base64.b64decode(whole["data"]).decode()
    eq(data, '{"subject":"foo","body":{"uri":"a\\u003cb","n":1.50},"header":{"X-Id":["7"]}}')
    eq(obj["spec"]["templates"][0]["container"]["args"], ["{{inputs.parameters.message}}"])
    eq(A.run(K8S, ev({}))[0].kind, "k8s")


# ---------------------------------------------------------------------------
# event shape

def test_json_body_false():
    s = copy.deepcopy(AWF)
    awf_params(s)[0]["src"]["dataKey"] = "body"
    wf = A.apply(s, ev({"uri": "s3://x"}), json_body=False)
    eq(base64.b64decode(awf_param(wf)).decode(), '{"uri":"s3://x"}')
    wf = A.apply(s, {"subject": "foo", "rawBody": "hello <world>"}, json_body=False)
    eq(awf_param(wf), base64.b64encode(b"hello <world>").decode())
    # body.uri does not exist when the body is base64
    raises(A.TriggerFailed, A.apply, AWF, ev({"uri": "s3://x"}), json_body=False)
    # EventSource without jsonBody means false (the upstream default)
    es = copy.deepcopy(ES)
    del es["spec"]["nats"]["example"]["jsonBody"]
    raises(A.TriggerFailed, A.apply, AWF, ev({"uri": "s3://x"}), eventsource=es)


def test_json_body_true_invalid_payload_dropped():
    msg = raises(A.Filtered, A.apply, AWF, {"subject": "foo", "rawBody": "not json"})
    assert "drops" in msg, msg
    raises(A.Filtered, A.apply, AWF, {"subject": "foo", "rawBody": ""})
    eq(awf_param(A.apply(AWF, {"subject": "foo", "rawBody": ' {"uri" : "s"} '})), "s")


def test_header_metadata_subject():
    s = copy.deepcopy(AWF)
    p = awf_params(s)
    p[0]["src"]["dataKey"] = "header.X-Id.0"
    p.append({"src": {"dependencyName": "new-data", "dataKey": "metadata.team"},
              "dest": "spec.arguments.parameters.1.value"})
    p.append({"src": {"dependencyName": "new-data", "dataKey": "subject"},
              "dest": "metadata.labels.subject"})
    es = copy.deepcopy(ES)
    es["spec"]["nats"]["example"]["metadata"] = {"team": "ml"}
    wf = A.apply(s, ev({}, header={"X-Id": "7"}), eventsource=es)
    eq(wf["spec"]["arguments"]["parameters"], [{"name": "dataset-uri", "value": "7"}, {"value": "ml"}])
    eq(wf["metadata"]["labels"], {"subject": "foo"})
    # no header and no metadata: the keys are absent (omitempty)
    s2 = copy.deepcopy(AWF)
    awf_params(s2)[0]["src"]["dataKey"] = "header"
    raises(A.TriggerFailed, A.apply, s2, ev({}))


# ---------------------------------------------------------------------------
# gjson subset

def test_gjson_paths():
    body = ('{"items": [{"name": "a"}, {"name": "b"}, {"x": 1}], "a.b": "dotted", '
            '"uri": "u", "deep": {"k": [[10, 20], [30]]}}')
    doc = A.parse_json(body)
    g = A.gjson_get
    eq(g(doc, "items.1.name").string(), "b")
    eq(g(doc, "items.#").string(), "3")
    eq(g(doc, "items.#.name").raw, '["a","b"]')
    eq(g(doc, "a\\.b").string(), "dotted")
    eq(g(doc, "ur?").string(), "u")
    eq(g(doc, "it*.0.name").string(), "a")
    eq(g(doc, "deep.k.0.1").string(), "20")
    eq(g(doc, "deep.k.#.#").raw, "[2,1]")
    assert g(doc, "items.3") is None
    assert g(doc, "items.name") is None
    assert g(doc, "uri.x") is None
    assert g(doc, "a.b") is None
    assert g({"#": 1}, "\\#").string() == "1"
    for bad in ("items.#(name==\"a\")", "@reverse", "items|0", "[uri,a]", "items.@this"):
        raises(A.Unsupported, g, doc, bad)
    # through a sensor: count as a number with useRawData
    s = with_src(AWF, dataKey="body.items.#", useRawData=True)
    eq(awf_param(A.apply(s, evraw(body))), 3)
    s = with_src(AWF, dataKey="body.items.#.name")
    eq(awf_param(A.apply(s, evraw(body))), '["a","b"]')


# ---------------------------------------------------------------------------
# sjson subset

def test_sjson_dest():
    def put(dest, value, raw=False, sensor=AWF):
        s = copy.deepcopy(sensor)
        p = awf_params(s)[0]
        p["dest"] = dest
        if raw:
            p["src"]["useRawData"] = True
        return A.apply(s, evraw('{"uri": %s}' % value))

    wf = put("spec.arguments.parameters.1.value", '"v"')
    eq(wf["spec"]["arguments"]["parameters"], [{"name": "dataset-uri", "value": ""}, {"value": "v"}])
    wf = put("spec.arguments.parameters.3.value", '"v"')
    eq(wf["spec"]["arguments"]["parameters"][1:], [None, None, {"value": "v"}])
    wf = put("spec.arguments.parameters.-1", '{"name": "extra", "value": "e"}', raw=True)
    eq(wf["spec"]["arguments"]["parameters"][1], {"name": "extra", "value": "e"})
    wf = put("metadata.labels.app", '"ml"')
    eq(wf["metadata"], {"generateName": "train-pipeline-", "labels": {"app": "ml"}})
    wf = put("metadata.annotations.mlpc\\.io/uri", '"s3://x"')
    eq(wf["metadata"]["annotations"], {"mlpc.io/uri": "s3://x"})
    wf = put("spec.extra.0", '"v"')
    eq(wf["spec"]["extra"], ["v"])
    wf = put("spec.extra.:0", '"v"')
    eq(wf["spec"]["extra"], {"0": "v"})
    wf = put("spec.extra.2.k", '"v"')
    eq(wf["spec"]["extra"], [None, None, {"k": "v"}])
    wf = put("metadata.generateName.sub", '"v"')  # a scalar in the way becomes an object
    eq(wf["metadata"]["generateName"], {"sub": "v"})
    msg = raises(A.TriggerFailed, put, "spec.arguments.parameters.name", '"v"')
    assert "non-numeric key 'name'" in msg, msg
    raises(A.Unsupported, put, "spec.arguments.parameters.#.value", '"v"')
    eq(A.sjson_set(None, "0.a", "x"), [{"a": "x"}])
    eq(A.sjson_set(None, "a.b", "x"), {"a": {"b": "x"}})


def test_operations():
    s = copy.deepcopy(AWF)
    awf_params(s).append({"src": {"dependencyName": "new-data", "dataKey": "body.run"},
                          "dest": "metadata.generateName", "operation": "append"})
    eq(A.apply(s, ev({"uri": "u", "run": "r1-"}))["metadata"]["generateName"], "train-pipeline-r1-")
    awf_params(s)[1]["operation"] = "prepend"
    eq(A.apply(s, ev({"uri": "u", "run": "r1-"}))["metadata"]["generateName"], "r1-train-pipeline-")
    awf_params(s)[1]["operation"] = "overwrite"
    eq(A.apply(s, ev({"uri": "u", "run": "r1-"}))["metadata"]["generateName"], "r1-")
    # append to a missing dest is a plain set; append makes raw values strings
    awf_params(s)[1].update({"operation": "append", "dest": "metadata.labels.run"})
    awf_params(s)[1]["src"]["useRawData"] = True
    eq(A.apply(s, evraw('{"uri": "u", "run": 5}'))["metadata"]["labels"], {"run": 5})
    awf_params(s)[1]["dest"] = "spec.arguments.parameters.0.value"
    eq(awf_param(A.apply(s, evraw('{"uri": "u", "run": 5}'))), "u5")
    awf_params(s)[1]["operation"] = "replace"
    raises(A.BadInput, A.apply, s, ev({"uri": "u", "run": "x"}))


# ---------------------------------------------------------------------------
# templates and context

def test_data_template():
    s = with_src(AWF, dataTemplate="{{ .Input.body.uri }}")
    eq(awf_param(A.apply(s, ev({"uri": "s3://t"}))), "s3://t")
    s = with_src(AWF, dataTemplate="run-{{ .Input.body.n }}")
    eq(awf_param(A.apply(s, ev({"uri": "u", "n": 1000000}))), "run-1e+06")   # fmt %v of float64
    eq(awf_param(A.apply(s, ev({"uri": "u", "n": 123456}))), "run-123456")
    eq(awf_param(A.apply(s, evraw('{"uri": "u", "n": 3.0}'))), "run-3")
    eq(awf_param(A.apply(s, ev({"uri": "u"}))), "run-<no value>")          # not exactly "<no value>"
    s = with_src(AWF, dataTemplate="{{ .Input.body.missing }}")          # -> falls back to dataKey
    eq(awf_param(A.apply(s, ev({"uri": "from-key"}))), "from-key")
    s = with_src(AWF, dataTemplate="{{ .Input.body.missing }}", dataKey="", value="dflt")
    eq(awf_param(A.apply(s, ev({"uri": "x"}))), "dflt")
    s = with_src(AWF, dataTemplate="{{ .Input.body.uri.x }}")            # field of a string: error
    eq(awf_param(A.apply(s, ev({"uri": "from-key"}))), "from-key")
    s = with_src(AWF, dataTemplate='  {{- .Input.body.uri | upper }}-{{ index .Input.body "a-b" -}}\n ')
    eq(awf_param(A.apply(s, ev({"uri": "s3", "a-b": "c"}))), "S3-c")
    s = with_src(AWF, dataTemplate='{{ " " }}{{ quote .Input.body.uri }}')  # action output is not trimmed
    eq(awf_param(A.apply(s, ev({"uri": "s3"}))), ' "s3"')
    s = with_src(AWF, dataTemplate="{{ .Input.body.o }}")
    eq(awf_param(A.apply(s, ev({"o": {"b": [1, None], "a": True}}))), "map[a:true b:[1 <nil>]]")
    s = with_src(AWF, dataTemplate="{{ toJson .Input.body.o }}", useRawData=True)
    eq(awf_param(A.apply(s, ev({"o": {"b": 1}}))), '{"b":1}')            # template output: string
    s = with_src(AWF, dataTemplate="{{ if .Input }}x{{ end }}")
    raises(A.Unsupported, A.apply, s, ev({"uri": "u"}))
    s = with_src(AWF, dataTemplate="{{ .Input.body.uri | sha256sum }}")
    raises(A.Unsupported, A.apply, s, ev({"uri": "u"}))


def test_context_key_and_template():
    s = with_src(AWF, dataKey="", contextKey="type")
    eq(awf_param(A.apply(s, ev({}))), "nats")
    s = with_src(AWF, dataKey="", contextTemplate="{{ .Input.source }}/{{ .Input.subject }}")
    eq(awf_param(A.apply(s, ev({}))), "nats/example")
    # both kinds set: the data ones win
    s = with_src(AWF, contextKey="type")
    eq(awf_param(A.apply(s, ev({"uri": "data"}))), "data")
    s = with_src(AWF, dataKey="", contextKey="time")
    eq(awf_param(A.apply(s, ev({}, context={"time": "2025-02-03T04:05:06Z"}))), "2025-02-03T04:05:06Z")


def test_go_number_formatting():
    eq(A.go_format_v(1e6), "1e+06")
    eq(A.go_format_v(123456.0), "123456")
    eq(A.go_format_v(1234567.0), "1.234567e+06")
    eq(A.go_format_v(0.0001), "0.0001")
    eq(A.go_format_v(0.00001), "1e-05")
    eq(A.go_format_v(2.5), "2.5")
    eq(A.go_format_f(1e21), "1000000000000000000000")
    eq(A.go_format_f(1e-7), "0.0000001")
    eq(A.go_json_float(1e21), "1e+21")
    eq(A.go_json_float(1e-7), "1e-7")
    eq(A.go_json_float(100.0), "100")


# ---------------------------------------------------------------------------
# filters

def _passes(filters, body, op=None, raw=False, **kw):
    s = with_filters(AWF, filters, op)
    e = evraw(body) if raw else ev(body)
    e.update(kw.pop("event_extra", {}))
    try:
        A.apply(s, e, **kw)
        return True
    except A.Filtered as err:
        return str(err)


def test_data_filters():
    def data(*fs, op=None):
        f = {"data": list(fs)}
        if op:
            f["dataLogicalOperator"] = op
        return f

    b = {"uri": "s3://x", "kind": "pretrained", "n": 5, "ns": "5", "flag": True, "yes": "yes"}
    assert _passes(data({"path": "body.kind", "type": "string", "value": ["train"]}), b) is True
    why = _passes(data({"path": "body.kind", "type": "string", "value": ["^train$"]}), b)
    assert why is not True and "body.kind" in why, why
    assert _passes(data({"path": "body.kind", "type": "string", "value": ["x", "^pre"]}), b) is True
    assert _passes(data({"path": "body.kind", "type": "string", "value": ["eval"],
                         "comparator": "!="}), b) is True
    assert _passes(data({"path": "body.n", "type": "number", "value": ["3"],
                         "comparator": ">="}), b) is True
    assert _passes(data({"path": "body.n", "type": "number", "value": ["10"],
                         "comparator": ">="}), b) is not True
    assert _passes(data({"path": "body.ns", "type": "number", "value": ["5.0"]}), b) is True
    assert _passes(data({"path": "body.n", "type": "string", "value": ["^5$"]}), b) is True
    assert _passes(data({"path": "body.flag", "type": "bool", "value": ["true"]}), b) is True
    assert _passes(data({"path": "body.flag", "type": "bool", "value": ["false"]}), b) is not True
    assert _passes(data({"path": "body.yes", "type": "bool", "value": ["false"]}), b) is True  # "yes" -> false
    why = _passes(data({"path": "body.nope", "type": "string", "value": ["x"]}), b)
    assert "path 'body.nope' does not exist" in why, why
    why = _passes(data({"path": "body.n", "type": "number", "value": ["five"]}), b)
    assert "ParseFloat" in why, why
    # and (default) vs or
    two = ({"path": "body.nope", "type": "string", "value": ["x"]},
           {"path": "body.n", "type": "number", "value": ["5"]})
    assert _passes(data(*two), b) is not True
    assert _passes(data(*two, op="or"), b) is True
    why = _passes(data({"path": "body.nope", "type": "string", "value": ["x"]},
                       {"path": "body.n", "type": "number", "value": ["6"]}, op="or"), b)
    assert "data filter errors" in why, why
    # a non-string filter value is a Sensor the Go types reject
    raises(A.BadInput, A.apply, with_filters(AWF, data({"path": "body.n", "type": "number", "value": [5]})),
           ev(b))
    # template on a base64 body (jsonBody: false)
    f = data({"path": "body", "type": "string", "value": ['"uri"'], "template": "{{ b64dec .Input }}"})
    s = with_filters(with_src(AWF, dataKey="body"), f)
    A.apply(s, ev({"uri": "x"}), json_body=False)
    raises(A.Filtered, A.apply, s, ev({"url": "x"}), json_body=False)


def test_exprs_context_time_filters():
    b = {"n": 5, "kind": "csv", "uri": "u"}
    expr = {"exprs": [{"expr": 'n > 3 && (kind == "csv" || kind =~ "^parq")',
                       "fields": [{"name": "n", "path": "body.n"}, {"name": "kind", "path": "body.kind"}]}]}
    assert _passes(expr, b) is True
    assert _passes(expr, dict(b, n=2)) is not True
    assert _passes(expr, dict(b, kind="parquet")) is True
    assert _passes(expr, dict(b, kind="json")) is not True
    why = _passes({"exprs": [{"expr": "n == '5'", "fields": [{"name": "n", "path": "body.n"}]}]}, b)
    assert why is not True, "== is type-strict (float64 vs string)"
    why = _passes({"exprs": [{"expr": "x > 1", "fields": [{"name": "x", "path": "body.x"}]}]}, b)
    assert "does not exist" in why, why
    raises(A.Unsupported, _passes, {"exprs": [{"expr": "len(kind) > 1",
                                               "fields": [{"name": "kind", "path": "body.kind"}]}]}, b)
    assert _passes({"context": {"type": "nats", "source": "nats"}}, b) is True
    assert "context filter" in _passes({"context": {"type": "webhook"}}, b)
    noon = {"context": {"time": "2024-05-01T12:00:00Z"}}
    assert _passes({"time": {"start": "09:00:00", "stop": "17:00:00"}}, b, event_extra=noon) is True
    assert _passes({"time": {"start": "18:00:00", "stop": "06:00:00"}}, b, event_extra=noon) is not True
    assert _passes({"time": {"start": "11:00:00", "stop": "10:00:00"}}, b, event_extra=noon) is True
    # filtersLogicalOperator: or passes when any present kind passes
    mixed = {"data": [{"path": "body.kind", "type": "string", "value": ["^json$"]}],
             "context": {"type": "nats"}}
    assert _passes(mixed, b) is not True
    assert _passes(mixed, b, op="or") is True
    assert _passes({}, b) is True
    assert "no filter present" in _passes({}, b, op="or")
    raises(A.Unsupported, _passes, {"script": "return true"}, b)


# ---------------------------------------------------------------------------
# http / nats payloads (upstream examples, minio-shaped event data)

MINIO = {"eventData": {"notification": [{"s3": {"bucket": {"name": "my-bucket"},
                                                   "object": {"key": "in/a.csv"}}}]},
         "context": {"type": "minio"}}


def test_http_trigger_payload():
    for sensor in (HTTP, HTTP_UP):
        eq(A.apply(sensor, A.parse_json(json.dumps(MINIO))), {"bucket": "my-bucket", "type": "minio"})
    out = A.run(HTTP, A.parse_json(json.dumps(MINIO)))[0]
    eq((out.kind, out.spec["http"]["method"], out.spec["http"]["url"]),
       ("http", "POST", "http://http-server.argo-events.svc:8090/hello"))
    # missing dataKey in a payload fails the trigger
    raises(A.TriggerFailed, A.apply, HTTP, {"eventData": {"notification": []}})


def test_nats_trigger_payload():
    eq(A.apply(NATS_TRIG, A.parse_json(json.dumps(MINIO))), {"fileName": "in/a.csv", "bucket": "my-bucket"})


def test_payload_raw_nested_and_whole_body():
    s = copy.deepcopy(HTTP)
    pl = s["spec"]["triggers"][0]["template"]["http"]["payload"]
    pl[0]["src"]["useRawData"] = True
    pl[0]["src"]["dataKey"] = "notification.0.s3"
    pl[0]["dest"] = "event.s3"
    pl[1]["dest"] = "meta.types.1"
    eq(A.apply(s, A.parse_json(json.dumps(MINIO))),
       {"event": {"s3": MINIO["eventData"]["notification"][0]["s3"]}, "meta": {"types": [None, "minio"]}})
    # dest "": the 1.9 Sensor validation rejects it; master returns the value verbatim as
    # the whole body, ignoring later parameters
    pl.insert(0, {"src": {"dependencyName": "test-dep", "dataKey": "notification.0.s3.object.key"},
                  "dest": ""})
    msg = raises(A.BadInput, A.apply, s, A.parse_json(json.dumps(MINIO)))
    assert "destination can't be empty" in msg, msg
    body = A.apply(s, A.parse_json(json.dumps(MINIO)), upstream="master")
    assert isinstance(body, A.RawPayload) and body == "in/a.csv", body
    pl[0]["src"].update(dataKey="notification.0", useRawData=True)
    eq(A.apply(s, A.parse_json(json.dumps(MINIO)), upstream="master"), MINIO["eventData"]["notification"][0])
    # a payload parameter for a dependency without an event: the sensor panics upstream
    s2 = copy.deepcopy(HTTP)
    s2["spec"]["triggers"][0]["template"]["http"]["payload"][0]["src"]["dependencyName"] = "other"
    msg = raises(A.TriggerFailed, A.apply, s2, A.parse_json(json.dumps(MINIO)))
    assert "panics" in msg, msg
    # null + useRawData in a payload: invalid JSON on the wire in 1.9
    s4 = copy.deepcopy(HTTP)
    s4["spec"]["triggers"][0]["template"]["http"]["payload"][0]["src"].update(
        dataKey="notification.0.s3.bucket.owner", useRawData=True)
    nul = A.parse_json('{"notification": [{"s3": {"bucket": {"owner": null}}}]}')
    raises(A.TriggerFailed, A.apply, s4, {"eventData": nul})
    eq(A.apply(s4, {"eventData": nul}, upstream="master"), {"bucket": None, "type": "nats"})
    # http.parameters apply to the trigger spec (e.g. the url)
    s3 = copy.deepcopy(HTTP)
    s3["spec"]["triggers"][0]["template"]["http"]["parameters"] = [
        {"src": {"dependencyName": "test-dep", "dataKey": "notification.0.s3.bucket.name"},
         "dest": "url", "operation": "append"}]
    out = A.run(s3, A.parse_json(json.dumps(MINIO)))[0]
    eq(out.spec["http"]["url"], "http://http-server.argo-events.svc:8090/hellomy-bucket")


def test_template_level_parameters():
    s = copy.deepcopy(AWF)
    s["spec"]["triggers"][0]["parameters"] = [
        {"src": {"dependencyName": "new-data", "dataKey": "body.template"},
         "dest": "argoWorkflow.source.resource.spec.workflowTemplateRef.name"}]
    wf = A.apply(s, ev({"uri": "u", "template": "train-pipeline-v2"}))
    eq(wf["spec"]["workflowTemplateRef"]["name"], "train-pipeline-v2")
    eq(awf_param(wf), "u")


def test_upstream_webhook_examples():
    # dataKey: body (an object) -> its JSON text
    e = {"eventData": A.parse_json('{"header": {}, "body": {"message": "hi <3"}}'),
         "context": {"type": "webhook"}}
    eq(awf_param(A.apply(SPECIAL, e)), '{"message":"hi \\u003c3"}')
    eq(awf_param(A.apply(EXISTING_WFT, e)), '{"message":"hi \\u003c3"}')


def test_conditions_and_multiple_triggers():
    s = copy.deepcopy(AWF)
    s["spec"]["dependencies"].append({"name": "other", "eventSourceName": "nats", "eventName": "other"})
    msg = raises(A.Filtered, A.apply, s, ev({"uri": "u"}), dependency="new-data")
    assert "conditions" in msg and "new-data && other" in msg, msg
    raises(A.BadInput, A.apply, s, ev({"uri": "u"}))    # which dependency?
    s["spec"]["triggers"][0]["template"]["conditions"] = "new-data || other"
    eq(awf_param(A.apply(s, ev({"uri": "u"}), dependency="new-data")), "u")
    t2 = copy.deepcopy(s["spec"]["triggers"][0])
    t2["template"]["name"] = "second"
    t2["template"]["argoWorkflow"]["parameters"][0]["src"]["dataKey"] = "body.v"
    s["spec"]["triggers"].append(t2)
    both = A.apply(s, ev({"uri": "u", "v": "2"}), dependency="new-data")
    eq(sorted(both), ["second", "submit-training-pipeline"])
    eq(awf_param(both["second"]), "2")
    eq(awf_param(A.apply(s, ev({"uri": "u", "v": "2"}), "second", dependency="new-data")), "2")
    raises(A.BadInput, A.apply, s, ev({}), "nope", dependency="new-data")


def test_unsupported_features():
    s = copy.deepcopy(AWF)
    s["spec"]["dependencies"][0]["transform"] = {"jq": ".body"}
    raises(A.Unsupported, A.apply, s, ev({"uri": "u"}))
    s = copy.deepcopy(AWF)
    s["spec"]["triggers"][0]["template"] = {"name": "l", "log": {}}
    raises(A.Unsupported, A.apply, s, ev({"uri": "u"}))


# ---------------------------------------------------------------------------
# the CLI

def test_cli():
    with tempfile.TemporaryDirectory() as tmp:
        good = write(tmp, "good.json", {"subject": "foo", "body": {"uri": "s3://cli"}})
        rc, out, err = cli(os.path.join(CONF, "nats-sensor-argoworkflow-trigger.yaml"), good)
        eq((rc, err), (0, ""))
        obj = json.loads(out)
        eq(out, json.dumps(obj, sort_keys=True, indent=2, ensure_ascii=False) + "\n")
        eq(awf_param(obj), "s3://cli")
        # the same through stdin and --eventsource
        rc, out2, _ = cli(os.path.join(CONF, "nats-sensor-argoworkflow-trigger.yaml"), "-",
                          "--eventsource", os.path.join(CONF, "nats-eventsource.yaml"),
                          "--trigger", "submit-training-pipeline",
                          stdin=json.dumps({"subject": "foo", "body": {"uri": "s3://cli"}}))
        eq((rc, out2), (0, out))
        # missing key: exit 4
        rc, out, err = cli(os.path.join(CONF, "nats-sensor-argoworkflow-trigger.yaml"),
                           write(tmp, "bad.json", {"subject": "foo", "body": {"url": "x"}}))
        eq((rc, out), (4, ""))
        assert err.startswith("error: unable to resolve 'new-data'"), err
        # filtered: exit 3
        s = with_filters(AWF, {"data": [{"path": "body.uri", "type": "string", "value": ["^gs://"]}]})
        sp = write(tmp, "filtered.yaml", json.dumps(s))
        rc, out, err = cli(sp, good)
        eq((rc, out), (3, ""))
        assert err.startswith("filtered: dependency 'new-data': data filter on 'body.uri'"), err
        # not modelled: exit 5; bad input: exit 2
        rc, _, err = cli(os.path.join(CONF, "nats-sensor-argoworkflow-trigger.yaml"),
                         write(tmp, "q.json", {"subject": "foo", "body": {}}), "--trigger", "nope")
        eq(rc, 2)
        s = with_src(AWF, dataKey="body.items.#(name==\"a\")")
        rc, _, err = cli(write(tmp, "q.yaml", json.dumps(s)), good)
        eq(rc, 5)
        assert err.startswith("unsupported: "), err
        # useRawData number into a Workflow parameter: stdout has the number, stderr a note
        s = with_src(AWF, useRawData=True)
        rc, out, err = cli(write(tmp, "raw.yaml", json.dumps(s)),
                           write(tmp, "n.json", '{"subject": "foo", "body": {"uri": 7.50}}'))
        eq(rc, 0)
        eq(awf_param(json.loads(out)), 7.5)
        assert err.startswith("note: trigger 'submit-training-pipeline'") and "'7.5'" in err, err


def main():
    t0 = time.time()
    tests = [(k, v) for k, v in sorted(globals().items()) if k.startswith("test_") and callable(v)]
    failed = 0
    for name, fn in tests:
        try:
            fn()
            if VERBOSE:
                print("ok   %s" % name)
        except Exception as e:  # noqa: BLE001 - report every failure
            failed += 1
            import traceback
            print("FAIL %s: %s: %s" % (name, type(e).__name__, e))
            if VERBOSE:
                traceback.print_exc()
    print("%d/%d passed in %.2fs" % (len(tests) - failed, len(tests), time.time() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
