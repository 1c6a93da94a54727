# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""After any write the table is read back once (issue 11): the result is what the service holds, and a
difference from the plan (a concurrent writer) is a warning."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils import basic

from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_table
from ansible_collections.baiducloud.vpc.tests.unit.plugins.modules.fake_bce import TABLE, FakeClient, rule, run_module

THEIRS = rule('rr-their0000001', '0.0.0.0/0', '10.77.0.0/16', 'vpn', 'vpn-z', description='another writer')


class RacingClient(FakeClient):
    """Another writer adds a rule and rewrites ours right after our last write."""

    def __init__(self, rules=None, rewrite=None):
        super(RacingClient, self).__init__(rules)
        self.rewrite = rewrite

    def _apply(self, method, path, params=None, body=None, client_token=None):
        answer = super(RacingClient, self)._apply(method, path, params, body, client_token)
        self.rules.append(dict(THEIRS))
        for raw in self.rules:
            if self.rewrite and raw['destinationAddress'] == self.rewrite[0]:
                raw.update(self.rewrite[1])
        return answer


def _warnings(monkeypatch):
    seen = []
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, text: seen.append(text))
    return seen


def test_route_table_returns_the_table_as_read_back_and_warns_about_a_concurrent_writer(monkeypatch):
    warnings = _warnings(monkeypatch)
    client = RacingClient()
    rules = [{'destination_address': '10.10.0.0/16', 'next_hop_id': 'vpn-1'}]
    result, failed = run_module(monkeypatch, route_table, {'route_table_id': TABLE, 'rules': rules}, client)
    assert not failed and result['changed']
    returned = dict((r['destination_address'], r) for r in result['route_table']['route_rules'])
    # The other writer's rule is in the result because it is in the table; ours carries the id the service gave.
    assert returned['10.77.0.0/16']['route_rule_id'] == 'rr-their0000001'
    assert returned['10.10.0.0/16']['route_rule_id'] == 'rr-new00000001'
    assert len(warnings) == 1
    assert (
        'differs from the plan (another writer changed it at the same time): 0.0.0.0/0 -> 10.77.0.0/16 is there'
        in (warnings[0])
    )


def test_route_rule_returns_the_rule_as_read_back(monkeypatch):
    warnings = _warnings(monkeypatch)
    client = RacingClient(rewrite=('10.10.0.0/16', {'nexthopId': 'vpn-2'}))
    args = {'route_table_id': TABLE, 'destination_address': '10.10.0.0/16', 'next_hop_id': 'vpn-1'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and result['changed']
    assert result['route_rule']['next_hop_id'] == 'vpn-2'
    assert len(warnings) == 1 and '0.0.0.0/0 -> 10.10.0.0/16 differs in next_hop_id' in warnings[0]


def test_no_warning_when_the_table_is_as_planned(monkeypatch):
    warnings = _warnings(monkeypatch)
    client = FakeClient()
    args = {'route_table_id': TABLE, 'destination_address': '10.10.0.0/16', 'next_hop_id': 'vpn-1'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and result['route_rule']['route_rule_id'] == 'rr-new00000001' and warnings == []
    assert [c[1] for c in client.calls if c[0] == 'GET'][-1] == '/v1/route'
