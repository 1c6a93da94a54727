# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""source_address given as a subnet id (issue 13): resolved to the subnet's CIDR in the same VPC (on the emulator)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_table
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import OTHER_VPC, Api
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import TABLE, VPC, run_module

SUBNETS = [
    {'subnetId': 'sbn-a1', 'cidr': '192.168.0.0/20', 'ipv6Cidr': '2400:da00::/64'},
    {'subnetId': 'sbn-b2', 'cidr': '192.168.16.0/20', 'ipv6Cidr': ''},
    {'subnetId': 'sbn-other', 'vpc': OTHER_VPC, 'cidr': '10.0.0.0/24', 'ipv6Cidr': ''},
]


def subnet_api():
    return Api(subnets=SUBNETS, ipv6_cidr='2400:da00::/56')


ARGS = {'route_table_id': TABLE, 'source_address': 'sbn-a1', 'destination_address': '0.0.0.0/0', 'next_hop_id': 'nat-x'}


def test_a_subnet_id_becomes_its_cidr_and_the_result_shows_both(monkeypatch):
    client = subnet_api()
    result, failed = run_module(monkeypatch, route_rule, ARGS, client)
    assert not failed, result['msg']
    assert result['route_rule']['source_address'] == '192.168.0.0/20'
    assert result['source_subnets'] == [
        {'parameter': 'source_address', 'subnet_id': 'sbn-a1', 'source_address': '192.168.0.0/20'}
    ]
    assert client.writes[0][3]['sourceAddress'] == '192.168.0.0/20'


def test_an_ipv6_rule_takes_the_ipv6_cidr(monkeypatch):
    client = subnet_api()
    args = dict(ARGS, destination_address='::/0', next_hop_id='gw-x')
    result, failed = run_module(monkeypatch, route_rule, args, client, check_mode=True)
    assert not failed and result['route_rule']['source_address'] == '2400:da00::/64'


def test_route_table_items_take_subnet_ids(monkeypatch):
    client = subnet_api()
    rules = [{'source_address': 'sbn-b2', 'destination_address': '0.0.0.0/0', 'next_hop_id': 'nat-x'}]
    result, failed = run_module(
        monkeypatch, route_table, {'route_table_id': TABLE, 'rules': rules}, client, check_mode=True
    )
    assert not failed and result['plan'][0]['source_address'] == '192.168.16.0/20'
    assert result['source_subnets'][0]['parameter'] == 'rules[0].source_address'


def test_refusals_name_the_parameter(monkeypatch):
    cases = [
        (dict(ARGS, source_address='sbn-other'), 'the subnet belongs to vpc-elsewhere, not to %s' % VPC),
        (dict(ARGS, source_address='sbn-nope'), 'no such subnet'),
        (dict(ARGS, source_address='sbn-b2', destination_address='::/0', next_hop_id='gw-x'), 'has no IPv6 CIDR'),
        (dict(ARGS, source_address='sbn-x/../y'), 'neither a CIDR nor a subnet id'),
    ]
    for args, words in cases:
        client = subnet_api()
        result, failed = run_module(monkeypatch, route_rule, args, client)
        assert failed and result['parameter'] == 'source_address' and words in result['msg'], result
        assert client.writes == []


def test_other_bad_input_fails_before_the_subnet_is_read(monkeypatch):
    client = subnet_api()
    result, failed = run_module(monkeypatch, route_rule, dict(ARGS, next_hop_id='vpn-x', next_hop_type='nat'), client)
    assert failed and result['parameter'] == 'next_hop_id' and client.calls == []
