# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""BceClient: signing per attempt, retry rules, error mapping, pagination, secrecy."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import calendar
import json
import time

import pytest
import requests

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client, _signer
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError, BceConfigError, BceTransportError

SECRET = 'sk-very-secret-value-1234'
TOKEN = 'sts-session-token-value-5678'


class FakeResponse(object):
    def __init__(self, status=200, body=None, headers=None, reason='OK'):
        self.status_code = status
        if body is None:
            self.content = b''
        elif isinstance(body, bytes):
            self.content = body
        else:
            self.content = json.dumps(body).encode('utf-8')
        self.headers = requests.structures.CaseInsensitiveDict(headers or {'x-bce-request-id': 'hdr-rid'})
        self.reason = reason
        self.closed = False

    def iter_content(self, chunk_size):
        # What requests.Response does with stream=True: the body in chunks of at most chunk_size.
        for start in range(0, len(self.content), chunk_size):
            yield self.content[start:start + chunk_size]

    def close(self):
        self.closed = True


class FakeSession(object):
    """Plays back a script of responses or exceptions and records every request."""

    def __init__(self, script):
        self.script = list(script)
        self.calls = []

    def request(self, method, url, data=None, headers=None, **kwargs):
        self.calls.append(dict(method=method, url=url, data=data, headers=dict(headers), kwargs=kwargs))
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item


class Clock(object):
    def __init__(self, start=1704067200):
        self.now = start

    def __call__(self):
        self.now += 7  # every signature is made at a different second
        return self.now


def make_client(script, **kwargs):
    session = FakeSession(script)
    sleeps = []
    options = dict(access_key='ak-1', secret_key=SECRET, endpoint='http://127.0.0.1:8780', session=session,
                   clock=Clock(), sleep=sleeps.append, jitter=lambda: 1.0)
    options.update(kwargs)
    client = _client.BceClient(**options)
    return client, session, sleeps


def test_get_is_signed_and_verifiable():
    client, session, dummy = make_client([FakeResponse(body={'ok': 1})])
    assert client.get('/v1/route', {'vpcId': 'vpc-1'}) == {'ok': 1}
    call = session.calls[0]
    assert call['url'] == 'http://127.0.0.1:8780/v1/route?vpcId=vpc-1'
    headers = call['headers']
    assert headers['host'] == '127.0.0.1:8780'
    assert 'content-length' not in headers
    expected = _signer.sign('GET', '/v1/route', {'vpcId': 'vpc-1'},
                            dict((k, headers[k]) for k in ('host', 'content-type', 'x-bce-date')),
                            'ak-1', SECRET, _epoch(headers['x-bce-date']))
    assert headers['authorization'] == expected
    assert headers['authorization'].split('/')[4] == 'content-type;host;x-bce-date'
    assert headers['user-agent'].startswith('baiducloud.vpc/')
    assert call['kwargs']['verify'] is True and call['kwargs']['timeout'] == 30


def _epoch(stamp):
    return calendar.timegm(time.strptime(stamp, '%Y-%m-%dT%H:%M:%SZ'))


def test_post_body_signs_content_length_and_sts_token():
    client, session, dummy = make_client([FakeResponse(body={'routeRuleId': 'rr-1'})], session_token=TOKEN)
    assert client.request('POST', '/v1/route/rule', body={'b': 1, 'a': 'x'}, client_token='tok-1') == {'routeRuleId': 'rr-1'}
    call = session.calls[0]
    assert call['data'] == '{"a":"x","b":1}'
    assert call['headers']['content-length'] == str(len(call['data']))
    assert call['headers']['x-bce-security-token'] == TOKEN
    assert call['headers']['authorization'].split('/')[4] == 'content-length;content-type;host;x-bce-date;x-bce-security-token'
    assert call['url'].endswith('/v1/route/rule?clientToken=tok-1')


def test_value_less_flag_is_sent_as_key_equals():
    client, session, dummy = make_client([FakeResponse()])
    assert client.request('PUT', '/v1/route/rule/rr-1', {'switchRouteHA': ''}, client_token='t') is None
    assert session.calls[0]['url'].endswith('/v1/route/rule/rr-1?clientToken=t&switchRouteHA=')


@pytest.mark.parametrize('status', [429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried_with_fresh_signature(status):
    client, session, sleeps = make_client([FakeResponse(status, {'code': 'X', 'message': 'm', 'requestId': 'r'}),
                                           FakeResponse(body={'ok': True})])
    assert client.get('/v1/route') == {'ok': True}
    assert len(session.calls) == 2
    first, second = session.calls
    assert first['headers']['x-bce-date'] != second['headers']['x-bce-date']
    assert first['headers']['authorization'] != second['headers']['authorization']
    assert sleeps == [0.3]


@pytest.mark.parametrize('code', ['RateLimit', 'RequestLimitExceeded', 'ThrottlingException', 'Throttling.User', 'ratelimit'])
def test_throttling_codes_are_retried_even_on_400(code):
    client, session, dummy = make_client([FakeResponse(400, {'code': code, 'message': 'slow down', 'requestId': 'r'}),
                                          FakeResponse(body={})])
    assert client.get('/v1/route') == {}
    assert len(session.calls) == 2


@pytest.mark.parametrize('exc', [requests.exceptions.ConnectionError('refused'), requests.exceptions.ReadTimeout('slow')])
def test_transport_errors_are_retried_for_reads(exc):
    client, session, dummy = make_client([exc, FakeResponse(body={'a': 1})])
    assert client.get('/v1/route') == {'a': 1}
    assert len(session.calls) == 2


@pytest.mark.parametrize('method', ['POST', 'PUT', 'DELETE'])
def test_writes_without_client_token_are_never_retried(method):
    client, session, dummy = make_client([FakeResponse(503, {'code': 'ServiceUnavailable', 'message': 'busy', 'requestId': 'r'})])
    with pytest.raises(BceApiError) as err:
        client.request(method, '/v1/route/rule', body={})
    assert err.value.status == 503 and len(session.calls) == 1
    client, session, dummy = make_client([requests.exceptions.ConnectionError('reset')])
    with pytest.raises(BceTransportError):
        client.request(method, '/v1/route/rule', body={})
    assert len(session.calls) == 1


@pytest.mark.parametrize('method', ['POST', 'PUT', 'DELETE'])
def test_writes_with_client_token_are_retried_with_the_same_token(method):
    client, session, dummy = make_client([requests.exceptions.ConnectionError('dropped'),
                                          FakeResponse(500, {'code': 'InternalError', 'message': 'x', 'requestId': 'r'}),
                                          FakeResponse(body={'routeRuleId': 'rr-1'})])
    assert client.request(method, '/v1/route/rule', body={'a': 1}, client_token='same') == {'routeRuleId': 'rr-1'}
    assert [c['url'].split('?')[1] for c in session.calls] == ['clientToken=same'] * 3
    assert len(set(c['headers']['authorization'] for c in session.calls)) == 3


@pytest.mark.parametrize('status,code', [(400, 'InappropriateJSON'), (403, 'AccessDenied'), (404, 'NoSuchObject'),
                                         (400, 'SignatureDoesNotMatch'), (403, 'IdempotentParameterMismatch')])
def test_non_retryable_errors_fail_at_once(status, code):
    client, session, sleeps = make_client([FakeResponse(status, {'code': code, 'message': 'nope', 'requestId': 'rid-9'})])
    with pytest.raises(BceApiError) as err:
        client.get('/v1/route')
    assert (err.value.status, err.value.code, err.value.message, err.value.request_id) == (status, code, 'nope', 'rid-9')
    assert len(session.calls) == 1 and sleeps == []


def test_retries_stop_after_api_retries_with_capped_backoff():
    busy = FakeResponse(503, {'code': 'ServiceUnavailable', 'message': 'busy', 'requestId': 'r'})
    client, session, sleeps = make_client([busy] * 6, retries=5, retry_max_delay=1.0)
    with pytest.raises(BceApiError):
        client.get('/v1/route')
    assert len(session.calls) == 6
    assert sleeps == [0.3, 0.6, 1.0, 1.0, 1.0]


def test_jitter_scales_delay_between_half_and_full():
    busy = FakeResponse(503, {'code': 'X', 'message': 'busy', 'requestId': 'r'})
    client, dummy, sleeps = make_client([busy, FakeResponse(body={})], jitter=lambda: 0.0)
    client.get('/v1/route')
    assert sleeps == [0.15]


def test_retry_after_header_is_honoured_up_to_the_cap():
    throttled = FakeResponse(429, {'code': 'TooManyRequests', 'message': 'x', 'requestId': 'r'}, headers={'Retry-After': '4'})
    client, dummy, sleeps = make_client([throttled, FakeResponse(body={})], retry_max_delay=10)
    client.get('/v1/route')
    assert sleeps == [4.0]


def test_request_expired_is_retried_once_after_resigning_even_for_writes_without_token():
    expired = FakeResponse(400, {'code': 'RequestExpired', 'message': 'Request has expired.', 'requestId': 'r'})
    client, session, sleeps = make_client([expired, FakeResponse(body={'ok': 1})], retries=0)
    assert client.request('POST', '/v1/route/rule', body={}) == {'ok': 1}
    assert session.calls[0]['headers']['x-bce-date'] != session.calls[1]['headers']['x-bce-date']
    client, session, sleeps = make_client([expired, expired])
    with pytest.raises(BceApiError) as err:
        client.get('/v1/route')
    assert err.value.code == 'RequestExpired' and len(session.calls) == 2


@pytest.mark.parametrize('body,status,code,message', [
    (b'', 403, 'AccessDenied', 'Forbidden'),
    (b'', 500, 'InternalError', 'Forbidden'),
    (b'', 418, 'HTTP418', 'empty error response'),
    (b'<html>bad gateway</html>', 400, 'MalformedJSON', 'error response is not JSON: <html>bad gateway</html>'),
    (b'[1, 2]', 400, 'MalformedJSON', 'error response is not JSON: [1, 2]'),
    (b'{"message": "no code"}', 404, 'NoSuchObject', 'no code'),
])
def test_every_error_body_shape(body, status, code, message):
    reason = 'Forbidden' if status in (403, 500) else ''
    client, dummy, dummy2 = make_client([FakeResponse(status, body, reason=reason)] * 4, retries=0)
    with pytest.raises(BceApiError) as err:
        client.get('/v1/route')
    assert (err.value.code, err.value.message, err.value.request_id) == (code, message, 'hdr-rid')


def test_success_with_non_json_body_is_an_error():
    client, dummy, dummy2 = make_client([FakeResponse(200, b'not json')])
    with pytest.raises(BceApiError, match='MalformedJSON'):
        client.get('/v1/route')


def test_pagination_over_several_pages():
    pages = [FakeResponse(body={'routeRules': [{'id': 1}, {'id': 2}], 'isTruncated': True, 'nextMarker': 'rr-3'}),
             FakeResponse(body={'routeRules': [{'id': 3}, {'id': 4}], 'isTruncated': True, 'nextMarker': 'rr-5'}),
             FakeResponse(body={'routeRules': [{'id': 5}], 'isTruncated': False})]
    client, session, dummy = make_client(pages)
    assert client.paginate('/v1/route/rule', {'routeTableId': 'rt-1'}, 'routeRules', page_size=2) == [{'id': i} for i in range(1, 6)]
    queries = [c['url'].split('?')[1] for c in session.calls]
    assert queries == ['maxKeys=2&routeTableId=rt-1', 'marker=rr-3&maxKeys=2&routeTableId=rt-1',
                       'marker=rr-5&maxKeys=2&routeTableId=rt-1']


def test_pagination_refuses_a_marker_loop():
    page = FakeResponse(body={'routeRules': [], 'isTruncated': True, 'nextMarker': 'rr-1'})
    client, dummy, dummy2 = make_client([page, page])
    with pytest.raises(BceTransportError, match='nextMarker'):
        client.paginate('/v1/route/rule', {}, 'routeRules')


@pytest.mark.parametrize('region,endpoint,expected', [
    ('bj', None, 'https://bcc.bj.baidubce.com'),
    ('fsh', None, 'https://bcc.fsh.baidubce.com'),
    ('bj', 'http://127.0.0.1:8780/', 'http://127.0.0.1:8780'),
    (None, 'https://bcc.gz.baidubce.com', 'https://bcc.gz.baidubce.com'),
])
def test_endpoint_resolution(region, endpoint, expected):
    assert _client.endpoint_for(region, endpoint) == expected


@pytest.mark.parametrize('region,endpoint,message', [
    ('mars', None, 'region must be one of'),
    (None, None, 'one of region or endpoint is required'),
    (None, 'ftp://x', 'endpoint must be a full URL'),
    (None, '127.0.0.1:8780', 'endpoint must be a full URL'),
    (None, 'http://h/v1', 'no path'),
    (None, 'http://user:pw@h', 'no path, query or credentials'),
    (None, 'http://h:99999', 'invalid port'),
])
def test_bad_endpoint_configuration(region, endpoint, message):
    with pytest.raises(BceConfigError, match=message):
        _client.endpoint_for(region, endpoint)


def test_secrets_never_appear_in_errors_or_repr():
    failures = [FakeResponse(403, {'code': 'AccessDenied', 'message': 'denied', 'requestId': 'r'}),
                requests.exceptions.ConnectionError('connection reset'),
                FakeResponse(400, b'garbage')]
    for failure in failures:
        client, dummy, dummy2 = make_client([failure], session_token=TOKEN, retries=0)
        with pytest.raises(Exception) as err:
            client.get('/v1/route')
        for text in (str(err.value), repr(err.value), repr(client), str(err.value.to_dict())):
            assert SECRET not in text and TOKEN not in text


@pytest.mark.parametrize('kwargs,message', [
    (dict(access_key=''), 'access_key is required'),
    (dict(secret_key=None), 'secret_key is required'),
    (dict(timeout=0), 'api_timeout'),
    (dict(retries=-1), 'api_retries'),
    (dict(retry_max_delay=-1), 'api_retry_max_delay'),
])
def test_bad_client_options(kwargs, message):
    with pytest.raises(BceConfigError, match=message):
        make_client([], **kwargs)


def test_environment_is_read_once_and_netrc_never_replaces_the_signature(monkeypatch, tmp_path):
    netrc = tmp_path / '.netrc'
    netrc.write_text('machine bcc.bj.baidubce.com login user password pass\n')
    netrc.chmod(0o600)
    monkeypatch.setenv('NETRC', str(netrc))
    monkeypatch.setenv('HTTPS_PROXY', 'http://proxy.example:3128')
    monkeypatch.setenv('NO_PROXY', '')
    monkeypatch.delenv('REQUESTS_CA_BUNDLE', raising=False)
    monkeypatch.delenv('CURL_CA_BUNDLE', raising=False)
    request = requests.Request('GET', 'https://bcc.bj.baidubce.com/v1/route', headers={'Authorization': 'bce-auth-v1/x'})
    # What a plain Session does with that .netrc: the signature would be replaced.
    assert requests.Session().prepare_request(request).headers['Authorization'].startswith('Basic ')
    client = _client.BceClient(access_key='ak', secret_key=SECRET, region='bj')
    assert client.session.trust_env is False
    assert client.session.proxies.get('https') == 'http://proxy.example:3128'
    prepared = client.session.prepare_request(request)
    assert prepared.headers['Authorization'] == 'bce-auth-v1/x'
    assert client.verify is True


def test_validate_certs_false_is_kept_and_ca_bundle_is_honoured(monkeypatch):
    monkeypatch.setenv('REQUESTS_CA_BUNDLE', '/etc/ssl/certs/ca-certificates.crt')
    assert _client.BceClient(access_key='ak', secret_key=SECRET, region='bj', validate_certs=False).verify is False
    assert _client.BceClient(access_key='ak', secret_key=SECRET, region='bj').verify == '/etc/ssl/certs/ca-certificates.crt'
