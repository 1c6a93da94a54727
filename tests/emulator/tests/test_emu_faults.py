# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection, the call log, runtime config and the rest of the admin API."""

import http.client
import time

import pytest

from emu_helpers import single


def test_error_fault_times(client, admin):
    admin.faults(
        {
            'method': 'POST',
            'path': '^/v1/route/rule$',
            'times': 2,
            'action': 'error',
            'status': 503,
            'code': 'ServiceUnavailable',
            'message': 'try later',
        }
    )
    assert client.table().status == 200  # method filter: GET unaffected
    for dummy in range(2):
        response = client.create(single())
        assert (response.status, response.code) == (503, 'ServiceUnavailable') and response.json[
            'message'
        ] == 'try later'
        assert response.json['requestId'] == response.headers['x-bce-request-id']
    assert client.custom_rules() == []
    assert client.create(single()).status == 200
    listed = admin.call('GET', 'faults')[1]['faults']
    assert listed[0]['remaining'] == 0 and listed[0]['hits'] == 2


def test_error_fault_defaults_to_internal_error(client, admin):
    admin.faults({'path': 'route', 'action': 'error'})
    response = client.table()
    assert (response.status, response.code) == (500, 'InternalError')
    assert client.table().status == 200


def test_latency_fault_and_config_latency(client, admin):
    admin.faults({'path': '/v1/route', 'action': 'latency', 'seconds': 0.2})
    started = time.monotonic()
    assert client.table().status == 200
    assert time.monotonic() - started >= 0.2
    admin.config(latency_ms=150)
    started = time.monotonic()
    assert client.table().status == 200
    assert time.monotonic() - started >= 0.15
    assert admin.calls()[-1]['duration_ms'] >= 150


def test_latency_then_error_both_apply(client, admin):
    admin.faults({'action': 'latency', 'seconds': 0.1}, {'action': 'error', 'status': 502, 'code': 'BadGateway'})
    started = time.monotonic()
    assert client.table().status == 502
    assert time.monotonic() - started >= 0.1


def test_close_fault_commits_nothing(client, admin):
    admin.faults({'method': 'POST', 'path': 'rule', 'action': 'close'})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.create(single(), token='tok-close')
    assert client.custom_rules() == []
    call = [c for c in admin.calls() if c['method'] == 'POST'][0]
    assert call['fault'] == 'close' and call['write'] is False and call['status'] == 0
    assert client.create(single(), token='tok-close').status == 200


def test_drop_after_commit_then_retry_with_same_token(client, admin):
    admin.faults({'method': 'POST', 'path': '^/v1/route/rule$', 'action': 'drop_after_commit'})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.create(single(), token='tok-drop')
    committed = client.custom_rules()
    assert len(committed) == 1
    retry = client.create(single(), token='tok-drop')
    assert retry.status == 200 and retry.json['routeRuleId'] == committed[0]['routeRuleId']
    assert len(client.custom_rules()) == 1
    posts = [c for c in admin.calls() if c['method'] == 'POST']
    assert [(c['write'], c['replayed'], c['fault'], c['status']) for c in posts] == [
        (True, False, 'drop_after_commit', 200),
        (False, True, None, 200),
    ]


def test_drop_after_commit_on_delete(client, admin):
    rule_id = client.create(single()).json['routeRuleId']
    admin.faults({'method': 'DELETE', 'action': 'drop_after_commit'})
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError)):
        client.delete(rule_id, token='tok-del')
    assert client.custom_rules() == []
    assert client.delete(rule_id, token='tok-del').status == 200
    assert client.delete(rule_id).code == 'NoSuchObject'


def test_probability_is_seeded(emu, client, admin):
    def pattern():
        admin.faults({'path': 'route', 'action': 'error', 'probability': 0.5, 'seed': 7})
        result = [client.table().status for dummy in range(16)]
        emu.emulator.reset()
        return result

    first, second = pattern(), pattern()
    assert first == second and 200 in first and 500 in first


def test_fault_admin_validation_and_clear(client, admin):
    for bad in (
        {'action': 'explode'},
        {'action': 'error', 'status': 200},
        {'action': 'latency'},
        {'action': 'error', 'times': 0},
        {'action': 'error', 'probability': 2},
        {'action': 'error', 'path': '('},
        {'action': 'error', 'bogus': 1},
    ):
        status, payload = admin.call('POST', 'faults', {'faults': [bad]})
        assert status == 400 and payload['code'] == 'InvalidParameter', bad
    assert admin.call('POST', 'faults', {'rules': []})[0] == 400
    admin.faults({'action': 'error'})
    assert len(admin.call('GET', 'faults')[1]['faults']) == 1
    assert admin.call('DELETE', 'faults')[0] == 200
    assert admin.call('GET', 'faults')[1]['faults'] == []
    assert client.table().status == 200


def test_call_log(client, admin):
    rule_id = client.create(single(), token='tok-log').json['routeRuleId']
    client.update(rule_id, {'description': 'test'})
    client.call('GET', '/v1/route/rule', [('routeTableId', 'rt-emu1demo0001'), ('maxKeys', '2')])
    client.delete('rr-nope')
    calls = admin.calls()
    assert [c['seq'] for c in calls] == [1, 2, 3, 4]
    assert [(c['method'], c['path'], c['status'], c['code'], c['write']) for c in calls] == [
        ('POST', '/v1/route/rule', 200, None, True),
        ('PUT', '/v1/route/rule/' + rule_id, 200, None, False),
        ('GET', '/v1/route/rule', 200, None, False),
        ('DELETE', '/v1/route/rule/rr-nope', 404, 'NoSuchObject', False),
    ]
    assert calls[0]['client_token'] == 'tok-log' and calls[2]['query'] == {
        'routeTableId': 'rt-emu1demo0001',
        'maxKeys': '2',
    }
    assert all(isinstance(c['duration_ms'], float) for c in calls)
    assert admin.call('DELETE', 'calls') == (200, {'cleared': 4})
    assert admin.calls() == []
    client.table()
    assert [c['seq'] for c in admin.calls()] == [1]


def test_auth_failures_are_logged(client, admin):
    client.call('GET', '/v1/route', [('routeTableId', 'rt-emu1demo0001')], sk='wrong')
    call = admin.calls()[0]
    assert (call['status'], call['code'], call['access_key']) == (400, 'SignatureDoesNotMatch', None)


def test_config_and_state(client, admin):
    behaviour = {
        'system_rule_ids': False,
        'marker': 'at',
        'multipath_listed': True,
        'default_gateway': False,
        'bcc_lone_vpc_id': 'reject',
    }
    assert admin.call('GET', 'config')[1]['config'] == dict(behaviour, latency_ms=0, clock_skew_seconds=0, quota=None)
    assert admin.config(quota=7)['config']['quota'] == 7
    assert admin.config(latency_ms=0)['config'] == dict(behaviour, latency_ms=0, clock_skew_seconds=0, quota=7)
    for bad in (
        {'quota': -1},
        {'quota': 'x'},
        {'latency_ms': -5},
        {'speed': 1},
        {'clock_skew_seconds': 'x'},
        {'marker': 'before'},
        {'system_rule_ids': 'yes'},
        {'multipath_listed': 1},
        {'default_gateway': None},
    ):
        assert admin.call('POST', 'config', bad)[0] == 400, bad
    client.create(single(), token='tok-state')
    state = admin.call('GET', 'state')[1]['state']
    table = [t for t in state['tables'] if t['routeTableId'] == 'rt-emu1demo0001'][0]
    assert table['effectiveQuota'] == 7 and len(table['routeRules']) == 3 and state['clientTokens'] == 1
    assert 'emulator-sk' not in str(state) and 'emulator-sts-token' not in str(state)


def test_reset_with_custom_fixture(emu, client, admin):
    fixture = emu.emulator.default_fixture
    fixture = dict(
        fixture, vpcs=[dict(fixture['vpcs'][0], routeTable={'routeTableId': 'rt-custom00001', 'quota': 1, 'rules': []})]
    )
    assert admin.call('POST', 'reset', fixture) == (200, {'reset': True})
    assert client.create(single(table='rt-custom00001')).status == 200
    assert client.create(single(table='rt-custom00001', destination='10.11.0.0/16')).code == 'RouteRuleExceedQuota'
    assert client.table().code == 'NoSuchObject'
    status, payload = admin.call('POST', 'reset', {'vpcs': [{'vpcId': 'vpc-x'}]})
    assert status == 400 and payload['code'] == 'InvalidParameter'
    assert client.table('rt-custom00001').status == 200  # failed reset left the state alone
    assert admin.call('POST', 'reset')[0] == 200
    assert client.table().status == 200
    assert admin.call('POST', 'reset', fixture)[0] == 200
    assert admin.call('POST', 'reset', {}) == (200, {'reset': True})  # {} means the default fixture too
    assert client.table().status == 200


def test_admin_unknown_endpoint_and_method(admin):
    assert admin.call('GET', 'nothing')[1]['code'] == 'InvalidURI'
    assert admin.call('PUT', 'calls')[1]['code'] == 'MethodNotAllowed'


def test_bare_fault_does_not_look_like_bce(client, admin):
    # A wrong endpoint / proxy: 404 with no body, no JSON code and no x-bce-request-id (reference 7 item 10).
    admin.faults({'path': '^/v1/route$', 'action': 'bare'})
    response = client.table()
    assert (response.status, response.raw, response.json) == (404, b'', None)
    assert 'x-bce-request-id' not in response.headers and 'content-type' not in response.headers
    assert response.headers['content-length'] == '0'
    assert client.table().status == 200  # times defaults to 1
    assert [(c['status'], c['code'], c['fault']) for c in admin.calls()] == [
        (404, 'FaultBareResponse', 'bare'),
        (200, None, None),
    ]


def test_bare_fault_with_a_foreign_body_changes_nothing(client, admin):
    admin.faults(
        {
            'method': 'POST',
            'path': '^/v1/route/rule$',
            'action': 'bare',
            'status': 502,
            'body': '<html>Bad Gateway</html>',
            'content_type': 'text/html',
        }
    )
    response = client.create(single())
    assert (response.status, response.raw, response.headers['content-type']) == (
        502,
        b'<html>Bad Gateway</html>',
        'text/html',
    )
    assert 'x-bce-request-id' not in response.headers
    assert client.custom_rules() == []  # nothing was handled


@pytest.mark.parametrize('bad', [{'status': 99}, {'status': '404'}, {'body': 5}, {'content_type': 1}])
def test_bare_fault_validation(admin, bad):
    status, payload = admin.call('POST', 'faults', {'faults': [dict({'action': 'bare'}, **bad)]})
    assert (status, payload['code']) == (400, 'InvalidParameter')
