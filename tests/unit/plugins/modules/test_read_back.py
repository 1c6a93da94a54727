# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""After any write the table is read back once (issue 11): the result is what the service holds, and a
difference from the plan (a concurrent writer) is a warning."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils import basic

from ansible_collections.baiducloud.vpc.plugins.module_utils import _module
from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_table
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api, default_next_hops, hop
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import TABLE, rule, run_module

THEIRS = rule('rr-their0000001', '0.0.0.0/0', '10.77.0.0/16', 'vpn', 'vpn-z', description='another writer')


def racing_api(rewrite=None):
    """Another writer adds a rule and rewrites ours right after our last write (before our read-back)."""
    hops = default_next_hops()
    hops['vpn'].append(hop('vpn-z'))
    client = Api(next_hops=hops)

    def other_writer():
        if not any(call['method'] != 'GET' for call in client.log()):
            return  # not after a write yet
        other.append(
            client.create(
                THEIRS['sourceAddress'],
                THEIRS['destinationAddress'],
                THEIRS['nexthopType'],
                THEIRS['nexthopId'],
                THEIRS['description'],
                rule_id=THEIRS['routeRuleId'],
            )
        )
        for raw in client.rules:
            if rewrite and raw['destinationAddress'] == rewrite[0]:
                client.update(raw['routeRuleId'], **rewrite[1])

    other = []
    client.before('GET', '^/v1/route$', lambda: other or other_writer(), times=100)
    return client


def unlisting_api():
    """A service that creates multi-path rules but never lists them (reference 7, item 2): every create of a pair it
    holds is refused as repeated (the emulator's multipath-unlisted variant)."""
    return Api(options={'multipath_listed': False})


PAIR_ITEM = {
    'destination_address': '172.16.0.0/12',
    'next_hops': [
        {'next_hop_id': 'dcgw-a', 'path_type': 'ha:active'},
        {'next_hop_id': 'dcgw-b', 'path_type': 'ha:standby'},
    ],
}
VPN_ITEM = {'destination_address': '10.10.0.0/16', 'next_hop_id': 'vpn-1'}


def _warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, text: seen.append(text))
    return seen


def test_route_table_returns_the_table_as_read_back_and_warns_about_a_concurrent_writer(monkeypatch):
    warnings = _warnings(monkeypatch)
    client = racing_api()
    rules = [{'destination_address': '10.10.0.0/16', 'next_hop_id': 'vpn-1'}]
    result, failed = run_module(monkeypatch, route_table, {'route_table_id': TABLE, 'rules': rules}, client)
    assert not failed and result['changed']
    returned = dict((r['destination_address'], r) for r in result['route_table']['route_rules'])
    # The other writer's rule is in the result because it is in the table; ours carries the id the service gave.
    assert returned['10.77.0.0/16']['route_rule_id'] == 'rr-their0000001'
    assert returned['10.10.0.0/16']['route_rule_id'] == client.new_ids()[0]
    assert len(warnings) == 1
    assert (
        'differs from the plan (another writer changed it at the same time): 0.0.0.0/0 -> 10.77.0.0/16 is there'
        in (warnings[0])
    )


def test_route_rule_returns_the_rule_as_read_back(monkeypatch):
    warnings = _warnings(monkeypatch)
    client = racing_api(rewrite=('10.10.0.0/16', {'nexthopId': 'vpn-2'}))
    args = {'route_table_id': TABLE, 'destination_address': '10.10.0.0/16', 'next_hop_id': 'vpn-1'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and result['changed']
    assert result['route_rule']['next_hop_id'] == 'vpn-2'
    assert len(warnings) == 1 and '0.0.0.0/0 -> 10.10.0.0/16 differs in next_hop_id' in warnings[0]


def test_no_warning_when_the_table_is_as_planned(monkeypatch):
    warnings = _warnings(monkeypatch)
    client = Api()
    args = {'route_table_id': TABLE, 'destination_address': '10.10.0.0/16', 'next_hop_id': 'vpn-1'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and result['route_rule']['route_rule_id'] == client.new_ids()[0] and warnings == []
    assert [c[1] for c in client.calls if c[0] == 'GET'][-1] == '/v1/route'


def test_route_table_reports_a_pair_the_service_does_not_list_as_created(monkeypatch):
    warnings = _warnings(monkeypatch)
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    client = unlisting_api()
    args = {'route_table_id': TABLE, 'rules': [VPN_ITEM, PAIR_ITEM]}
    result, failed = run_module(monkeypatch, route_table, args, client)
    assert not failed and result['changed']
    returned = dict((r['destination_address'], r) for r in result['route_table']['route_rules'])
    # The pair is in the result as created, with the ids the create returned, not reported missing.
    # The ids the pair's create answered, in the order the collection shows them (sorted).
    vpn_id, pair_ids = client.new_ids()[0], sorted(client.new_ids()[1:])
    assert returned['172.16.0.0/12']['route_rule_ids'] == pair_ids
    assert returned['172.16.0.0/12']['mode'] == 'ha'
    assert returned['10.10.0.0/16']['route_rule_id'] == vpn_id
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(
        'route table %s, read back after the writes, does not list the multi-path rule 0.0.0.0/0 -> 172.16.0.0/12 '
        'that was just created (ids %s, %s)' % ((TABLE,) + tuple(pair_ids))
    )
    assert 'another writer' not in warnings[0]

    # The next run plans the pair again; the service refuses it; the task fails after that one create.
    client.forget()
    result, failed = run_module(monkeypatch, route_table, args, client)
    assert failed and result['parameter'] == 'rules[0.0.0.0/0 -> 172.16.0.0/12].destination_address'
    assert 'already exists (RouteRuleRepeated), but its listing of the table does not show one' in result['msg']
    assert 'route_rule cannot delete it either (not even by route_rule_id)' in result['msg']
    assert [c[0] for c in client.writes] == ['POST']


def test_route_rule_cannot_delete_by_id_a_pair_the_service_does_not_list(monkeypatch):
    """What the failure message says: absent by route_rule_id finds rules in the listing only (no blind delete)."""
    warnings = _warnings(monkeypatch)
    client = unlisting_api()
    args = dict(PAIR_ITEM, route_table_id=TABLE)
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert (
        not failed
        and result['changed']
        and result['route_rule']['route_rule_ids'] == sorted(client.new_ids())
        and len(client.new_ids()) == 2
    )
    assert len(warnings) == 1 and 'does not list the multi-path rule' in warnings[0]
    client.forget()
    args = {'route_table_id': TABLE, 'route_rule_id': client.new_ids()[0], 'state': 'absent'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and not result['changed'] and client.writes == []
