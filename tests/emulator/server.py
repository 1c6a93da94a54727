# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP plumbing: a threaded HTTP/1.1 keep-alive server on loopback only.

Every response carries ``x-bce-request-id`` and an exact Content-Length (also when empty),
so keep-alive clients (requests, http.client, the BCE SDK) never hang.  Fault actions that
close the connection are applied here because only this layer owns the socket.
"""

import ipaddress
import json
import socket
import sys
import threading
import time
import traceback
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from .admin import handle_admin
from .api import Outcome, handle_api, parse_query
from .core import Emulator
from .errors import ApiError

MAX_BODY_BYTES = 1024 * 1024
JSON_TYPE = 'application/json;charset=utf-8'


def check_loopback(host):
    """Return the literal loopback address to bind, or raise ValueError."""
    if host == 'localhost':
        return '127.0.0.1'
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        raise ValueError('refusing to bind %r: give a loopback IP literal such as 127.0.0.1 or ::1' % host)
    if not address.is_loopback:
        raise ValueError('refusing to bind %s: the emulator only listens on loopback addresses' % host)
    return str(address)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address, emulator, verbose):
        self.emulator = emulator
        self.verbose = verbose
        self._open = set()
        self._open_lock = threading.Lock()
        if ':' in address[0]:
            self.address_family = socket.AF_INET6
        ThreadingHTTPServer.__init__(self, address, _Handler)

    def server_bind(self):
        # HTTPServer.server_bind does a reverse DNS lookup (getfqdn); skip it, it can be slow.
        self.socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()
        self.server_name = self.server_address[0]
        self.server_port = self.server_address[1]

    def get_request(self):
        conn, addr = ThreadingHTTPServer.get_request(self)
        # Headers and body go out in separate writes; without TCP_NODELAY the body waits for the
        # client's delayed ACK (~40 ms per response), which would swamp every latency figure.
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._open_lock:
            self._open.add(conn)
        return conn, addr

    def handle_error(self, request, client_address):
        # A client that timed out and hung up is normal here (timeout faults, latency); only
        # unexpected errors are worth a traceback.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            return
        ThreadingHTTPServer.handle_error(self, request, client_address)

    def shutdown_request(self, request):
        with self._open_lock:
            self._open.discard(request)
        ThreadingHTTPServer.shutdown_request(self, request)

    def close_connections(self):
        """Cut idle keep-alive connections so stop() does not leave sockets behind."""
        with self._open_lock:
            conns = list(self._open)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'bce-vpc-emulator'
    timeout = 120  # idle keep-alive connections are dropped after this many seconds

    def version_string(self):
        return self.server_version

    # http.server's own error path (bad request line, unsupported method): answer in BCE form.
    def send_error(self, code, message=None, explain=None):
        self.close_connection = True
        if code == 501:
            error = ApiError('MethodNotAllowed', 'Method %s is not supported.' % (self.command or ''))
        else:
            error = ApiError('InvalidHTTPRequest', message or 'Bad request.', status=code)
        self._send_error(error, str(uuid.uuid4()))

    def log_message(self, format, *args):
        # Only the request line and status are ever logged; headers (Authorization,
        # x-bce-security-token) never are.
        if self.server.verbose:
            sys.stderr.write('%s - %s\n' % (self.address_string(), format % args))

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def do_PUT(self):
        self._handle()

    def do_DELETE(self):
        self._handle()

    def do_PATCH(self):
        self._handle()

    # ------------------------------------------------------------------ plumbing
    def _send(self, status, payload, request_id):
        body = b'' if payload is None else json.dumps(payload, ensure_ascii=False).encode('utf-8')
        self.send_response(status)
        self.send_header('x-bce-request-id', request_id)
        if payload is not None:
            self.send_header('Content-Type', JSON_TYPE)
        self.send_header('Content-Length', str(len(body)))
        if self.close_connection:
            self.send_header('Connection', 'close')
        self.end_headers()
        if self.command != 'HEAD':
            self.wfile.write(body)
        self.wfile.flush()

    def _send_bare(self, status, body, content_type):
        """A response without any BCE marker: no x-bce-request-id, no JSON error body."""
        self.send_response_only(status)
        if content_type:
            self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.wfile.flush()

    def _send_error(self, error, request_id):
        self._send(error.status, {'code': error.code, 'message': error.message, 'requestId': request_id}, request_id)

    def _read_body(self):
        if self.headers.get('Transfer-Encoding'):
            raise ApiError('InvalidHTTPRequest', 'Transfer-Encoding is not supported; send a Content-Length.')
        lengths = self.headers.get_all('Content-Length') or ['0']
        if len(lengths) != 1 or not lengths[0].strip().isdigit():
            raise ApiError('InvalidHTTPRequest', 'The Content-Length header is invalid.')
        length = int(lengths[0])
        if length > MAX_BODY_BYTES:
            raise ApiError('InvalidHTTPRequest', 'The request body is larger than %d bytes.' % MAX_BODY_BYTES)
        body = self.rfile.read(length)
        if len(body) != length:
            raise ApiError('InvalidHTTPRequest', 'The request body is shorter than its Content-Length.')
        return body

    def _handle(self):
        started = time.monotonic()
        request_id = str(uuid.uuid4())
        raw_path, dummy, raw_query = self.path.partition('?')
        try:
            body = self._read_body()
        except ApiError as exc:
            self.close_connection = True
            self._send_error(exc, request_id)
            return
        if raw_path == '/_emulator' or raw_path.startswith('/_emulator/'):
            self._handle_admin(raw_path, body, request_id)
        else:
            self._handle_api(raw_path, raw_query, body, request_id, started)

    def _handle_admin(self, raw_path, body, request_id):
        if not ipaddress.ip_address(self.client_address[0]).is_loopback:
            self._send_error(ApiError('AccessDenied', 'The admin API only answers loopback clients.'), request_id)
            return
        try:
            status, payload = handle_admin(self.server.emulator, self.command, raw_path, body)
        except ApiError as exc:
            self._send_error(exc, request_id)
            return
        self._send(status, payload, request_id)

    def _handle_api(self, raw_path, raw_query, body, request_id, started):
        emulator = self.server.emulator
        path = unquote(raw_path)
        try:
            query = dict(parse_query(raw_query))
        except ApiError:
            query = {'_raw': raw_query}
        delay, fault = emulator.faults.pick(self.command, path)
        delay += emulator.config['latency_ms'] / 1000.0
        if delay > 0:
            time.sleep(delay)
        entry = {
            'method': self.command,
            'path': path,
            'query': query,
            'client_token': query.get('clientToken'),
            'request_id': request_id,
            'fault': fault['action'] if fault else None,
            # Which way the collection ran (its User-Agent ends in execution/module or execution/in-process).
            'user_agent': self.headers.get('User-Agent'),
        }
        if fault is not None and fault['action'] == 'close':
            # Nothing handled, nothing committed: the client just loses the connection.
            self.close_connection = True
            self._log(entry, Outcome(status=0, code='FaultConnectionClosed'), started)
            return
        if fault is not None and fault['action'] == 'bare':
            # Nothing handled, nothing committed; the answer does not look like BCE at all.
            self._log(entry, Outcome(status=fault['status'], code='FaultBareResponse'), started)
            self._send_bare(fault['status'], fault['body'].encode('utf-8'), fault['content_type'])
            return
        if fault is not None and fault['action'] == 'error':
            outcome = self._error_outcome(ApiError(fault['code'], fault['message'], status=fault['status']), request_id)
        else:
            outcome = self._execute(raw_path, raw_query, body, request_id)
        if fault is not None and fault['action'] == 'drop_after_commit':
            # The change is committed (and its clientToken remembered), but no response is sent.
            self.close_connection = True
            self._log(entry, outcome, started)
            return
        self._log(entry, outcome, started)
        self._send(outcome.status, outcome.payload, request_id)

    def _execute(self, raw_path, raw_query, body, request_id):
        headers = {}
        for name, value in self.headers.items():
            headers.setdefault(name.lower(), []).append(value.encode('latin-1'))
        try:
            params = parse_query(raw_query)
            return handle_api(self.server.emulator, self.command, raw_path, params, headers, body)
        except ApiError as exc:
            return self._error_outcome(exc, request_id)
        except Exception:
            # A bug in the emulator: report it as the platform would, and show where it was.
            traceback.print_exc(file=sys.stderr)
            return self._error_outcome(
                ApiError('InternalError', 'We encountered an internal error. Please try again.'), request_id
            )

    @staticmethod
    def _error_outcome(error, request_id):
        return Outcome(
            error.status, {'code': error.code, 'message': error.message, 'requestId': request_id}, code=error.code
        )

    def _log(self, entry, outcome, started):
        entry.update(
            status=outcome.status,
            code=outcome.code,
            write=outcome.write,
            replayed=outcome.replayed,
            access_key=outcome.access_key,
            ignored_fields=outcome.ignored_fields,
            duration_ms=round((time.monotonic() - started) * 1000.0, 3),
        )
        self.server.emulator.calls.record(entry)


class EmulatorHandle(object):
    """A running emulator: ``base_url``, ``emulator`` (in-process access) and ``stop()``."""

    def __init__(self, server, thread):
        self._server = server
        self._thread = thread
        self.emulator = server.emulator
        self.host, self.port = server.server_address[:2]
        host = '[%s]' % self.host if ':' in self.host else self.host
        self.base_url = 'http://%s:%d' % (host, self.port)

    def stop(self):
        self._server.shutdown()
        self._server.server_close()
        self._server.close_connections()
        self._thread.join(10)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()


def start_emulator(fixture=None, host='127.0.0.1', port=0, verbose=False, variant=None):
    """Start the emulator in a background thread (port 0 = any free port) and return its handle.

    ``variant``: comma-separated names from options.VARIANTS, kept across resets.
    """
    server = _Server((check_loopback(host), port), Emulator(fixture, variant), verbose)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={'poll_interval': 0.05}, name='bce-emulator', daemon=True
    )
    thread.start()
    return EmulatorHandle(server, thread)
