# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What a change board approves on (issue 23, item 6): a `--check --diff` plan names the table and VPC of every
change, and a next hop given by name shows that name beside the id it resolved to."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_table
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api, default_next_hops, hop
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import TABLE, VPC, rule, run_module


def named_next_hops():
    hops = default_next_hops()
    hops['nat'] = [hop('nat-main1', 'nat-main')]
    hops['dcGateway'] = [
        hop('dcgw-a', 'line-primary'),
        hop('dcgw-b', 'line-backup'),
    ]
    return hops


BY_NAME = {'vpc_id': VPC, 'destination_address': '0.0.0.0/0', 'next_hop_type': 'nat', 'next_hop_name': 'nat-main'}


def test_a_create_by_name_shows_the_name_and_the_id_under_a_header_naming_table_and_vpc(monkeypatch):
    client = Api(next_hops=named_next_hops())
    result, failed = run_module(monkeypatch, route_rule, BY_NAME, client, check_mode=True, diff=True)
    assert not failed and client.writes == []
    diff = result['diff']
    assert diff['before'] == {}
    assert (diff['after']['next_hop_id'], diff['after']['next_hop_name']) == ('nat-main1', 'nat-main')
    assert (
        diff['before_header']
        == diff['after_header']
        == ('create route rule 0.0.0.0/0 -> 0.0.0.0/0 in %s (%s): not in the table' % (TABLE, VPC))
    )


def test_a_no_op_by_name_shows_the_name_on_both_sides(monkeypatch):
    client = Api([rule('rr-nat000000001', '0.0.0.0/0', '0.0.0.0/0', 'nat', 'nat-main1')], next_hops=named_next_hops())
    result, failed = run_module(monkeypatch, route_rule, BY_NAME, client, diff=True)
    assert not failed and not result['changed']
    assert result['diff']['before'] == result['diff']['after']
    assert result['diff']['after']['next_hop_name'] == 'nat-main'
    assert result['diff']['after']['next_hop_id'] == 'nat-main1'


def test_an_update_by_name_shows_both_names_and_ids(monkeypatch):
    hops = named_next_hops()
    hops['nat'].append(hop('nat-old1', 'nat-old'))
    client = Api([rule('rr-nat000000001', '0.0.0.0/0', '0.0.0.0/0', 'nat', 'nat-old1')], next_hops=hops)
    result, failed = run_module(monkeypatch, route_rule, BY_NAME, client, check_mode=True, diff=True)
    assert not failed and result['changed']
    before, after = result['diff']['before'], result['diff']['after']
    assert (before['next_hop_id'], before['next_hop_name']) == ('nat-old1', 'nat-old')
    assert (after['next_hop_id'], after['next_hop_name']) == ('nat-main1', 'nat-main')
    assert result['diff']['before_header'] == (
        'update route rule 0.0.0.0/0 -> 0.0.0.0/0 (rr-nat000000001) in %s (%s): changes next_hop_id nat-old1 -> '
        'nat-main1' % (TABLE, VPC)
    )


def test_a_table_diff_names_each_next_hop_given_by_name_and_the_table_in_each_header(monkeypatch):
    client = Api(next_hops=named_next_hops())
    args = {
        'vpc_id': VPC,
        'rules': [
            {'destination_address': '10.10.0.0/16', 'next_hop_type': 'nat', 'next_hop_name': 'nat-main'},
            {
                'destination_address': '172.16.0.0/12',
                'next_hops': [
                    {'next_hop_name': 'line-primary', 'path_type': 'ha:active'},
                    {'next_hop_id': 'dcgw-b', 'path_type': 'ha:standby'},
                ],
            },
            {'destination_address': '10.20.0.0/16', 'next_hop_id': 'vpn-1'},
        ],
    }
    result, failed = run_module(monkeypatch, route_table, args, client, check_mode=True, diff=True)
    assert not failed and client.writes == []
    diffs = dict((d['after']['destination_address'], d) for d in result['diff'] if 'after' in d)
    assert [d['before_header'] for d in result['diff'] if 'before_header' in d] == [
        'create route rule 0.0.0.0/0 -> %s in %s (%s): not in the table' % (dst, TABLE, VPC)
        for dst in ('10.10.0.0/16', '172.16.0.0/12', '10.20.0.0/16')
    ]
    assert diffs['10.10.0.0/16']['after']['next_hop_name'] == 'nat-main'
    assert diffs['10.10.0.0/16']['after']['next_hop_id'] == 'nat-main1'
    # A member given by name is named; the type was listed for it, so the other member is named too.
    assert [(h['next_hop_id'], h['next_hop_name']) for h in diffs['172.16.0.0/12']['after']['next_hops']] == [
        ('dcgw-a', 'line-primary'),
        ('dcgw-b', 'line-backup'),
    ]
    # A type no name was given for is not listed for names: the diff shows what the task gave.
    assert 'next_hop_name' not in diffs['10.20.0.0/16']['after']
