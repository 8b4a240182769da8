#!/usr/bin/env python3
"""schema/values: the schema's patterns and scalar kinds against the compiler, value by value.

Each case puts one value (YAML text) into a small spec at one place (or is the text of a
component file or library the spec loads); `mlpc lint --target
argo` decides whether the compiler accepts its shape (no E01xx/E02xx error), the schema
decides on the loaded value, and the two must agree. This pins the regular expressions
(durations, quantities, cron, time zones, names, `${{ }}` templates, `when` expressions,
event paths, URLs) and the scalar kinds (quoted vs plain, numbers vs strings) to the
compiler's behaviour. Cases a JSON Schema cannot decide are listed in KNOWN with a reason.

usage: check_values.py MLPC
"""
import sys

sys.dont_write_bytecode = True  # keep __pycache__ out of the source tree

import os
import tempfile

import schema_lib as L

BASE = """version: 1
name: values
params:
  a: {type: int, default: 1}
  b: {type: bool, default: true}
  s: {type: string, default: x}
  l: {type: list, default: [1, 2]}
tasks:
  t:
    image: alpine:3.20
    command: [echo, "${{ params.a }}${{ params.b }}${{ params.s }}${{ params.l }}"]
    outputs: {o: string}
"""

# place -> spec text, the value at {V}; values are YAML text.
PLACES = {
    "duration": BASE + "    timeout: {V}\n",
    "backoff-delay": BASE + "    retry: {limit: 1, backoff: {delay: {V}}}\n",
    "quantity": BASE + "    resources: {cpu: {V}}\n",
    "gpu": BASE + "    resources: {gpu: {V}}\n",
    "cron": BASE + "schedule: {cron: {V}}\n",
    "timezone": BASE + "schedule: {cron: '0 3 * * *', timezone: {V}}\n",
    "pipeline-name": BASE.replace("name: values", "name: {V}"),
    "task-name": BASE + "  {V}: {image: alpine:3.20, command: [echo]}\n",
    "component-name": BASE + "components:\n  {V}: {command: [echo]}\n",
    "param-name": BASE.replace("params:\n", "params:\n  {V}: {type: int, default: 1}\n"),
    "env-name": BASE + "    env: {{V}: x}\n",
    "env-value": BASE + "    env: {E: {V}}\n",
    "command-item": BASE + "  u: {image: alpine:3.20, command: [echo, {V}]}\n",
    "script": BASE + "  u:\n    image: alpine:3.20\n    script: {V}\n",
    "with-value": BASE + "  u: {pipeline: sub.yaml, with: {x: {V}}}\n",
    "when": BASE + "    when: {V}\n",
    "foreach": BASE + "  u: {image: alpine:3.20, command: [echo, '${{ item }}'], foreach: {V}}\n",
    "output": BASE + "outputs:\n  out: {V}\n",
    "param-type": BASE.replace("params:\n", "params:\n  p: {V}\n"),
    "input-type": BASE + "  u: {image: alpine:3.20, command: [echo], inputs: {i: {type: {V}, optional: true}}}\n",
    "event-path": BASE + "triggers:\n  - {name: tr, nats: {event_source: e, event: e}, filters: [{path: {V}, values: [x]}]}\n",
    "filter-values": BASE + "triggers:\n  - {name: tr, nats: {event_source: e, event: e}, filters: [{path: body.x, values: {V}}]}\n",
    "filter-ordering": BASE + "triggers:\n  - {name: tr, nats: {event_source: e, event: e}, filters: [{path: body.x, comparator: '<', values: {V}}]}\n",
    "trigger-name": BASE + "triggers:\n  - {name: {V}, nats: {event_source: e, event: e}}\n",
    "kfp-host": BASE + "kfp: {host: {V}}\n",
    "kfp-ui": BASE + "kfp: {ui: {V}}\n",
    "version": BASE.replace("version: 1", "version: {V}"),
    "retry": BASE + "    retry: {V}\n",
    "backoff-factor": BASE + "    retry: {limit: 1, backoff: {delay: 1s, factor: {V}}}\n",
    "parallelism": BASE + "  u: {image: alpine:3.20, command: [echo], foreach: [1], parallelism: {V}}\n",
    "range": BASE + "  u: {image: alpine:3.20, command: [echo], foreach: {range: {V}}}\n",
    "bool-field": BASE + "    cache: {V}\n",
    "optional": BASE.replace("params:\n", "params:\n  p: {type: string, optional: {V}}\n"),
    "text-field": BASE.replace("name: values\n", "name: values\ndescription: {V}\n"),
    "label": BASE + "    labels: {k: {V}}\n",
    "mount": BASE + "    volumes: [{pvc: p, mount: {V}}]\n",
    "after": BASE + "  u: {image: alpine:3.20, command: [echo], after: {V}}\n",
    "tracking": BASE + "    tracking: {V}\ntracking: {mlflow: {uri: 'http://mlflow:5000'}}\n",
    "tracking-inherited": BASE + "    tracking: {V}\n",
    "empty-dir": BASE + "    volumes: [{empty_dir: {V}, mount: /x}]\n",
    "env-source": BASE + "    env: {E: {V}}\n",
    "argo-parallelism": BASE + "argo: {parallelism: {V}}\n",
    "toleration-seconds": BASE + "    tolerations: [{toleration_seconds: {V}}]\n",
    "unused-component": BASE + "components:\n  unused: {V}\n",
    "event-source": BASE + "triggers:\n  - {name: tr, nats: {event_source: {V}, event: e}}\n",
    "event": BASE + "triggers:\n  - {name: tr, nats: {event_source: e, event: {V}}}\n",
    "subject": BASE + "triggers:\n  - {name: tr, nats: {event_source: e, event: e, url: 'nats://n:4222', subject: {V}}}\n",
    "filter-not-equal": BASE + "triggers:\n  - {name: tr, nats: {event_source: e, event: e}, filters: [{path: body.x, comparator: '!=', values: {V}}]}\n",
    "pipeline-task": BASE + "  u:\n    pipeline: sub.yaml\n    {V}\n",
    "launch-task": BASE + "  u:\n    pipeline: sub.yaml\n    engine: kfp\n    {V}\nkfp: {host: 'http://k:8888'}\n",
    "overridden-default": BASE.replace("tasks:", "defaults: {V}\ntasks:") + "    retry: 1\n",
}

CASES = {
    "duration": ["1:30", "0x10s", "30s", "5m", "2h", "7d", "1h30m", "0s", "0h0m", "00m01s", "90", "1.5h", "2w", "'5m'", "5M",
                 "1h 30m", "h", "''", "1234567890123456789s", "123456789012345678s", "true", "[5m]"],
    "backoff-delay": ["0s", "0h0m", "30s", "1h30m", "90", "-1s", "0", "''", "1.5s"],
    "quantity": ["500m", "2", "'4'", "1.5Gi", "16Gi", "1e3", "0", ".5", "'.5'", "0.5", "-1", "1.", "'1.'", "1Gb",
                 "1ki", "1Ki", "1e", "'1e3'", "1E3", "true", "null", "'2 Gi'", "1.5e3", "'+1'"],
    "gpu": ["0", "1", "-1", "'1'", "1.0", "one", "+2"],
    "cron": ["'0 3 * * *'", "'*/15 * * * *'", "'0 0 1 JAN MON'", "'0-30/5 0,12 1-31 1-12 0-7'", "'@daily'",
             "'@hourly'", "'@every 5m'", "'0 24 * * *'", "'60 * * * *'", "'* * * * * *'", "'* * * *'",
             "'0 3 * * 8'", "'0 3 0 * *'", "'0 3 * 13 *'", "'0 3 * * MONDAY'", "'0 3 * * XYZ'", "'0 3 * JAN-DEC *'",
             "'  0 3 * * *  '", "'0\t3 * * *'", "'00059 * * * *'", "'0059 * * * *'", "'0 3 * * 1-5/2'",
             "'0 3 * * */0'", "'0 3 * * -1'", "'0 3 * * 1,'", "'*-5 * * * *'", "'0 3 * 1AB *'", "5", "'@Daily'",
             "'@daily @daily'", "'0 3 ? * *'", "'0 3 L * *'",
             "'" + ",".join(str(i) for i in range(0, 40, 2)) + " * * * *'",
             "'" + ",".join(str(i) for i in range(0, 60, 2)) + " * * * *'"],
    "timezone": ["UTC", "Europe/Berlin", "America/Argentina/Buenos_Aires", "Etc/GMT+5", "''", "'Europe Berlin'",
                 "'Europe/'", "'/Berlin'", "'UTC+1'", "true", "5", "'Etc/GMT-14'",
                 "A/" + "b" * 62, "A/" + "b" * 63],
    "pipeline-name": ["ok", "a", "a-b", "a1", "A", "1a", "a-", "-a", "a_b", "true", "'true'", "5",
                      "a" * 52, "a" * 53, "''", "[a]"],
    "task-name": ["x", "x-1", "X", "x_1", "x-", "'1'", "b" * 63, "b" * 64],
    "component-name": ["c", "C", "c-", "c" * 64],
    "param-name": ["p2", "p_2", "P", "p-2", "_p", "'1'"],
    "env-name": ["E", "_E", "e1", "E_1", "1E", "E-1", "'E.1'"],
    "env-value": ["x", "5", "true", "null", "''", "'${{ params.a }}'", "'${{ params.a'", "[x]",
                  "'${{ params.a > 1 }}'"],
    "command-item": ["x", "5", "true", "null", "[x]", "'${{ params.a }}'", "'a ${{ params.a }} b ${{ params.s }}'",
                     "'$${{ not a ref'", "'$$${{ params.a }}'", "'${{ params.a'", "'${{ params.a }'",
                     "'${{ }}'", "'${{ 1 }}'", "'${{ true }}'", "'${{ params.a == 1 }}'", "'${{ params . a }}'",
                     "'${{params.a}}'", "'${{ params.a- }}'", "'${{ params.a-b }}'", "'${{ params.1 }}'",
                     "'${{ _x }}'", "'${{ true.x }}'", "'${{ truex.y }}'", "'${{ true-x }}'", "'${{ a }}}'",
                     "'}} ${{ params.a }} }}'", "'${{ (params.a) }}'", "'${{ params.a\t}}'", "'$${{'", "'${'",
                     "'${{ params.é }}'", "'${{ params.a ${{ params.b }} }}'", "'${{ (params.a) }}'",
                     "'${{ ( (params.a ) ) }}'", "'${{ (params.a }}'", "'${{ params.a) }}'", "'${{ () }}'"],
    "script": ["'echo hi'", "'echo ${{ params.a }}'", "'echo ${{ params.a'", "[x]", "5"],
    "with-value": ["1", "x", "[1, '${{ params.a']", "{k: '${{'}", "'${{ params.a'", "'${{ params.a }}'",
                   "'${{ params.a || params.b }}'", "null"],
    "when": ["'${{ params.b }}'", "'${{ params.a > 1 && params.b }}'", "'${{ !params.b }}'", "'${{ !!params.b }}'",
             "'${{ params.a >= 1 || params.a < -1 }}'", "'${{ params.s == ''x'' }}'", "'${{ 1 < params.a < 3 }}'",
             "'${{ params.a = 1 }}'", "'${{ params.a & params.b }}'", "'${{ params.a + 1 > 2 }}'",
             "'${{ params.s == \"x\" }}'", "'${{ params.b && }}'", "'${{ (params.a > 1) && params.b }}'",
             "'${{ (params.a > 1 }}'", "'${{ params.a > 1) }}'", "'x ${{ params.b }}'", "'${{ params.b }} '",
             "'${{ params.b }}${{ params.b }}'", "true", "'${{ 1.5e3 > params.a }}'", "'${{ 1.2.3 > params.a }}'",
             "'${{ 1e > params.a }}'", "'${{ -1 < params.a }}'", "'${{ params.a != -1 }}'", "'${{ params.a ! = 1 }}'",
             "'${{ params.s == ''}}'' }}'", "'${{ params.s == ''a\\\\''b'' }}'", "'${{ params.b == true }}'",
             "'${{ true }}'", "'${{ params.a > 1 params.b }}'", "'${{ }}'", "'${{ params.b }'", "'$${{ params.b }}'",
             "'${{ params.a >= 1. }}'", "'${{ params.a >= 1.e2 }}'", "'${{ params.a >= 0x10 }}'",
             "'${{ params.b || !(params.a > 1) }}'", "'${{ ((params.b)) }}'", "'${{ params.b-x }}'",
             "'${{ params.b- }}'", "'${{ !=params.b }}'"],
    "foreach": ["[1, 2]", "{range: 3}", "'${{ params.l }}'", "' ${{ params.l }}'", "'${{ params.l }} x'",
                "5", "x", "'${{ params.l'", "{range: 0}", "{range: '3'}", "'${{ params.l || params.l }}'", "null",
                "[]", "'${{ params.l }}${{ params.l }}'", "'${{ (params.l) }}'"],
    "output": ["'${{ tasks.t.outputs.o }}'", "'${{ params.s }}'", "42", "x", "'${{ tasks.t.outputs.o }} '",
               "'${{tasks . t . outputs . o}}'", "'${{ pipeline.name }}'", "'${{ tasks.t.outputs.o'", "null", "'${{ (tasks.t.outputs.o) }}'",
               "'${{ tasks.t.outputs.o || tasks.t.outputs.o }}'",
               "{one_of: ['${{ tasks.t.outputs.o }}', '${{ tasks.t.outputs.o }}']}",
               "{one_of: ['${{ tasks.t.outputs.o }}']}", "{one_of: []}", "{one_of: '${{ tasks.t.outputs.o }}'}",
               "{one_of: [x, '${{ tasks.t.outputs.o }}']}", "{oneof: ['${{ tasks.t.outputs.o }}']}", "{}",
               "{one_of: ['${{ tasks.t.outputs.o }}', '${{ tasks.t.outputs.o }}'], x: 1}"],
    "param-type": ["string", "int", "float", "bool", "list", "dict", "STRING", "NUMBER_INTEGER", "STRUCT",
                   "dataset", "system.Model", "String", "integer", "5", "'int'", "null", "system.model"],
    "input-type": ["string", "dataset", "artifact", "system.Dataset", "system.SlicedClassificationMetrics",
                   "system.", "system.a", "system.A_b", "Dataset", "model", "5"],
    "event-path": ["body.x", "body", "header.h", "subject", "metadata", "metadata.m", "metadatax", "body.", "body..x", "data.x", "'body.a b'",
                   "bodyx", "'body.a\\tb'", "body.a.b.c", "5", "true"],
    "filter-values": ["[x]", "[1, 2]", "[true]", "x", "5", "[]", "[1, x]", "[null]", "[[1]]", "[1.5, 2]",
                      "[true, 1]", "'1'", "['1', x]", "null", "[yes, no]", "[1, 0o17]", "[1, 0x1F]", "[1, 1_000]",
                      "[1, .inf]", "[2024-01-01, x]", "[1, 1:30]", "[True, false]", "[1, ~]", "[1, 1e3]"],
    "filter-ordering": ["[1]", "5", "[x]", "x", "[true]", "[1.5]"],
    "trigger-name": ["tr", "Tr", "t_r", "true", "5", "t" * 64],
    "kfp-host": ["'http://x'", "'https://x:8888'", "''", "'ftp://x'", "'x'", "5", "'HTTP://x'", "true"],
    "kfp-ui": ["'https://x'", "'x'", "''"],
    "version": ["1", "2", "'1'", "1.0", "true", "+1", "01", "0x1", "0o1", "1_0", "!!str 1", "!!int 1"],
    "retry": ["0", "3", "-1", "'3'", "{limit: 2}", "{limit: -1}", "{}", "[1]", "null", "true", "1.5"],
    "backoff-factor": ["1", "2", "1.5", "0.5", "'2'", "1e1", "x", "-1", ".5"],
    "parallelism": ["1", "4", "0", "-1", "'2'", "1.5"],
    "range": ["1", "3", "0", "-2", "'3'"],
    "bool-field": ["true", "false", "yes", "on", "'true'", "True", "1", "{}", "{max_age: 1d}", "null"],
    "optional": ["true", "false", "yes", "'false'", "TRUE"],
    "text-field": ["x", "5", "true", "1.5", "null", "[x]", "{k: v}", "'${{ unclosed'", "2024-01-01", "on"],
    "label": ["x", "5", "true", "null", "[x]"],
    "mount": ["/data", "data", "'./data'", "5", "''", "'/'"],
    "after": ["t", "[t]", "5", "[5]", "{t: 1}", "[[t]]", "null", "[null]"],
    "tracking": ["false", "true", "{experiment: x}", "{}", "{experiment: x, other: 1}", "x", "null"],
    "tracking-inherited": ["false", "{experiment: x}"],
    "empty-dir": ["{}", "null", "''", "{medium: Memory}", "{medium: memory}", "{size_limit: 1Gi}",
                  "{size_limit: lots}", "[x]"],
    "env-source": ["{secret: s, key: k}", "{config_map: c, key: k}", "{secret: s}", "{key: k}",
                   "{secret: s, config_map: c, key: k}", "{secret: [s], key: k}", "{secret: null, key: k}"],
    "argo-parallelism": ["1", "0", "-5", "'1'"],
    "toleration-seconds": ["60", "-1", "1.5", "'60'"],
    "event-source": ["uploads", "up.loads", "a", "Bad_Source", "''", "-x", "x-", "'x.'", "5", "1.5", "true",
                     "a" * 253, "a" * 254],
    "event": ["x", "''", "5"],
    "subject": ["x", "''", "5"],
    "filter-not-equal": ["[true]", "[x]", "[1]", "true", "x", "[false, true]"],
    "pipeline-task": ["description: d", "tracking: false", "cache: true", "image: x", "image: ''", "env: {}",
                      "env: {A: b}", "resources: {}", "resources: {cpu: 1}", "volumes: []",
                      "volumes: [{pvc: p, mount: /p}]", "node_selector: {a: b}", "tolerations: [{key: k}]",
                      "image_pull_secrets: [x]", "timeout: 1h", "retry: 1", "labels: {}", "labels: {a: b}",
                      "annotations: {a: b}", "engine: argo\n    retry: 1"],
    "launch-task": ["timeout: 1h", "retry: 1", "labels: {a: b}", "annotations: {a: b}", "image: x", "env: {A: b}",
                    "cache: false"],
    "unused-component": ["{image: a, command: [echo]}", "{image: a, command: [echo], inputs: {d: Dataset}}",
                         "{image: a, command: [echo], retry: -1}", "{image: 'a:${{ params.a', command: [echo]}",
                         "{image: a, command: [echo], volumes: [{pvc: p, mount: rel}]}", "{image: a, comand: [echo]}"],
    "overridden-default": ["{retry: 2}", "{retry: -1}", "{retry: {limit: 1, backoff: {delay: 1s, factor: 0.5}}}",
                           "{retry: '2'}"],
}

# Component files and libraries: the spec loads side.yaml, whose text is the value.
SIDE_SPECS = {
    "component-file": "version: 1\nname: side\ncomponents:\n  c: {file: side.yaml}\ntasks:\n  t: {component: c}\n",
    "library": "version: 1\nname: side\nimports: [side.yaml]\ntasks:\n  t: {image: alpine:3.20, command: [echo]}\n",
}
_PORTS = "inputs:\n- {name: Src, type: String, optional: true}\noutputs:\n- {name: Out, type: String}\n"
_CTR = _PORTS + "implementation:\n  container: "
SIDE_CASES = {
    "component-file": [
        _CTR + "{image: a, command: [echo, {inputValue: Src}, {outputPath: Out}]}",
        _PORTS, _PORTS + "implementation: [x]", _PORTS + "implementation: {}", _CTR + "{command: [echo]}",
        _CTR + "{image: a, command: echo}", _CTR + "{image: a, command: [{inputValue: Src, outputPath: Out}]}",
        _CTR + "{image: a, command: [null]}", _CTR + "{image: a, command: [[x]]}", _CTR + "{image: a, command: [{}]}",
        _CTR + "{image: a, command: [{concat: [a, {inputValue: Src}]}]}",
        _CTR + "{image: a, command: [{concat: [{if: {cond: {isPresent: Src}, then: [x]}}]}]}",
        _CTR + "{image: a, command: [{concat: x}]}",
        _CTR + "{image: a, args: [{if: {cond: {isPresent: Src}, then: [--s, {inputValue: Src}], else: [--none]}}]}",
        _CTR + "{image: a, args: [{if: {then: [x]}}]}",
        _CTR + "{image: a, args: [{if: {cond: {isPresent: Src}, then: [x], other: 1}}]}",
        _CTR + "{image: a, args: [{if: {cond: {isPresent: Src}, then: x}}]}",
        _CTR + "{image: a, args: [{if: {cond: {isPresent: Src, other: 1}, then: [x]}}]}",
        _CTR + "{image: a, args: [{executorInput: null}]}", _CTR + "{image: a, args: [{inputMetadata: Src}]}",
        _CTR + "{image: a, env: {A: x, B: 5}}", _CTR + "{image: a, env: {A: [x]}}",
        _CTR + "{image: a, env: {A: '${{ x'}}", _CTR + "{image: a, fileOutputs: {Out: /x}}",
        _PORTS + "implementation:\n  graph: {}",
        "inputs:\n- {type: String}\nimplementation:\n  container: {image: a}",
        "inputs:\n- {name: a, typ: String}\nimplementation:\n  container: {image: a}",
        "inputs:\n- {name: a, optional: 'yes'}\nimplementation:\n  container: {image: a}",
        "inputs: {a: String}\nimplementation:\n  container: {image: a}",
        "foo: 1\nimplementation:\n  container: {image: a}",
        "metadata: {annotations: {x: y}}\nname: x\nimplementation:\n  container: {image: a}",
        "description: [x]\nimplementation:\n  container: {image: a}",
        "inputs:\n- {name: a, type: {GCSPath: {}}}\nimplementation:\n  container: {image: a, command: [{inputPath: a}]}",
        "inputs:\n- {name: a, description: null}\nimplementation:\n  container: {image: a}",
        "image: a\ncommand: [echo]", "image: a\ncommand: echo", "file: other.yaml", "file: other.yaml\nimage: a",
        "just text", "[a]",
    ],
    "library": [
        "components: {x: {image: a, command: [echo]}}", "description: d", "components: {x: {image: a}}\nextra: 1",
        "version: [1]\ncomponents: {}", "description: [x]\ncomponents: {}", "imports: x\ncomponents: {}",
        "components: [x]", "components: {X: {image: a, command: [echo]}}", "text", "components: {x: {file: [1]}}",
    ],
}

# (place, value) -> why a JSON Schema cannot agree.
_UNCHECKED = ("the compiler checks values as tasks use them: an unused component (W0105) or a default every task "
              "overrides is not checked; the schema checks every layer")
KNOWN = {
    ("duration", "123456789012345678s"): "at most 100 years is a bound on the sum of the pairs, which a regular "
                                         "expression cannot compute",
    ("tracking-inherited", "{experiment: x}"): "a sub-pipeline inherits its parent's `tracking`; whether there is one "
                                               "to override depends on the file that includes this one",
    ("unused-component", "{image: a, command: [echo], inputs: {d: Dataset}}"): _UNCHECKED,
    ("unused-component", "{image: a, command: [echo], retry: -1}"): _UNCHECKED,
    ("unused-component", "{image: 'a:${{ params.a', command: [echo]}"): _UNCHECKED,
    ("unused-component", "{image: a, command: [echo], volumes: [{pvc: p, mount: rel}]}"): _UNCHECKED,
    ("overridden-default", "{retry: -1}"): _UNCHECKED,
    ("overridden-default", "{retry: {limit: 1, backoff: {delay: 1s, factor: 0.5}}}"): _UNCHECKED,
    ("gpu", "1.0"): "JSON has one number 1: a plain `1.0` loads as the integer the schema wants; the compiler "
                    "reads the spelling",
    ("command-item", "'${{ (params.a }}'"): "parentheses around a reference nest; the schema does not check that "
                                            "they balance",
    ("command-item", "'${{ params.a) }}'"): "parentheses around a reference nest; the schema does not check that "
                                           "they balance",
    ("when", "'${{ (params.a > 1 }}'"): "parentheses in `when` nest; with parentheses the schema checks only the "
                                        "tokens",
    ("when", "'${{ params.a > 1) }}'"): "parentheses in `when` nest; with parentheses the schema checks only the "
                                        "tokens",
    ("version", "1.0"): "JSON has one number 1: a plain `1.0` loads as the integer the schema wants; the compiler "
                        "reads the spelling",
    ("quantity", "1."): "`1.` loads as the number 1; the compiler reads the spelling `1.`, which is no quantity",
    ("quantity", "1E3"): "`1E3` loads as the number 1000; the compiler reads the spelling, and quantities take "
                         "only a lower-case `e`",
}


def main():
    mlpc = sys.argv[1]
    schemas = L.Schemas()
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, "sub.yaml"), "w") as f:
            f.write("version: 1\nname: sub\nparams: {x: {type: string, optional: true}}\ntasks: {}\n")
        for place, values in CASES.items():
            for i, v in enumerate(values):
                path = os.path.join(tmp, f"{place}-{i}.yaml")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(PLACES[place].replace("{V}", v))
                cases.append((place, v, path))
        for place, values in SIDE_CASES.items():
            for i, v in enumerate(values):
                d = os.path.join(tmp, f"{place}-{i}")
                os.mkdir(d)
                with open(os.path.join(d, "side.yaml"), "w", encoding="utf-8") as f:
                    f.write(v + "\n")
                with open(os.path.join(d, "other.yaml"), "w", encoding="utf-8") as f:
                    f.write("image: alpine:3.20\ncommand: [echo]\n")
                path = os.path.join(d, "spec.yaml")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(SIDE_SPECS[place])
                cases.append((place, v.replace("\n", "; "), path))
        failures, agreed, known = [], 0, 0
        for place, v, path in cases:
            rc, errors, _ = L.lint(mlpc, path)
            compiler_ok = not any(L.is_encoded(c) for c in errors)
            results = L.validate_tree(schemas, path)
            schema_ok = not any(r.rejected for r in results)
            why = "; ".join(r.summary() for r in results if r.rejected)
            status = "ok"
            if compiler_ok == schema_ok and (place, v) in KNOWN:
                failures.append((place, v, errors, "listed in KNOWN, but the schema agrees; remove it"))
            if compiler_ok != schema_ok:
                if (place, v) in KNOWN:
                    status = "known"
                    known += 1
                else:
                    status = "DISAGREE"
                    failures.append((place, v, errors, why))
            else:
                agreed += 1
            print(f"{status:8} {place:18} {v[:60]!s:62} compiler={'accept' if compiler_ok else 'reject'}"
                  f" {','.join(sorted(set(errors)))}  schema={'accept' if schema_ok else 'reject'}")
    for (place, v), why in KNOWN.items():
        print(f"known: {place} {v}: {why}")
    print(f"\n{len(cases)} values: {agreed} agree, {known} known differences, {len(failures)} disagreements")
    for place, v, errors, why in failures:
        print(f"FAIL {place} {v}: compiler {errors or 'accepts'}; schema {why or 'accepts'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
