# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The in-process path returns, field by field, what the module prints: every module, success,
failure, check mode, diff mode, bad input and no_log masking (in invocation, messages, warnings).

The module path here is the real main(): AnsibleModule with its real exit_json/fail_json, whose
JSON output is read back from stdout as the controller reads it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest
from ansible import constants as C
from ansible.module_utils.common import warnings as common_warnings

from ansible_collections.baiducloud.vpc.plugins.module_utils._module import BceModule
from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_rule import RouteRuleModule
from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_switch import RouteSwitchModule
from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_table import RouteTableModule
from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_table_info import RouteTableInfoModule
from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_switch, route_table, route_table_info
from ansible_collections.baiducloud.vpc.plugins.plugin_utils._inprocess import run_in_process
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import (
    SECRET,
    TABLE,
    VPC,
    base_args,
    module_args,
    rule,
)

NAT = rule('rr-nat000000001', '192.168.0.0/20', '0.0.0.0/0', 'nat', 'nat-a', description='egress')
PAIR = [
    rule('rr-ha0000000001', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-a', 'ha:active'),
    rule('rr-ha0000000002', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-b', 'ha:standby'),
]
MODULES = {
    'route_rule': (route_rule, RouteRuleModule),
    'route_switch': (route_switch, RouteSwitchModule),
    'route_table': (route_table, RouteTableModule),
    'route_table_info': (route_table_info, RouteTableInfoModule),
}
# (module, task arguments, rules the emulated API starts with)
CHANGES = [
    (
        'route_rule',
        {
            'route_table_id': TABLE,
            'source_address': '192.168.0.0/20',
            'next_hop_type': 'nat',
            'next_hop_id': 'nat-b',
            'destination_address': '0.0.0.0/0',
            'description': 'new',
        },
        [NAT],
    ),
    (
        'route_rule',
        {
            'route_table_id': TABLE,
            'source_address': '192.168.0.0/20',
            'destination_address': '0.0.0.0/0',
            'state': 'absent',
        },
        [NAT],
    ),
    (
        'route_switch',
        {
            'route_table_id': TABLE,
            'destination_address': '172.16.0.0/12',
            'active_next_hop_id': 'dcgw-b',
            'wait': False,
        },
        PAIR,
    ),
    (
        'route_table',
        {
            'vpc_id': VPC,
            'purge': True,
            'rules': [{'destination_address': '10.10.0.0/16', 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-1'}],
        },
        [NAT],
    ),
    ('route_table_info', {'route_table_id': TABLE, 'include_system': False}, PAIR),
]
BAD_INPUT = [
    ('route_rule', {'route_table_id': TABLE, 'vpc_id': VPC, 'destination_address': '0.0.0.0/0'}),  # mutually exclusive
    ('route_rule', {'route_table_id': TABLE, 'destination_address': '0.0.0.0/0', 'no_such_option': 1}),
    ('route_switch', {'route_table_id': TABLE, 'destination_address': '172.16.0.0/12'}),  # required option missing
    ('route_table', {'route_table_id': TABLE, 'rules': [{'next_hop_type': 'nat'}]}),  # suboption missing
    ('route_table_info', {'include_system': 'perhaps'}),  # type, and required_one_of
    (
        'route_rule',
        {'route_table_id': TABLE, 'destination_address': 'not-a-cidr', 'next_hop_type': 'nat', 'next_hop_id': 'nat-a'},
    ),  # the logic's own validation
]


def internal_args(name, check_mode=False, diff=False, inject_invocation=True):
    """The `_ansible_*` arguments the controller gives the module (_update_module_args), the same on both paths."""
    internal = {
        '_ansible_check_mode': check_mode,
        '_ansible_diff': diff,
        '_ansible_module_name': 'baiducloud.vpc.' + name,
    }
    if C.config.get_configuration_definition('INJECT_INVOCATION'):
        # ansible-core >= 2.21 shows `invocation` only on request; compare it too.
        internal['_ansible_inject_invocation'] = inject_invocation
    return internal


def module_path(monkeypatch, capsys, name, args, client, check_mode=False, diff=False, **more):
    """The JSON the real module prints for `args`, with `client` as its API."""
    module = MODULES[name][0]
    client.attach(monkeypatch)
    # A module process starts with no warnings or deprecations; this one process must too.
    for name in ('_global_warnings', '_global_deprecations'):
        monkeypatch.setattr(common_warnings, name, type(getattr(common_warnings, name))())
    # Once controller code is imported (the action tests), ansible-core >= 2.19 sends module_utils warnings to
    # the controller's display; a module process never does.
    if hasattr(common_warnings, '_internal'):
        monkeypatch.setattr(common_warnings._internal, 'is_controller', False)
    capsys.readouterr()
    with module_args(dict(args, **internal_args(name, check_mode, diff, **more))):
        with pytest.raises(SystemExit):
            module.main()
    return json.loads(capsys.readouterr().out)


def inprocess_path(monkeypatch, name, args, client, check_mode=False, diff=False, **more):
    """What the module prints when the action plugins run it in this process."""
    client.attach(monkeypatch)
    module_args = dict(base_args(), **args)
    module_args.update(internal_args(name, check_mode, diff, **more))
    return json.loads(run_in_process(MODULES[name][1], module_args))


def comparable(result):
    """Warnings are plain strings in-process and structured on ansible-core >= 2.19's module side;
    the controller turns both into the same warning, so compare their text."""
    result = dict(result)
    if 'warnings' in result:
        result['warnings'] = [w if isinstance(w, str) else w.get('event', w).get('msg') for w in result['warnings']]
    return result


def both(monkeypatch, capsys, name, args, rules, **mode):
    clients = Api(rules), Api(rules)
    via_module = module_path(monkeypatch, capsys, name, args, clients[0], **mode)
    in_process = inprocess_path(monkeypatch, name, args, clients[1], **mode)
    # The same API calls (idempotency tokens differ per run by design); the reads of one round run at the same time
    # (issue 25), so they are compared without their order.
    assert sorted(repr(c[:4]) for c in clients[0].calls) == sorted(repr(c[:4]) for c in clients[1].calls)
    assert [c[:4] for c in clients[0].writes] == [c[:4] for c in clients[1].writes]
    return comparable(via_module), comparable(in_process)


@pytest.mark.parametrize('check_mode,diff', [(False, False), (True, False), (False, True), (True, True)])
@pytest.mark.parametrize('name,args,rules', CHANGES, ids=[c[0] + '-%d' % i for i, c in enumerate(CHANGES)])
def test_success_is_the_same_field_by_field(monkeypatch, capsys, name, args, rules, check_mode, diff):
    via_module, in_process = both(monkeypatch, capsys, name, args, rules, check_mode=check_mode, diff=diff)
    assert sorted(in_process) == sorted(via_module)
    for key in via_module:
        assert in_process[key] == via_module[key], key
    assert 'failed' not in in_process
    assert in_process['invocation']['module_args']['secret_key'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'
    if name != 'route_table_info':  # the info module reads only: no change, no diff
        assert in_process['changed'] is True and ('diff' in in_process) == diff


@pytest.mark.parametrize('name,args', BAD_INPUT, ids=[b[0] + '-%d' % i for i, b in enumerate(BAD_INPUT)])
def test_bad_input_fails_the_same_way(monkeypatch, capsys, name, args):
    via_module, in_process = both(monkeypatch, capsys, name, args, [NAT])
    assert in_process == via_module
    assert in_process['failed'] is True and in_process['msg']
    assert SECRET not in json.dumps(in_process)


@pytest.mark.parametrize('name,args,rules', CHANGES[:4], ids=[c[0] for c in CHANGES[:4]])
def test_api_failure_with_the_secret_in_its_message_is_masked_the_same_way(monkeypatch, capsys, name, args, rules):
    results = []
    for run in (module_path, inprocess_path):
        client = Api(rules)
        client.fail('*', 'BadRequest', 'rejected key %s' % SECRET)
        client.client_warnings = ['a retry sent secret %s' % SECRET]
        extra = (capsys,) if run is module_path else ()
        results.append(
            same_request_id(client, comparable(run(monkeypatch, *extra, name=name, args=args, client=client)))
        )
    via_module, in_process = results
    assert in_process == via_module
    # The real client hides the secret in the service's message before the module sees it (<hidden>, _scrub.py);
    # the warning, handed to the module as it is, is masked by the no_log handling of both paths (********).
    assert in_process['failed'] is True and 'rejected key <hidden>' in in_process['msg']
    assert in_process['warnings'] == ['a retry sent secret ********']
    assert SECRET not in json.dumps(in_process)


def same_request_id(client, result):
    """`result` with its error's request id, checked to be the one the emulator gave the refused call, replaced by
    one placeholder: each run's call has its own id."""
    refused = [call['request_id'] for call in client.log() if call['fault'] == 'error']
    assert result['error']['request_id'] == refused[0]
    return dict(result, error=dict(result['error'], request_id='rid'))


def denied_api():
    """Every read is refused with the secret in the service's message."""
    client = Api()
    client.fail('GET', 'AccessDenied', 'no ' + SECRET, status=403, times=100, path='')
    return client


def test_an_api_failure_in_route_table_info_matches(monkeypatch, capsys):
    results = []
    for run in (module_path, inprocess_path):
        client = denied_api()
        extra = (capsys,) if run is module_path else ()
        result = run(monkeypatch, *extra, name='route_table_info', args={'route_table_id': TABLE}, client=client)
        results.append(same_request_id(client, result))
    assert results[1] == results[0] and results[1]['failed'] is True
    # The real client hides the secret in the service's message (<hidden>) before either path masks it.
    assert SECRET not in json.dumps(results[1]) and '<hidden>' in results[1]['msg']


class Labelled(BceModule):
    """A module with an option under a deprecated alias, which makes AnsibleModule add a deprecation to the result."""

    argument_spec = dict(
        name=dict(
            type='str',
            aliases=['label'],
            deprecated_aliases=[dict(name='label', version='9.0.0', collection_name='baiducloud.vpc')],
        )
    )

    def run(self):
        self.result['name'] = self.params['name']


def test_deprecated_aliases_are_reported_the_same_way(monkeypatch, capsys):
    """The in-process path once had to keep aliases and deprecated options out of every spec: it could not build
    the deprecations AnsibleModule adds for them. It runs AnsibleModule now, so a module may use them."""
    monkeypatch.setitem(
        MODULES, 'labelled', (type('Entry', (), {'main': staticmethod(Labelled.ansible_main)}), Labelled)
    )
    via_module, in_process = both(monkeypatch, capsys, 'labelled', {'label': 'web'}, [])
    assert in_process == via_module
    assert in_process['name'] == 'web' and 'label' in json.dumps(in_process['deprecations'])


def test_the_spec_is_copied_per_run(monkeypatch):
    """Validation fills list defaults in place; the class's spec must stay the same for the next task."""
    before = json.dumps(RouteTableModule.argument_spec, sort_keys=True, default=str)
    inprocess_path(monkeypatch, 'route_table', CHANGES[3][1], Api([NAT]))
    assert json.dumps(RouteTableModule.argument_spec, sort_keys=True, default=str) == before


@pytest.mark.skipif(
    not C.config.get_configuration_definition('INJECT_INVOCATION'), reason='before ansible-core 2.21 always shown'
)
def test_without_invocation_the_result_is_otherwise_the_same(monkeypatch, capsys):
    """ansible-core >= 2.21 leaves `invocation` out unless INJECT_INVOCATION is on."""
    name, args, rules = CHANGES[0]
    runs = []
    for inject in (True, False):
        via_module, in_process = both(monkeypatch, capsys, name, args, rules, inject_invocation=inject)
        assert in_process == via_module
        runs.append(in_process)
    assert 'invocation' in runs[0] and 'invocation' not in runs[1]
    del runs[0]['invocation']
    assert runs[1] == runs[0]
