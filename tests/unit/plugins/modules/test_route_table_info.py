# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""route_table_info main() on the emulator: grouping, filters, not-found."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.baiducloud.vpc.plugins.modules import route_table_info
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api, endpoint
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import TABLE, VPC, rule, run_module

RULES = [
    rule('rr-host00000001', '0.0.0.0/0', '10.1.2.3/32', 'custom', 'i-abc'),
    rule('rr-ec0000000001', '0.0.0.0/0', '10.20.0.0/16', 'dcGateway', 'dcgw-a', 'ecmp'),
    rule('rr-ec0000000002', '0.0.0.0/0', '10.20.0.0/16', 'dcGateway', 'dcgw-b', 'ecmp'),
]


@pytest.mark.parametrize(
    'filters,expected',
    [
        ({}, ['192.168.0.0/16', '10.1.2.3/32', '10.20.0.0/16']),
        ({'include_system': False}, ['10.1.2.3/32', '10.20.0.0/16']),
        ({'destination_address': '10.1.2.3'}, ['10.1.2.3/32']),
        ({'next_hop_id': 'dcgw-b'}, ['10.20.0.0/16']),
        ({'next_hop_type': 'custom'}, ['10.1.2.3/32']),
        ({'source_address': '192.168.0.0/20'}, []),
    ],
)
def test_filters(monkeypatch, filters, expected):
    client = Api(RULES)
    result, failed = run_module(monkeypatch, route_table_info, dict(filters, vpc_id=VPC), client, check_mode=True)
    assert not failed and not result['changed'] and result['found']
    table = result['route_table']
    assert (table['route_table_id'], table['vpc_id'], table['name']) == (TABLE, VPC, 'default')
    assert [r['destination_address'] for r in table['route_rules']] == expected
    assert client.writes == []


def test_ecmp_group_is_one_rule(monkeypatch):
    result, dummy = run_module(monkeypatch, route_table_info, {'route_table_id': TABLE}, Api(RULES))
    group = result['route_table']['route_rules'][2]
    assert group['mode'] == 'ecmp' and group['route_rule_ids'] == ['rr-ec0000000001', 'rr-ec0000000002']


def test_missing_table_is_not_a_failure(monkeypatch):
    result, failed = run_module(monkeypatch, route_table_info, {'route_table_id': 'rt-nope'}, Api(table_exists=False))
    assert not failed and result['found'] is False and result['route_table'] is None


def test_bad_filter_is_a_failure(monkeypatch):
    client = Api()
    result, failed = run_module(
        monkeypatch, route_table_info, {'route_table_id': TABLE, 'destination_address': 'nope'}, client
    )
    assert failed and result['parameter'] == 'destination_address' and client.calls == []


def test_failure_message_counts_the_tries(monkeypatch):
    client = Api()
    # Every try loses its connection before an answer (the emulator's close fault): the first and 3 retries.
    client.close('GET', '^/v1/route$', times=4)
    args = {'route_table_id': TABLE, 'api_retries': 3, 'api_retry_max_delay': 0}
    result, failed = run_module(monkeypatch, route_table_info, args, client)
    assert failed and result['msg'] == (
        'Failed to read route table %s after 4 tries: connection to %s (check the endpoint option) failed '
        '(connection error)' % (TABLE, endpoint())
    )
    assert len(client.calls) == 4 and client.fault_hits() == [4]
