"""End-to-end tests of the KFP launcher against a mock KFP API server.

    python3 tests/launcher/test_launcher.py --workflow ARGO_YAML \\
        --template TEMPLATE_NAME --validator PATH/validate_kfp_ir.py
    python3 tests/launcher/test_launcher.py --launcher PATH --spec SPEC.json

The first form takes the named launch template out of an Argo
Workflow/WorkflowTemplate compiled by mlpc and runs its script source the way
Argo would: the raw pipeline-spec artifact is written to a file, the output
parameters are read from the files the template names, {{inputs.parameters.X}}
and {{workflow.name}} placeholders in env values are substituted, secretKeyRef
values become a test token, and KFP_HOST points at a loopback mock server.
With --launcher the script is read from PATH instead of the template (with
--spec and no --workflow, a template of the shape mlpc emits is synthesized
around it).

Prints one line per check ("ok - NAME" or "not ok - NAME: why") and exits 1
if any check failed. Uses only loopback networking.
"""

import argparse
import base64
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from urllib.parse import unquote_plus

import yaml

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mock_kfp_server import MockKfp  # noqa: E402

TEST_TOKEN = 'test-token-7f3a'
WORKFLOW_NAME = 'wf-launch-test'
DEFAULT_SPEC_PATH = '/mlpc/launch/pipeline.b64'
DEFAULT_OUTPUT_DIR = '/mlpc/outputs'
FAST_KNOBS = {
    'KFP_POLL_SECONDS': '0.05',
    'KFP_HTTP_RETRIES': '3',
    'KFP_RETRY_BASE_SECONDS': '0.01',
}
# A test value per parameter type: (string Argo passes, value KFP must get).
SAMPLES = {
    'STRING': (' s3://mlpc-test/in put/ ', ' s3://mlpc-test/in put/ '),
    'NUMBER_INTEGER': ('7', 7),
    'NUMBER_DOUBLE': ('0.125', 0.125),
    'BOOLEAN': ('True', True),
    'LIST': ('[1, "a"]', [1, 'a']),
    'STRUCT': ('{"k": [1, 2]}', {'k': [1, 2]}),
}
PLACEHOLDER_RE = re.compile(r'\{\{\s*([^{}]*?)\s*\}\}')


class CheckFailed(Exception):
    pass


def check(condition, message):
    if not condition:
        raise CheckFailed(message)


# -- the launch template -----------------------------------------------------

def find_template(path, name):
    with open(path) as handle:
        docs = [d for d in yaml.safe_load_all(handle) if isinstance(d, dict)]
    for doc in docs:
        spec = doc.get('spec') or {}
        templates = spec.get('templates') or \
            (spec.get('workflowSpec') or {}).get('templates') or []
        for template in templates:
            if template.get('name') == name:
                return template
    raise SystemExit('no template named %r in %s' % (name, path))


def synthetic_template(spec_path):
    """A launch template of the shape mlpc emits, for --spec runs."""
    with open(spec_path, 'rb') as handle:
        raw = base64.b64encode(handle.read()).decode()
    doc = json.loads(base64.b64decode(raw))
    params = root_parameters(doc.get('pipeline_spec', doc))
    env = [
        {'name': 'KFP_HOST', 'value': 'http://ml-pipeline.kubeflow:8888'},
        {'name': 'KFP_EXPERIMENT', 'value': 'fraud'},
        {'name': 'KFP_RUN_NAME', 'value': '{{workflow.name}}-launch'},
        {'name': 'KFP_TIMEOUT_SECONDS', 'value': '3600'},
        {'name': 'KFP_TOKEN', 'valueFrom': {'secretKeyRef': {
            'name': 'kfp-token', 'key': 'token'}}},
    ] + [{'name': 'MLPC_PARAM_' + p,
          'value': '{{inputs.parameters.%s}}' % p} for p in sorted(params)]
    return {
        'name': 'launch',
        'inputs': {
            'parameters': [{'name': p} for p in sorted(params)],
            'artifacts': [{'name': 'pipeline-spec', 'path': DEFAULT_SPEC_PATH,
                           'raw': {'data': raw}}],
        },
        'outputs': {'parameters': [
            {'name': n, 'valueFrom': {'path': DEFAULT_OUTPUT_DIR + '/' + n}}
            for n in ('run_id', 'run_url')]},
        'script': {'image': 'python:3.12-alpine', 'command': ['python3'],
                   'env': env, 'source': ''},
    }


def root_parameters(spec):
    root = spec.get('root') or {}
    inputs = root.get('inputDefinitions') or \
        root.get('input_definitions') or {}
    return dict((name, decl.get('parameterType') or decl.get('parameter_type'))
                for name, decl in (inputs.get('parameters') or {}).items())


class LaunchStep:
    """What the tests need from a launch template."""

    def __init__(self, template, launcher_path=None):
        script = template.get('script') or {}
        self.source = script.get('source') or ''
        if launcher_path:
            with open(launcher_path) as handle:
                self.source = handle.read()
        self.command = script.get('command')
        self.env = script.get('env') or []
        self.env_names = [e.get('name') for e in self.env]
        self.inputs = [p['name'] for p in
                       (template.get('inputs') or {}).get('parameters') or []]
        artifacts = (template.get('inputs') or {}).get('artifacts') or []
        raw = [a for a in artifacts if 'raw' in a]
        check(len(raw) == 1, 'expected one raw input artifact, found %d'
              % len(raw))
        self.spec_path = raw[0].get('path')
        self.spec_data = raw[0]['raw'].get('data') or ''
        self.document = json.loads(base64.b64decode(self.spec_data))
        self.pipeline_spec = self.document.get('pipeline_spec', self.document)
        self.param_types = root_parameters(self.pipeline_spec)
        self.outputs = dict(
            (p['name'], (p.get('valueFrom') or {}).get('path'))
            for p in (template.get('outputs') or {}).get('parameters') or [])
        # env MLPC_PARAM_<name> -> template input parameter it substitutes
        self.param_inputs = {}
        for entry in self.env:
            name = entry.get('name', '')
            match = PLACEHOLDER_RE.fullmatch(entry.get('value') or '')
            if name.startswith('MLPC_PARAM_') and match and \
                    match.group(1).startswith('inputs.parameters.'):
                self.param_inputs[name[len('MLPC_PARAM_'):]] = \
                    match.group(1)[len('inputs.parameters.'):]

    def literal_env(self, name):
        for entry in self.env:
            if entry.get('name') == name:
                return entry.get('value')
        return None

    def sample_inputs(self):
        """Template input values that give each KFP parameter a test value."""
        values = dict((name, 'unused') for name in self.inputs)
        for param, input_name in self.param_inputs.items():
            ptype = self.param_types.get(param, 'STRING')
            values[input_name] = SAMPLES.get(ptype, SAMPLES['STRING'])[0]
        return values


def substitute(text, inputs):
    def replace(match):
        key = match.group(1)
        if key.startswith('inputs.parameters.'):
            name = key[len('inputs.parameters.'):]
            check(name in inputs, 'env refers to undeclared input %r' % name)
            return inputs[name]
        fixed = {'workflow.name': WORKFLOW_NAME, 'workflow.namespace': 'argo',
                 'workflow.uid': '00000000-0000-4000-8000-000000000000'}
        check(key in fixed, 'unsupported placeholder {{%s}} in env' % key)
        return fixed[key]
    return PLACEHOLDER_RE.sub(replace, text)


# -- running the launcher ----------------------------------------------------

class Result:
    def __init__(self, rc, stdout, stderr, outputs, elapsed):
        self.rc, self.stdout, self.stderr = rc, stdout, stderr
        self.outputs, self.elapsed = outputs, elapsed

    def __str__(self):
        return 'exit %s\n--- stdout\n%s--- stderr\n%s' % (
            self.rc, self.stdout, self.stderr)


class Harness:
    def __init__(self, step, python, verbose):
        self.step = step
        self.python = python
        self.verbose = verbose
        self.tmp = tempfile.mkdtemp(prefix='mlpc-launcher-test-')
        self.script = os.path.join(self.tmp, 'script.py')
        with open(self.script, 'w') as handle:
            handle.write(step.source)
        self.spec_file = os.path.join(self.tmp, 'pipeline.b64')
        with open(self.spec_file, 'w') as handle:
            handle.write(step.spec_data)
        self.runs = 0

    def environment(self, inputs, overrides, host='http://127.0.0.1:9'):
        env = {'PATH': os.environ.get('PATH', '/usr/bin:/bin'),
               'LANG': 'C.UTF-8'}
        for entry in self.step.env:
            name = entry['name']
            if 'valueFrom' in entry:
                check('secretKeyRef' in entry['valueFrom'],
                      'env %s: only secretKeyRef is supported' % name)
                env[name] = TEST_TOKEN
            else:
                env[name] = substitute(str(entry.get('value', '')), inputs)
        env['KFP_HOST'] = host
        env.update(FAST_KNOBS)
        for name, value in overrides.items():
            if value is None:
                env.pop(name, None)
            else:
                env[name] = value
        return env

    def run(self, mock, inputs=None, overrides=None, stop_when=None):
        """Run the launcher; stop_when(mock) -> True sends it SIGTERM."""
        self.runs += 1
        out_dir = os.path.join(self.tmp, 'out%d' % self.runs)
        env = self.environment(inputs or self.step.sample_inputs(),
                               overrides or {}, mock.url)
        env['MLPC_PIPELINE_SPEC'] = self.spec_file
        env['MLPC_OUTPUT_DIR'] = out_dir
        started = time.monotonic()
        proc = subprocess.Popen([self.python, self.script], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        if stop_when:
            while proc.poll() is None and not stop_when(mock):
                check(time.monotonic() - started < 10, 'stop condition '
                      'not reached in 10 s')
                time.sleep(0.02)
            proc.send_signal(signal.SIGTERM)
        try:
            stdout, stderr = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
            raise CheckFailed('launcher did not finish in 20 s\n%s%s'
                              % (stdout, stderr))
        outputs = {}
        for name in ('run_id', 'run_url'):
            path = os.path.join(out_dir, name)
            if os.path.exists(path):
                with open(path) as handle:
                    outputs[name] = handle.read()
        result = Result(proc.returncode, stdout, stderr, outputs,
                        time.monotonic() - started)
        if self.verbose:
            print(result)
        return result


# -- scenarios ---------------------------------------------------------------

def expect_exit(result, code):
    check(result.rc == code, 'expected exit %d\n%s' % (code, result))


def expect_outputs(result, mock, env_ui):
    runs = mock.calls('create_run')
    check(runs, 'no run was created')
    run_id = sorted(mock.runs)[-1]
    check(result.outputs.get('run_id') == run_id,
          'run_id file %r, expected %r' % (result.outputs.get('run_id'),
                                           run_id))
    url = (env_ui or mock.url).rstrip('/') + '/#/runs/details/' + run_id
    check(result.outputs.get('run_url') == url,
          'run_url file %r, expected %r' % (result.outputs.get('run_url'),
                                            url))
    return url


def expect_no_run(result, mock):
    check(not mock.calls('create_run'), 'a run was created')
    check(not mock.calls('create_experiment'), 'an experiment was created')
    check(result.outputs.get('run_id') == '',
          'run_id should exist and be empty, got %r'
          % result.outputs.get('run_id'))


def expect_type(name, ptype, value):
    kinds = {'STRING': (str,), 'NUMBER_INTEGER': (int,),
             'NUMBER_DOUBLE': (int, float), 'BOOLEAN': (bool,),
             'LIST': (list,), 'STRUCT': (dict,)}
    ok = isinstance(value, kinds.get(ptype, (str,)))
    if ptype in ('NUMBER_INTEGER', 'NUMBER_DOUBLE'):
        ok = ok and not isinstance(value, bool)
    check(ok, 'parameter %s (%s) sent as %r' % (name, ptype, value))


def experiment_name(env):
    name = env.get('KFP_EXPERIMENT', '').strip()
    if not name and env.get('KFP_NAMESPACE', '').strip():
        return 'Default'
    return name


def decoded_filter_name(request):
    flt = json.loads(unquote_plus(request['query']['filter'][0]))
    return flt['predicates'][0]['string_value']


class Suite:
    def __init__(self, harness, validator):
        self.h = harness
        self.step = harness.step
        self.validator = validator
        self.failures = 0

    def mock(self, **knobs):
        mock = MockKfp()
        for key, value in knobs.items():
            setattr(mock, key, value)
        if 'KFP_TOKEN' in self.step.env_names:
            mock.token = TEST_TOKEN
        return mock

    def seeded(self, **knobs):
        """A mock in which the template's experiment already exists."""
        mock = self.mock(**knobs)
        env = self.h.environment(self.step.sample_inputs(), {})
        name = experiment_name(env)
        if name:
            namespace = env.get('KFP_NAMESPACE', '').strip()
            mock.experiments = [('exp-seeded', name, namespace)]
        return mock

    def run_all(self, selected=None):
        for name in [n for n in dir(self) if n.startswith('t_')]:
            label = name.split('_', 2)[2].replace('_', '-')
            if selected and label not in selected:
                continue
            try:
                skip = getattr(self, name)()
            except CheckFailed as exc:
                self.failures += 1
                print('not ok - %s: %s' % (label, exc))
            else:
                print('ok - %s%s' % (label, ' # SKIP ' + skip if skip else ''))
        return self.failures

    # Named t_<nn>_<name> so that they run in this order.

    def t_00_template(self):
        for marker in ('{{', '}}'):
            check(marker not in self.step.source,
                  'script source contains %r' % marker)
        check(self.step.command == ['python3'],
              'script command is %r' % self.step.command)
        for name in ('KFP_HOST', 'KFP_RUN_NAME'):
            check(name in self.step.env_names, 'env lacks %s' % name)
        spec_env = self.step.literal_env('MLPC_PIPELINE_SPEC')
        check(self.step.spec_path == (spec_env or DEFAULT_SPEC_PATH),
              'spec artifact path %r is not where the launcher reads it'
              % self.step.spec_path)
        out_dir = self.step.literal_env('MLPC_OUTPUT_DIR') or \
            DEFAULT_OUTPUT_DIR
        for name in ('run_id', 'run_url'):
            check(self.step.outputs.get(name) == out_dir + '/' + name,
                  'output %s reads %r' % (name, self.step.outputs.get(name)))
        for param, input_name in self.step.param_inputs.items():
            check(param in self.step.param_types,
                  'MLPC_PARAM_%s is not a pipeline parameter' % param)
            check(input_name in self.step.inputs,
                  'MLPC_PARAM_%s uses undeclared input %s'
                  % (param, input_name))

    def t_01_success(self):
        with self.seeded() as mock:
            inputs = self.step.sample_inputs()
            env = self.h.environment(inputs, {}, mock.url)
            result = self.h.run(mock, inputs)
        expect_exit(result, 0)
        url = expect_outputs(result, mock, env.get('KFP_UI_URL'))
        check(result.stdout.count(url) == 1,
              'run URL should be printed once\n%s' % result)
        for state in ('PENDING', 'RUNNING', 'SUCCEEDED'):
            check(result.stdout.count(' is %s' % state) == 1,
                  'state %s not logged once\n%s' % (state, result))
        (create,) = mock.calls('create_run')
        body = create['body']
        check(body['display_name'] == env['KFP_RUN_NAME'],
              'display_name %r' % body['display_name'])
        check(body['pipeline_spec'] == self.step.document,
              'pipeline_spec differs from the template artifact')
        self.validate(body['pipeline_spec'])
        params = body['runtime_config']['parameters']
        check(set(params) == set(self.step.param_inputs),
              'parameters sent %s, expected %s'
              % (sorted(params), sorted(self.step.param_inputs)))
        for name, value in params.items():
            ptype = self.step.param_types[name]
            expect_type(name, ptype, value)
            expected = SAMPLES.get(ptype, SAMPLES['STRING'])[1]
            check(value == expected, 'parameter %s = %r, expected %r'
                  % (name, value, expected))
        self.check_auth(mock)
        name = experiment_name(env)
        if name:
            listing = mock.calls('list_experiments')
            check(listing and decoded_filter_name(listing[0]) == name,
                  'experiment %r not looked up by name' % name)
            check(body.get('experiment_id') == 'exp-seeded',
                  'experiment_id %r' % body.get('experiment_id'))
            check(not mock.calls('create_experiment'),
                  'existing experiment was created again')
        else:
            check('experiment_id' not in body, 'unexpected experiment_id')

    def validate(self, pipeline_spec):
        if not self.validator:
            return
        path = os.path.join(self.h.tmp, 'sent-spec.json')
        with open(path, 'w') as handle:
            json.dump(pipeline_spec, handle)
        proc = subprocess.run([sys.executable, self.validator,
                               '--strict-deps', path],
                              capture_output=True, text=True)
        check(proc.returncode == 0, 'validator rejects the sent spec:\n%s%s'
              % (proc.stdout, proc.stderr))

    def check_auth(self, mock):
        expected = 'Bearer ' + TEST_TOKEN if mock.token else None
        for req in mock.requests:
            check(req['headers'].get('authorization') == expected,
                  '%s %s: authorization header %r' % (
                      req['method'], req['path'],
                      req['headers'].get('authorization')))

    def t_02_experiment_created(self):
        overrides = {'KFP_EXPERIMENT': None, 'KFP_NAMESPACE': 'team-a'}
        with self.mock() as mock:
            result = self.h.run(mock, overrides=overrides)
        expect_exit(result, 0)
        (listing,) = mock.calls('list_experiments')
        check(listing['query'].get('namespace') == ['team-a'],
              'namespace query %r' % listing['query'].get('namespace'))
        check(decoded_filter_name(listing) == 'Default', 'filter name')
        (create,) = mock.calls('create_experiment')
        check(create['body'] == {'display_name': 'Default',
                                 'namespace': 'team-a'},
              'create body %r' % create['body'])
        run = mock.calls('create_run')[0]['body']
        check(run.get('experiment_id') == mock.experiments[0][0],
              'run not put in the created experiment')

    def t_03_experiment_name_encoding(self):
        name = 'fraud + q3 50%/a&b=c'
        with self.mock(experiments=[('exp-odd', name, '')]) as mock:
            result = self.h.run(mock, overrides={'KFP_EXPERIMENT': name,
                                                 'KFP_NAMESPACE': None})
        expect_exit(result, 0)
        check('namespace' not in mock.calls('list_experiments')[0]['query'],
              'namespace sent although none is set')
        run = mock.calls('create_run')[0]['body']
        check(run.get('experiment_id') == 'exp-odd',
              'experiment %r not found through the filter' % name)

    def t_04_experiment_race(self):
        with self.mock(create_race=True) as mock:
            result = self.h.run(mock, overrides={'KFP_EXPERIMENT': 'race'})
        expect_exit(result, 0)
        check(len(mock.calls('list_experiments')) == 2, 'no second lookup')
        run = mock.calls('create_run')[0]['body']
        check(run.get('experiment_id') == mock.experiments[0][0],
              'experiment created concurrently was not used')

    def t_05_no_experiment(self):
        overrides = {'KFP_EXPERIMENT': None, 'KFP_NAMESPACE': None}
        with self.mock() as mock:
            result = self.h.run(mock, overrides=overrides)
        expect_exit(result, 0)
        check(not mock.calls('list_experiments'), 'experiments listed')
        run = mock.calls('create_run')[0]['body']
        check('experiment_id' not in run, 'experiment_id sent')

    def t_06_failure(self):
        message = 'task train-model failed: OOMKilled'
        with self.seeded(states=['PENDING', 'RUNNING', 'FAILED'],
                         run_error=message) as mock:
            result = self.h.run(mock)
        expect_exit(result, 1)
        expect_outputs(result, mock, self.ui_url(mock))
        check(message in result.stderr, 'error message not printed\n%s'
              % result)

    def ui_url(self, mock):
        env = self.h.environment(self.step.sample_inputs(), {}, mock.url)
        return env.get('KFP_UI_URL')

    def t_07_cancellation(self):
        with self.seeded(states=['RUNNING', 'CANCELING', 'CANCELED']) as mock:
            result = self.h.run(mock)
        expect_exit(result, 1)
        check(' is CANCELING' in result.stdout and
              ' is CANCELED' in result.stdout and 'canceled' in result.stderr,
              'cancellation not reported\n%s' % result)
        check(not mock.calls('terminate_run'), 'terminate requested')

    def t_08_skipped(self):
        with self.seeded(states=['PENDING', 'SKIPPED']) as mock:
            result = self.h.run(mock)
        expect_exit(result, 0)
        check('skipped' in result.stdout, 'skip not reported\n%s' % result)

    def t_09_transient_errors(self):
        transient = {'create_run': [503, 503], 'get_run': [503]}
        with self.seeded(transient=transient) as mock:
            result = self.h.run(mock)
        expect_exit(result, 0)
        check(len(mock.calls('create_run')) == 3, 'POST /runs not retried')
        check(len(mock.runs) == 1, 'more than one run created')
        check(result.stdout.count('retry') == 3,
              'retries not logged\n%s' % result)
        expect_outputs(result, mock, self.ui_url(mock))

    def t_10_retries_exhausted(self):
        with self.seeded(transient={'get_run': [502] * 10}) as mock:
            result = self.h.run(mock)
        expect_exit(result, 2)
        check(len(mock.calls('get_run')) == 1 + int(
            FAST_KNOBS['KFP_HTTP_RETRIES']), 'wrong number of attempts')
        check('HTTP 502' in result.stderr, 'status not reported\n%s' % result)
        check(len(mock.calls('terminate_run')) == 1,
              'the run was left running unwatched')

    def t_11_timeout(self):
        overrides = {'KFP_TIMEOUT_SECONDS': '1'}
        with self.seeded(states=['RUNNING']) as mock:
            result = self.h.run(mock, overrides=overrides)
        expect_exit(result, 3)
        check(len(mock.calls('terminate_run')) == 1, 'terminate not requested')
        check(1 <= result.elapsed < 10, 'took %.1f s' % result.elapsed)
        expect_outputs(result, mock, self.ui_url(mock))

    def t_12_stopped(self):
        overrides = {'KFP_TIMEOUT_SECONDS': ''}
        def polling(mock):
            return len(mock.calls('get_run')) > 2
        with self.seeded(states=['RUNNING']) as mock:
            result = self.h.run(mock, overrides=overrides, stop_when=polling)
        expect_exit(result, 3)
        check(len(mock.calls('terminate_run')) == 1, 'terminate not requested')

    def t_13_no_wait(self):
        with self.seeded() as mock:
            result = self.h.run(mock, overrides={'KFP_WAIT': 'false'})
        expect_exit(result, 0)
        check(not mock.calls('get_run'), 'polled although KFP_WAIT=false')
        expect_outputs(result, mock, self.ui_url(mock))

    def t_14_bad_parameter(self):
        typed = [p for p in sorted(self.step.param_inputs)
                 if self.step.param_types.get(p) in
                 ('NUMBER_INTEGER', 'NUMBER_DOUBLE', 'BOOLEAN', 'LIST',
                  'STRUCT')]
        if not typed:
            return 'the template passes no typed parameter'
        param = typed[0]
        inputs = self.step.sample_inputs()
        inputs[self.step.param_inputs[param]] = 'abc'
        with self.seeded() as mock:
            result = self.h.run(mock, inputs)
        expect_exit(result, 2)
        check(param in result.stderr, 'parameter not named\n%s' % result)
        expect_no_run(result, mock)

    def t_15_undeclared_parameter(self):
        with self.seeded() as mock:
            result = self.h.run(mock, overrides={
                'MLPC_PARAM_no_such_param': '1'})
        expect_exit(result, 2)
        check('no_such_param' in result.stderr, 'not named\n%s' % result)
        expect_no_run(result, mock)

    def t_16_rejected_run(self):
        rejected = {'create_run': (400, 'Invalid input error: bad spec')}
        with self.seeded(permanent=rejected) as mock:
            result = self.h.run(mock)
        expect_exit(result, 2)
        check(len(mock.calls('create_run')) == 1, 'a 400 was retried')
        check('HTTP 400' in result.stderr and 'bad spec' in result.stderr,
              'status and server message not reported\n%s' % result)
        check('retry' not in result.stdout, 'retry logged\n%s' % result)

    def t_16b_lost_run(self):
        lost = {'get_run': (403, 'permission denied')}
        with self.seeded(permanent=lost) as mock:
            result = self.h.run(mock)
        expect_exit(result, 2)
        check(len(mock.calls('get_run')) == 1, 'a 403 was retried')
        check(len(mock.calls('terminate_run')) == 1,
              'the run was left running unwatched')
        check('lost track of the run' in result.stderr,
              'termination not explained\n%s' % result)

    def t_17_config_errors(self):
        cases = [({'KFP_HOST': 'ml-pipeline:8888'}, 'KFP_HOST'),
                 ({'KFP_RUN_NAME': None}, 'KFP_RUN_NAME'),
                 ({'KFP_TIMEOUT_SECONDS': 'soon'}, 'KFP_TIMEOUT_SECONDS'),
                 ({'KFP_WAIT': 'maybe'}, 'KFP_WAIT')]
        for overrides, name in cases:
            with self.mock() as mock:
                result = self.h.run(mock, overrides=overrides)
            expect_exit(result, 2)
            check(name in result.stderr, '%s not named\n%s' % (name, result))
            check(not mock.requests, 'requests sent despite bad config')
            check(result.outputs == {'run_id': '', 'run_url': ''},
                  'outputs not created empty: %r' % result.outputs)

    def t_18_unreachable(self):
        with socket.socket() as probe:
            probe.bind(('127.0.0.1', 0))
            closed_port = probe.getsockname()[1]
        with self.mock() as mock:
            result = self.h.run(mock, overrides={
                'KFP_HOST': 'http://127.0.0.1:%d/' % closed_port})
        expect_exit(result, 2)
        attempts = 1 + int(FAST_KNOBS['KFP_HTTP_RETRIES'])
        check('failed after %d attempts' % attempts in result.stderr,
              'connection errors not retried\n%s' % result)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--workflow', help='Argo YAML compiled by mlpc')
    parser.add_argument('--template', help='name of the launch template')
    parser.add_argument('--validator', help='path of validate_kfp_ir.py')
    parser.add_argument('--launcher', help='run this launcher file instead '
                        'of the template source')
    parser.add_argument('--spec', help='KFP JSON to synthesize a template '
                        'around (with --launcher, without --workflow)')
    parser.add_argument('--python', default=sys.executable,
                        help='interpreter that runs the launcher')
    parser.add_argument('--only', action='append',
                        help='run only this scenario (repeatable)')
    parser.add_argument('-v', '--verbose', action='store_true',
                        help='print every launcher run')
    args = parser.parse_args()

    if args.workflow:
        if not args.template:
            parser.error('--workflow needs --template')
        template = find_template(args.workflow, args.template)
    elif args.launcher and args.spec:
        template = synthetic_template(args.spec)
    else:
        parser.error('give --workflow and --template, or --launcher and '
                     '--spec')
    if not args.validator:
        print('# no --validator: the sent pipeline spec is not validated')
    started = time.monotonic()
    try:
        step = LaunchStep(template, args.launcher)
    except (CheckFailed, ValueError) as exc:
        print('not ok - template: %s' % exc)
        return 1
    suite = Suite(Harness(step, args.python, args.verbose), args.validator)
    failures = suite.run_all(args.only)
    print('# %s in %.1f s' % ('%d failed' % failures if failures else
                              'all passed', time.monotonic() - started))
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
