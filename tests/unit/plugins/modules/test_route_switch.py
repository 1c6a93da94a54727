# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""route_switch main(): declarative switch, check mode, diff and refusals."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.modules import route_switch
from ansible_collections.baiducloud.vpc.tests.unit.plugins.modules.fake_bce import TABLE, FakeClient, rule, run_module

PAIR = [
    rule('rr-ha0000000001', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-a', 'ha:active'),
    rule('rr-ha0000000002', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-b', 'ha:standby'),
]
ARGS = {'route_table_id': TABLE, 'destination_address': '172.16.0.0/12'}


def test_switch_sends_one_call_and_waits_for_the_new_active_hop(monkeypatch):
    client = FakeClient(PAIR)
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
        'switch route rule 0.0.0.0/0 -> 172.16.0.0/12 (rr-ha0000000001): make dcgw-b the active next hop (now dcgw-a)'
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
    client = FakeClient(PAIR)
    result, failed = run_module(monkeypatch, route_switch, dict(ARGS, active_next_hop_id='dcgw-a'), client)
    assert not failed and not result['changed'] and client.writes == [] and result['plan'] == []


def test_check_mode_predicts_without_writing(monkeypatch):
    client = FakeClient(PAIR)
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
    client = FakeClient(PAIR + [rule('rr-nat000000001', '0.0.0.0/0', '0.0.0.0/0', 'nat', 'nat-a')])
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
    client = FakeClient()
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
    client = FakeClient(PAIR)
    result, failed = run_module(
        monkeypatch, route_switch, dict(ARGS, source_address='', active_next_hop_id='dcgw-b'), client
    )
    assert failed and result['parameter'] == 'source_address' and client.calls == []
    assert result['msg'] == 'source_address must be a CIDR such as 10.0.0.0/8, got an empty value'
