# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""bce-auth-v1 verification: every signed byte matters, time windows, STS tokens, secrets."""

import json
import logging
import time

import pytest

from emu_helpers import AK, RO_AK, RO_SK, STS_AK, STS_SK, STS_TOKEN, Client, Request, bce_time, single

LIST = ('GET', '/v1/route/rule', [('routeTableId', 'rt-emu1demo0001'), ('maxKeys', '5')])


def test_good_request_and_response_headers(client):
    response = client.call(*LIST)
    assert response.status == 200, response
    assert response.headers['content-type'] == 'application/json;charset=utf-8'
    assert len(response.headers['x-bce-request-id']) == 36
    assert int(response.headers['content-length']) == len(response.raw)


def test_default_signed_headers_empty_field(client):
    request = client.prepare(*LIST, signed=())
    assert '/1800//' in request.headers['authorization']
    assert client.send(request).status == 200


def test_error_body_carries_request_id(client):
    response = client.call('GET', '/v1/route', [('routeTableId', 'rt-missing')])
    assert response.status == 404
    assert response.json == {
        'code': 'NoSuchObject',
        'message': response.json['message'],
        'requestId': response.headers['x-bce-request-id'],
    }


@pytest.mark.parametrize(
    'change', ['method', 'path', 'query_value', 'query_added', 'header', 'timestamp', 'signature', 'body_length']
)
def test_any_signed_byte_changed_is_rejected(client, change):
    request = client.prepare('PUT', '/v1/route/rule/rr-doesnotexist', [('clientToken', 'tok-1')], {'description': 'x'})
    if change == 'method':
        request.method = 'DELETE'
    elif change == 'path':
        request.path = '/v1/route/rule/rr-doesnotexisu'
    elif change == 'query_value':
        request.query = [('clientToken', 'tok-2')]
    elif change == 'query_added':
        request.query.append(('switchRouteHA', None))
    elif change == 'header':
        request.headers['content-type'] = 'application/json'
    elif change == 'timestamp':
        parts = request.headers['authorization'].split('/')
        parts[2] = bce_time(int(time.time()) - 1)
        request.headers['authorization'] = '/'.join(parts)
    elif change == 'signature':
        auth = request.headers['authorization']
        request.headers['authorization'] = auth[:-1] + ('0' if auth[-1] != '0' else '1')
    elif change == 'body_length':
        request.body = b'{"description": "xyz"}'
        request.headers['content-length'] = str(len(request.body))
    response = client.send(request)
    assert (response.status, response.code) == (400, 'SignatureDoesNotMatch'), response
    # the untouched request passes authentication (and then fails on the missing rule)
    assert (
        client.call('PUT', '/v1/route/rule/rr-doesnotexist', [('clientToken', 'tok-1')], {'description': 'x'}).code
        == 'NoSuchObject'
    )


def test_unsigned_body_bytes_are_not_part_of_signature(client):
    # bce-auth-v1 does not hash the payload: same length, different content still verifies.
    request = client.prepare('PUT', '/v1/route/rule/rr-doesnotexist', [], {'description': 'ab'})
    request.body = json.dumps({'description': 'cd'}).encode()
    assert client.send(request).code == 'NoSuchObject'


def test_wrong_secret_key(client):
    assert client.call(*LIST, sk='not-the-secret').code == 'SignatureDoesNotMatch'


def test_unknown_access_key(emu):
    response = Client(emu.base_url, ak='nobody', sk='x').call(*LIST)
    assert (response.status, response.code) == (403, 'InvalidAccessKeyId')


@pytest.mark.parametrize(
    'value',
    [
        None,
        'Bearer abc',
        'bce-auth-v1/emulator-ak/2024-01-01T00:00:00Z/1800/host',
        'bce-auth-v2/a/2024-01-01T00:00:00Z/1800/host/' + 'a' * 64,
        'bce-auth-v1/emulator-ak/2024-01-01 00:00:00/1800/host/' + 'a' * 64,
        'bce-auth-v1/emulator-ak/2024-01-01T00:00:00Z/-5/host/' + 'a' * 64,
        'bce-auth-v1/emulator-ak/2024-01-01T00:00:00Z/1800/host/' + 'A' * 64,
        'bce-auth-v1/emulator-ak/2024-01-01T00:00:00Z/1800/Host/' + 'a' * 64,
        'bce-auth-v1/emulator-ak/2024-01-01T00:00:00Z/1800/host;host/' + 'a' * 64,
    ],
)
def test_malformed_authorization(client, value):
    request = client.prepare(*LIST)
    if value is None:
        del request.headers['authorization']
    else:
        request.headers['authorization'] = value
    response = client.send(request)
    assert (response.status, response.code) == (400, 'InvalidHTTPAuthHeader'), response


def test_host_must_be_signed(client):
    response = client.call(*LIST, signed=('x-bce-date',))
    assert response.code == 'InvalidHTTPAuthHeader' and 'host' in response.json['message']


def test_x_bce_date_must_be_signed_when_present(client):
    response = client.call(*LIST, signed=('host',))
    assert response.code == 'InvalidHTTPAuthHeader' and 'x-bce-date' in response.json['message']


def test_signed_header_must_be_present(client):
    request = client.prepare(*LIST, signed=('content-md5', 'host', 'x-bce-date'))
    assert client.send(request).code == 'InvalidHTTPAuthHeader'


def test_minimal_go_sdk_style_signing(client):
    request = client.prepare(*LIST, signed=('host', 'x-bce-date'))
    del request.headers['content-type']
    del request.headers['content-length']
    assert client.send(request).status == 200


@pytest.mark.parametrize('offset,expiration', [(-1000, 1800), (-120, 60), (+1000, 1800), (-3600, 7200)])
def test_expired_or_skewed_timestamp(client, offset, expiration):
    response = client.call(*LIST, timestamp=int(time.time()) + offset, expiration=expiration)
    assert (response.status, response.code) == (400, 'RequestExpired'), response
    assert response.json['message'].startswith('Request has expired. Timestamp date is ')


def test_skewed_x_bce_date_header(client):
    stamp = int(time.time())
    request = client.prepare(*LIST, extra_headers={'x-bce-date': bce_time(stamp - 1200)}, timestamp=stamp)
    assert client.send(request).code == 'RequestExpired'


def test_within_window_is_accepted(client):
    assert client.call(*LIST, timestamp=int(time.time()) - 600).status == 200


def test_clock_skew_config(client, admin):
    admin.config(clock_skew_seconds=3600)
    assert client.call(*LIST).code == 'RequestExpired'
    assert client.call(*LIST, timestamp=int(time.time()) + 3600).status == 200


def test_sts_good_token(emu):
    assert Client(emu.base_url, STS_AK, STS_SK, STS_TOKEN).call(*LIST).status == 200
    assert Client(emu.base_url, STS_AK, STS_SK, STS_TOKEN).call(*LIST, signed=()).status == 200


@pytest.mark.parametrize(
    'ak,sk,token', [(STS_AK, STS_SK, None), (STS_AK, STS_SK, 'wrong-token'), (AK, 'emulator-sk', STS_TOKEN)]
)
def test_sts_bad_or_missing_token(emu, ak, sk, token):
    response = Client(emu.base_url, ak, sk, token).call(*LIST)
    assert (response.status, response.code) == (403, 'InvalidSessionToken'), response


def test_sts_token_must_be_signed(emu):
    client = Client(emu.base_url, STS_AK, STS_SK)
    request = client.prepare(*LIST, extra_headers={'x-bce-security-token': STS_TOKEN})
    response = client.send(request)
    assert response.code == 'InvalidHTTPAuthHeader' and 'x-bce-security-token' in response.json['message']


def test_readonly_key_cannot_write(emu):
    ro = Client(emu.base_url, RO_AK, RO_SK)
    assert ro.call(*LIST).status == 200
    response = ro.create(single())
    assert (response.status, response.code) == (403, 'AccessDenied')


@pytest.mark.parametrize('rule_id', ['rr-\u8def\u7531', 'rr a:b', 'rr-~!*()', "rr-'x'"])
def test_unicode_and_reserved_paths_verify(client, rule_id):
    response = client.delete(rule_id)
    assert (response.status, response.code) == (404, 'NoSuchObject'), response


def test_reserved_characters_in_query(client):
    response = client.call('GET', '/v1/route/rule', [('routeTableId', 'rt-emu1demo0001'), ('marker', 'a b&c=d/\u00e9')])
    assert response.code == 'InvalidParameter' and 'marker' in response.json['message']


def test_plus_encoded_space_in_query_verifies(client):
    request = client.prepare('GET', '/v1/route/rule', [('routeTableId', 'rt-emu1demo0001'), ('marker', 'a b')])
    response = client.send(request, target='/v1/route/rule?routeTableId=rt-emu1demo0001&marker=a+b')
    assert response.code == 'InvalidParameter'


def test_reference_vectors_v1_and_v3(emu, admin):
    """The digest's published vectors (section 2.9), sent byte for byte with the emulator clock at 2024-01-01."""
    fixture = json.loads(json.dumps(emu.emulator.default_fixture))
    fixture['credentials'].append(
        {'access_key_id': '0123456789abcdef0123456789abcdef', 'secret_access_key': 'fedcba9876543210fedcba9876543210'}
    )
    assert admin.call('POST', 'reset', fixture)[0] == 200
    admin.config(clock_skew_seconds=1704067200 - time.time())
    client = Client(emu.base_url)
    v1 = client.send(
        _raw(
            'GET',
            '/v1/route?vpcId=vpc-abc123',
            {
                'host': 'bcc.bj.baidubce.com',
                'x-bce-date': '2024-01-01T00:00:00Z',
                'authorization': 'bce-auth-v1/0123456789abcdef0123456789abcdef/2024-01-01T00:00:00Z/1800/host;x-bce-date/'
                'eab9dee1febe265813683e60b95e751489367827d9681bcc08aa3e84ef91bc3b',
            },
        ),
        target='/v1/route?vpcId=vpc-abc123',
    )
    assert (v1.status, v1.code) == (404, 'NoSuchObject'), v1
    v3_headers = {
        'host': 'bcc.bj.baidubce.com',
        'x-bce-date': '2024-01-01T00:00:00Z',
        'content-type': 'application/json;charset=utf-8',
        'content-length': '0',
        'authorization': 'bce-auth-v1/0123456789abcdef0123456789abcdef/2024-01-01T00:00:00Z/1800//'
        'cc59bebf1707323bccb9e5a1e80e92fbc4b3c06f08fdb4d295b19b3c743dac3c',
    }
    v3 = client.send(_raw('PUT', '', v3_headers), target='/v1/route/rule/rr-abc123?switchRouteHA&clientToken=token-1')
    assert (v3.status, v3.code) == (404, 'NoSuchObject'), v3


def _raw(method, path, headers):
    return Request(method, path, [], headers, b'')


def test_secrets_never_logged(emulator_handle, capsys, caplog):
    emulator_handle.emulator.reset()
    emulator_handle._server.verbose = True
    try:
        with caplog.at_level(logging.DEBUG):
            Client(emulator_handle.base_url, STS_AK, STS_SK, STS_TOKEN).call(*LIST)
            Client(emulator_handle.base_url, STS_AK, STS_SK, 'bad-token').call(*LIST)
    finally:
        emulator_handle._server.verbose = False
    captured = capsys.readouterr()
    calls = json.dumps(emulator_handle.emulator.calls.list()) + json.dumps(emulator_handle.emulator.state.snapshot())
    for text in (captured.out, captured.err, caplog.text, calls):
        assert STS_SK not in text and STS_TOKEN not in text and 'emulator-sk' not in text
    assert 'GET /v1/route/rule' in captured.err
