"""Start a Kubeflow Pipelines run from an Argo step, wait for it, report.

mlpc embeds this script as the source of the Argo script template that
launches a pipeline compiled for KFP. It submits the pipeline to the KFP
v2beta1 REST API, polls the run until it ends and exits with a status telling
Argo how it ended. Python 3 standard library only.

Environment (strings):
  KFP_HOST             required; API base URL,
                       e.g. http://ml-pipeline.kubeflow:8888
  KFP_UI_URL           base of the run link <ui>/#/runs/details/<id>;
                       default KFP_HOST
  KFP_NAMESPACE        multi-user namespace of the experiment
  KFP_EXPERIMENT       experiment display name, created if missing;
                       "Default" when only KFP_NAMESPACE is set; with
                       neither, the run goes to the server's default one
  KFP_TOKEN            sent as "Authorization: Bearer <token>"; never printed
  KFP_RUN_NAME         required; display name of the run
  KFP_TIMEOUT_SECONDS  wall-clock limit from submission; empty or 0 = none
  KFP_WAIT             "false": submit, write the outputs, exit 0
                       (default true)
  KFP_POLL_SECONDS     seconds between status polls (default 10)
  KFP_HTTP_RETRIES     retries of a request after a transient error
                       (default 6)
  KFP_RETRY_BASE_SECONDS
                       first retry delay, doubled each retry, at most 30 s
                       (default 1)
  MLPC_PIPELINE_SPEC   file holding the base64 of the pipeline JSON, a
                       PipelineSpec or {"pipeline_spec": ..., "platform_spec":
                       ...}; sent unchanged (default /mlpc/launch/pipeline.b64)
  MLPC_PARAM_<name>    runtime parameter <name>, converted to the type the
                       pipeline declares; parameters not given keep defaults
  MLPC_OUTPUT_DIR      receives the files run_id and run_url (default
                       /mlpc/outputs); both are created empty at start and
                       filled as soon as the run exists

Exit status: 0 the run succeeded or was skipped (KFP_WAIT=false: it was
submitted); 1 the run failed or was cancelled; 2 configuration, parameter or
API error; 3 the timeout expired or the step was stopped (SIGTERM/SIGINT), and
termination of the run was requested.
"""

import base64
import binascii
import http.client
import json
import math
import os
import re
import signal
import ssl
import sys
import time
import traceback
import urllib.error
import urllib.parse
import urllib.request

API_PREFIX = '/apis/v2beta1'
TRANSIENT_HTTP = (408, 429, 500, 502, 503, 504)
FINAL_STATES = ('SUCCEEDED', 'SKIPPED', 'FAILED', 'CANCELED')
MAX_RETRY_DELAY = 30.0
REQUEST_TIMEOUT = 60.0
PARAM_PREFIX = 'MLPC_PARAM_'
INTEGER_RE = re.compile(r'[+-]?[0-9]+')
BOOLEANS = dict([('true', True), ('1', True), ('false', False), ('0', False)])
# What a runtime parameter value must look like, by ParameterType.
EXPECTED = dict(NUMBER_INTEGER='an integer', NUMBER_DOUBLE='a number',
                BOOLEAN='true or false', LIST='a JSON array',
                STRUCT='a JSON object')


class LaunchError(Exception):
    """A failure that ends the launcher with exit status 2."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


class Stopped(BaseException):
    """Raised by the signal handler when Argo stops the step."""


def log(message, stream=sys.stdout):
    print('mlpc-launch: ' + message, file=stream, flush=True)


def error(message):
    log(message, sys.stderr)


def setting(name, default=''):
    return os.environ.get(name, '').strip() or default


def number_setting(name, default, kind=float):
    raw = setting(name)
    try:
        value = kind(raw) if raw else default
    except ValueError:
        value = -1
    if value < 0 or not math.isfinite(value):
        raise LaunchError('%s must be a non-negative %s, got %r' % (
            name, 'integer' if kind is int else 'number', raw))
    return value


def field(obj, name):
    """A response field, by proto name or by its lowerCamelCase JSON name."""
    if not isinstance(obj, dict):
        return None
    head, *rest = name.split('_')
    return obj.get(name, obj.get(head + ''.join(p.title() for p in rest)))


def server_message(exc):
    """The message of an HTTP error response (google.rpc.Status JSON)."""
    text = ''
    try:
        text = exc.read().decode('utf-8', 'replace').strip()
        doc = json.loads(text)
    except (OSError, http.client.HTTPException, ValueError):
        doc = None
    for key in ('message', 'error'):
        value = doc.get(key) if isinstance(doc, dict) else None
        if isinstance(value, str) and value:
            return value
    return (text if doc is None else '')[:500] or str(exc.reason)


class KfpClient:
    """JSON calls to the KFP API, retrying transient failures with backoff."""

    def __init__(self, host, token, retries, retry_base):
        self.base = host.rstrip('/') + API_PREFIX
        self.token = token
        self.retries = retries
        self.retry_base = retry_base
        self.context = ssl.create_default_context() \
            if host.startswith('https://') else None

    def call(self, method, path, query=None, body=None, retries=None):
        url = self.base + path
        if query:
            url += '?' + urllib.parse.urlencode(query)
        headers = dict(Accept='application/json')
        data = b'' if method == 'POST' else None
        if body is not None:
            data = json.dumps(body).encode('utf-8')
            headers['Content-Type'] = 'application/json'
        if self.token:
            headers['Authorization'] = 'Bearer ' + self.token
        retries = self.retries if retries is None else retries
        what = method + ' ' + path
        attempt = 0
        while True:
            request = urllib.request.Request(url, data, headers, method=method)
            try:
                with urllib.request.urlopen(request, timeout=REQUEST_TIMEOUT,
                                            context=self.context) as resp:
                    raw = resp.read()
                break
            except urllib.error.HTTPError as exc:
                problem = 'HTTP %d: %s' % (exc.code, server_message(exc))
                if exc.code not in TRANSIENT_HTTP:
                    raise LaunchError(what + ' failed: ' + problem, exc.code)
            except ssl.SSLCertVerificationError as exc:
                raise LaunchError('%s failed: %s' % (what, exc))
            except (urllib.error.URLError, http.client.HTTPException,
                    OSError) as exc:
                problem = str(getattr(exc, 'reason', None) or exc)
            if attempt >= retries:
                raise LaunchError('%s failed after %d attempts: %s'
                                  % (what, attempt + 1, problem))
            delay = min(MAX_RETRY_DELAY, self.retry_base * 2 ** attempt)
            attempt += 1
            log('%s: %s; retry %d of %d in %gs'
                % (what, problem, attempt, retries, delay))
            time.sleep(delay)
        try:
            return json.loads(raw.decode('utf-8')) if raw.strip() else dict()
        except ValueError:
            raise LaunchError('%s: the response is not JSON (a login page? '
                              'check KFP_HOST and KFP_TOKEN): %r'
                              % (what, raw[:200]))


def load_pipeline(path):
    """Decode the pipeline file; return (document to send, PipelineSpec)."""
    try:
        with open(path, 'rb') as handle:
            doc = json.loads(base64.b64decode(b''.join(handle.read().split()),
                                              validate=True))
    except OSError as exc:
        raise LaunchError('cannot read the pipeline spec %s: %s'
                          % (path, exc.strerror))
    except (binascii.Error, ValueError) as exc:
        raise LaunchError('%s does not hold base64-encoded JSON: %s'
                          % (path, exc))
    spec = doc.get('pipeline_spec', doc) if isinstance(doc, dict) else None
    if not isinstance(spec, dict) or not isinstance(spec.get('root'), dict):
        raise LaunchError('%s is not a KFP pipeline spec (no root component)'
                          % path)
    return doc, spec


def reject_constant(token):
    raise ValueError(token + ' is not JSON')


def convert(name, ptype, raw):
    """Convert the string Argo passes to the JSON value of type ptype."""
    if ptype in ('STRING', 'PARAMETER_TYPE_ENUM_UNSPECIFIED'):
        return raw
    if ptype not in EXPECTED:
        raise LaunchError('parameter %s has type %s, which cannot be set '
                          'when a run is submitted' % (name, ptype))
    text = raw.strip()
    try:
        if ptype == 'NUMBER_INTEGER':
            value = int(text) if INTEGER_RE.fullmatch(text) else None
        elif ptype == 'NUMBER_DOUBLE':
            value = float(text)
            value = value if math.isfinite(value) else None
        elif ptype == 'BOOLEAN':
            value = BOOLEANS.get(text.lower())
        else:
            value = json.loads(text, parse_constant=reject_constant)
            if not isinstance(value, list if ptype == 'LIST' else dict):
                value = None
    except ValueError:
        value = None
    if value is None:
        raise LaunchError('parameter %s (%s): %r is not %s'
                          % (name, ptype, raw, EXPECTED[ptype]))
    return value


def runtime_parameters(spec):
    """The MLPC_PARAM_* values, typed as the pipeline root declares them."""
    inputs = field(spec['root'], 'input_definitions') or dict()
    declared = inputs.get('parameters') or dict()
    params = dict()
    for key in sorted(k for k in os.environ if k.startswith(PARAM_PREFIX)):
        name = key[len(PARAM_PREFIX):]
        if name not in declared:
            known = ', '.join(sorted(declared)) or 'none'
            raise LaunchError('%s: the pipeline has no parameter %r (it has: '
                              '%s)' % (key, name, known))
        ptype = field(declared[name], 'parameter_type') or 'STRING'
        params[name] = convert(name, ptype, os.environ[key])
    return params


def resolve_experiment(client, name, namespace):
    """Return the id of the experiment called name, creating it if needed."""
    predicate = dict(operation='EQUALS', key='display_name', string_value=name)
    predicates = json.dumps(dict(predicates=[predicate]))
    # The API server URL-decodes the filter once more after decoding the
    # query string, so it is encoded here and urlencode encodes it again.
    query = [('filter', urllib.parse.quote(predicates, safe=''))]
    if namespace:
        query.append(('namespace', namespace))

    def lookup():
        listing = client.call('GET', '/experiments', query)
        for experiment in listing.get('experiments') or []:
            if field(experiment, 'display_name') == name:
                return field(experiment, 'experiment_id')
        return None

    found = lookup()
    if found:
        return found
    body = dict(display_name=name)
    if namespace:
        body['namespace'] = namespace
    try:
        created = client.call('POST', '/experiments', body=body)
    except LaunchError as exc:
        # Another step may have created it meanwhile: KFP answers 409 (400 in
        # older releases). Use that experiment if it is there now.
        found = lookup() if exc.status in (400, 409) else None
        if found:
            return found
        raise
    if not field(created, 'experiment_id'):
        raise LaunchError('POST /experiments returned no experiment_id')
    log('created experiment %r' % name)
    return field(created, 'experiment_id')


def write_outputs(directory, run_id, run_url):
    for name, value in (('run_id', run_id), ('run_url', run_url)):
        with open(os.path.join(directory, name), 'w') as handle:
            handle.write(value)


def run_error(run):
    """The error message KFP recorded for a finished run, if any."""
    message = field(field(run, 'error'), 'message')
    for status in reversed(field(run, 'state_history') or []):
        message = message or field(field(status, 'error'), 'message')
    return message or ''


class Launch:
    """One launch; remembers the run so that a stop can terminate it."""

    def __init__(self):
        self.client = None
        self.run_id = None
        self.active = False

    def start(self):
        out_dir = setting('MLPC_OUTPUT_DIR', '/mlpc/outputs')
        try:
            os.makedirs(out_dir, exist_ok=True)
            write_outputs(out_dir, '', '')
        except OSError as exc:
            raise LaunchError('cannot write outputs to %s: %s'
                              % (out_dir, exc.strerror))
        host = setting('KFP_HOST')
        if not host.startswith(('http://', 'https://')):
            raise LaunchError('KFP_HOST must be an http(s):// URL, got %r'
                              % host)
        run_name = setting('KFP_RUN_NAME')
        if not run_name:
            raise LaunchError('KFP_RUN_NAME is required')
        wait = setting('KFP_WAIT', 'true').lower()
        if wait not in ('true', 'false'):
            raise LaunchError('KFP_WAIT must be true or false, got %r' % wait)
        timeout = number_setting('KFP_TIMEOUT_SECONDS', 0)
        poll = number_setting('KFP_POLL_SECONDS', 10)
        self.client = KfpClient(host, setting('KFP_TOKEN'),
                                number_setting('KFP_HTTP_RETRIES', 6, int),
                                number_setting('KFP_RETRY_BASE_SECONDS', 1))
        doc, spec = load_pipeline(setting('MLPC_PIPELINE_SPEC',
                                          '/mlpc/launch/pipeline.b64'))
        params = runtime_parameters(spec)

        body = dict(display_name=run_name)
        namespace = setting('KFP_NAMESPACE')
        experiment = setting('KFP_EXPERIMENT', 'Default' if namespace else '')
        if experiment:
            body['experiment_id'] = resolve_experiment(self.client, experiment,
                                                       namespace)
            log('experiment %r is %s' % (experiment, body['experiment_id']))
        body['pipeline_spec'] = doc
        body['runtime_config'] = dict(parameters=params)
        run = self.client.call('POST', '/runs', body=body)
        started = time.monotonic()
        self.run_id = field(run, 'run_id')
        if not self.run_id:
            raise LaunchError('POST /runs returned no run_id')
        self.active = True
        run_url = setting('KFP_UI_URL', host).rstrip('/') + \
            '/#/runs/details/' + self.run_id
        write_outputs(out_dir, self.run_id, run_url)
        log('created run %s: %s' % (self.run_id, run_url))
        if wait == 'false':
            return 0
        return self.wait(poll, started + timeout if timeout else None)

    def wait(self, poll, deadline):
        path = '/runs/' + urllib.parse.quote(self.run_id, safe='')
        last_state = None
        while True:
            run = self.client.call('GET', path)
            state = field(run, 'state') or 'RUNTIME_STATE_UNSPECIFIED'
            if state != last_state:
                log('run %s is %s' % (self.run_id, state))
                last_state = state
            self.active = state not in FINAL_STATES
            if state in ('SUCCEEDED', 'SKIPPED'):
                if state == 'SKIPPED':
                    log('run %s was skipped: nothing ran' % self.run_id)
                return 0
            if state in ('FAILED', 'CANCELED'):
                message = run_error(run)
                error('run %s %s%s' % (self.run_id, state.lower(),
                                       ': ' + message if message else ''))
                return 1
            now = time.monotonic()
            if deadline is not None and now >= deadline:
                self.terminate('timeout of %s s reached'
                               % setting('KFP_TIMEOUT_SECONDS'))
                return 3
            time.sleep(poll if deadline is None else min(poll, deadline - now))

    def terminate(self, reason, retries=None):
        error('%s; requesting termination of run %s' % (reason, self.run_id))
        self.active = False
        path = '/runs/%s:terminate' % urllib.parse.quote(self.run_id, safe='')
        try:
            self.client.call('POST', path, retries=retries)
        except LaunchError as exc:
            error('termination request failed: %s' % exc)


def on_signal(signum, frame):
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    raise Stopped(signal.Signals(signum).name)


def main():
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    launch = Launch()
    try:
        return launch.start()
    except LaunchError as exc:
        error(str(exc))
        if launch.active:
            # The step fails here. A run nobody watches would go on, and a retry
            # of the step would start a second one: ask KFP to stop it.
            launch.terminate('lost track of the run', retries=1)
        return 2
    except Stopped as exc:
        if launch.active:
            # The pod is going away: one quick attempt, no long backoff.
            launch.terminate('stopped by ' + str(exc), retries=1)
        else:
            error('stopped by %s' % exc)
        return 3
    except Exception:
        traceback.print_exc()
        error('internal error')
        return 2


if __name__ == '__main__':
    sys.exit(main())
