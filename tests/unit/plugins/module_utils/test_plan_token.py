# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plan tokens (issue 26): stable for the same state and task, different when any planned change or the state it
was planned against differs, free of secrets; an approved plan that no longer matches is refused before any write."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils import _plan_token
from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_switch, route_table, route_table_info
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import SECRET, TABLE, rule, run_module

OLD_NAT = rule('rr-nat000000001', '192.168.0.0/20', '0.0.0.0/0', 'nat', 'nat-a', description='egress')
VPN = rule('rr-vpn000000001', '0.0.0.0/0', '10.50.0.0/16', 'vpn', 'vpn-old')
TABLE_ARGS = {
    'route_table_id': TABLE,
    'rules': [
        {
            'source_address': '192.168.0.0/20',
            'destination_address': '0.0.0.0/0',
            'next_hop_type': 'nat',
            'next_hop_id': 'nat-b',
        },
        {'destination_address': '10.10.0.0/16', 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-1'},
    ],
}
RULE_ARGS = {
    'route_table_id': TABLE,
    'source_address': '192.168.0.0/20',
    'destination_address': '0.0.0.0/0',
    'next_hop_type': 'nat',
    'next_hop_id': 'nat-b',
}


def token(monkeypatch, module, args, rules, check_mode=True, **kwargs):
    result, failed = run_module(monkeypatch, module, args, Api(copy.deepcopy(rules)), check_mode=check_mode, **kwargs)
    assert not failed, result
    return result['plan_token']


# -- the token ----------------------------------------------------------------------------------


def test_the_same_state_and_task_give_the_same_token_in_check_mode_real_runs_and_diff_mode(monkeypatch):
    first = token(monkeypatch, route_table, TABLE_ARGS, [OLD_NAT, VPN])
    assert first.startswith('bp1-') and len(first) == 4 + 32
    assert token(monkeypatch, route_table, TABLE_ARGS, [OLD_NAT, VPN]) == first
    assert token(monkeypatch, route_table, TABLE_ARGS, [OLD_NAT, VPN], diff=True) == first
    assert token(monkeypatch, route_table, TABLE_ARGS, [OLD_NAT, VPN], check_mode=False) == first
    # Connection options are not part of it: another key pair or endpoint plans the same.
    other = dict(TABLE_ARGS, access_key='another-ak', endpoint='http://127.0.0.2:2', api_retries=1)
    assert token(monkeypatch, route_table, other, [OLD_NAT, VPN]) == first


@pytest.mark.parametrize(
    'rules, args',
    [
        # The state a change was planned against differs (same action, other before-state).
        ([dict(OLD_NAT, description='edited by hand'), VPN], TABLE_ARGS),
        ([dict(OLD_NAT, nexthopId='nat-c'), VPN], TABLE_ARGS),
        ([dict(OLD_NAT, routeRuleId='rr-nat000000009'), VPN], TABLE_ARGS),
        # Another change is planned.
        ([OLD_NAT, VPN], dict(TABLE_ARGS, rules=TABLE_ARGS['rules'][:1])),
        ([OLD_NAT, VPN], dict(TABLE_ARGS, purge=True)),
        # Same changes, but an option that shapes the plan differs.
        ([OLD_NAT, VPN], dict(TABLE_ARGS, rule_quota=60)),
    ],
)
def test_the_token_differs_when_a_planned_change_or_its_before_state_differs(monkeypatch, rules, args):
    assert token(monkeypatch, route_table, args, rules) != token(monkeypatch, route_table, TABLE_ARGS, [OLD_NAT, VPN])


def test_a_no_op_has_a_token_which_a_drift_into_a_change_changes(monkeypatch):
    converged = dict(OLD_NAT, nexthopId='nat-b')
    noop = token(monkeypatch, route_rule, RULE_ARGS, [converged])
    assert noop == token(monkeypatch, route_rule, RULE_ARGS, [converged, VPN])  # a rule it does not plan on
    assert noop != token(monkeypatch, route_rule, RULE_ARGS, [OLD_NAT])


def test_every_module_returns_a_token(monkeypatch):
    assert token(monkeypatch, route_table_info, {'route_table_id': TABLE}, [OLD_NAT]).startswith('bp1-')
    ha = [
        rule('rr-ha0000000001', '0.0.0.0/0', '10.20.0.0/16', 'dcGateway', 'dcgw-a', path='ha:active'),
        rule('rr-ha0000000002', '0.0.0.0/0', '10.20.0.0/16', 'dcGateway', 'dcgw-b', path='ha:standby'),
    ]
    args = {'route_table_id': TABLE, 'destination_address': '10.20.0.0/16', 'active_next_hop_id': 'dcgw-b'}
    assert token(monkeypatch, route_switch, args, ha) != token(
        monkeypatch, route_switch, dict(args, active_next_hop_id='dcgw-a'), ha
    )


def test_the_record_carries_no_secret_and_no_option_value(monkeypatch):
    args = dict(TABLE_ARGS, record_plan=True, session_token='sts-token-value')
    client = Api([OLD_NAT, VPN], session_token='sts-token-value')
    result, failed = run_module(monkeypatch, route_table, args, client, check_mode=True)
    assert not failed
    text = json.dumps(result['plan_record'])
    for secret in (SECRET, 'sts-token-value', '127.0.0.1', '"ak"'):
        assert secret not in text
    assert set(result['plan_record']['options']) == {
        'route_table_id',
        'vpc_id',
        'rules',
        'purge',
        'purge_scope',
        'keep',
        'keep_cce_routes',
        'rule_quota',
        'verify_next_hops',
    }
    assert result['plan_record']['token'] == result['plan_token'] and result['plan_record']['count'] == 2
    assert [c['action'] for c in result['plan_record']['changes']] == ['update', 'create']
    # Without record_plan only the token is returned.
    result, failed = run_module(monkeypatch, route_table, TABLE_ARGS, Api([OLD_NAT, VPN]), check_mode=True)
    assert 'plan_record' not in result


# -- enforcing ----------------------------------------------------------------------------------


def approved_record(monkeypatch, rules, args=None):
    result, failed = run_module(
        monkeypatch,
        route_table,
        dict(args or TABLE_ARGS, record_plan=True),
        Api(copy.deepcopy(rules)),
        check_mode=True,
    )
    assert not failed
    return dict(result['plan_record'], key='Table on vpc-1')


def test_the_approved_plan_is_applied(monkeypatch):
    approved = approved_record(monkeypatch, [OLD_NAT, VPN])
    client = Api([OLD_NAT, VPN])
    result, failed = run_module(monkeypatch, route_table, dict(TABLE_ARGS, approved_plan=approved), client)
    assert not failed and result['changed'] and len(client.writes) == 2


def test_a_drifted_table_is_refused_before_any_write_naming_the_rule(monkeypatch):
    approved = approved_record(monkeypatch, [OLD_NAT, VPN])
    client = Api([dict(OLD_NAT, description='edited by hand'), VPN])
    result, failed = run_module(monkeypatch, route_table, dict(TABLE_ARGS, approved_plan=approved), client)
    assert failed and client.writes == [] and result['parameter'] == 'approved_plan'
    assert result['msg'].startswith('the plan of Table on vpc-1 differs from the approved plan (approved bp1-')
    # Only what differs between the approved change and the one planned now.
    assert (
        'route rule 192.168.0.0/20 -> 0.0.0.0/0: approved update (before: description=egress; after: '
        'description=egress), now update (before: description=edited by hand; after: description=edited by hand)'
        in result['msg']
    )
    assert 'route rule 0.0.0.0/0 -> 10.10.0.0/16' not in result['msg']  # the unchanged create is not named


def test_a_task_without_an_approved_entry_is_refused_saying_what_it_would_do(monkeypatch):
    client = Api([OLD_NAT, VPN])
    args = dict(TABLE_ARGS, approved_plan={'key': 'Table on vpc-1', 'missing': 'no approved plan for host vpc-1'})
    result, failed = run_module(monkeypatch, route_table, args, client)
    assert failed and client.writes == []
    assert result['msg'].startswith(
        'Table on vpc-1 is not approved (no approved plan for host vpc-1); it would make 2 change(s): '
        'route rule 192.168.0.0/20 -> 0.0.0.0/0: update (before: '
    )


def test_a_read_only_module_is_enforced_too(monkeypatch):
    approved = {'token': 'bp1-0000', 'key': 'Read'}
    result, failed = run_module(
        monkeypatch, route_table_info, {'route_table_id': TABLE, 'approved_plan': approved}, Api([OLD_NAT])
    )
    assert failed and 'differs from the approved plan' in result['msg']


# -- the pure part ------------------------------------------------------------------------------


def test_differences_tolerate_any_approved_record():
    current = _plan_token.plan_record('M', {'route_table_id': 'rt-1'}, {'a': 1}, [])
    for approved in (
        {},
        {'token': 'x', 'scope': 'nope', 'options': [1], 'changes': 'text', 'count': None},
        {'token': 'x', 'changes': [None, 1, {'subject': None}]},
    ):
        assert _plan_token.refusal(dict(approved, token='x'), current)
    assert _plan_token.refusal(dict(current), current) is None


def test_a_refusal_names_at_most_a_few_differences():
    changes = [{'action': 'create', 'subject': 'rule %d' % i, 'before': {}, 'after': {'x': i}} for i in range(20)]
    approved = _plan_token.plan_record('M', {}, {}, changes)
    current = _plan_token.plan_record('M', {}, {}, [dict(c, after={'x': -1}) for c in changes])
    message = _plan_token.refusal(approved, current)
    assert message.count(': approved create') == _plan_token.EXPLAINED
    assert 'and 12 more difference(s)' in message


def test_a_large_plan_is_recorded_in_part_and_digested_whole():
    changes = [{'action': 'create', 'subject': 'rule %d' % i, 'before': {}, 'after': {}} for i in range(120)]
    record = _plan_token.plan_record('M', {}, {}, changes)
    assert len(record['changes']) == _plan_token.RECORDED_CHANGES and record['count'] == 120
    assert record['token'] != _plan_token.plan_record('M', {}, {}, changes[:119])['token']
    assert (
        record['token'] != _plan_token.plan_record('M', {}, {}, changes[:-1] + [dict(changes[-1], action='x')])['token']
    )
