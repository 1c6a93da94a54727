# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test-side HTTP client for the emulator, signing with the official bce-python-sdk signer.

``prepare()`` returns a mutable request so tests can sign one thing and send another
(tampering tests); ``send()`` puts exactly those bytes on the wire with http.client.
"""

import http.client
import json
import time
from urllib.parse import quote, urlsplit

from baidubce import utils as bce_utils
from baidubce.auth import bce_v1_signer
from baidubce.auth.bce_credentials import BceCredentials

AK, SK = 'emulator-ak', 'emulator-sk'
STS_AK, STS_SK, STS_TOKEN = 'emulator-sts-ak', 'emulator-sts-sk', 'emulator-sts-token'
RO_AK, RO_SK = 'emulator-readonly-ak', 'emulator-readonly-sk'
JSON_TYPE = 'application/json;charset=utf-8'


def bce_time(epoch):
    return time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(epoch))


def _encode(text):
    return quote(text, safe='-_.~')


class Request(object):
    def __init__(self, method, path, query, headers, body):
        self.method = method
        self.path = path  # unencoded path, encoded on the wire like GO-SDK (UriEncodeExceptSlash)
        self.query = query  # list of (name, value or None for a bare flag)
        self.headers = headers  # dict name -> str
        self.body = body  # bytes

    def wire_target(self):
        target = quote(self.path, safe='/-_.~')
        parts = [_encode(k) if v is None else '%s=%s' % (_encode(k), _encode(v)) for k, v in self.query]
        return target + ('?' + '&'.join(parts) if parts else '')


class Response(object):
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw.decode('utf-8')) if raw else None
        except ValueError:
            self.json = None  # not JSON at all (bare fault responses)

    @property
    def code(self):
        return (self.json or {}).get('code')

    def __repr__(self):
        return 'Response(%d, %r)' % (self.status, self.raw[:300])


class Client(object):
    def __init__(self, base_url, ak=AK, sk=SK, token=None):
        split = urlsplit(base_url)
        self.host, self.port = split.hostname, split.port
        self.netloc = split.netloc
        self.ak, self.sk, self.token = ak, sk, token

    def prepare(
        self,
        method,
        path,
        query=None,
        body=None,
        signed=('content-length', 'content-type', 'host', 'x-bce-date'),
        timestamp=None,
        expiration=1800,
        extra_headers=None,
        sk=None,
    ):
        """Build and sign a request.  ``signed=()`` uses the SDK default set (empty signedHeaders)."""
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode('utf-8')
        body = body or b''
        stamp = int(time.time()) if timestamp is None else timestamp
        headers = {
            'host': self.netloc,
            'content-type': JSON_TYPE,
            'content-length': str(len(body)),
            'x-bce-date': bce_time(stamp),
        }
        signed = list(signed)
        if self.token is not None:
            headers['x-bce-security-token'] = self.token
            if signed:
                signed = sorted(set(signed) | {'x-bce-security-token'})
        headers.update(extra_headers or {})
        request = Request(method, path, list(query or []), headers, body)
        request.headers['authorization'] = self.sign(request, stamp, expiration, signed, sk)
        return request

    def sign(self, request, stamp, expiration=1800, signed=(), sk=None):
        credentials = BceCredentials(self.ak, sk or self.sk)
        params = dict((k.encode('utf-8'), (v or '').encode('utf-8')) for k, v in request.query)
        names = list(signed)
        headers = dict(
            (k.encode('utf-8'), v.encode('utf-8')) for k, v in request.headers.items() if k != 'authorization'
        )
        if names:
            headers = dict((k, v) for k, v in headers.items() if k.decode('utf-8') in names)
        uri = bce_utils.normalize_string(request.path.encode('utf-8'), False)
        return bce_v1_signer.sign(
            credentials,
            request.method.encode('utf-8'),
            uri,
            headers,
            params,
            stamp,
            expiration,
            [n.encode('utf-8') for n in names] or None,
        ).decode('ascii')

    def send(self, request, target=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            conn.putrequest(request.method, target or request.wire_target(), skip_host=True, skip_accept_encoding=True)
            for name, value in request.headers.items():
                conn.putheader(name, value.encode('utf-8'))
            conn.endheaders(request.body or None)
            response = conn.getresponse()
            return Response(response.status, dict((k.lower(), v) for k, v in response.getheaders()), response.read())
        finally:
            conn.close()

    def call(self, method, path, query=None, body=None, **kwargs):
        return self.send(self.prepare(method, path, query, body, **kwargs))

    # convenience wrappers
    def create(self, body, token=None):
        return self.call('POST', '/v1/route/rule', [('clientToken', token)] if token else [], body)

    def update(self, rule_id, body, token=None):
        return self.call('PUT', '/v1/route/rule/' + rule_id, [('clientToken', token)] if token else [], body)

    def delete(self, rule_id, token=None):
        return self.call('DELETE', '/v1/route/rule/' + rule_id, [('clientToken', token)] if token else [])

    def switch(self, rule_id, token=None):
        return self.call(
            'PUT', '/v1/route/rule/' + rule_id, [('switchRouteHA', None)] + ([('clientToken', token)] if token else [])
        )

    def table(self, table_id='rt-emu1demo0001'):
        return self.call('GET', '/v1/route', [('routeTableId', table_id)])

    def custom_rules(self, table_id='rt-emu1demo0001'):
        return [rule for rule in self.table(table_id).json['routeRules'] if rule['routeRuleId']]


def single(
    source='192.168.0.0/20',
    destination='10.10.0.0/16',
    hop_type='nat',
    hop_id='nat-emu1demo0001',
    table='rt-emu1demo0001',
    **extra,
):
    body = {
        'routeTableId': table,
        'sourceAddress': source,
        'destinationAddress': destination,
        'nexthopType': hop_type,
        'nexthopId': hop_id,
        'description': 'test',
    }
    body.update(extra)
    return body


def multi(
    paths=('ha:active', 'ha:standby'),
    hops=('dcgw-emu1demo0001', 'dcgw-emu1demo0002'),
    source='192.168.0.0/20',
    destination='172.31.0.0/16',
    table='rt-emu1demo0001',
):
    return {
        'routeTableId': table,
        'sourceAddress': source,
        'destinationAddress': destination,
        'description': 'multi',
        'nextHopList': [{'nexthopId': h, 'nexthopType': 'dcGateway', 'pathType': p} for h, p in zip(hops, paths)],
    }
