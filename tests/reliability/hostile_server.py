# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A deliberately hostile BCE look-alike on 127.0.0.1: slow, endless, malformed or echoing answers.

One `mode` at a time (set with HostileServer.mode = ...); every answer is bounded in bytes and in
time (MAX_SECONDS per answer, and everything stops with the server), so a client that misbehaves
cannot make a test hang."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import itertools
import json
import threading
import time

try:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
except ImportError:  # pragma: no cover - Python 2 is not used for these tests
    BaseHTTPRequestHandler = ThreadingHTTPServer = object

MAX_SECONDS = 30  # no single answer lasts longer than this
DRIP_INTERVAL = 0.5  # one byte every half second, as in issue 11
ENDLESS_LIMIT = 256 * 1024 * 1024  # an "endless" body stops after this many bytes anyway
REQUEST_ID = 'hostile-request-id-0001'

# mode -> (status, body) for the answers that are a fixed body; the body is sent as is (bytes) or as JSON.
FIXED = {
    'json list': (200, [{'routeRuleId': 'rr-1'}]),
    'json string': (200, 'routeRules'),
    'json number': (200, 42),
    'empty object': (200, {}),
    'empty body': (200, b''),
    'rules string': (200, {'routeRules': 'rr-1,rr-2', 'isTruncated': False}),
    'rules dict': (200, {'routeRules': {'routeRuleId': 'rr-1'}, 'isTruncated': False}),
    'rules non-objects': (200, {'routeRules': ['rr-1', 7, None], 'isTruncated': False}),
    'wrong types': (200, {'routeRules': [], 'isTruncated': 'yes', 'nextMarker': 5}),
    'non-JSON 200': (200, b'<html><body>OK, done</body></html>'),
    # Rule items that are objects but not rules (issue 11): ids outside the id alphabet, fields of the wrong type.
    'rule id with a path': (
        200,
        {
            # The table fields too: the modules read a table with one GET /v1/route.
            'routeTableId': 'rt-hostile',
            'vpcId': 'vpc-1',
            'routeRules': [
                {
                    'routeRuleId': 'rr-x/../../../vpc/vpc-emu1demo0001',
                    'sourceAddress': '0.0.0.0/0',
                    'destinationAddress': '10.10.0.0/16',
                    'nexthopType': 'vpn',
                    'nexthopId': 'vpn-emu1demo0001',
                }
            ],
            'isTruncated': False,
        },
    ),
    'rule fields of the wrong type': (
        200,
        {
            # The table fields too: the modules read a table with one GET /v1/route.
            'routeTableId': 'rt-hostile',
            'vpcId': 'vpc-1',
            'routeRules': [
                {
                    'routeRuleId': 'rr-abc',
                    'sourceAddress': '0.0.0.0/0',
                    'destinationAddress': '10.10.0.0/16',
                    'nexthopType': 'vpn',
                    'nexthopId': ['vpn-emu1demo0001'],
                    'description': 7,
                }
            ],
            'isTruncated': False,
        },
    ),
    'empty 404': (404, b''),
}
MODES = tuple(sorted(FIXED)) + (
    'drip body',
    'drip headers',
    'endless body',
    'endless pages',
    'header echo',
    'header echo 200',
)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.0'  # one answer per connection: an abandoned answer never poisons the next
    timeout = MAX_SECONDS

    def log_message(self, format, *args):  # pylint: disable=redefined-builtin
        pass

    def _stopping(self, started):
        return self.server.stopping.is_set() or time.monotonic() - started > MAX_SECONDS

    def _answer(self):
        length = int(self.headers.get('Content-Length') or 0)
        if length:
            self.rfile.read(min(length, 1024 * 1024))
        self.server.log.append(
            {'method': self.command, 'path': self.path, 'headers': dict(self.headers.items()), 'at': time.monotonic()}
        )
        mode = self.server.mode
        started = time.monotonic()
        try:
            if mode in FIXED:
                status, body = FIXED[mode]
                self._send(
                    status,
                    body if isinstance(body, bytes) else json.dumps(body).encode('utf-8'),
                    with_request_id=mode != 'empty 404',
                )
            elif mode == 'endless pages' and self.path.split('?')[0] == '/v1/route':
                # A table read as large as one answer can be trusted to hold, so the module turns to the listing.
                rules = [
                    {
                        'routeRuleId': 'rr-t%07d' % n,
                        'routeTableId': 'rt-hostile',
                        'sourceAddress': '0.0.0.0/0',
                        'destinationAddress': '10.%d.%d.0/24' % (n // 256, n % 256),
                        'nexthopType': 'nat',
                        'nexthopId': 'nat-1',
                        'pathType': 'normal',
                        'description': '',
                    }
                    for n in range(1000)
                ]
                self._send(
                    200,
                    json.dumps({'routeTableId': 'rt-hostile', 'vpcId': 'vpc-1', 'routeRules': rules}).encode('utf-8'),
                )
            elif mode == 'endless pages':
                marker = 'rr-%08d' % next(self.server.counter)
                self._send(
                    200,
                    json.dumps({'routeRules': [], 'isTruncated': True, 'nextMarker': marker, 'maxKeys': 1000}).encode(
                        'utf-8'
                    ),
                )
            elif mode in ('header echo', 'header echo 200'):
                echoed = ' '.join('%s=%s' % item for item in self.headers.items())
                if mode == 'header echo':
                    self._send(
                        400,
                        json.dumps(
                            {
                                'code': 'Echo' + self.headers.get('Authorization', ''),
                                'message': echoed,
                                'requestId': self.headers.get('x-bce-security-token') or REQUEST_ID,
                            }
                        ).encode('utf-8'),
                    )
                else:
                    self._send(200, ('echo: ' + echoed).encode('utf-8'))
            elif mode == 'drip body':
                self._head(200, 4000)
                self._drip(b' ' * 4000, started)
            elif mode == 'drip headers':
                head = 'HTTP/1.0 200 OK\r\nx-bce-request-id: %s\r\nContent-Length: 2\r\n%s\r\n{}' % (
                    REQUEST_ID,
                    'x-pad: ' + 'a' * 4000 + '\r\n',
                )
                self._drip(head.encode('ascii'), started)
            elif mode == 'endless body':
                self._head(200, None)
                chunk = b'[' * 65536
                sent = 0
                while sent < ENDLESS_LIMIT and not self._stopping(started):
                    self.wfile.write(chunk)
                    sent += len(chunk)
        except (OSError, ValueError):
            pass  # the client hung up: that is what a bounded client does

    def _head(self, status, length, with_request_id=True):
        self.send_response(status)
        self.send_header('Content-Type', 'application/json;charset=utf-8')
        if with_request_id:
            self.send_header('x-bce-request-id', REQUEST_ID)
        if length is not None:
            self.send_header('Content-Length', str(length))
        self.end_headers()

    def _send(self, status, body, with_request_id=True):
        self._head(status, len(body), with_request_id)
        self.wfile.write(body)

    def _drip(self, data, started):
        for index in range(len(data)):
            if self._stopping(started):
                return
            self.wfile.write(data[index : index + 1])
            self.wfile.flush()
            time.sleep(DRIP_INTERVAL)

    do_GET = do_POST = do_PUT = do_DELETE = _answer


class HostileServer(object):
    """Serves MODES on 127.0.0.1 (a free port); use as a context manager."""

    def __init__(self, mode='json list'):
        self.server = ThreadingHTTPServer(('127.0.0.1', 0), _Handler)
        self.server.daemon_threads = True
        self.server.mode = mode
        self.server.log = []
        self.server.counter = itertools.count(1)
        self.server.stopping = threading.Event()
        self.server.handle_error = lambda request, address: None  # clients hanging up early are the point
        self.url = 'http://127.0.0.1:%d' % self.server.server_address[1]
        self._thread = threading.Thread(
            target=self.server.serve_forever, kwargs={'poll_interval': 0.05}, name='hostile-server'
        )
        self._thread.daemon = True
        self._thread.start()

    @property
    def mode(self):
        return self.server.mode

    @mode.setter
    def mode(self, value):
        if value not in MODES:
            raise ValueError(value)
        self.server.mode = value

    @property
    def log(self):
        return self.server.log

    def stop(self):
        self.server.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()
