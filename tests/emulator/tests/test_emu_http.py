# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""HTTP/1.1 plumbing: keep-alive across success, error and empty responses; framing errors."""

import http.client
import json
import socket

from emu_helpers import Client, single


def test_keep_alive_on_one_connection(emu):
    client = Client(emu.base_url)
    conn = http.client.HTTPConnection(client.host, client.port, timeout=10)
    try:
        rule_id = None
        for request in (
            client.prepare('POST', '/v1/route/rule', [], single()),
            client.prepare('GET', '/v1/route', [('routeTableId', 'rt-nope')]),
            None,
            client.prepare('GET', '/v1/nothing'),
        ):
            if request is None:
                request = client.prepare('DELETE', '/v1/route/rule/' + rule_id)
            conn.request(request.method, request.wire_target(), body=request.body or None, headers=request.headers)
            response = conn.getresponse()
            body = response.read()
            assert int(response.getheader('Content-Length')) == len(body)
            assert response.getheader('x-bce-request-id')
            if rule_id is None:
                rule_id = json.loads(body)['routeRuleId']
        assert conn.sock is not None  # still the same, open connection
    finally:
        conn.close()
    assert [c['status'] for c in emu.emulator.calls.list()] == [200, 404, 200, 400]


def _raw_exchange(emu, data):
    client = Client(emu.base_url)
    with socket.create_connection((client.host, client.port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b''.join(chunks)


def test_chunked_body_is_rejected(emu):
    reply = _raw_exchange(
        emu, b'POST /v1/route/rule HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'
    )
    assert reply.startswith(b'HTTP/1.1 400') and b'InvalidHTTPRequest' in reply and b'Connection: close' in reply


def test_bad_request_line_and_unknown_method(emu):
    assert b'InvalidHTTPRequest' in _raw_exchange(emu, b'GARBAGE\r\n\r\n')
    reply = _raw_exchange(emu, b'BREW /v1/route HTTP/1.1\r\nHost: x\r\n\r\n')
    assert reply.startswith(b'HTTP/1.1 405') and b'MethodNotAllowed' in reply
