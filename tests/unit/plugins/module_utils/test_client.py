# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""BceClient: signing per attempt, retry rules, error mapping, pagination, secrecy."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import calendar
import json
import threading
import time

import pytest
import requests

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client, _errors, _signer, _transport
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceConfigError,
    BceTransportError,
)

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
            yield self.content[start : start + chunk_size]

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
    options = dict(
        access_key='ak-1',
        secret_key=SECRET,
        endpoint='http://127.0.0.1:8780',
        session=session,
        clock=Clock(),
        sleep=sleeps.append,
        jitter=lambda: 1.0,
    )
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
    expected = _signer.sign(
        'GET',
        '/v1/route',
        {'vpcId': 'vpc-1'},
        dict((k, headers[k]) for k in ('host', 'content-type', 'x-bce-date')),
        'ak-1',
        SECRET,
        _epoch(headers['x-bce-date']),
    )
    assert headers['authorization'] == expected
    assert headers['authorization'].split('/')[4] == 'content-type;host;x-bce-date'
    assert headers['user-agent'].startswith('baiducloud.vpc/')
    assert call['kwargs']['verify'] is True and call['kwargs']['timeout'] == 30


def _epoch(stamp):
    return calendar.timegm(time.strptime(stamp, '%Y-%m-%dT%H:%M:%SZ'))


def test_post_body_signs_content_length_and_sts_token():
    client, session, dummy = make_client([FakeResponse(body={'routeRuleId': 'rr-1'})], session_token=TOKEN)
    assert client.request('POST', '/v1/route/rule', body={'b': 1, 'a': 'x'}, client_token='tok-1') == {
        'routeRuleId': 'rr-1'
    }
    call = session.calls[0]
    assert call['data'] == '{"a":"x","b":1}'
    assert call['headers']['content-length'] == str(len(call['data']))
    assert call['headers']['x-bce-security-token'] == TOKEN
    assert (
        call['headers']['authorization'].split('/')[4]
        == 'content-length;content-type;host;x-bce-date;x-bce-security-token'
    )
    assert call['url'].endswith('/v1/route/rule?clientToken=tok-1')


def test_value_less_flag_is_sent_as_key_equals():
    client, session, dummy = make_client([FakeResponse()])
    assert client.request('PUT', '/v1/route/rule/rr-1', {'switchRouteHA': ''}, client_token='t') is None
    assert session.calls[0]['url'].endswith('/v1/route/rule/rr-1?clientToken=t&switchRouteHA=')


@pytest.mark.parametrize('status', [429, 500, 502, 503, 504])
def test_retryable_statuses_are_retried_with_fresh_signature(status):
    client, session, sleeps = make_client(
        [FakeResponse(status, {'code': 'X', 'message': 'm', 'requestId': 'r'}), FakeResponse(body={'ok': True})]
    )
    assert client.get('/v1/route') == {'ok': True}
    assert len(session.calls) == 2
    first, second = session.calls
    assert first['headers']['x-bce-date'] != second['headers']['x-bce-date']
    assert first['headers']['authorization'] != second['headers']['authorization']
    assert sleeps == [0.3]


@pytest.mark.parametrize(
    'code', ['RateLimit', 'RequestLimitExceeded', 'ThrottlingException', 'Throttling.User', 'ratelimit']
)
def test_throttling_codes_are_retried_even_on_400(code):
    client, session, dummy = make_client(
        [FakeResponse(400, {'code': code, 'message': 'slow down', 'requestId': 'r'}), FakeResponse(body={})]
    )
    assert client.get('/v1/route') == {}
    assert len(session.calls) == 2


def test_a_generic_code_whose_message_says_throttled_is_retried():
    # As Baidu's CCE driver matches: the message counts when the code only restates the status.
    client, session, dummy = make_client(
        [
            FakeResponse(400, {'code': 'InvalidHTTPRequest', 'message': 'Request RateLimit hit', 'requestId': 'r'}),
            FakeResponse(body={}),
        ]
    )
    assert client.get('/v1/route') == {}
    assert len(session.calls) == 2


def test_a_specific_code_is_not_retried_for_its_message():
    client, session, dummy = make_client(
        [
            FakeResponse(400, {'code': 'InvalidNexthop', 'message': 'ratelimit gateway', 'requestId': 'r'}),
            FakeResponse(body={}),
        ]
    )
    with pytest.raises(BceApiError):
        client.get('/v1/route')
    assert len(session.calls) == 1


@pytest.mark.parametrize(
    'exc', [requests.exceptions.ConnectionError('refused'), requests.exceptions.ReadTimeout('slow')]
)
def test_transport_errors_are_retried_for_reads(exc):
    client, session, dummy = make_client([exc, FakeResponse(body={'a': 1})])
    assert client.get('/v1/route') == {'a': 1}
    assert len(session.calls) == 2


@pytest.mark.parametrize('method', ['POST', 'PUT', 'DELETE'])
def test_writes_without_client_token_are_never_retried(method):
    client, session, dummy = make_client(
        [FakeResponse(503, {'code': 'ServiceUnavailable', 'message': 'busy', 'requestId': 'r'})]
    )
    with pytest.raises(BceApiError) as err:
        client.request(method, '/v1/route/rule', body={})
    assert err.value.status == 503 and len(session.calls) == 1
    client, session, dummy = make_client([requests.exceptions.ConnectionError('reset')])
    with pytest.raises(BceTransportError):
        client.request(method, '/v1/route/rule', body={})
    assert len(session.calls) == 1


@pytest.mark.parametrize('method', ['POST', 'PUT', 'DELETE'])
def test_writes_with_client_token_are_retried_with_the_same_token(method):
    client, session, dummy = make_client(
        [
            requests.exceptions.ConnectionError('dropped'),
            FakeResponse(500, {'code': 'InternalError', 'message': 'x', 'requestId': 'r'}),
            FakeResponse(body={'routeRuleId': 'rr-1'}),
        ]
    )
    assert client.request(method, '/v1/route/rule', body={'a': 1}, client_token='same') == {'routeRuleId': 'rr-1'}
    assert [c['url'].split('?')[1] for c in session.calls] == ['clientToken=same'] * 3
    assert len(set(c['headers']['authorization'] for c in session.calls)) == 3


@pytest.mark.parametrize(
    'status,code',
    [
        (400, 'InappropriateJSON'),
        (403, 'AccessDenied'),
        (404, 'NoSuchObject'),
        (400, 'SignatureDoesNotMatch'),
        (403, 'IdempotentParameterMismatch'),
    ],
)
def test_non_retryable_errors_fail_at_once(status, code):
    client, session, sleeps = make_client(
        [FakeResponse(status, {'code': code, 'message': 'nope', 'requestId': 'rid-9'})]
    )
    with pytest.raises(BceApiError) as err:
        client.get('/v1/route')
    assert (err.value.status, err.value.code, err.value.message, err.value.request_id) == (
        status,
        code,
        'nope',
        'rid-9',
    )
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
    throttled = FakeResponse(
        429, {'code': 'TooManyRequests', 'message': 'x', 'requestId': 'r'}, headers={'Retry-After': '4'}
    )
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


@pytest.mark.parametrize(
    'body,status,code,message',
    [
        (b'', 403, 'AccessDenied', 'Forbidden'),
        (b'', 500, 'InternalError', 'Forbidden'),
        (b'', 418, 'HTTP418', 'empty error response'),
        (b'<html>bad gateway</html>', 400, 'MalformedJSON', 'error response is not JSON: <html>bad gateway</html>'),
        (b'[1, 2]', 400, 'MalformedJSON', 'error response is not JSON: [1, 2]'),
        (b'{"message": "no code"}', 404, 'NoSuchObject', 'no code'),
    ],
)
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
    pages = [
        FakeResponse(body={'routeRules': [{'id': 1}, {'id': 2}], 'isTruncated': True, 'nextMarker': 'rr-3'}),
        FakeResponse(body={'routeRules': [{'id': 3}, {'id': 4}], 'isTruncated': True, 'nextMarker': 'rr-5'}),
        FakeResponse(body={'routeRules': [{'id': 5}], 'isTruncated': False}),
    ]
    client, session, dummy = make_client(pages)
    assert client.paginate('/v1/route/rule', {'routeTableId': 'rt-1'}, 'routeRules', page_size=2) == [
        {'id': i} for i in range(1, 6)
    ]
    queries = [c['url'].split('?')[1] for c in session.calls]
    assert queries == [
        'maxKeys=2&routeTableId=rt-1',
        'marker=rr-3&maxKeys=2&routeTableId=rt-1',
        'marker=rr-5&maxKeys=2&routeTableId=rt-1',
    ]


def test_pagination_refuses_a_marker_loop():
    page = FakeResponse(body={'routeRules': [], 'isTruncated': True, 'nextMarker': 'rr-1'})
    client, dummy, dummy2 = make_client([page, page])
    with pytest.raises(BceTransportError, match='nextMarker'):
        client.paginate('/v1/route/rule', {}, 'routeRules')


@pytest.mark.parametrize(
    'region,endpoint,expected',
    [
        ('bj', None, 'https://bcc.bj.baidubce.com'),
        ('fsh', None, 'https://bcc.fsh.baidubce.com'),
        # A region newer than the collection's lists selects its endpoint by Baidu's naming.
        ('xy-new1', None, 'https://bcc.xy-new1.baidubce.com'),
        ('bj', 'http://127.0.0.1:8780/', 'http://127.0.0.1:8780'),
        (None, 'https://bcc.gz.baidubce.com', 'https://bcc.gz.baidubce.com'),
    ],
)
def test_endpoint_resolution(region, endpoint, expected):
    assert _client.endpoint_for(region, endpoint) == expected


@pytest.mark.parametrize(
    'region,endpoint,message',
    [
        ('Mars', None, 'region must be a region name'),
        ('bj/../x', None, 'region must be a region name'),
        ('1bj', None, 'region must be a region name'),
        ('bj.evil.com', None, 'region must be a region name'),
        (None, None, 'one of region or endpoint is required'),
        (None, 'ftp://x', 'endpoint must be a full URL'),
        (None, '127.0.0.1:8780', 'endpoint must be a full URL'),
        (None, 'http://h/v1', 'no path'),
        (None, 'http://user:pw@h', 'no path, query or credentials'),
        (None, 'http://h:99999', 'invalid port'),
    ],
)
def test_bad_endpoint_configuration(region, endpoint, message):
    with pytest.raises(BceConfigError, match=message):
        _client.endpoint_for(region, endpoint)


def test_secrets_never_appear_in_errors_or_repr():
    failures = [
        FakeResponse(403, {'code': 'AccessDenied', 'message': 'denied', 'requestId': 'r'}),
        requests.exceptions.ConnectionError('connection reset'),
        FakeResponse(400, b'garbage'),
    ]
    for failure in failures:
        client, dummy, dummy2 = make_client([failure], session_token=TOKEN, retries=0)
        with pytest.raises(Exception) as err:
            client.get('/v1/route')
        for text in (str(err.value), repr(err.value), repr(client), str(err.value.to_dict())):
            assert SECRET not in text and TOKEN not in text


@pytest.mark.parametrize(
    'kwargs,message',
    [
        (dict(access_key=''), 'access_key is required'),
        (dict(secret_key=None), 'secret_key is required'),
        (dict(timeout=0), 'api_timeout'),
        (dict(retries=-1), 'api_retries'),
        (dict(retry_max_delay=-1), 'api_retry_max_delay'),
    ],
)
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
    request = requests.Request(
        'GET', 'https://bcc.bj.baidubce.com/v1/route', headers={'Authorization': 'bce-auth-v1/x'}
    )
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
    assert (
        _client.BceClient(access_key='ak', secret_key=SECRET, region='bj').verify
        == '/etc/ssl/certs/ca-certificates.crt'
    )


# -- retries: certificate failures are not retried; the message counts the tries -------------


class _Session(object):
    def __init__(self, error):
        self.error = error
        self.calls = 0

    def request(self, *args, **kwargs):
        self.calls += 1
        raise self.error


def _client_with(session):
    return _client.BceClient(
        'ak', SECRET, endpoint='https://127.0.0.1:1', session=session, retries=3, sleep=lambda s: None
    )


def test_certificate_verification_failure_is_not_retried():
    session = _Session(
        requests.exceptions.SSLError(
            '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate'
        )
    )
    with pytest.raises(BceTransportError) as err:
        _client_with(session).get('/v1/route', {'vpcId': 'vpc-1'})
    assert session.calls == 1 and err.value.attempts == 1 and not err.value.retryable
    assert 'validate_certs' in err.value.message


def test_other_tls_and_connection_errors_are_retried():
    for error in (
        requests.exceptions.SSLError('EOF occurred in violation of protocol'),
        requests.exceptions.ConnectionError('reset'),
    ):
        session = _Session(error)
        with pytest.raises(BceTransportError) as err:
            _client_with(session).get('/v1/route', {'vpcId': 'vpc-1'})
        assert session.calls == 4 and err.value.attempts == 4


# -- hardening (issue 11): credentials, scrubbing, bounds, response shapes, option ranges ------------


@pytest.mark.parametrize('option', ['access_key', 'secret_key', 'session_token'])
def test_credentials_lose_surrounding_whitespace(option):
    value = {'access_key': 'ak-1', 'secret_key': SECRET, 'session_token': TOKEN}[option]
    client, session, dummy = make_client(
        [FakeResponse(body={})],
        **{option: '  %s\n' % value, 'session_token': TOKEN}
        if option != 'session_token'
        else {option: '\t%s \r\n' % value},
    )
    client.get('/v1/route')
    headers = session.calls[0]['headers']
    assert headers['x-bce-security-token'] == TOKEN
    expected = _signer.sign(
        'GET',
        '/v1/route',
        {},
        dict((k, headers[k]) for k in ('host', 'content-type', 'x-bce-date', 'x-bce-security-token')),
        'ak-1',
        SECRET,
        _epoch(headers['x-bce-date']),
    )
    assert headers['authorization'] == expected


@pytest.mark.parametrize('option', ['access_key', 'secret_key', 'session_token'])
@pytest.mark.parametrize('inner', [' ', '\n', '\x00', '\x7f', '\u00e9', '\u202e'])
def test_credentials_with_inner_whitespace_or_control_characters_are_refused_unquoted(option, inner):
    value = 'cred-%sLEAKED' % inner
    with pytest.raises(BceConfigError) as err:
        make_client([], **{option: value})
    text = str(err.value)
    assert text.startswith(option + ' must not contain') and 'LEAKED' not in text and value not in text


def _header_echo_error(request_headers):
    # What requests raises for a header value it refuses: the value quoted with repr().
    return requests.exceptions.InvalidHeader(
        'Invalid leading whitespace, reserved character(s), or return character(s) in '
        'header value: %r' % request_headers['authorization']
    )


class EchoSession(FakeSession):
    """Fails or answers with texts that quote the request's own headers."""

    def request(self, method, url, data=None, headers=None, **kwargs):
        self.calls.append(dict(method=method, url=url, data=data, headers=dict(headers), kwargs=kwargs))
        kind = self.script.pop(0)
        quoted = 'auth=%s token=%r all=%r' % (headers['authorization'], headers.get('x-bce-security-token'), headers)
        if kind == 'invalid-header':
            raise _header_echo_error(headers)
        if kind == 'connection':
            raise requests.exceptions.ConnectionError('failed while sending %s' % quoted)
        if kind == 'body-400':
            return FakeResponse(400, {'code': 'Bad' + headers['authorization'], 'message': quoted, 'requestId': TOKEN})
        if kind == 'body-200-post':
            return FakeResponse(200, ('not json ' + quoted).encode('utf-8'))
        raise AssertionError(kind)


@pytest.mark.parametrize(
    'kind,method', [('invalid-header', 'GET'), ('connection', 'GET'), ('body-400', 'GET'), ('body-200-post', 'POST')]
)
def test_error_texts_never_carry_header_values(kind, method):
    session = EchoSession([kind])
    client = _client.BceClient(
        access_key='AKIDEXAMPLE123',
        secret_key=SECRET,
        session_token=TOKEN,
        endpoint='http://127.0.0.1:9',
        session=session,
        retries=0,
        sleep=lambda s: None,
    )
    with pytest.raises(Exception) as err:
        client.request(method, '/v1/route', body={} if method == 'POST' else None)
    sent = session.calls[0]['headers']
    signature = sent['authorization'].split('/')[-1]
    texts = [str(err.value), repr(err.value), str(err.value.to_dict()), getattr(err.value, 'message', '')]
    for text in texts:
        for secret in (SECRET, TOKEN, sent['authorization'], signature, 'AKIDEXAMPLE123'):
            assert secret not in text, (kind, text)
    if kind != 'connection':  # a connection error is reworded entirely; the others keep the (scrubbed) text
        assert '<hidden>' in str(err.value)


def test_scrub_hides_repr_escaped_and_stripped_forms_even_of_refused_values():
    client, dummy, dummy2 = make_client([], session_token=TOKEN)
    text = "value %r and %s and bce-auth-v1/ak/2024/1800/host/0123456789abcdef and header value: 'x'" % (
        TOKEN + '\n',
        SECRET,
    )
    clean = client.scrub(text)
    assert (
        TOKEN not in clean
        and SECRET not in clean
        and '0123456789abcdef' not in clean
        and clean.endswith('header value: <hidden>')
    )


def test_validate_certs_false_records_a_warning_and_silences_the_library(recwarn):
    import warnings
    from urllib3.exceptions import InsecureRequestWarning

    assert _client.BceClient(access_key='ak', secret_key=SECRET, region='bj').warnings == []
    assert (
        _client.BceClient(
            access_key='ak', secret_key=SECRET, endpoint='http://127.0.0.1:9', validate_certs=False
        ).warnings
        == []
    )
    client = _client.BceClient(access_key='ak', secret_key=SECRET, region='bj', validate_certs=False)
    assert len(client.warnings) == 1 and 'validate_certs is false' in client.warnings[0]
    assert 'https://bcc.bj.baidubce.com' in client.warnings[0] and SECRET not in client.warnings[0]
    warnings.warn('Unverified HTTPS request', InsecureRequestWarning)
    assert not [w for w in recwarn if issubclass(w.category, InsecureRequestWarning)]


class BlockingSession(FakeSession):
    """request() blocks (a server that never sends a status line), at most `seconds`."""

    def __init__(self, seconds):
        super(BlockingSession, self).__init__([])
        self.seconds = seconds

    def request(self, method, url, data=None, headers=None, **kwargs):
        self.calls.append(dict(method=method, url=url, kwargs=kwargs))
        time.sleep(self.seconds)
        return FakeResponse(body={})


class DripResponse(FakeResponse):
    """A 200 whose body arrives one byte per `interval` seconds, `count` bytes at most."""

    def __init__(self, interval, count, status=200):
        super(DripResponse, self).__init__(status, b'')
        self.interval, self.count = interval, count

    def iter_content(self, chunk_size):
        for dummy in range(self.count):
            time.sleep(self.interval)
            yield b' '


def test_api_timeout_bounds_a_server_that_never_answers():
    session = BlockingSession(3)
    client = _client.BceClient(
        access_key='ak',
        secret_key=SECRET,
        endpoint='http://127.0.0.1:9',
        session=session,
        timeout=0.3,
        retries=1,
        retry_max_delay=0.1,
        sleep=lambda s: None,
    )
    started = time.monotonic()
    with pytest.raises(BceTransportError) as err:
        client.get('/v1/route')
    assert time.monotonic() - started < 0.3 * 2 + 0.4
    assert 'api_timeout=0.3' in err.value.message and err.value.attempts == 2 and len(session.calls) == 2


@pytest.mark.parametrize('method,expected', [('GET', 'BceResponseError'), ('POST', 'BceUnknownOutcomeError')])
def test_api_timeout_bounds_the_whole_body_of_a_dripping_server(method, expected):
    client, session, dummy = make_client([DripResponse(0.05, 200)], timeout=0.4, retries=0)
    started = time.monotonic()
    with pytest.raises(_errors.BceResponseError) as err:
        client.request(method, '/v1/route/rule', body={} if method == 'POST' else None)
    assert time.monotonic() - started < 0.4 + 0.3
    assert type(err.value).__name__ == expected and err.value.code == 'ResponseTimeout'
    assert err.value.maybe_written is (method == 'POST')


class EndlessResponse(FakeResponse):
    def __init__(self, headers=None):
        super(EndlessResponse, self).__init__(200, b'', headers=headers)
        self.chunks = 0

    def iter_content(self, chunk_size):
        while self.chunks < 1000:  # 1000 chunks would be far past the cap; the client stops long before
            self.chunks += 1
            yield b'[' * chunk_size


def test_endless_body_is_cut_at_the_size_cap():
    endless = EndlessResponse()
    client, dummy, dummy2 = make_client([endless], retries=0)
    with pytest.raises(_errors.BceResponseError) as err:
        client.get('/v1/route')
    assert err.value.code == 'ResponseTooLarge' and endless.closed
    assert endless.chunks == _client.MAX_BODY_BYTES // _client.READ_CHUNK_BYTES + 1


def test_announced_oversize_body_is_refused_before_reading():
    big = EndlessResponse(headers={'content-length': str(_client.MAX_BODY_BYTES + 1), 'x-bce-request-id': 'r'})
    client, dummy, dummy2 = make_client([big], retries=0)
    with pytest.raises(_errors.BceResponseError, match='ResponseTooLarge'):
        client.get('/v1/route')
    assert big.chunks == 0


@pytest.mark.parametrize(
    'body,kind',
    [
        (b'[1, 2]', 'list'),
        (b'"text"', 'string'),
        (b'42', 'number'),
        (b'null', 'null'),
        (b'', 'empty'),
        (b'<html>', 'not JSON'),
    ],
)
def test_a_read_must_answer_a_json_object(body, kind):
    client, dummy, dummy2 = make_client([FakeResponse(200, body, headers={'x-bce-request-id': 'rid-77'})])
    with pytest.raises(_errors.BceResponseError) as err:
        client.get('/v1/route', {'vpcId': 'vpc-1'})
    assert not isinstance(err.value, _errors.BceUnknownOutcomeError)
    assert err.value.request_id == 'rid-77' and err.value.status == 200 and kind in err.value.message
    assert err.value.message.startswith('GET /v1/route answered HTTP 200')
    assert err.value.to_dict()['request_id'] == 'rid-77'


@pytest.mark.parametrize('method', ['POST', 'PUT', 'DELETE'])
@pytest.mark.parametrize('body', [b'OK', b'[1]', b'"done"'])
def test_an_unreadable_answer_to_a_write_is_an_unknown_outcome(method, body):
    client, session, dummy = make_client([FakeResponse(200, body, headers={'x-bce-request-id': 'rid-8'})] * 4)
    with pytest.raises(_errors.BceUnknownOutcomeError) as err:
        client.request(method, '/v1/route/rule', body={'a': 1}, client_token='tok')
    assert err.value.maybe_written is True and err.value.request_id == 'rid-8' and len(session.calls) == 1
    assert 'outcome unknown, a re-run converges' in err.value.message and method in err.value.message


def test_an_empty_answer_to_a_write_is_fine():
    client, dummy, dummy2 = make_client([FakeResponse(200, b'')])
    assert client.request('DELETE', '/v1/route/rule/rr-1', client_token='t') is None


@pytest.mark.parametrize(
    'page,problem',
    [
        ({'routeRules': 'rr-1', 'isTruncated': False}, 'routeRules is a JSON string'),
        ({'routeRules': {'id': 1}, 'isTruncated': False}, 'routeRules is a JSON object'),
        ({'routeRules': [1, 'x'], 'isTruncated': False}, 'routeRules is a list with non-object items'),
        ({'isTruncated': False}, 'routeRules is missing'),
        ({}, 'routeRules is missing'),
        ({'routeRules': [], 'isTruncated': 'false'}, 'isTruncated is a JSON string'),
        ({'routeRules': [], 'isTruncated': True, 'nextMarker': 5}, 'nextMarker is a JSON number'),
    ],
)
def test_pagination_refuses_malformed_pages(page, problem):
    client, dummy, dummy2 = make_client([FakeResponse(body=page, headers={'x-bce-request-id': 'rid-5'})])
    with pytest.raises(_errors.BceResponseError) as err:
        client.paginate('/v1/route/rule', {'routeTableId': 'rt-1'}, 'routeRules')
    assert problem in err.value.message and 'GET /v1/route/rule (page 1)' in err.value.message
    assert err.value.request_id == 'rid-5'


def test_endless_pages_stop_at_the_page_cap():
    pages = [
        FakeResponse(body={'routeRules': [{'id': n}], 'isTruncated': True, 'nextMarker': 'rr-%d' % n})
        for n in range(100)
    ]
    client, session, dummy = make_client(pages)
    with pytest.raises(BceTransportError) as err:
        client.paginate('/v1/route/rule', {}, 'routeRules')
    max_pages = _client.MAX_LISTED_ITEMS // _client.MAX_PAGE_SIZE + 1
    assert len(session.calls) == max_pages and 'after %d pages' % max_pages in err.value.message
    assert 'GET /v1/route/rule' in err.value.message and not err.value.retryable


@pytest.mark.parametrize(
    'option,keyword,value',
    [
        ('api_timeout', 'timeout', float('nan')),
        ('api_timeout', 'timeout', float('inf')),
        ('api_timeout', 'timeout', 1e20),
        ('api_timeout', 'timeout', -1),
        ('api_timeout', 'timeout', 601),
        ('api_timeout', 'timeout', '5'),
        ('api_timeout', 'timeout', True),
        ('api_retries', 'retries', float('nan')),
        ('api_retries', 'retries', 11),
        ('api_retries', 'retries', 1.5),
        ('api_retries', 'retries', 10**30),
        ('api_retries', 'retries', None),
        ('api_retry_max_delay', 'retry_max_delay', float('nan')),
        ('api_retry_max_delay', 'retry_max_delay', float('-inf')),
        ('api_retry_max_delay', 'retry_max_delay', 1e20),
        ('api_retry_max_delay', 'retry_max_delay', -0.5),
    ],
)
def test_numeric_options_outside_their_range_are_refused(option, keyword, value):
    with pytest.raises(BceConfigError) as err:
        make_client([], **{keyword: value})
    low, high = _client.OPTION_RANGES[option][:2]
    assert str(err.value).startswith(option + ' must be') and ('%s and at most %s' % (low, high)) in str(err.value)


def test_numeric_options_at_their_limits_are_accepted():
    client, dummy, dummy2 = make_client(
        [], timeout=_client.MAX_API_TIMEOUT, retries=_client.MAX_API_RETRIES, retry_max_delay=0
    )
    assert (client.timeout, client.retries, client.retry_max_delay) == (600, 10, 0)


@pytest.mark.parametrize(
    'endpoint',
    ['http://@127.0.0.1:8780', 'http://user:pw-LEAKED@127.0.0.1', 'https://:x@h', 'http://h\n', 'http://h /'],
)
def test_endpoints_with_userinfo_or_odd_characters_are_refused_unquoted(endpoint):
    with pytest.raises(BceConfigError) as err:
        _client.endpoint_for(None, endpoint)
    assert 'LEAKED' not in str(err.value) and 'endpoint must' in str(err.value)


DNS_FAILURE = requests.exceptions.ConnectionError(
    "HTTPSConnectionPool(host='bcc.bj.baidubce.com', port=443): Max retries exceeded with url: /v1/route (Caused by "
    "NameResolutionError(\"<urllib3.connection.HTTPSConnection object at 0x7f>: Failed to resolve 'bcc.bj.baidubce.com' "
    "([Errno -2] Name or service not known)\"))"
)
REFUSED = requests.exceptions.ConnectionError(
    "HTTPConnectionPool(host='127.0.0.1', port=9): Max retries exceeded with url: /v1/route (Caused by NewConnectionError("
    "'<urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused'))"
)


@pytest.mark.parametrize(
    'where,option,url',
    [
        (dict(region='bj', endpoint=None), 'region', 'https://bcc.bj.baidubce.com'),
        (dict(endpoint='https://bcc.bj.baidubce.com'), 'endpoint', 'https://bcc.bj.baidubce.com'),
    ],
)
def test_a_name_that_does_not_resolve_fails_at_once_naming_the_option(where, option, url):
    client, session, sleeps = make_client([DNS_FAILURE] * 4, **where)
    with pytest.raises(BceTransportError) as err:
        client.get('/v1/route')
    assert len(session.calls) == 1 and sleeps == [] and not err.value.retryable
    assert err.value.message == 'cannot resolve the host name bcc.bj.baidubce.com of %s (check the %s option)' % (
        url,
        option,
    )


def test_refused_connection_is_retried_and_said_plainly():
    client, session, dummy = make_client([REFUSED] * 3, retries=2)
    with pytest.raises(BceTransportError) as err:
        client.get('/v1/route')
    assert len(session.calls) == 3
    assert err.value.message == (
        'Connection refused by http://127.0.0.1:8780 (check the endpoint option): is the service running there?'
    )
    assert 'object at 0x' not in err.value.message


@pytest.mark.parametrize('value', ['nan', 'inf', '-3', 'soon'])
def test_odd_retry_after_values_are_ignored(value):
    throttled = FakeResponse(
        429, {'code': 'TooManyRequests', 'message': 'x', 'requestId': 'r'}, headers={'Retry-After': value}
    )
    client, dummy, sleeps = make_client([throttled, FakeResponse(body={})], retry_max_delay=10)
    client.get('/v1/route')
    assert sleeps == [0.3]


@pytest.mark.parametrize(
    'response,shaped',
    [
        (FakeResponse(404, b'', headers={'server': 'nginx'}, reason='Not Found'), False),
        (FakeResponse(404, b'<html>404</html>', headers={'server': 'nginx'}), False),
        (FakeResponse(404, b'', headers={'x-bce-request-id': 'r-1'}), True),
        (FakeResponse(404, {'code': 'NoSuchObject', 'message': 'gone'}, headers={'server': 'bfe'}), True),
    ],
)
def test_errors_record_whether_they_came_from_a_bce_service(response, shaped):
    client, dummy, dummy2 = make_client([response])
    with pytest.raises(BceApiError) as err:
        client.get('/v1/route')
    assert err.value.bce_shaped is shaped and err.value.status == 404


@pytest.mark.parametrize(
    'code,message,needles,expected',
    [
        ('RouteRuleRepeated', 'x', ('rulerepeated',), True),
        ('Vpc.RouteRuleRepeated', 'x', ('RULEREPEATED', 'other'), True),
        ('RouteRuleExceedQuota', 'x', ('repeated',), False),
        ('NoSuchObject', 'the route rule does not exist', ('notexist', 'not exist'), True),
        ('HTTP409', 'route rule repeated', ('repeated',), True),
        ('InvalidParameter', 'route rule repeated', ('repeated',), False),
        ('', None, ('repeated',), False),
    ],
)
def test_code_matches(code, message, needles, expected):
    assert _errors.code_matches(BceApiError(400, code, message), *needles) is expected


# -- a write that got no answer may have been applied ------------------------------------------

UNSENT = [
    requests.exceptions.ConnectionError(
        'HTTPConnectionPool: Failed to establish a new connection: [Errno 111] Connection refused'
    ),
    requests.exceptions.ConnectTimeout('connect timed out'),
    requests.exceptions.ConnectionError('Failed to resolve host: [Errno -2] Name or service not known'),
]
MAYBE_SENT = [
    requests.exceptions.ReadTimeout('read timed out'),
    requests.exceptions.ConnectionError('Connection aborted: RemoteDisconnected'),
    requests.exceptions.ChunkedEncodingError('connection broken'),
]


@pytest.mark.parametrize('exc', MAYBE_SENT, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize('method', ['POST', 'PUT', 'DELETE'])
def test_a_write_that_may_have_reached_the_service_has_an_unknown_outcome(method, exc):
    client, session, dummy = make_client([exc])
    with pytest.raises(BceTransportError) as err:
        client.request(method, '/v1/route/rule', body={})
    assert err.value.maybe_written
    assert 'outcome unknown, a re-run converges' in err.value.message
    assert 'outcome unknown' in str(err.value)


@pytest.mark.parametrize('exc', UNSENT, ids=lambda e: str(e)[-20:])
def test_a_write_that_never_left_has_a_known_outcome(exc):
    client, session, dummy = make_client([exc])
    with pytest.raises(BceTransportError) as err:
        client.request('POST', '/v1/route/rule', body={})
    assert not err.value.maybe_written and 'outcome unknown' not in err.value.message


@pytest.mark.parametrize('exc', MAYBE_SENT, ids=lambda e: type(e).__name__)
def test_a_read_without_an_answer_is_never_a_write(exc):
    client, session, dummy = make_client([exc], retries=0)
    with pytest.raises(BceTransportError) as err:
        client.request('GET', '/v1/route')
    assert not err.value.maybe_written


def test_a_retried_write_stays_unknown_when_a_later_try_never_left():
    # The first try may have been applied; the last one was refused at connect: the outcome is still unknown.
    client, session, dummy = make_client([MAYBE_SENT[0], UNSENT[0], UNSENT[0], UNSENT[0]], retries=3)
    with pytest.raises(BceTransportError) as err:
        client.request('POST', '/v1/route/rule', body={}, client_token='same')
    assert len(session.calls) == 4 and err.value.maybe_written


def test_a_write_past_the_whole_request_deadline_has_an_unknown_outcome():
    class Hanging(object):
        calls = []

        def request(self, *args, **kwargs):
            self.calls.append(args)
            time.sleep(5)

    client, dummy, dummy = make_client([], session=Hanging(), timeout=0.2, retries=0)
    with pytest.raises(BceTransportError) as err:
        client.request('PUT', '/v1/route/rule/rr-1', body={})
    assert err.value.maybe_written and 'outcome unknown' in err.value.message


def test_a_region_is_any_region_name_and_is_checked_even_beside_an_endpoint():
    # A region reached through a proxy or new since this release (reference 8): well-formed is enough.
    client = _client.BceClient(access_key='ak', secret_key=SECRET, region='xy-new1', endpoint='http://127.0.0.1:9')
    assert client.base_url == 'http://127.0.0.1:9'
    with pytest.raises(BceConfigError, match="region must be a region name .*got 'XY New'"):
        _client.BceClient(access_key='ak', secret_key=SECRET, region='XY New', endpoint='http://127.0.0.1:9')


# -- decode amplification (issue 21, finding 3) ----------------------------------------------------


def _empty_objects(count, key='routeRules'):
    return ('{"%s":[' % key).encode('ascii') + b','.join([b'{}'] * count) + b'],"isTruncated":false}'


def test_a_body_of_more_json_values_than_allowed_is_refused_before_it_is_decoded(monkeypatch):
    # Just under the 8 MiB body limit, "{}," a million times over would decode into ~270 MiB of dicts.
    body = _empty_objects(_client.MAX_JSON_VALUES)
    decoded = []
    monkeypatch.setattr(_client.json, 'loads', lambda *a, **k: decoded.append(1) or {})
    client, session, dummy = make_client([FakeResponse(body=body)])
    with pytest.raises(_errors.BceResponseError) as err:
        client.get('/v1/route/rule', {'routeTableId': 'rt-1'})
    assert err.value.code == 'ResponseTooComplex' and decoded == []
    assert 'more than %d JSON values' % _client.MAX_JSON_VALUES in str(err.value)
    assert err.value.request_id == 'hdr-rid' and len(session.calls) == 1


def test_a_body_within_the_value_bound_is_decoded():
    # The bound counts an object in a list twice (its "{" and the "," before it), so it admits half as many.
    body = _empty_objects(_client.MAX_JSON_VALUES // 2 - 10)
    client, dummy, dummy2 = make_client([FakeResponse(body=body)])
    assert len(client.get('/v1/route/rule')['routeRules']) == _client.MAX_JSON_VALUES // 2 - 10


def test_brackets_and_commas_inside_strings_do_not_count():
    text = '{[,' * (_client.MAX_JSON_VALUES // 3 + 10)
    body = json.dumps({'routeRules': [{'description': text}, {'description': 'a \\"quoted\\" {,['}]}).encode()
    assert _client.json_values_bound(body) < 20
    client, dummy, dummy2 = make_client([FakeResponse(body=body)])
    assert client.get('/v1/route/rule')['routeRules'][0]['description'] == text


def test_an_error_body_of_too_many_values_is_not_decoded(monkeypatch):
    body = b'{"code":"X","message":"m","junk":[' + b','.join([b'[]'] * _client.MAX_JSON_VALUES) + b']}'
    client, dummy, dummy2 = make_client([FakeResponse(status=400, body=body)])
    with pytest.raises(BceApiError) as err:
        client.get('/v1/route/rule')
    assert err.value.code == 'MalformedJSON'


def test_list_pages_are_read_with_the_smaller_page_limit():
    page = FakeResponse(body=b' ' * (_client.MAX_PAGE_BODY_BYTES + 1) + b'{}')
    client, session, dummy = make_client([page], retries=0)
    with pytest.raises(_errors.BceResponseError) as err:
        client.paginate('/v1/route/rule', {'routeTableId': 'rt-1'}, 'routeRules')
    assert err.value.code == 'ResponseTooLarge' and str(_client.MAX_PAGE_BODY_BYTES) in str(err.value)
    # A single object (not a page) may still use the whole body limit.
    big = FakeResponse(body=b' ' * (_client.MAX_PAGE_BODY_BYTES + 1) + b'{"vpc": {}}')
    client, dummy, dummy2 = make_client([big])
    assert client.get('/v1/vpc/vpc-1') == {'vpc': {}}


def test_decoding_memory_stays_a_small_multiple_of_the_body():
    import tracemalloc

    body = _empty_objects(2 * 1024 * 1024)  # about 6 MiB of "{},"
    client, dummy, dummy2 = make_client([FakeResponse(body=body)])
    tracemalloc.start()
    try:
        with pytest.raises(_errors.BceResponseError):
            client.get('/v1/route/rule')
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # Before issue 21 this decoded into about 150 MiB of dicts; refused, it costs a few copies of the body (the
    # chunks read, the body joined, the body with its strings cut out while counting).
    assert peak < 4 * len(body)


# -- plain http off this machine (issue 21) --------------------------------------------------------


@pytest.mark.parametrize(
    'endpoint', ['http://10.0.0.5:8780', 'http://bcc.bj.baidubce.com', 'http://proxy.example.com', 'http://[fd00::1]']
)
def test_plain_http_off_this_machine_warns(endpoint):
    client, dummy, dummy2 = make_client([], endpoint=endpoint)
    assert client.warnings == [
        'endpoint %s is plain http on a host that is not this machine: the signed requests, the session token of '
        'temporary credentials and every answer travel unencrypted and can be read or rewritten on the way; use '
        'https' % endpoint
    ]


@pytest.mark.parametrize(
    'endpoint',
    ['http://127.0.0.1:8780', 'http://127.9.9.9', 'http://localhost:1', 'http://[::1]:8780', 'https://10.0.0.5'],
)
def test_loopback_and_https_endpoints_stay_silent(endpoint):
    client, dummy, dummy2 = make_client([], endpoint=endpoint)
    assert client.warnings == []


# -- one worker thread per client (issue 25) --------------------------------------------------------


class ThreadRecordingSession(FakeSession):
    """Records the thread each request runs in; a script item 'hang' blocks until released."""

    def __init__(self, script):
        super(ThreadRecordingSession, self).__init__(script)
        self.threads = []
        self.release = threading.Event()

    def request(self, method, url, data=None, headers=None, **kwargs):
        self.threads.append(threading.current_thread())
        if self.script and self.script[0] == 'hang':
            self.script.pop(0)
            self.release.wait(5)
            return FakeResponse(body={})
        return super(ThreadRecordingSession, self).request(method, url, data, headers, **kwargs)


def test_one_worker_thread_serves_every_request_of_a_client():
    session = ThreadRecordingSession([FakeResponse(body={'n': n}) for n in range(5)])
    client, dummy, dummy = make_client([], session=session)
    assert [client.get('/v1/route')['n'] for dummy in range(5)] == list(range(5))
    assert len(set(session.threads)) == 1 and session.threads[0] is not threading.current_thread()


def test_a_worker_stuck_past_the_deadline_is_abandoned_and_the_next_request_gets_a_new_one():
    session = ThreadRecordingSession(['hang', FakeResponse(body={'ok': 1})])
    client, dummy, dummy = make_client([], session=session, timeout=0.2, retries=0)
    started = time.monotonic()
    with pytest.raises(BceTransportError, match='api_timeout=0.2'):
        client.get('/v1/route')
    assert time.monotonic() - started < 0.2 + 0.3
    assert client.get('/v1/route') == {'ok': 1}
    assert session.threads[0] is not session.threads[1]
    session.release.set()


def test_a_client_shared_by_threads_answers_each_caller():
    session = ThreadRecordingSession(['hang', FakeResponse(body={'second': 1})])
    client, dummy, dummy = make_client([], session=session, timeout=5, retries=0)
    first = {}
    caller = threading.Thread(target=lambda: first.setdefault('answer', client.get('/v1/route')))
    caller.start()
    while not session.threads:
        time.sleep(0.01)
    # The worker is busy with the first caller's request: this one runs beside it, not after it.
    assert client.get('/v1/route') == {'second': 1}
    session.release.set()
    caller.join(5)
    assert first == {'answer': {}}  # the hanging request, once released, answers an empty object
    assert session.threads[0] is not session.threads[1]


def test_a_worker_is_not_used_across_a_fork(monkeypatch):
    client, dummy, dummy = make_client([FakeResponse(body={}), FakeResponse(body={})])
    client.get('/v1/route')
    worker = client._exchange_worker
    monkeypatch.setattr(_transport.os, 'getpid', lambda: -1)
    client.get('/v1/route')
    assert client._exchange_worker is not worker


def test_a_worker_whose_thread_died_is_replaced_by_a_new_thread(monkeypatch):
    # The thread's end is expected here: not reported as an unhandled thread exception.
    monkeypatch.setattr(threading, 'excepthook', lambda args: None)
    worker = _transport._Worker()

    def fatal():
        raise SystemExit('a job that ends the thread')

    assert worker.call(fatal, 5)
    ran = []
    assert worker.call(lambda: ran.append(threading.current_thread()), 5) and ran
