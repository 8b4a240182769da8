#!/usr/bin/env python3
"""Applies the Sensors mlpc compiles to sample NATS messages, as Argo Events would, and
checks what each trigger starts.

    test_trigger_mapping.py ARGO_OUTPUT KFP_SENSORS [KFP_VALIDATOR]

ARGO_OUTPUT is `mlpc compile --target argo` of examples/nats-document-ingestion.yaml (the
WorkflowTemplate, EventSource and Sensor); KFP_SENSORS is `--target kfp --emit sensors` of
the same spec. For Argo the result is the Workflow the Sensor submits: its
`workflowTemplateRef` and parameters. For KFP the Sensor creates a launcher Workflow; the
test then runs that Workflow's launcher against the loopback KFP mock and checks the
run's parameters, typed as the pipeline's IR declares them.
"""
import os
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, '..', 'launcher'))

import apply_sensor  # noqa: E402
from mock_kfp_server import MockKfp  # noqa: E402
from test_launcher import Harness, LaunchStep  # noqa: E402

FAILED = []


def check(condition, what):
    print(('ok - ' if condition else 'FAIL - ') + what)
    if not condition:
        FAILED.append(what)


def message(**body):
    return {'subject': 'documents.uploaded', 'body': body}


UPLOAD = dict(uri='s3://docs/inbox/contract-17.pdf', tenant={'id': 'acme'}, priority=2,
              content_type='application/pdf', size_bytes=1200000)


def documents(path, kind):
    with open(path) as handle:
        return [d for d in yaml.safe_load_all(handle) if d and d.get('kind') == kind]


def outcome(sensor, event):
    """('workflow', resource) or ('filtered', why)."""
    try:
        return 'workflow', apply_sensor.apply(sensor, event)
    except apply_sensor.Filtered as exc:
        return 'filtered', str(exc)


def arguments(workflow):
    return dict((p['name'], p['value']) for p in workflow['spec']['arguments']['parameters'])


def argo_cases(sensor):
    kind, wf = outcome(sensor, message(**UPLOAD))
    check(kind == 'workflow' and wf['spec']['workflowTemplateRef']['name'] == 'nats-ingest',
          'argo: a PDF upload submits the nats-ingest WorkflowTemplate')
    check(arguments(wf) == {'document_uri': 's3://docs/inbox/contract-17.pdf', 'tenant': 'acme',
                            'priority': '2'},
          'argo: params from body.uri, body.tenant.id and body.priority (as text) %s' % arguments(wf))
    without = dict(UPLOAD)
    del without['priority']
    kind, wf = outcome(sensor, message(**without))
    check(kind == 'workflow' and arguments(wf)['priority'] == '5',
          'argo: a message without priority gets the param default 5')
    for field, value, why in (('content_type', 'xapplication/pdf-evil', 'a look-alike content type'),
                              ('content_type', 'text/html', 'another content type'),
                              ('size_bytes', 60000000, 'a document over the size limit')):
        event = dict(UPLOAD)
        event[field] = value
        kind, _ = outcome(sensor, message(**event))
        check(kind == 'filtered', 'argo: %s is filtered out' % why)


def kfp_cases(sensor, validator):
    kind, wf = outcome(sensor, message(**UPLOAD))
    check(kind == 'workflow' and wf['kind'] == 'Workflow' and wf['spec']['entrypoint'] == 'launch',
          'kfp: a PDF upload creates the launcher Workflow')
    if kind != 'workflow':
        return
    args = arguments(wf)
    check(args == {'document_uri': 's3://docs/inbox/contract-17.pdf', 'tenant': 'acme', 'priority': '2'},
          'kfp: the Workflow carries the mapped params %s' % args)
    (template,) = [t for t in wf['spec']['templates'] if t['name'] == wf['spec']['entrypoint']]
    step = LaunchStep(template)
    harness = Harness(step, sys.executable, False)
    with MockKfp() as mock:
        # The entrypoint's inputs are the Workflow's arguments.
        result = harness.run(mock, inputs=args)
    check(result.rc == 0, 'kfp: the launcher creates the run and exits 0 (KFP_WAIT=false)')
    runs = mock.calls('create_run')
    check(len(runs) == 1, 'kfp: exactly one run is created')
    if len(runs) != 1:
        print(result)
        return
    params = runs[0]['body']['runtime_config']['parameters']
    check(params == {'document_uri': 's3://docs/inbox/contract-17.pdf', 'tenant': 'acme', 'priority': 2},
          'kfp: the run gets priority as an integer, as the IR declares %s' % params)
    check(step.param_types.get('priority') == 'NUMBER_INTEGER', 'kfp: the IR declares priority NUMBER_INTEGER')
    check(not mock.calls('get_run'), 'kfp: the Sensor\'s launcher does not wait for the run')
    if validator:
        import json
        import subprocess
        import tempfile
        with tempfile.NamedTemporaryFile('w', suffix='.json', delete=False) as handle:
            json.dump(runs[0]['body']['pipeline_spec'], handle)
        rc = subprocess.call([sys.executable, validator, '--strict-deps', handle.name])
        os.unlink(handle.name)
        check(rc == 0, 'kfp: the run\'s pipeline_spec passes the KFP validator')


def main():
    if len(sys.argv) not in (3, 4):
        print(__doc__)
        return 2
    (argo_sensor,) = documents(sys.argv[1], 'Sensor')
    (kfp_sensor,) = documents(sys.argv[2], 'Sensor')
    argo_cases(argo_sensor)
    kfp_cases(kfp_sensor, sys.argv[3] if len(sys.argv) == 4 else None)
    print('%d failed' % len(FAILED))
    return 1 if FAILED else 0


if __name__ == '__main__':
    sys.exit(main())
