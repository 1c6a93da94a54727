# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 25: the independent reads before a write (the VPC, each next-hop list) are made at the same time, and
every result and failure stays what the one-after-the-other reads gave."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading

from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_table, route_table_info
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api, default_next_hops, hop
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import TABLE, VPC, rule, run_module

NAT_ARGS = {
    'route_table_id': TABLE,
    'source_address': '192.168.0.0/20',
    'destination_address': '0.0.0.0/0',
    'next_hop_type': 'nat',
    'next_hop_id': 'nat-aaaa',
}
TABLE_ARGS = {
    'vpc_id': VPC,
    'rules': [
        {'destination_address': '10.1.0.0/16', 'next_hop_type': 'nat', 'next_hop_id': 'nat-aaaa'},
        {'destination_address': '10.2.0.0/16', 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-aaaa'},
    ],
}


def meeting_api(together, **kwargs):
    """An Api whose emulator holds the first read of each path in `together` (a path ending in / stands for every
    path under it) until all of them are in flight: reads made one after the other never meet (the first waits
    alone and the barrier breaks), reads made at the same time do (the emulator answers each on its own thread)."""
    client = Api(**kwargs)
    barrier = threading.Barrier(len(together), timeout=5)
    for path in together:
        client.before('GET', '^' + (path if path.endswith('/') else path + '$'), barrier.wait)
    return client


def request_ids(client, path):
    """The request ids the emulator gave the reads of `path`."""
    return [call['request_id'] for call in client.log() if call['path'] == path]


def paths(client):
    return [c[1] for c in client.calls]


def test_route_rule_reads_the_vpc_and_the_nat_list_at_the_same_time(monkeypatch):
    client = meeting_api(['/v1/vpc/', '/v1/nat'])
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert not failed, result
    assert result['changed'] and [w[0] for w in client.writes] == ['POST']
    # Which reads and how many are unchanged; only the two in the middle may come in either order.
    read = paths(client)
    assert read[:1] == ['/v1/route'] and sorted(read[1:3]) == ['/v1/nat', '/v1/vpc/' + VPC]
    assert read[3:] == ['/v1/route/rule', '/v1/route']


def test_route_table_reads_the_vpc_and_every_list_at_the_same_time_in_check_mode_too(monkeypatch):
    client = meeting_api(['/v1/vpc/', '/v1/nat', '/v1/vpn'])
    result, failed = run_module(monkeypatch, route_table, TABLE_ARGS, client, check_mode=True)
    assert not failed, result
    assert result['changed'] and client.writes == []
    read = paths(client)
    assert read[:1] == ['/v1/route'] and sorted(read[1:]) == ['/v1/nat', '/v1/vpc/' + VPC, '/v1/vpn']


def test_route_table_info_lists_each_type_at_the_same_time(monkeypatch):
    rules = [
        rule('rr-nat000000001', '0.0.0.0/0', '10.2.0.0/16', 'nat', 'nat-aaaa'),
        rule('rr-vpn000000001', '0.0.0.0/0', '10.4.0.0/16', 'vpn', 'vpn-aaaa'),
    ]
    client = meeting_api(['/v1/nat', '/v1/vpn'], rules=rules)
    result, failed = run_module(monkeypatch, route_table_info, {'vpc_id': VPC, 'resolve_names': True}, client)
    assert not failed, result
    assert sorted(paths(client)[1:]) == ['/v1/nat', '/v1/vpn']


def test_a_failed_vpc_read_fails_as_before_while_the_list_ran_beside_it(monkeypatch):
    client = Api()
    client.fail('GET', 'AccessDenied', 'no VPC for you', status=403, path='^/v1/vpc/')
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert failed and client.writes == []
    assert result['msg'].startswith('Failed to read VPC %s: ' % VPC), result['msg']
    rid = request_ids(client, '/v1/vpc/' + VPC)
    assert result['error']['code'] == 'AccessDenied' and [result['error']['request_id']] == rid


def test_a_refused_list_fails_as_before_naming_the_list(monkeypatch):
    client = Api()
    client.fail('GET', 'AccessDenied', 'Access denied.', status=403, times=100, path='^/v1/nat$')
    result, failed = run_module(monkeypatch, route_rule, NAT_ARGS, client)
    assert failed and client.writes == []
    assert result['msg'].startswith('Failed to list the NAT gateways (GET /v1/nat) of %s: ' % VPC), result['msg']
    assert 'these credentials may not read the NAT gateways: set verify_next_hops: false' in result['msg']


def test_a_failed_vpc_check_wins_over_a_refused_list_read_beside_it(monkeypatch):
    # One after the other, the VPC check failed before the list was read; the list read ahead changes nothing.
    client = Api()
    client.fail('GET', 'AccessDenied', 'Access denied.', status=403, times=100, path='^/v1/nat$')
    args = dict(NAT_ARGS, destination_address='192.168.64.0/24')
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert failed and client.writes == []
    assert result['parameter'] == 'destination_address', result
    assert 'credentials' not in result['msg'] and not any(rid in str(result) for rid in request_ids(client, '/v1/nat'))


def test_by_vpc_id_the_list_of_a_named_type_is_read_with_the_table(monkeypatch):
    # Once the table is read, every run lists the type of a next hop given by name: by vpc_id, at the same time.
    args = dict(NAT_ARGS, vpc_id=VPC, next_hop_name='nat-main')
    del args['route_table_id'], args['next_hop_id']
    hops = default_next_hops()
    hops['nat'] = [hop('nat-aaaa', 'nat-main')]
    client = meeting_api(['/v1/route', '/v1/nat'], next_hops=hops)
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed, result
    assert result['changed'] and result['route_rule']['next_hop_id'] == 'nat-aaaa'
    assert result['route_rule']['next_hop_name'] == 'nat-main'
    # The NAT list once (for the name and the check), the VPC, the write, the read-back.
    read = paths(client)
    assert sorted(read[:2]) == ['/v1/nat', '/v1/route'] and read[2:] == [
        '/v1/vpc/' + VPC,
        '/v1/route/rule',
        '/v1/route',
    ]


def test_a_named_list_read_with_a_table_that_does_not_exist_changes_nothing(monkeypatch):
    # Without the table, the run ends before any name is resolved: the list read beside the table read is not used,
    # even when it failed.
    args = {'vpc_id': VPC, 'destination_address': '0.0.0.0/0', 'state': 'absent'}
    args.update(next_hop_type='nat', next_hop_name='nat-main')
    client = Api(table_exists=False)
    client.fail('GET', 'AccessDenied', 'Access denied.', status=403, times=100, path='^/v1/nat$')
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and not result['changed'] and result['route_rule'] is None, result
    assert not any(rid in str(result) for rid in request_ids(client, '/v1/nat'))
