# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Known-answer vectors and randomized agreement with the official bce-python-sdk signer."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import random

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils import _signer

AK = '0123456789abcdef0123456789abcdef'
SK = 'fedcba9876543210fedcba9876543210'
HOST = 'bcc.bj.baidubce.com'
DATE = '2024-01-01T00:00:00Z'
EPOCH = 1704067200


def test_v0_baidu_published_example():
    headers = {
        'host': 'bj.bcebos.com',
        'content-length': 8,
        'content-md5': 'NFzcPqhviddjRNnSOGo4rw==',
        'content-type': 'text/plain',
        'x-bce-date': '2015-04-27T08:23:49Z',
    }
    params = {'partNumber': 9, 'uploadId': 'a44cc9bab11cbd156984767aad637851'}
    text, names = _signer.canonical_request('PUT', '/v1/test/myfolder/readme.txt', params, headers)
    assert text == (
        'PUT\n/v1/test/myfolder/readme.txt\npartNumber=9&uploadId=a44cc9bab11cbd156984767aad637851\n'
        'content-length:8\ncontent-md5:NFzcPqhviddjRNnSOGo4rw%3D%3D\ncontent-type:text%2Fplain\n'
        'host:bj.bcebos.com\nx-bce-date:2015-04-27T08%3A23%3A49Z'
    )
    auth = _signer.sign('PUT', '/v1/test/myfolder/readme.txt', params, headers, 'a' * 32, 'b' * 32, 1430123029)
    # Baidu prints the header with an empty signed-header field; the signature is what must match.
    assert auth == (
        'bce-auth-v1/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/2015-04-27T08:23:49Z/1800/'
        'content-length;content-md5;content-type;host;x-bce-date/'
        'd74a04362e6a848f5b39b15421cb449427f419c95a480fd6b8cf9fc783e2999e'
    )
    assert names == ['content-length', 'content-md5', 'content-type', 'host', 'x-bce-date']


def test_v1_query_route_table():
    auth = _signer.sign(
        'GET',
        '/v1/route',
        {'vpcId': 'vpc-abc123'},
        {'host': HOST, 'x-bce-date': DATE},
        AK,
        SK,
        EPOCH,
        headers_to_sign=['host', 'x-bce-date'],
    )
    assert auth == (
        'bce-auth-v1/0123456789abcdef0123456789abcdef/2024-01-01T00:00:00Z/1800/host;x-bce-date/'
        'eab9dee1febe265813683e60b95e751489367827d9681bcc08aa3e84ef91bc3b'
    )


def test_v2_create_route_rule():
    body = (
        '{"routeTableId":"rt-abc123","sourceAddress":"192.168.0.0/24","destinationAddress":"10.0.0.0/8",'
        '"nexthopType":"custom","nexthopId":"i-abcdef12","description":"test"}'
    )
    assert len(body) == 164
    headers = {
        'host': HOST,
        'content-type': 'application/json;charset=utf-8',
        'content-length': len(body),
        'x-bce-date': DATE,
    }
    auth = _signer.sign(
        'POST', '/v1/route/rule', {'clientToken': 'be31b98c-5e41-4838-9830-9be700de5a20'}, headers, AK, SK, EPOCH
    )
    assert auth == (
        'bce-auth-v1/0123456789abcdef0123456789abcdef/2024-01-01T00:00:00Z/1800/'
        'content-length;content-type;host;x-bce-date/'
        '7f55d39db4f871ef266d8794447c791fc0fe0d32d6bd04b9bff18dfec3b71943'
    )


@pytest.mark.parametrize('flag_value', [None, ''])
def test_v3_switch_with_value_less_flag(flag_value):
    headers = {'host': HOST, 'content-type': 'application/json;charset=utf-8', 'content-length': 0, 'x-bce-date': DATE}
    params = {'switchRouteHA': flag_value, 'clientToken': 'token-1'}
    text, dummy = _signer.canonical_request('PUT', '/v1/route/rule/rr-abc123', params, headers)
    assert text.split('\n')[2] == 'clientToken=token-1&switchRouteHA='
    auth = _signer.sign('PUT', '/v1/route/rule/rr-abc123', params, headers, AK, SK, EPOCH)
    assert auth.endswith(
        '/1800/content-length;content-type;host;x-bce-date/'
        'cc59bebf1707323bccb9e5a1e80e92fbc4b3c06f08fdb4d295b19b3c743dac3c'
    )


def test_v4_paginated_list_with_sts_token():
    headers = {'host': HOST, 'x-bce-date': DATE, 'x-bce-security-token': 'sts-token-value'}
    params = {'routeTableId': 'rt-abc123', 'marker': 'rr-abc123', 'maxKeys': 1000}
    auth = _signer.sign('GET', '/v1/route/rule', params, headers, AK, SK, EPOCH)
    assert auth == (
        'bce-auth-v1/0123456789abcdef0123456789abcdef/2024-01-01T00:00:00Z/1800/'
        'host;x-bce-date;x-bce-security-token/'
        'ed81894317b6fc4b3e505c81cd4eaf1da41c727748fd98230a152960b6959ef2'
    )


def test_timestamp_forms_agree():
    aware = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    other_zone = aware.astimezone(datetime.timezone(datetime.timedelta(hours=8)))
    assert (
        _signer.format_timestamp(aware)
        == _signer.format_timestamp(EPOCH)
        == _signer.format_timestamp(other_zone)
        == DATE
    )


def test_naive_datetime_is_refused():
    with pytest.raises(ValueError, match='timezone-aware'):
        _signer.format_timestamp(datetime.datetime(2024, 1, 1))


def test_empty_header_values_and_authorization_are_not_signed():
    headers = {'Host': HOST, 'x-bce-date': DATE, 'Content-MD5': '   ', 'Authorization': 'old'}
    dummy, names = _signer.canonical_headers(headers)
    assert names == ['host', 'x-bce-date']


def test_uri_encoding_rules():
    assert _signer.uri_encode('a b/c~d') == 'a%20b%2Fc~d'
    assert _signer.canonical_uri('/v1/a b/ü') == '/v1/a%20b/%C3%BC'
    assert _signer.canonical_uri('') == '/'


# --- randomized agreement with the official SDK (the oracle) -----------------------------

baidubce_signer = pytest.importorskip('baidubce.auth.bce_v1_signer')
baidubce_credentials = pytest.importorskip('baidubce.auth.bce_credentials')
baidubce_utils = pytest.importorskip('baidubce.utils')

_ALPHABET = 'abcXYZ019-_.~ !*\'();:@&=+$,/?#[]%"<>\\^`{|}' + 'üé中文€\u00a0'


def _random_text(rng, low=0, high=12):
    return ''.join(rng.choice(_ALPHABET) for dummy in range(rng.randint(low, high)))


def _random_request(rng):
    method = rng.choice(['GET', 'PUT', 'POST', 'DELETE', 'HEAD'])
    path = '/' + '/'.join(_random_text(rng, 1, 8) for dummy in range(rng.randint(0, 4)))
    params = {}
    for dummy in range(rng.randint(0, 5)):
        params[_random_text(rng, 1, 6)] = rng.choice([None, '', _random_text(rng), str(rng.randint(0, 10**6))])
    headers = {
        rng.choice(['Host', 'host', 'HOST']): rng.choice(['bcc.bj.baidubce.com', '127.0.0.1:8780']),
        'x-bce-date': rng.choice([DATE, '2026-11-25T17:00:00Z']),
    }
    if rng.random() < 0.5:
        headers[rng.choice(['Content-Type', 'content-type'])] = rng.choice(
            ['application/json;charset=utf-8', '  text/plain ', 'application/json']
        )
    if rng.random() < 0.5:
        headers['Content-Length'] = str(rng.randint(0, 5000))
    if rng.random() < 0.3:
        headers['x-bce-security-token'] = '  ' + _random_text(rng, 1, 20) + ' '
    if rng.random() < 0.3:
        headers['X-Bce-Meta-' + rng.choice(['a', 'B', 'long-name'])] = _random_text(rng)
    if rng.random() < 0.3:
        headers['User-Agent'] = 'not signed'
    return method, path, params, headers


def _sdk_sign(method, path, params, headers, timestamp, expiration, headers_to_sign):
    credentials = baidubce_credentials.BceCredentials(AK, SK)
    # The SDK encodes the path (utils.append_uri) before it signs; do the same with its own encoder.
    sdk_path = baidubce_utils.normalize_string(path, False)
    sdk_params = dict((k.encode('utf-8'), v if v is None else v.encode('utf-8')) for k, v in params.items())
    sdk_headers = dict((k.encode('utf-8'), v.encode('utf-8')) for k, v in headers.items())
    to_sign = None if headers_to_sign is None else [h.encode('utf-8') for h in headers_to_sign]
    return baidubce_signer.sign(
        credentials, method.encode('utf-8'), sdk_path, sdk_headers, sdk_params, timestamp, expiration, to_sign
    ).decode('utf-8')


@pytest.mark.parametrize('seed', range(600))
def test_agrees_with_official_sdk(seed):
    rng = random.Random(seed)
    method, path, params, headers = _random_request(rng)
    timestamp = rng.choice([EPOCH, 1430123029, 1795000000])
    expiration = rng.choice([1800, 60, 3600])
    ours = _signer.sign(method, path, params, headers, AK, SK, timestamp, expiration)
    # Give the SDK our explicit, sorted list (it includes every x-bce-* header it will sign too).
    signed_names = ours.split('/')[4].split(';') if ours.split('/')[4] else []
    theirs = _sdk_sign(method, path, params, headers, timestamp, expiration, signed_names)
    assert ours == theirs, (method, path, params, headers)
    # With the SDK's default set the signature must be the same as well.
    assert (
        ours.rsplit('/', 1)[1]
        == _sdk_sign(method, path, params, headers, timestamp, expiration, None).rsplit('/', 1)[1]
    )
