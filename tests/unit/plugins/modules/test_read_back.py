# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""After any write the table is read back once (issue 11): the result is what the service holds, and a
difference from the plan (a concurrent writer) is a warning."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils import basic

from ansible_collections.baiducloud.vpc.plugins.module_utils import _module
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError

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


class UnlistingClient(FakeClient):
    """A service that creates multi-path rules but never lists them (reference 7, item 2): every create of a pair it
    holds is refused as repeated."""

    def _listed(self):
        return [dict(r) for r in self.rules if r.get('pathType', 'normal') == 'normal']

    def paginate(self, path, params, key):
        answer = super(UnlistingClient, self).paginate(path, params, key)
        return self._listed() if path == '/v1/route/rule' else answer

    def get(self, path, params=None):
        answer = super(UnlistingClient, self).get(path, params)
        if path == '/v1/route':
            answer['routeRules'] = self._listed()
        return answer

    def _apply(self, method, path, params=None, body=None, client_token=None):
        if method == 'POST':
            pairs = [(r['sourceAddress'], r['destinationAddress']) for r in self.rules]
            if (body['sourceAddress'], body['destinationAddress']) in pairs:
                self.calls.append((method, path, dict(params or {}), body, client_token))
                raise BceApiError(400, 'RouteRuleRepeated', 'route rule repeated', 'rid')
        return super(UnlistingClient, self)._apply(method, path, params, body, client_token)


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


def test_route_table_reports_a_pair_the_service_does_not_list_as_created(monkeypatch):
    warnings = _warnings(monkeypatch)
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    client = UnlistingClient()
    args = {'route_table_id': TABLE, 'rules': [VPN_ITEM, PAIR_ITEM]}
    result, failed = run_module(monkeypatch, route_table, args, client)
    assert not failed and result['changed']
    returned = dict((r['destination_address'], r) for r in result['route_table']['route_rules'])
    # The pair is in the result as created, with the ids the create returned, not reported missing.
    assert returned['172.16.0.0/12']['route_rule_ids'] == ['rr-new00000002', 'rr-new00000003']
    assert returned['172.16.0.0/12']['mode'] == 'ha'
    assert returned['10.10.0.0/16']['route_rule_id'] == 'rr-new00000001'
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith(
        'route table %s, read back after the writes, does not list the multi-path rule 0.0.0.0/0 -> 172.16.0.0/12 '
        'that was just created (ids rr-new00000002, rr-new00000003)' % TABLE
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
    client = UnlistingClient()
    args = dict(PAIR_ITEM, route_table_id=TABLE)
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert (
        not failed
        and result['changed']
        and result['route_rule']['route_rule_ids'] == ['rr-new00000001', 'rr-new00000002']
    )
    assert len(warnings) == 1 and 'does not list the multi-path rule' in warnings[0]
    client.forget()
    args = {'route_table_id': TABLE, 'route_rule_id': 'rr-new00000001', 'state': 'absent'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and not result['changed'] and client.writes == []
