# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Next hops by name and verified before any write, through the modules' main() on the emulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_table, route_table_info
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api, default_next_hops, documented, hop
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import TABLE, VPC, rule, run_module

NEXT_HOP_PATHS = ('/v1/nat', '/v1/vpn', '/v1/etGateway', '/v1/peerconn', '/v1/eni', '/v1/havip', '/v1/IPv6Gateway')


def fixture_next_hops():
    hops = default_next_hops()
    hops['nat'] = [
        hop('nat-main1', 'nat-main'),
        hop('nat-sh1', 'nat-shared'),
        hop('nat-sh2', 'nat-shared'),
        hop('nat-down', 'nat-stopped', status='down'),
    ]
    hops['vpn'] = [hop('vpn-1', 'office')]
    return hops


def next_hop_reads(client):
    return [c[1] for c in client.calls if c[1] in NEXT_HOP_PATHS or c[1] == '/v2/instance']


THREE_RULES = [
    {'destination_address': '10.1.0.0/16', 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-1'},
    {'destination_address': '10.2.0.0/16', 'next_hop_type': 'nat', 'next_hop_id': 'nat-main1'},
    {'destination_address': '10.3.0.0/16', 'next_hop_type': 'nat', 'next_hop_id': 'nat-missing'},
]


@pytest.mark.parametrize('check_mode', [False, True])
def test_a_missing_next_hop_in_the_third_rule_fails_before_any_write(monkeypatch, check_mode):
    client = Api(next_hops=fixture_next_hops())
    args = {'vpc_id': VPC, 'rules': THREE_RULES}
    result, failed = run_module(monkeypatch, route_table, args, client, check_mode=check_mode)
    assert failed and client.writes == [] and not result['changed']
    assert result['parameter'] == 'rules[2].next_hop_id'
    assert result['msg'].startswith(
        'rules[2].next_hop_id: nat-missing is not a nat next hop of %s, so the rule 0.0.0.0/0 -> 10.3.0.0/16 '
        'cannot be written (nothing was written)' % VPC
    )
    # One list call per type, not per rule.
    assert sorted(next_hop_reads(client)) == ['/v1/nat', '/v1/vpn']


def test_a_rule_by_nat_name_converges_and_is_idempotent(monkeypatch):
    client = Api(next_hops=fixture_next_hops())
    args = {
        'route_table_id': TABLE,
        'rules': [
            {
                'destination_address': '0.0.0.0/0',
                'source_address': '192.168.0.0/20',
                'next_hop_type': 'nat',
                'next_hop_name': 'nat-main',
            }
        ],
    }
    result, failed = run_module(monkeypatch, route_table, args, client)
    assert not failed and result['changed']
    assert [(w[0], w[3]['nexthopId']) for w in client.writes] == [('POST', 'nat-main1')]
    created = [r for r in result['route_table']['route_rules'] if not r['system']][0]
    assert (created['next_hop_id'], created['next_hop_name']) == ('nat-main1', 'nat-main')
    # The name needs the NAT list once; the verification of the create uses the same listing.
    assert next_hop_reads(client) == ['/v1/nat']

    client.forget()
    result, failed = run_module(monkeypatch, route_table, args, client)
    assert not failed and not result['changed'] and client.writes == []
    assert next_hop_reads(client) == ['/v1/nat']


def test_a_no_op_by_id_reads_no_next_hop(monkeypatch):
    client = Api(
        [rule('rr-nat000000001', '0.0.0.0/0', '10.2.0.0/16', 'nat', 'nat-main1')], next_hops=fixture_next_hops()
    )
    args = {'route_table_id': TABLE, 'rules': [THREE_RULES[1]]}
    result, failed = run_module(monkeypatch, route_table, args, client)
    assert not failed and not result['changed']
    assert next_hop_reads(client) == [] and [c[1] for c in client.calls] == ['/v1/route']
    assert 'next_hop_name' not in result['route_table']['route_rules'][1]


def test_an_ambiguous_name_fails_listing_both_candidates(monkeypatch):
    client = Api(next_hops=fixture_next_hops())
    args = {'vpc_id': VPC, 'destination_address': '0.0.0.0/0', 'next_hop_type': 'nat', 'next_hop_name': 'nat-shared'}
    result, failed = run_module(monkeypatch, route_rule, args, client, check_mode=True)
    assert failed and result['parameter'] == 'next_hop_name' and client.writes == []
    assert "nat-sh1 ('nat-shared', active), nat-sh2 ('nat-shared', active)" in result['msg']


def test_a_next_hop_that_cannot_route_is_written_with_a_warning(monkeypatch):
    client = Api(next_hops=fixture_next_hops())
    args = {'vpc_id': VPC, 'destination_address': '0.0.0.0/0', 'next_hop_type': 'nat', 'next_hop_name': 'nat-stopped'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and result['changed'] and result['route_rule']['next_hop_id'] == 'nat-down'
    assert client.warnings == [
        "next_hop_id: the nat next hop nat-down (nat-stopped, down) is in status 'down', in which it does not route "
        'traffic'
    ]


def test_verify_next_hops_false_skips_the_reads(monkeypatch):
    # nat-missing exists here (unlisted by the collection, which reads no list): the service judges each next hop
    # on write, and the emulator, like the service, refuses a rule through a next hop that does not exist.
    hops = fixture_next_hops()
    hops['nat'].append(hop('nat-missing'))
    client = Api(next_hops=hops)
    args = {'vpc_id': VPC, 'rules': THREE_RULES, 'verify_next_hops': False}
    result, failed = run_module(monkeypatch, route_table, args, client)
    assert not failed and len(client.writes) == 3 and next_hop_reads(client) == []


def test_a_forbidden_list_call_fails_saying_how_to_skip(monkeypatch):
    hops = fixture_next_hops()
    client = Api(next_hops=hops)
    client.fail('GET', 'AccessDenied', 'Access denied.', status=403, times=100, path='^/v1/nat$')
    args = {'vpc_id': VPC, 'destination_address': '0.0.0.0/0', 'next_hop_type': 'nat', 'next_hop_id': 'nat-main1'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert failed and client.writes == [] and result['error']['code'] == 'AccessDenied'
    assert result['msg'] == (
        'Failed to list the NAT gateways (GET /v1/nat) of %s: Access denied; these credentials may not read the NAT '
        'gateways: set verify_next_hops: false to skip this check (the service then judges each next hop on write) '
        '(AccessDenied)' % VPC
    )


def test_a_malformed_list_answer_fails_cleanly(monkeypatch):
    client = Api(next_hops=fixture_next_hops())
    # Baidu's documented NAT list (ListNat) with one item that has no id.
    answer = documented('ListNat')
    answer['nats'] = [dict(answer['nats'][0], name='no id', status='active', vpcId=VPC)]
    del answer['nats'][0]['id']
    client.mangle('GET', '^/v1/nat$', json.dumps(answer))
    args = {'vpc_id': VPC, 'destination_address': '0.0.0.0/0', 'next_hop_type': 'nat', 'next_hop_name': 'no id'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert failed and client.writes == [] and result['error']['code'] == 'MalformedResponse'
    assert 'GET /v1/nat answered an item (#0) whose id is missing' in result['msg']
    assert 'Traceback' not in result['msg'] and 'exception' not in result


def test_multi_path_members_by_name(monkeypatch):
    hops = fixture_next_hops()
    hops['dcGateway'] = [
        hop('dcgw-a', 'line-a'),
        hop('dcgw-b', 'line-b'),
    ]
    client = Api(next_hops=hops)
    args = {
        'route_table_id': TABLE,
        'destination_address': '172.16.0.0/12',
        'next_hops': [
            {'next_hop_name': 'line-a', 'path_type': 'ha:active'},
            {'next_hop_name': 'line-b', 'path_type': 'ha:standby'},
        ],
    }
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and result['changed']
    assert [(h['nexthopId'], h['pathType']) for h in client.writes[0][3]['nextHopList']] == [
        ('dcgw-a', 'ha:active'),
        ('dcgw-b', 'ha:standby'),
    ]
    assert [h['next_hop_name'] for h in result['route_rule']['next_hops']] == ['line-a', 'line-b']
    assert next_hop_reads(client) == ['/v1/etGateway']


def test_route_table_info_resolves_names_with_one_read_per_type(monkeypatch):
    rules = [
        rule('rr-nat000000001', '0.0.0.0/0', '10.2.0.0/16', 'nat', 'nat-main1'),
        rule('rr-nat000000002', '0.0.0.0/0', '10.3.0.0/16', 'nat', 'nat-sh2'),
        rule('rr-vpn000000001', '0.0.0.0/0', '10.4.0.0/16', 'vpn', 'vpn-gone'),
    ]
    client = Api(rules, next_hops=fixture_next_hops())
    result, failed = run_module(monkeypatch, route_table_info, {'vpc_id': VPC, 'resolve_names': True}, client)
    assert not failed
    named = [(r['next_hop_id'], r['next_hop_name']) for r in result['route_table']['route_rules']]
    assert named == [('', None), ('nat-main1', 'nat-main'), ('nat-sh2', 'nat-shared'), ('vpn-gone', None)]
    # One read per type, the types at the same time (issue 25): in either order.
    assert sorted(next_hop_reads(client)) == ['/v1/nat', '/v1/vpn']
    client.forget()
    result, failed = run_module(monkeypatch, route_table_info, {'vpc_id': VPC}, client)
    assert not failed and next_hop_reads(client) == []
    assert 'next_hop_name' not in result['route_table']['route_rules'][1]


def test_a_change_by_id_returns_the_same_shape_as_its_no_op(monkeypatch):
    client = Api(next_hops=fixture_next_hops())
    args = {
        'route_table_id': TABLE,
        'destination_address': '10.2.0.0/16',
        'next_hop_type': 'nat',
        'next_hop_id': 'nat-main1',
    }
    created, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and created['changed'] and next_hop_reads(client) == ['/v1/nat']
    again, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and not again['changed'] and again['route_rule'] == created['route_rule']
    assert 'next_hop_name' not in created['route_rule']


def test_by_name_every_listed_type_is_named_in_change_and_no_op_alike(monkeypatch):
    client = Api(next_hops=fixture_next_hops())
    rules = [
        {'destination_address': '10.1.0.0/16', 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-1'},
        {'destination_address': '10.2.0.0/16', 'next_hop_type': 'nat', 'next_hop_name': 'nat-main'},
        {'destination_address': '10.3.0.0/16', 'next_hop_type': 'nat', 'next_hop_id': 'nat-sh2'},
    ]
    args = {'route_table_id': TABLE, 'rules': rules}
    changed, failed = run_module(monkeypatch, route_table, args, client)
    assert not failed and changed['changed'] and len(client.writes) == 3
    again, failed = run_module(monkeypatch, route_table, args, client)
    assert not failed and not again['changed']
    for result in (changed, again):
        named = [
            (r['next_hop_id'], r['next_hop_name']) for r in result['route_table']['route_rules'] if not r['system']
        ]
        # vpn was listed only to verify the change, so it is not named in either run
        assert named == [('vpn-1', None), ('nat-main1', 'nat-main'), ('nat-sh2', 'nat-shared')]
