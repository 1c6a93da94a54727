# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The generic base: plans of any change objects, an executor, check mode, failures, races and warnings,
driven with plain parameters (no AnsibleModule), as an in-process caller would."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import os

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils import _module
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceTransportError,
    BceValidationError,
)
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import SECRET, run_module

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..')
PARAMS = {
    'access_key': 'ak',
    'secret_key': SECRET,
    'session_token': None,
    'region': None,
    'endpoint': 'http://127.0.0.1:1',
    'validate_certs': True,
    'api_timeout': 30,
    'api_retries': 3,
    'api_retry_max_delay': 20.0,
}


class Change(object):
    """A change of something that is not a route: the base must not care."""

    def __init__(self, name, requests):
        self.name = name
        self.requests = requests

    def describe(self):
        return {'action': 'touch', 'name': self.name}

    def activity(self, index):
        return 'touch %s (step %d)' % (self.name, index)

    def header(self):
        return 'touch %s' % self.name


class Client(object):
    def __init__(self, warnings=()):
        self.warnings = list(warnings)


class Thing(_module.BceModule):
    race_codes = frozenset(['Raced'])
    error_hints = {'BadThing': ('name', 'check name')}

    def __init__(self, params, plan, fail_at=None, **kwargs):
        super().__init__(params, **kwargs)
        self.plan = plan
        self.fail_at = fail_at
        self.sent = []
        self.runs = 0

    def execute(self, request):
        if request == self.fail_at:
            raise self.fail_at_error
        self.sent.append(request)
        return 'answer to %s' % request

    def run(self):
        self.runs += 1
        self.result['answers'] = self.apply(self.plan, {'n': 0}, {'n': len(self.plan)}, self.execute)


def _thing(plan, **kwargs):
    return Thing(dict(PARAMS), plan, **kwargs)


def test_plan_is_executed_in_order_through_the_executor():
    thing = _thing([Change('a', ['a1', 'a2']), Change('b', ['b1'])], diff=True)
    result, failure, warnings = thing.outcome()
    assert failure is None and warnings == []
    assert thing.sent == ['a1', 'a2', 'b1']
    assert result['changed'] is True and result['answers'] == [['answer to a1', 'answer to a2'], ['answer to b1']]
    assert result['plan'] == [{'action': 'touch', 'name': 'a'}, {'action': 'touch', 'name': 'b'}]
    assert result['diff'] == {
        'before': {'n': 0},
        'after': {'n': 2},
        'before_header': 'touch a; touch b',
        'after_header': 'touch a; touch b',
    }


def test_check_mode_executes_nothing_and_reports_the_plan():
    thing = _thing([Change('a', ['a1'])], check_mode=True)
    result, failure, dummy = thing.outcome()
    assert failure is None and thing.sent == [] and result['changed'] is True and result['answers'] == []
    assert 'diff' not in result


def test_an_empty_plan_is_unchanged_without_diff_header():
    result, failure, dummy = _thing([], diff=True).outcome()
    assert failure is None and result['changed'] is False and result['diff'] == {'before': {'n': 0}, 'after': {'n': 0}}


def test_a_failed_request_names_its_activity_and_keeps_earlier_writes():
    thing = _thing([Change('a', ['a1']), Change('b', ['b1', 'b2'])], fail_at='b2')
    thing.fail_at_error = BceApiError(400, 'BadThing', 'The service says no.', 'rid-1')
    result, failure, dummy = thing.outcome()
    assert failure['msg'] == 'Failed to touch b (step 1): The service says no; check name (BadThing)'
    assert failure['parameter'] == 'name' and failure['changed'] is True
    assert failure['error'] == {
        'code': 'BadThing',
        'message': 'The service says no.',
        'request_id': 'rid-1',
        'status': 400,
    }


def test_a_refused_first_write_changed_nothing():
    thing = _thing([Change('a', ['a1'])], fail_at='a1')
    thing.fail_at_error = BceTransportError('connection refused', 'POST', '/x')
    result, failure, dummy = thing.outcome()
    assert failure['msg'] == 'Failed to touch a (step 0): connection refused' and failure['changed'] is False


def test_validation_errors_name_the_parameter():
    def refuse():
        raise BceValidationError('name', 'name must not be empty')

    thing = _thing([])
    thing.run = refuse
    dummy, failure, dummy = thing.outcome()
    assert failure == {'changed': False, 'msg': 'name must not be empty', 'parameter': 'name'}


def test_only_the_subclass_race_codes_re_run(monkeypatch):
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    raced = _thing([Change('a', ['a1'])], fail_at='a1')
    raced.fail_at_error = BceApiError(409, 'Raced', 'raced', 'rid')
    dummy, failure, dummy = raced.outcome()
    assert raced.runs == _module.RACE_RERUNS + 1 and failure['error']['code'] == 'Raced'
    other = _thing([Change('a', ['a1'])], fail_at='a1')
    other.fail_at_error = BceApiError(409, 'RouteRuleRepeated', 'a route code, not a race for this module', 'rid')
    other.outcome()
    assert other.runs == 1


def test_client_warnings_come_out_after_a_run():
    thing = _thing([])
    thing._client = Client(['the endpoint answered slowly'])
    dummy, dummy, warnings = thing.outcome()
    assert warnings == ['the endpoint answered slowly']
    assert _thing([]).outcome()[2] == []


def test_ansible_main_emits_client_warnings_through_module_warn(monkeypatch):
    from ansible.module_utils import basic
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _client

    class Warned(_module.BceModule):
        def run(self):
            self.client  # pylint: disable=pointless-statement  # creates the client
            self.result['ran'] = True

    seen = []
    monkeypatch.setattr(_client, 'BceClient', lambda **kwargs: Client(['first', 'second']))
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, text: seen.append(text))

    class Entry(object):
        main = staticmethod(Warned.ansible_main)

    result, failed = run_module(monkeypatch, Entry, {})
    assert not failed and result['ran'] and seen == ['first', 'second']


@pytest.mark.parametrize('fails', [False, True])
def test_ansible_main_freezes_the_garbage_collector_only_when_the_result_is_ready(monkeypatch, fails):
    from ansible.module_utils import basic

    events = []

    class Done(_module.BceModule):
        def run(self):
            events.append('run')
            if fails:
                raise BceValidationError('name', 'name is wrong')

    monkeypatch.setattr(_module.gc, 'freeze', lambda: events.append('freeze'))
    monkeypatch.setattr(basic.AnsibleModule, 'warn', lambda self, text: events.append('warn'))

    class Entry(object):
        main = staticmethod(Done.ansible_main)

    dummy, failed = run_module(monkeypatch, Entry, {})
    assert failed is fails
    # Frozen after the run and its warnings, right before the result is written (exit_json / fail_json).
    assert events == ['run', 'freeze']


def test_the_base_imports_nothing_route_specific():
    path = os.path.join(ROOT, 'plugins', 'module_utils', '_module.py')
    with open(path) as handle:
        tree = ast.parse(handle.read())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            imported.add(node.module)
            imported.update('%s.%s' % (node.module, alias.name) for alias in node.names)
    assert not [name for name in imported if '_route' in name or '_rule' in name]
    with open(path) as handle:
        assert 'route' not in handle.read().lower()


@pytest.mark.parametrize('name', ['route_rule', 'route_switch', 'route_table', 'route_table_info'])
def test_modules_import_only_their_logic_which_imports_only_the_toolbox_and_the_rule_model(name):
    def utils_imported_by(path):
        with open(path) as handle:
            tree = ast.parse(handle.read())
        return set(
            node.module.split('module_utils.', 1)[-1]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and 'module_utils' in (node.module or '')
        )

    # Besides its logic, a module file imports only _gc_pause (standard library only), to import the logic with the
    # garbage collector paused (issue 25).
    assert utils_imported_by(os.path.join(ROOT, 'plugins', 'modules', name + '.py')) == {
        '_gc_pause',
        '_logic.' + name,
    }
    logic = utils_imported_by(os.path.join(ROOT, 'plugins', 'module_utils', '_logic', name + '.py'))
    assert logic <= {'_route_task', '_rule'}
