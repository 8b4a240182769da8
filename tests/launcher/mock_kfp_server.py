"""A loopback stand-in for the KFP v2beta1 REST API, for launcher tests.

Serves the part of the API that lib/backends/launch/kfp_launcher.py uses:

    GET  /apis/v2beta1/experiments           (filter, namespace)
    POST /apis/v2beta1/experiments
    POST /apis/v2beta1/runs
    GET  /apis/v2beta1/runs/<run_id>
    POST /apis/v2beta1/runs/<run_id>:terminate

Responses use proto field names (run_id, display_name, ...) as the KFP API
server does. Request bodies are checked against the fields of the Run and
Experiment messages (unknown fields are rejected with 400, like the server's
JSON decoder), and the list filter is decoded the way the server decodes it:
the query parameter is URL-decoded once more and parsed as a Filter message.

Every request is recorded (method, path, query, headers, JSON body) in
``server.requests`` for assertions.

Scenario knobs (attributes of MockKfp, set before the launcher runs):
    states         states a run reports on successive GETs; the last repeats
    run_error      message put in the run's ``error`` once FAILED/CANCELED
    experiments    existing experiments: [(experiment_id, name, namespace)]
    transient      route -> list of HTTP statuses answered, one per request,
                   before the route starts working (e.g. 503, 503)
    permanent      route -> (status, message) answered to every request
    create_race    POST /experiments creates the experiment, but answers 409
                   as if another client had been first
    token          when set, requests without "Bearer <token>" get 401
Routes are named list_experiments, create_experiment, create_run, get_run
and terminate_run.
"""

import http.server
import json
import threading
import urllib.parse

API = '/apis/v2beta1'

RUN_FIELDS = {
    'experiment_id', 'run_id', 'display_name', 'storage_state', 'description',
    'pipeline_version_id', 'pipeline_spec', 'pipeline_version_reference',
    'runtime_config', 'service_account', 'created_at', 'scheduled_at',
    'finished_at', 'state', 'error', 'run_details', 'recurring_run_id',
    'state_history',
}
RUNTIME_CONFIG_FIELDS = {'parameters', 'pipeline_root'}
EXPERIMENT_FIELDS = {
    'experiment_id', 'display_name', 'description', 'created_at', 'namespace',
    'storage_state', 'last_run_created_at',
}
# gRPC status codes that grpc-gateway reports next to the HTTP status.
GRPC_CODES = {400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 429: 8, 500: 13,
              503: 14, 504: 4}


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class MockKfp:
    """Scripted KFP API server on 127.0.0.1 with an OS-assigned port."""

    def __init__(self):
        self.states = ['PENDING', 'RUNNING', 'SUCCEEDED']
        self.run_error = ''
        self.experiments = []
        self.transient = {}
        self.permanent = {}
        self.create_race = False
        self.token = None
        self.requests = []
        self.runs = {}
        self._lock = threading.Lock()
        self._httpd = None
        self._thread = None
        self.url = None

    # -- lifecycle ---------------------------------------------------------

    def start(self):
        mock = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def do_GET(self):
                mock._handle(self)

            def do_POST(self):
                mock._handle(self)

            def do_DELETE(self):
                mock._handle(self)

            def log_message(self, fmt, *args):
                pass

        self._httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0),
                                                      Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={'poll_interval': 0.05},
                                        daemon=True)
        self._thread.start()
        host, port = self._httpd.server_address[:2]
        self.url = 'http://%s:%d' % (host, port)
        return self.url

    def stop(self):
        if self._httpd:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    # -- queries for assertions --------------------------------------------

    def calls(self, route):
        with self._lock:
            return [r for r in self.requests if r['route'] == route]

    # -- request handling --------------------------------------------------

    def _handle(self, handler):
        parsed = urllib.parse.urlsplit(handler.path)
        length = int(handler.headers.get('Content-Length') or 0)
        raw = handler.rfile.read(length) if length else b''
        record = {
            'method': handler.command,
            'path': parsed.path,
            'query': urllib.parse.parse_qs(parsed.query,
                                           keep_blank_values=True),
            'headers': dict((k.lower(), v)
                            for k, v in handler.headers.items()),
            'raw_body': raw,
            'body': None,
            'route': self._route(handler.command, parsed.path),
        }
        with self._lock:
            self.requests.append(record)
        try:
            if raw:
                try:
                    record['body'] = json.loads(raw)
                except ValueError:
                    raise ApiError(400, 'request body is not JSON')
            status, payload = self._dispatch(record)
        except ApiError as exc:
            status = exc.status
            payload = {'error': str(exc), 'code': GRPC_CODES.get(status, 2),
                       'message': str(exc), 'details': []}
        data = json.dumps(payload).encode()
        handler.send_response(status)
        handler.send_header('Content-Type', 'application/json')
        handler.send_header('Content-Length', str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    @staticmethod
    def _route(method, path):
        if not path.startswith(API + '/'):
            return None
        rest = path[len(API) + 1:]
        if rest == 'experiments':
            return {'GET': 'list_experiments',
                    'POST': 'create_experiment'}.get(method)
        if rest == 'runs':
            return 'create_run' if method == 'POST' else None
        if rest.startswith('runs/') and '/' not in rest[5:]:
            if rest.endswith(':terminate'):
                return 'terminate_run' if method == 'POST' else None
            return 'get_run' if method == 'GET' else None
        return None

    def _dispatch(self, req):
        route = req['route']
        if route is None:
            raise ApiError(404, 'Not Found')
        if self.token is not None:
            if req['headers'].get('authorization') != 'Bearer ' + self.token:
                raise ApiError(401, 'Unauthenticated: missing or bad token')
        with self._lock:
            pending = self.transient.get(route)
            status = pending.pop(0) if pending else None
        if status is not None:
            raise ApiError(status, 'scripted transient failure')
        if route in self.permanent:
            raise ApiError(*self.permanent[route])
        return getattr(self, '_' + route)(req)

    def _list_experiments(self, req):
        encoded = req['query'].get('filter', [''])[0]
        namespace = req['query'].get('namespace', [''])[0]
        name = None
        if encoded:
            # As the API server does: QueryUnescape, then parse a Filter.
            try:
                flt = json.loads(urllib.parse.unquote_plus(encoded))
                (pred,) = flt['predicates']
            except (ValueError, KeyError, TypeError):
                raise ApiError(400, 'failed to parse valid filter from %r'
                               % encoded)
            if pred.get('operation') not in ('EQUALS', 1):
                raise ApiError(400, 'mock supports only EQUALS')
            if pred.get('key') != 'display_name':
                raise ApiError(400, 'mock supports only display_name')
            name = pred.get('string_value', pred.get('stringValue'))
            if not isinstance(name, str):
                raise ApiError(400, 'string_value missing')
        with self._lock:
            found = [e for e in self.experiments
                     if (name is None or e[1] == name)
                     and (not namespace or e[2] == namespace)]
        return 200, {
            'experiments': [self._experiment(*e) for e in found],
            'total_size': len(found),
            'next_page_token': '',
        }

    @staticmethod
    def _experiment(experiment_id, name, namespace):
        return {'experiment_id': experiment_id, 'display_name': name,
                'namespace': namespace, 'storage_state': 'AVAILABLE'}

    def _create_experiment(self, req):
        body = req['body']
        if not isinstance(body, dict) or not body.get('display_name'):
            raise ApiError(400, 'Experiment display_name is required')
        unknown = set(body) - EXPERIMENT_FIELDS
        if unknown:
            raise ApiError(400, 'unknown field(s) %s' % sorted(unknown))
        name, namespace = body['display_name'], body.get('namespace', '')
        with self._lock:
            if any(e[1] == name and e[2] == namespace
                   for e in self.experiments):
                raise ApiError(409, 'The name %s already exists' % name)
            exp = ('exp-%d' % (len(self.experiments) + 1), name, namespace)
            self.experiments.append(exp)
        if self.create_race:
            raise ApiError(409, 'The name %s already exists' % name)
        return 200, self._experiment(*exp)

    def _create_run(self, req):
        body = req['body']
        if not isinstance(body, dict):
            raise ApiError(400, 'run body must be a JSON object')
        unknown = set(body) - RUN_FIELDS
        if unknown:
            raise ApiError(400, 'unknown field(s) %s' % sorted(unknown))
        if not body.get('display_name'):
            raise ApiError(400, 'Run display_name is required')
        if not isinstance(body.get('pipeline_spec'), dict):
            raise ApiError(400, 'pipeline_spec must be an object')
        config = body.get('runtime_config', {})
        if not isinstance(config, dict) or set(config) - RUNTIME_CONFIG_FIELDS:
            raise ApiError(400, 'bad runtime_config')
        if not isinstance(config.get('parameters', {}), dict):
            raise ApiError(400, 'runtime_config.parameters must be a map')
        exp_id = body.get('experiment_id', '')
        with self._lock:
            if exp_id and exp_id not in [e[0] for e in self.experiments]:
                raise ApiError(404, 'experiment %s not found' % exp_id)
            run_id = 'run-%04d' % (len(self.runs) + 1)
            self.runs[run_id] = {'gets': 0, 'terminated': False,
                                 'body': body}
        return 200, self._run_view(run_id, 'PENDING')

    def _run_id(self, req):
        tail = req['path'][len(API + '/runs/'):]
        run_id = urllib.parse.unquote(tail.split(':')[0])
        if run_id not in self.runs:
            raise ApiError(404, 'run %s not found' % run_id)
        return run_id

    def _get_run(self, req):
        run_id = self._run_id(req)
        with self._lock:
            run = self.runs[run_id]
            if run['terminated']:
                # A terminated run goes CANCELING, then CANCELED.
                state = 'CANCELING' if run['gets'] == 0 else 'CANCELED'
            else:
                state = self.states[min(run['gets'], len(self.states) - 1)]
            run['gets'] += 1
        return 200, self._run_view(run_id, state)

    def _terminate_run(self, req):
        run_id = self._run_id(req)
        with self._lock:
            self.runs[run_id]['terminated'] = True
            self.runs[run_id]['gets'] = 0
        return 200, {}

    def _run_view(self, run_id, state):
        body = self.runs[run_id]['body']
        view = {
            'experiment_id': body.get('experiment_id') or 'exp-default',
            'run_id': run_id,
            'display_name': body['display_name'],
            'storage_state': 'AVAILABLE',
            'runtime_config': body.get('runtime_config', {}),
            'state': state,
            'state_history': [{'update_time': '2024-01-01T00:00:00Z',
                               'state': state}],
        }
        if state in ('FAILED', 'CANCELED') and self.run_error:
            view['error'] = {'code': 2, 'message': self.run_error,
                             'details': []}
        return view
