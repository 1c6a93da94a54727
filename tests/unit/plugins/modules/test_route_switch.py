# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""route_switch main() on the emulator: declarative switch, check mode, diff and refusals."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
from ansible.module_utils import basic

from ansible_collections.baiducloud.vpc.plugins.modules import route_switch
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api, default_next_hops, hop
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import TABLE, VPC, rule, run_module

PAIR = [
    rule('rr-ha0000000001', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-a', 'ha:active'),
    rule('rr-ha0000000002', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-b', 'ha:standby'),
]
ARGS = {'route_table_id': TABLE, 'destination_address': '172.16.0.0/12'}


def test_switch_sends_one_call_and_waits_for_the_new_active_hop(monkeypatch):
    client = Api(PAIR)
    result, failed = run_module(monkeypatch, route_switch, dict(ARGS, active_next_hop_id='dcgw-b'), client, diff=True)
    assert not failed and result['changed']
    assert [(w[0], w[1], w[2]) for w in client.writes] == [
        ('PUT', '/v1/route/rule/rr-ha0000000001', {'switchRouteHA': ''})
    ]
    assert client.writes[0][4].startswith('ansible-')
    assert result['route_rule']['next_hops'][0]['next_hop_id'] == 'dcgw-b'
    # The diff shows the pair in the rule view every module's diff uses (the active member first), without ids:
    # the header names the rule's id (issue 13).
    member_a = {'next_hop_id': 'dcgw-a', 'next_hop_type': 'dcGateway'}
    member_b = {'next_hop_id': 'dcgw-b', 'next_hop_type': 'dcGateway'}
    pair = {
        'source_address': '0.0.0.0/0',
        'destination_address': '172.16.0.0/12',
        'ip_version': 4,
        'description': '',
    }
    header = (
        'switch route rule 0.0.0.0/0 -> 172.16.0.0/12 (rr-ha0000000001) in %s (%s): make dcgw-b the active next hop '
        '(now dcgw-a)' % (TABLE, VPC)
    )
    assert result['diff'] == {
        'before': dict(pair, next_hops=[dict(member_a, path_type='ha:active'), dict(member_b, path_type='ha:standby')]),
        'after': dict(pair, next_hops=[dict(member_b, path_type='ha:active'), dict(member_a, path_type='ha:standby')]),
        'before_header': header,
        'after_header': header,
    }
    # one read before, one read to confirm
    assert [c[1] for c in client.calls if c[0] == 'GET'] == ['/v1/route', '/v1/route']


def test_already_active_is_unchanged_without_any_write(monkeypatch):
    client = Api(PAIR)
    result, failed = run_module(monkeypatch, route_switch, dict(ARGS, active_next_hop_id='dcgw-a'), client)
    assert not failed and not result['changed'] and client.writes == [] and result['plan'] == []


def test_check_mode_predicts_without_writing(monkeypatch):
    client = Api(PAIR)
    result, failed = run_module(
        monkeypatch,
        route_switch,
        {'route_table_id': TABLE, 'route_rule_id': 'rr-ha0000000002', 'active_next_hop_id': 'dcgw-b'},
        client,
        check_mode=True,
    )
    assert not failed and result['changed'] and client.writes == []
    assert result['route_rule']['next_hops'][0] == {
        'next_hop_id': 'dcgw-b',
        'next_hop_type': 'dcGateway',
        'path_type': 'ha:active',
        'route_rule_id': 'rr-ha0000000002',
    }


def test_refuses_non_member_and_non_ha(monkeypatch):
    client = Api(PAIR + [rule('rr-nat000000001', '0.0.0.0/0', '0.0.0.0/0', 'nat', 'nat-a')])
    result, failed = run_module(monkeypatch, route_switch, dict(ARGS, active_next_hop_id='dcgw-x'), client)
    assert failed and result['parameter'] == 'active_next_hop_id'
    result, failed = run_module(
        monkeypatch, route_switch, dict(ARGS, destination_address='0.0.0.0/0', active_next_hop_id='nat-a'), client
    )
    assert failed and 'not a primary/standby (HA) pair' in result['msg']
    result, failed = run_module(
        monkeypatch, route_switch, dict(ARGS, destination_address='10.0.0.0/8', active_next_hop_id='dcgw-a'), client
    )
    assert failed and result['msg'] == 'no rule routes 0.0.0.0/0 -> 10.0.0.0/8 in %s%s' % (TABLE, UNLISTED)
    assert client.writes == []


# The message of a pair the listing does not show says that the service may hold one it does not list (reference 7,
# item 2), by destination and by id, and nothing is written: the active member's id is only in the listing.
UNLISTED = (
    ' (as the service lists it; a primary/standby pair the service created but does not list cannot be switched '
    'with this module: switch it in the console)'
)


def test_a_pair_the_listing_does_not_show_fails_saying_it_may_be_unlisted(monkeypatch):
    client = Api()
    result, failed = run_module(monkeypatch, route_switch, dict(ARGS, active_next_hop_id='dcgw-b'), client)
    assert failed and result['parameter'] == 'destination_address'
    assert result['msg'] == 'no rule routes 0.0.0.0/0 -> 172.16.0.0/12 in %s%s' % (TABLE, UNLISTED)
    args = {'route_table_id': TABLE, 'route_rule_id': 'rr-ha0000000001', 'active_next_hop_id': 'dcgw-b'}
    result, failed = run_module(monkeypatch, route_switch, args, client)
    assert failed and result['parameter'] == 'route_rule_id'
    assert result['msg'] == 'route_rule_id rr-ha0000000001 does not exist in %s%s' % (TABLE, UNLISTED)
    assert client.writes == []


def test_empty_source_address_is_refused_before_any_call(monkeypatch):
    """As in route_rule and route_table: an empty source is bad input, not 0.0.0.0/0."""
    client = Api(PAIR)
    result, failed = run_module(
        monkeypatch, route_switch, dict(ARGS, source_address='', active_next_hop_id='dcgw-b'), client
    )
    assert failed and result['parameter'] == 'source_address' and client.calls == []
    assert result['msg'] == 'source_address must be a CIDR such as 10.0.0.0/8, got an empty value'


# -- check mode: "create a primary/standby pair, then switch it" (issue 23, item 5) ----------------------------------

PREDICTED_WARNING = (
    'route table %s (%s) has no primary/standby pair 0.0.0.0/0 -> 172.16.0.0/12 (as the service lists it): check '
    'mode predicts the switch from the requested state (dcgw-b active), as an earlier task of this play may create '
    'the pair (in check mode it created nothing). A real run fails unless the pair exists by then; a pair the service '
    'created but does not list cannot be switched with this module' % (TABLE, VPC)
)


def _warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, text: seen.append(text))
    return seen


def test_check_mode_predicts_the_switch_of_a_pair_that_does_not_exist_yet(monkeypatch):
    warnings = _warnings(monkeypatch)
    client = Api()
    result, failed = run_module(
        monkeypatch, route_switch, dict(ARGS, active_next_hop_id='dcgw-b'), client, check_mode=True, diff=True
    )
    assert not failed, result
    assert result['changed'] and client.writes == []
    assert warnings == [PREDICTED_WARNING]
    assert result['plan'] == [
        {
            'action': 'switch',
            'route_rule_id': None,
            'source_address': '0.0.0.0/0',
            'destination_address': '172.16.0.0/12',
            'changes': {'active_next_hop_id': {'before': None, 'after': 'dcgw-b'}},
            'reason': None,
        }
    ]
    assert result['route_rule']['mode'] == 'ha'
    assert result['route_rule']['next_hops'] == [
        {'next_hop_id': 'dcgw-b', 'next_hop_type': 'dcGateway', 'path_type': 'ha:active', 'route_rule_id': None}
    ]
    assert result['diff']['before'] == {}
    assert result['diff']['before_header'] == (
        'switch route rule 0.0.0.0/0 -> 172.16.0.0/12 in %s (%s): make dcgw-b the active next hop (the pair does not '
        'exist yet; predicted from the requested state)' % (TABLE, VPC)
    )
    # The gateway itself is checked: one listing of the VPC's dedicated-line gateways.
    assert [c[1] for c in client.calls] == ['/v1/route', '/v1/etGateway']


def test_outside_check_mode_a_missing_pair_still_fails_without_a_write(monkeypatch):
    warnings = _warnings(monkeypatch)
    client = Api()
    result, failed = run_module(monkeypatch, route_switch, dict(ARGS, active_next_hop_id='dcgw-b'), client)
    assert failed and result['parameter'] == 'destination_address' and not result['changed']
    assert result['msg'] == 'no rule routes 0.0.0.0/0 -> 172.16.0.0/12 in %s%s' % (TABLE, UNLISTED)
    assert client.writes == [] and warnings == []


def test_check_mode_still_fails_for_a_gateway_no_task_can_make_a_member(monkeypatch):
    client = Api()
    result, failed = run_module(
        monkeypatch, route_switch, dict(ARGS, active_next_hop_id='dcgw-nothere'), client, check_mode=True
    )
    assert failed and result['parameter'] == 'active_next_hop_id' and not result['changed']
    assert result['msg'] == (
        'no rule routes 0.0.0.0/0 -> 172.16.0.0/12 in %s%s; in check mode an earlier task may not have created the '
        'pair yet, but active_next_hop_id dcgw-nothere is not a dcGateway next hop of %s either (the dcGateway next '
        'hops there: dcgw-a (\'dcgw-a\', running), dcgw-b (\'dcgw-b\', running), dcgw-x (\'dcgw-x\', running))'
        % (TABLE, UNLISTED, VPC)
    )


def test_check_mode_still_fails_for_an_unknown_route_rule_id(monkeypatch):
    """A check-mode create returns no id, so an id that is not in the table never comes from an earlier task."""
    client = Api()
    args = {'route_table_id': TABLE, 'route_rule_id': 'rr-ha0000000001', 'active_next_hop_id': 'dcgw-b'}
    result, failed = run_module(monkeypatch, route_switch, args, client, check_mode=True)
    assert failed and result['parameter'] == 'route_rule_id'
    assert result['msg'] == 'route_rule_id rr-ha0000000001 does not exist in %s%s' % (TABLE, UNLISTED)


# -- the switch header names the pair as route_table_info does (issue 23, item 6) -----------------------------------


def test_the_switch_header_names_the_pair_by_its_route_rule_id(monkeypatch):
    client = Api(
        [
            rule('rr-ha0000000001', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-a', 'ha:standby'),
            rule('rr-ha0000000002', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-b', 'ha:active'),
        ]
    )
    result, failed = run_module(
        monkeypatch, route_switch, dict(ARGS, active_next_hop_id='dcgw-a'), client, check_mode=True, diff=True
    )
    assert not failed and result['route_rule']['route_rule_id'] == 'rr-ha0000000001'
    assert result['plan'][0]['route_rule_id'] == 'rr-ha0000000002'
    assert result['diff']['before_header'] == (
        'switch route rule 0.0.0.0/0 -> 172.16.0.0/12 (rr-ha0000000001) in %s (%s): make dcgw-a the active next hop '
        '(now dcgw-b; the switch request names its member rr-ha0000000002)' % (TABLE, VPC)
    )


# -- active_next_hop_name (issue 23, item 11) ------------------------------------------------------------------------


def named_gateways():
    hops = default_next_hops()
    hops['dcGateway'] = [
        hop('dcgw-a', 'line-primary'),
        hop('dcgw-b', 'line-backup'),
        hop('dcgw-c', 'line-twin'),
        hop('dcgw-d', 'line-twin'),
    ]
    return hops


def test_active_next_hop_name_switches_to_the_gateway_of_that_name(monkeypatch):
    client = Api(PAIR, next_hops=named_gateways())
    result, failed = run_module(
        monkeypatch, route_switch, dict(ARGS, active_next_hop_name='line-backup'), client, diff=True
    )
    assert not failed, result
    assert [(w[0], w[1]) for w in client.writes] == [('PUT', '/v1/route/rule/rr-ha0000000001')]
    assert result['plan'][0]['changes'] == {'active_next_hop_id': {'before': 'dcgw-a', 'after': 'dcgw-b'}}
    # The result and the diff show each member's name beside its id.
    assert [(h['next_hop_id'], h['next_hop_name']) for h in result['route_rule']['next_hops']] == [
        ('dcgw-b', 'line-backup'),
        ('dcgw-a', 'line-primary'),
    ]
    assert [(h['next_hop_id'], h['next_hop_name']) for h in result['diff']['after']['next_hops']] == [
        ('dcgw-b', 'line-backup'),
        ('dcgw-a', 'line-primary'),
    ]
    assert [(h['next_hop_id'], h['next_hop_name']) for h in result['diff']['before']['next_hops']] == [
        ('dcgw-a', 'line-primary'),
        ('dcgw-b', 'line-backup'),
    ]
    assert result['diff']['before_header'].endswith(
        ": make dcgw-b (named 'line-backup') the active next hop (now dcgw-a)"
    )
    # A second run is a no-op with the same shape of result.
    again, failed = run_module(monkeypatch, route_switch, dict(ARGS, active_next_hop_name='line-backup'), client)
    assert not failed and not again['changed'] and again['route_rule'] == result['route_rule']


def test_active_next_hop_name_in_check_mode_predicts_a_pair_that_does_not_exist_yet(monkeypatch):
    warnings = _warnings(monkeypatch)
    client = Api(next_hops=named_gateways())
    result, failed = run_module(
        monkeypatch, route_switch, dict(ARGS, active_next_hop_name='line-backup'), client, check_mode=True
    )
    assert not failed and result['changed'] and client.writes == []
    assert warnings == [PREDICTED_WARNING]
    assert result['route_rule']['next_hops'][0]['next_hop_name'] == 'line-backup'
    # One listing resolves the name and checks the gateway.
    assert [c[1] for c in client.calls] == ['/v1/route', '/v1/etGateway']


@pytest.mark.parametrize(
    'args,parameter,message',
    [
        (
            {'active_next_hop_name': 'line-none'},
            'active_next_hop_name',
            "active_next_hop_name: no dcGateway next hop is named 'line-none' in %s; the dcGateway next hops there: "
            'dcgw-a (\'line-primary\', running), dcgw-b (\'line-backup\', running), dcgw-c (\'line-twin\', running), '
            'dcgw-d (\'line-twin\', running)' % VPC,
        ),
        (
            {'active_next_hop_name': 'line-twin'},
            'active_next_hop_name',
            "active_next_hop_name: 2 dcGateway next hops are named 'line-twin' in %s: dcgw-c ('line-twin', running), "
            'dcgw-d (\'line-twin\', running); give active_next_hop_id to choose one' % VPC,
        ),
        ({'active_next_hop_name': ' '}, 'active_next_hop_name', 'active_next_hop_name must not be empty'),
        (
            {'active_next_hop_name': 'line-primary', 'active_next_hop_id': 'dcgw-a'},
            None,
            'parameters are mutually exclusive: active_next_hop_id|active_next_hop_name',
        ),
        ({}, None, 'one of the following is required: active_next_hop_id, active_next_hop_name'),
    ],
)
def test_active_next_hop_name_refusals_come_before_any_write(monkeypatch, args, parameter, message):
    client = Api(PAIR, next_hops=named_gateways())
    result, failed = run_module(monkeypatch, route_switch, dict(ARGS, **args), client)
    assert failed and client.writes == [] and result['msg'] == message
    assert result.get('parameter') == parameter


def test_a_gateway_named_that_is_not_a_member_says_which_name(monkeypatch):
    client = Api(PAIR, next_hops=named_gateways())
    result, failed = run_module(monkeypatch, route_switch, dict(ARGS, active_next_hop_name='line-twin-c'), client)
    assert failed
    client.add_hop('dcGateway', 'dcgw-e', 'line-spare')
    result, failed = run_module(monkeypatch, route_switch, dict(ARGS, active_next_hop_name='line-spare'), client)
    assert failed and client.writes == [] and result['parameter'] == 'active_next_hop_name'
    assert result['msg'] == (
        "active_next_hop_name 'line-spare' (dcgw-e) is not a member of the HA pair 0.0.0.0/0 -> 172.16.0.0/12 "
        '(members: dcgw-a, dcgw-b)'
    )
