# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""route_rule main() in check and normal mode against the emulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils import _module, _route_task
from ansible_collections.baiducloud.vpc.plugins.modules import route_rule
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import WRITES, Api
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import SECRET, TABLE, VPC, rule, run_module

NAT_ARGS = {
    'route_table_id': TABLE,
    'source_address': '192.168.0.0/20',
    'destination_address': '0.0.0.0/0',
    'next_hop_type': 'nat',
    'next_hop_id': 'nat-aaaa',
}
EXISTING = rule('rr-nat000000001', '192.168.0.0/20', '0.0.0.0/0', 'nat', 'nat-aaaa', description='egress')


def test_check_mode_create_predicts_and_writes_nothing(monkeypatch):
    client = Api()
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client, check_mode=True, diff=True)
    assert not failed and result['changed']
    assert [i['action'] for i in result['plan']] == ['create'] and 'requests' not in result['plan'][0]
    assert result['route_rule']['route_rule_id'] is None and result['route_rule']['next_hop_id'] == 'nat-aaaa'
    assert result['diff']['before'] == {} and result['diff']['after']['destination_address'] == '0.0.0.0/0'
    assert client.writes == []
    # The VPC and its NAT gateways were read to validate the planned write, in check mode too (the two at the same
    # time, issue 25: in either order).
    paths = [c[1] for c in client.calls]
    assert paths[:1] == ['/v1/route'] and sorted(paths[1:]) == ['/v1/nat', '/v1/vpc/vpc-unit00000001']


def test_create_sends_one_write_with_a_client_token(monkeypatch):
    client = Api()
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert not failed and result['changed']
    assert len(client.writes) == 1
    method, path, dummy, body, token = client.writes[0]
    assert (method, path) == ('POST', '/v1/route/rule') and token.startswith('ansible-') and len(token) <= 64
    assert body['nexthopId'] == 'nat-aaaa'
    assert result['route_rule']['route_rule_id'] == client.new_ids()[0]


def test_unchanged_rule_makes_no_write_and_no_vpc_read(monkeypatch):
    client = Api([EXISTING])
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert not failed and not result['changed'] and result['plan'] == []
    assert client.calls == [('GET', '/v1/route', {'routeTableId': TABLE}, None, None)]
    assert result['route_rule']['route_rule_id'] == 'rr-nat000000001'


def test_description_change_is_one_update(monkeypatch):
    client = Api([EXISTING])
    result, failed = run_module(monkeypatch, route_rule, dict(NAT_ARGS, description='new'), client, diff=True)
    assert not failed and [i['action'] for i in result['plan']] == ['update']
    assert [(w[0], w[1]) for w in client.writes] == [('PUT', '/v1/route/rule/rr-nat000000001')]
    assert result['diff']['before']['description'] == 'egress' and result['diff']['after']['description'] == 'new'


def test_absent_deletes_and_again_is_unchanged(monkeypatch):
    client = Api([EXISTING])
    args = dict(route_table_id=TABLE, source_address='192.168.0.0/20', destination_address='0.0.0.0/0', state='absent')
    result, dummy = run_module(monkeypatch, route_rule, args, client)
    assert result['changed'] and result['route_rule'] is None and len(client.writes) == 1
    result, dummy = run_module(monkeypatch, route_rule, args, client)
    assert not result['changed'] and len(client.writes) == 1


def test_bad_input_fails_before_any_call(monkeypatch):
    client = Api()
    result, failed = run_module(monkeypatch, route_rule, dict(NAT_ARGS, destination_address='10.0.0.1/8'), client)
    assert failed and result['parameter'] == 'destination_address'
    assert result['msg'] == "destination_address='10.0.0.1/8' has host bits set; the network address is 10.0.0.0/8"
    assert client.calls == []


def test_unknown_route_rule_id(monkeypatch):
    client = Api([EXISTING])
    result, failed = run_module(monkeypatch, route_rule, dict(NAT_ARGS, route_rule_id='rr-missing'), client)
    assert failed and result['msg'] == 'route_rule_id rr-missing does not exist in %s' % TABLE
    result, failed = run_module(
        monkeypatch, route_rule, {'route_table_id': TABLE, 'route_rule_id': 'rr-missing', 'state': 'absent'}, client
    )
    assert not failed and not result['changed'] and client.writes == []


def test_missing_table_fails_for_present_and_is_unchanged_for_absent(monkeypatch):
    client = Api(table_exists=False)
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert failed and result['msg'] == 'route table %s does not exist' % TABLE
    result, failed = run_module(monkeypatch, route_rule, dict(NAT_ARGS, state='absent'), client)
    assert not failed and not result['changed']


def _another_writer_creates(client, args):
    """When our create arrives, another writer's create of the same rule has just landed: the emulator refuses
    ours as RouteRuleRepeated. Returns the list that gets the other writer's rule id."""
    theirs = []
    source = args.get('source_address', '0.0.0.0/0')
    client.before(
        'POST',
        WRITES,
        lambda: theirs.append(
            client.create(source, args['destination_address'], args['next_hop_type'], args['next_hop_id'])
        ),
    )
    return theirs


def test_race_on_create_is_re_read_and_reported(monkeypatch):
    """Another writer created the same rule between our read and our write."""
    client = Api()
    theirs = _another_writer_creates(client, NAT_ARGS)
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert not failed and not result['changed'] and result['route_rule']['route_rule_id'] == theirs[0]


def test_api_error_is_one_sentence_plus_structured_error_and_no_secret(monkeypatch):
    client = Api()
    client.fail('*', 'AccessDenied', 'no permission', status=403)
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert failed
    assert result['msg'] == 'Failed to create route rule 192.168.0.0/20 -> 0.0.0.0/0: no permission (AccessDenied)'
    # The request id is the one the emulator gave the refused write.
    rid = [c['request_id'] for c in client.log() if c['method'] == 'POST'][0]
    assert result['error'] == {'code': 'AccessDenied', 'message': 'no permission', 'request_id': rid, 'status': 403}
    # The refused write changed nothing, and the result says so.
    assert result['changed'] is False
    assert SECRET not in json.dumps(result)


@pytest.mark.parametrize('commit', [True, False])
def test_a_write_whose_answer_cannot_be_read_is_reported_changed_with_an_unknown_outcome(monkeypatch, commit):
    """The service may or may not have applied it: changed, failed, and the message says a re-run converges."""
    client = Api()
    if not commit:
        # The emulator turns the create away unhandled (nothing applied) ...
        client.fail('POST', 'InternalError', status=500)
    # ... and either answer reaches the client as a 200 whose JSON body stops half-way (the documented create
    # answer, tests/baidu_examples/CreateRoutingRules.json, cut short), with the emulator's request id.
    client.mangle('POST', WRITES, '{"routeRuleId": "rr-')
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert failed and result['changed'] is True
    rid = [c['request_id'] for c in client.log() if c['method'] == 'POST'][0]
    assert 'outcome unknown, a re-run converges' in result['msg'] and result['error']['request_id'] == rid
    assert len(client.new_ids()) == (1 if commit else 0)


def test_a_write_that_timed_out_without_an_answer_is_reported_changed_with_an_unknown_outcome(monkeypatch):
    """The request left, no answer came back: the service may have applied it (the error is the real client's)."""
    client = Api()
    # The emulator handles the create, then closes the connection without answering.
    client.drop('POST')
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert failed and result['changed'] is True
    assert 'outcome unknown, a re-run converges' in result['msg'] and SECRET not in json.dumps(result)


@pytest.mark.parametrize(
    'args,message',
    [
        (
            {
                'route_table_id': TABLE,
                'vpc_id': 'vpc-1',
                'destination_address': '0.0.0.0/0',
                'next_hop_type': 'nat',
                'next_hop_id': 'nat-1',
            },
            'parameters are mutually exclusive: route_table_id|vpc_id',
        ),
        (
            {'destination_address': '0.0.0.0/0', 'next_hop_type': 'nat', 'next_hop_id': 'nat-1'},
            'one of the following is required: route_table_id, vpc_id',
        ),
        (
            # next_hop_type alone: the id is what a rule needs (the type can come from its prefix).
            {'route_table_id': TABLE, 'destination_address': '0.0.0.0/0', 'next_hop_type': 'nat'},
            'next_hop_type=nat needs next_hop_id or next_hop_name',
        ),
        (
            {'route_table_id': TABLE, 'destination_address': '0.0.0.0/0', 'next_hop_type': 'nat', 'state': 'absent'},
            'with state=absent, next_hop_type=nat needs next_hop_id or next_hop_name',
        ),
        (
            {
                'route_table_id': TABLE,
                'destination_address': '0.0.0.0/0',
                'next_hop_type': 'nat',
                'next_hop_id': 'nat-1',
                'next_hop_name': 'nat-main',
            },
            'parameters are mutually exclusive: next_hop_id|next_hop_name',
        ),
    ],
)
def test_argument_spec_rules(monkeypatch, args, message):
    client = Api()
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert failed and message in result['msg'] and client.calls == []


@pytest.mark.parametrize(
    'missing,message',
    [
        ('access_key', 'Invalid connection settings: access_key is required (or set BAIDUCLOUD_ACCESS_KEY)'),
        ('secret_key', 'Invalid connection settings: secret_key is required (or set BAIDUCLOUD_SECRET_KEY)'),
    ],
)
def test_missing_credentials_name_option_and_variable(monkeypatch, missing, message):
    for name in ('BAIDUCLOUD_ACCESS_KEY', 'BAIDUCLOUD_SECRET_KEY'):
        monkeypatch.delenv(name, raising=False)
    args = dict(NAT_ARGS, access_key='ak', secret_key='sk', endpoint='http://127.0.0.1:1')
    del args[missing]
    result, failed = run_module(monkeypatch, route_rule, args, base=False)
    assert failed and result['msg'] == message


def test_credentials_from_environment(monkeypatch):
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _client

    seen = {}

    api = Api([EXISTING])

    def fake_client(**kwargs):
        seen.update(kwargs)
        return api.client()

    monkeypatch.setenv('BAIDUCLOUD_ACCESS_KEY', 'env-ak')
    monkeypatch.setenv('BAIDUCLOUD_SECRET_KEY', 'env-sk')
    monkeypatch.setenv('BAIDUCLOUD_SESSION_TOKEN', 'env-token')
    monkeypatch.setenv('BAIDUCLOUD_REGION', 'gz')
    monkeypatch.setattr(_client, 'BceClient', fake_client)
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, base=False)
    assert not failed
    assert (seen['access_key'], seen['secret_key'], seen['session_token'], seen['region']) == (
        'env-ak',
        'env-sk',
        'env-token',
        'gz',
    )


def test_empty_environment_variables_count_as_unset(monkeypatch):
    """AWX injects blank optional credential fields as empty variables."""
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _client

    seen = {}

    api = Api([EXISTING])

    def fake_client(**kwargs):
        seen.update(kwargs)
        return api.client()

    monkeypatch.setenv('BAIDUCLOUD_REGION', '')
    monkeypatch.setenv('BAIDUCLOUD_SESSION_TOKEN', '')
    monkeypatch.setattr(_client, 'BceClient', fake_client)
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS)
    assert not failed, result
    assert seen['region'] is None and seen['session_token'] is None


def test_race_after_a_delete_still_reports_changed(monkeypatch):
    """A replace deleted the old rule, then another writer created the same pair first:
    the re-read finds the desired rule, and the task still reports the delete it made."""
    client = Api([EXISTING])
    args = dict(NAT_ARGS, next_hop_type='vpn', next_hop_id='vpn-1')
    _another_writer_creates(client, args)
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and result['changed'] is True and result['plan'] == []
    assert result['route_rule']['next_hop_type'] == 'vpn'


def test_system_route_target_names_the_option_that_selected_it(monkeypatch):
    client = Api()
    result, failed = run_module(
        monkeypatch,
        route_rule,
        dict(NAT_ARGS, source_address='0.0.0.0/0', destination_address='192.168.0.0/16'),
        client,
    )
    assert failed and result['parameter'] == 'destination_address'
    assert (
        result['msg']
        == 'the rule 0.0.0.0/0 -> 192.168.0.0/16 is a system route; system routes cannot be changed or deleted'
    )
    assert client.writes == []


def test_quota_is_checked_only_when_the_table_grows(monkeypatch):
    client = Api([EXISTING])
    result, failed = run_module(
        monkeypatch, route_rule, dict(NAT_ARGS, destination_address='10.0.0.0/8', rule_quota=1), client
    )
    assert failed and result['parameter'] == 'rule_quota' and client.writes == []
    result, failed = run_module(monkeypatch, route_rule, dict(NAT_ARGS, description='in place', rule_quota=1), client)
    assert not failed and result['changed']
    result, failed = run_module(monkeypatch, route_rule, dict(NAT_ARGS, rule_quota=-1, description='x'), client)
    assert failed and result['msg'] == 'rule_quota must be 0 (no check) or more, got -1'


VPN_ARGS = {
    'route_table_id': TABLE,
    'destination_address': '10.10.0.0/16',
    'next_hop_type': 'vpn',
    'next_hop_id': 'vpn-aaaa',
}


# -- API errors that point at an option name it ------------------------------------------------


@pytest.mark.parametrize(
    'code,parameter,words',
    [
        ('SignatureDoesNotMatch', 'secret_key', 'secret_key (or BAIDUCLOUD_SECRET_KEY)'),
        ('InvalidAccessKeyId', 'access_key', 'access_key'),
        ('InvalidSessionToken', 'session_token', 'session_token'),
        ('RequestExpired', None, 'clock of this host'),
        ('InvalidNexthop', 'next_hop_id', 'next_hop_type and next_hop_id'),
        ('RouteRuleExceedQuota', None, 'rule quota'),
    ],
)
def test_api_error_names_the_option(monkeypatch, code, parameter, words):
    client = Api()
    client.fail('*', code, 'The service says no.', status=400, times=100)
    result, failed = run_module(monkeypatch, route_rule, VPN_ARGS, client)
    assert failed and words in result['msg']
    assert result['msg'].startswith('Failed to create route rule 0.0.0.0/0 -> 10.10.0.0/16: The service says no; ')
    assert result['msg'].endswith('(%s)' % code)
    assert result.get('parameter') == parameter
    assert result['error']['message'] == 'The service says no.'
    assert SECRET not in json.dumps(result)


def test_other_api_errors_keep_their_message(monkeypatch):
    client = Api()
    client.fail('*', 'AccessDenied', 'no permission', status=403, times=100)
    result, failed = run_module(monkeypatch, route_rule, VPN_ARGS, client)
    assert (
        failed
        and result['msg'] == 'Failed to create route rule 0.0.0.0/0 -> 10.10.0.0/16: no permission (AccessDenied)'
    )
    assert 'parameter' not in result


# -- races: one re-read was not enough when several writers fight over one rule ----------------


def _racing(client, failures, code):
    client.fail('*', code, 'raced', times=failures)


def test_repeated_races_are_re_read_until_the_write_lands(monkeypatch):
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    client = Api([rule('rr-old00000001', '0.0.0.0/0', '10.10.0.0/16', 'vpn', 'vpn-aaaa', description='old')])
    _racing(client, 3, 'NoSuchObject')
    result, failed = run_module(monkeypatch, route_rule, dict(VPN_ARGS, description='new'), client)
    assert not failed and result['changed'] and result['route_rule']['description'] == 'new'
    assert [c[0] for c in client.writes] == ['PUT']


def test_a_create_raced_by_another_writer_converges_on_its_rule(monkeypatch):
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    client = Api()
    # The other writer's create lands first: ours is refused, the re-read lists the rule.
    theirs = _another_writer_creates(client, VPN_ARGS)
    result, failed = run_module(monkeypatch, route_rule, VPN_ARGS, client)
    assert not failed and result['route_rule']['route_rule_id'] == theirs[0]
    assert [c[0] for c in client.writes] == ['POST']


def test_a_repeated_create_the_listing_does_not_show_fails_without_a_second_create(monkeypatch):
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    client = Api()
    # A multi-path rule the service created but does not list: every create of that pair is refused.
    client.fail('POST', 'RouteRuleRepeated', 'route rule repeated', times=100)
    result, failed = run_module(monkeypatch, route_rule, VPN_ARGS, client)
    assert failed and result['parameter'] == 'destination_address'
    assert 'already exists (RouteRuleRepeated), but its listing of the table does not show one' in result['msg']
    assert '0.0.0.0/0 -> 10.10.0.0/16 in %s' % TABLE in result['msg']
    # It does not send the user to route_rule with route_rule_id, which finds rules only in the listing too.
    assert 'route_rule cannot delete it either (not even by route_rule_id)' in result['msg']
    assert client.fault_hits() == [1], 'one create only'
    # One read, the VPC and the VPN gateways for the checks, the refused create, the re-run's read, and the
    # re-reads that give a concurrent replace (delete, then create) time to land.
    reads = ['/v1/route'] * (1 + _route_task.UNLISTED_REREADS)
    paths = [c[1] for c in client.calls]
    # The VPC and the VPN list are read at the same time (issue 25): in either order.
    assert paths[:1] == ['/v1/route'] and sorted(paths[1:3]) == ['/v1/vpc/' + VPC, '/v1/vpn'] and paths[3:] == reads


def test_a_repeated_create_whose_rule_shows_up_on_a_re_read_was_a_race(monkeypatch):
    """Another writer replaced the rule (delete, then create) around our create: refused as repeated, then
    missing from the first re-read, listed again by a later one. A race, not a rule the service hides."""
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)

    client = Api()
    rereads, theirs = [], []

    def replacing():
        if client.fault_hits() == [1]:  # a read after the refused create
            rereads.append(1)
            if len(rereads) == 2:  # the other writer's create lands
                theirs.append(client.create('0.0.0.0/0', '10.10.0.0/16', 'vpn', VPN_ARGS['next_hop_id']))

    client.before('GET', '^/v1/route$', replacing, times=100)
    client.fail('POST', 'RouteRuleRepeated', 'route rule repeated')
    result, failed = run_module(monkeypatch, route_rule, VPN_ARGS, client)
    assert not failed, result['msg']
    assert result['route_rule']['route_rule_id'] == theirs[0]
    # The one refused create, nothing written after it: the rule is as wanted.
    assert client.fault_hits() == [1] and client.writes == []
    assert result['changed'] is False


def test_a_lowercase_or_longer_not_found_code_is_a_race(monkeypatch):
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    client = Api([rule('rr-old00000001', '0.0.0.0/0', '10.10.0.0/16', 'vpn', 'vpn-aaaa', description='old')])
    _racing(client, 1, 'VpcRouteRule.noSuchObject')
    result, failed = run_module(monkeypatch, route_rule, dict(VPN_ARGS, description='new'), client)
    assert not failed and result['changed']
    # The first run's read, the re-run's read, and the read-back after the update.
    assert [c[1] for c in client.calls if c[0] == 'GET'].count('/v1/route') == 3


def test_race_re_reads_are_bounded(monkeypatch):
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    client = Api([rule('rr-old00000001', '0.0.0.0/0', '10.10.0.0/16', 'vpn', 'vpn-aaaa', description='old')])
    _racing(client, 100, 'NoSuchObject')
    result, failed = run_module(monkeypatch, route_rule, dict(VPN_ARGS, description='new'), client)
    assert failed and result['error']['code'] == 'NoSuchObject'
    reads = [c for c in client.calls if c[0] == 'GET' and c[1] == '/v1/route']
    assert len(reads) == _module.RACE_RERUNS + 1


# -- a replace whose create fails has already deleted the old rule: say so -------------------


def test_failed_create_of_a_replace_says_the_old_rule_is_gone(monkeypatch):
    client = Api([rule('rr-old00000001', '0.0.0.0/0', '10.10.0.0/16', 'vpn', 'vpn-aaaa')])
    client.fail('POST', 'ServiceUnavailable', 'try later', status=503)
    result, failed = run_module(
        monkeypatch, route_rule, dict(VPN_ARGS, next_hop_type='nat', next_hop_id='nat-aaaa'), client
    )
    # The delete went through, so the task did change something.
    assert failed and result['changed'] is True
    assert result['msg'] == (
        'Failed to create the replacement of route rule 0.0.0.0/0 -> 10.10.0.0/16 (rr-old00000001), which was '
        'already deleted (run the task again to create it): try later (ServiceUnavailable)'
    )


def test_race_pauses_double_and_stay_bounded(monkeypatch):
    pauses = []
    monkeypatch.setattr(_module.time, 'sleep', pauses.append)
    monkeypatch.setattr(_module.random, 'uniform', lambda low, high: high)
    client = Api([rule('rr-old00000001', '0.0.0.0/0', '10.10.0.0/16', 'vpn', 'vpn-aaaa', description='old')])
    _racing(client, 100, 'NoSuchObject')
    result, failed = run_module(monkeypatch, route_rule, dict(VPN_ARGS, description='new'), client)
    assert failed and result['error']['code'] == 'NoSuchObject'
    assert pauses == [_module.RACE_DELAY * 2**n for n in range(_module.RACE_RERUNS)]
    assert sum(pauses) <= 6.5


def test_empty_source_address_is_refused_before_any_call(monkeypatch):
    for state in ('present', 'absent'):
        client = Api([EXISTING])
        result, failed = run_module(monkeypatch, route_rule, dict(NAT_ARGS, source_address='', state=state), client)
        assert failed and result['parameter'] == 'source_address' and client.calls == [], state
        assert result['msg'] == 'source_address must be a CIDR such as 10.0.0.0/8, got an empty value'


def test_default_gateway_rule_with_an_empty_id_is_created_once_and_then_unchanged(monkeypatch):
    args = dict(VPN_ARGS, next_hop_type='defaultGateway', next_hop_id='')
    # The service's local gateway with an empty id (reference 7 item 5): the emulator's default-gateway option.
    client = Api(options={'default_gateway': True})
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and result['changed']
    assert client.writes[0][3]['nexthopType'] == 'defaultGateway' and client.writes[0][3]['nexthopId'] == ''
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and not result['changed'] and result['route_rule']['next_hop_id'] == ''


MOVED = rule('rr-nat000000001', '192.168.0.0/20', '0.0.0.0/0', 'nat', 'nat-bbbb', description='egress')
ABSENT_VIA_NAT = dict(
    route_table_id=TABLE,
    source_address='192.168.0.0/20',
    destination_address='0.0.0.0/0',
    next_hop_id='nat-aaaa',
    state='absent',
)


def test_owner_safe_absent_deletes_a_rule_still_through_its_next_hop(monkeypatch):
    client = Api([EXISTING])
    result, failed = run_module(monkeypatch, route_rule, ABSENT_VIA_NAT, client)
    assert not failed and result['changed'] and 'left' not in result
    assert [(w[0], w[1]) for w in client.writes] == [('DELETE', '/v1/route/rule/rr-nat000000001')]


@pytest.mark.parametrize('check_mode', [False, True])
def test_owner_safe_absent_leaves_a_rule_moved_to_another_next_hop(monkeypatch, check_mode):
    client = Api([MOVED])
    result, failed = run_module(monkeypatch, route_rule, ABSENT_VIA_NAT, client, check_mode=check_mode)
    assert not failed and not result['changed'] and result['plan'] == [] and client.writes == []
    assert 'left in place: it points at nat-bbbb, not at nat-aaaa' in result['left']
    assert result['route_rule']['next_hop_id'] == 'nat-bbbb'


def test_owner_safe_absent_by_id_with_a_conflicting_type_fails_before_any_call(monkeypatch):
    client = Api([EXISTING])
    args = dict(route_table_id=TABLE, route_rule_id='rr-nat000000001', next_hop_type='vpn', next_hop_id='nat-aaaa')
    result, failed = run_module(monkeypatch, route_rule, dict(args, state='absent'), client)
    assert failed and result['parameter'] == 'next_hop_id' and client.calls == []


def test_owner_safe_absent_with_an_id_of_no_known_type_fails_before_any_call(monkeypatch):
    client = Api([EXISTING])
    result, failed = run_module(monkeypatch, route_rule, dict(ABSENT_VIA_NAT, next_hop_id='xyz-1'), client)
    assert failed and result['parameter'] == 'next_hop_type' and 'does not name a next hop type' in result['msg']
    assert client.calls == []


@pytest.mark.parametrize('rules, deleted', [([EXISTING], True), ([MOVED], False)])
def test_owner_safe_absent_by_name_resolves_it_in_the_same_run(monkeypatch, rules, deleted):
    """The next hop named in an absent task is resolved after the read: the rule is deleted only while it still
    points at the next hop of that name (the roles remove by name through this)."""
    client = Api(rules)
    args = dict(ABSENT_VIA_NAT, next_hop_type='nat', next_hop_name='nat-aaaa')
    del args['next_hop_id']
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed, result['msg']
    assert result['changed'] is deleted
    writes = [(w[0], w[1]) for w in client.writes]
    assert writes == ([('DELETE', '/v1/route/rule/rr-nat000000001')] if deleted else [])
    assert '/v1/nat' in [c[1] for c in client.calls]
    if not deleted:
        assert 'left in place: it points at nat-bbbb, not at nat-aaaa' in result['left']
