# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Which path a task takes, and that the in-process path leaves the worker as it found it."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest
from ansible.errors import AnsibleActionFail
from ansible.parsing.dataloader import DataLoader
from ansible.playbook.play_context import PlayContext
from ansible.template import Templar

try:
    # ansible-core >= 2.19 (before 2.21) marks a module's failure ("Module failed") through this error type.
    from ansible._internal._errors._captured import AnsibleModuleCapturedError
except ImportError:
    AnsibleModuleCapturedError = None

from ansible_collections.baiducloud.vpc.plugins.action import route_rule as route_rule_action
from ansible_collections.baiducloud.vpc.plugins.module_utils import _client
from ansible_collections.baiducloud.vpc.plugins.plugin_utils import _action
from ansible_collections.baiducloud.vpc.plugins.plugin_utils._action import same_python
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import BASE_ARGS, SECRET, TABLE, rule

ARGS = {'route_table_id': TABLE, 'destination_address': '0.0.0.0/0', 'next_hop_type': 'nat', 'next_hop_id': 'nat-a'}


class Shell(object):
    tmpdir = None

    @staticmethod
    def get_option(name):
        return {'remote_tmp': '~/.ansible/tmp'}[name]

    @staticmethod
    def env_prefix(**kwargs):
        return ''


class Connection(object):
    has_native_async = False
    become = None
    socket_path = None

    def __init__(self, transport='local'):
        self.transport = transport
        self._shell = Shell()


class Task(object):
    def __init__(self, args, environment=None, async_val=0, delegate_to=None, check_mode=False, diff=False):
        self.args = args
        self.environment = environment
        self.async_val = async_val
        self.delegate_to = delegate_to
        self.check_mode = check_mode
        self.diff = diff
        self.no_log = False
        self.action = 'baiducloud.vpc.route_rule'


def action(task=None, transport='local', become=False):
    play_context = PlayContext()
    play_context.become = become
    plugin = route_rule_action.ActionModule(
        task or Task(dict(BASE_ARGS, **ARGS)),
        Connection(transport),
        play_context,
        DataLoader(),
        Templar(loader=DataLoader()),
        None,
    )
    executed = []

    def execute_module(**kwargs):
        executed.append(kwargs)
        return {'changed': False, 'via': 'module'}

    plugin._execute_module = execute_module
    plugin._remove_tmp_path = lambda path: None
    plugin.executed = executed
    return plugin


def controller_vars(**extra):
    return dict({'ansible_python_interpreter': sys.executable}, **extra)


def test_local_connection_with_the_controller_python_runs_in_process():
    assert action().module_path_reason(controller_vars(), {}) is None


@pytest.mark.parametrize('interpreter', ['auto', 'auto_silent', 'auto_legacy_silent'])
def test_interpreter_discovery_counts_as_the_controller_python(interpreter):
    assert action().module_path_reason({'ansible_python_interpreter': interpreter}, {}) is None


@pytest.mark.parametrize(
    'plugin,task_vars,env,expected',
    [
        (lambda: action(transport='ssh'), controller_vars(), {}, 'connection ssh is not local'),
        (lambda: action(task=Task(dict(ARGS), async_val=30)), controller_vars(), {}, 'async'),
        (lambda: action(become=True), controller_vars(), {}, 'become'),
        (action, {'ansible_python_interpreter': '/opt/other/bin/python3'}, {}, 'is not the controller'),
        (action, controller_vars(), {'BAIDUCLOUD_EXECUTION': 'module'}, 'BAIDUCLOUD_EXECUTION=module'),
        (action, controller_vars(baiducloud_execution='module'), {}, 'baiducloud_execution=module'),
    ],
    ids=['ssh', 'async', 'become', 'interpreter', 'env-opt-out', 'var-opt-out'],
)
def test_module_path_when_in_process_could_change_the_outcome(plugin, task_vars, env, expected):
    reason = plugin().module_path_reason(task_vars, env)
    assert reason is not None and expected in reason


def test_a_delegated_task_uses_the_interpreter_of_the_host_it_is_delegated_to():
    task_vars = controller_vars(ansible_delegated_vars={'db1': {'ansible_python_interpreter': '/opt/db1/bin/python3'}})
    reason = action(task=Task(dict(ARGS), delegate_to='db1')).module_path_reason(task_vars, {})
    assert reason is not None and '/opt/db1/bin/python3' in reason
    task_vars['ansible_delegated_vars']['db1']['ansible_python_interpreter'] = sys.executable
    assert action(task=Task(dict(ARGS), delegate_to='db1')).module_path_reason(task_vars, {}) is None


def test_module_path_without_requests(monkeypatch):
    monkeypatch.setattr(_client, 'HAS_REQUESTS', False)
    assert 'requests' in action().module_path_reason(controller_vars(), {})


def test_the_opt_out_from_the_controller_environment(monkeypatch):
    monkeypatch.setenv('BAIDUCLOUD_EXECUTION', 'module')
    assert action().module_path_reason(controller_vars(), {}) == 'BAIDUCLOUD_EXECUTION=module'
    # The task's environment wins over the controller's.
    assert action().module_path_reason(controller_vars(), {'BAIDUCLOUD_EXECUTION': 'auto'}) is None


def test_an_unknown_execution_setting_fails_naming_it():
    with pytest.raises(AnsibleActionFail, match='BAIDUCLOUD_EXECUTION must be one of auto, module'):
        action().module_path_reason(controller_vars(), {'BAIDUCLOUD_EXECUTION': 'fast'})
    with pytest.raises(AnsibleActionFail, match='baiducloud_execution must be one of'):
        action().module_path_reason(controller_vars(baiducloud_execution='fast'), {})


def test_a_virtualenv_python_is_not_its_base_interpreter(tmp_path):
    link = tmp_path / 'python3'
    link.symlink_to(os.path.realpath(sys.executable))
    assert same_python(sys.executable) and same_python(
        os.path.join(os.path.dirname(sys.executable), '.', 'x', '..', os.path.basename(sys.executable))
    )
    assert not same_python(str(link))


def test_fallback_runs_the_fully_qualified_module():
    plugin = action(transport='ssh')
    result = plugin.run(task_vars=controller_vars())
    assert result['via'] == 'module'
    assert [call['module_name'] for call in plugin.executed] == ['baiducloud.vpc.route_rule']


def test_in_process_run_uses_the_task_environment_and_restores_the_worker(monkeypatch):
    """The secret comes from the task's `environment:` through the fallback; afterwards the worker's
    environment is as before, and nothing is executed as a module."""
    client = Api([rule('rr-nat000000001', '0.0.0.0/0', '0.0.0.0/0', 'nat', 'nat-a')])
    seen = {}

    def make_client(**kwargs):
        seen.update(kwargs)
        return client.client()

    monkeypatch.setattr(_client, 'BceClient', make_client)
    monkeypatch.delenv('BAIDUCLOUD_SECRET_KEY', raising=False)
    monkeypatch.setenv('BAIDUCLOUD_REGION', 'bj')
    before = dict(os.environ)
    args = dict(ARGS, access_key='ak', endpoint='http://127.0.0.1:1')
    plugin = action(task=Task(args, diff=True))
    plugin._compute_environment_string = lambda raw_environment_out: raw_environment_out.update(
        BAIDUCLOUD_SECRET_KEY=SECRET, BAIDUCLOUD_REGION='gz'
    )
    result = plugin.run(task_vars=controller_vars(ansible_inject_invocation=True))
    assert plugin.executed == []
    assert seen['secret_key'] == SECRET and seen['region'] == 'gz'
    assert dict(os.environ) == before
    assert result['changed'] is False and result['plan'] == [] and 'diff' in result
    assert result['invocation']['module_args']['secret_key'] == 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER'


def test_check_mode_comes_from_the_task(monkeypatch):
    client = Api()
    client.attach(monkeypatch)
    plugin = action(task=Task(dict(BASE_ARGS, **ARGS), check_mode=True))
    plugin._compute_environment_string = lambda raw_environment_out: None
    result = plugin.run(task_vars=controller_vars())
    assert result['changed'] is True and client.writes == []


def test_every_module_has_an_action_that_names_it():
    modules_dir = os.path.join(os.path.dirname(_action.__file__), '..', 'modules')
    names = sorted(f[:-3] for f in os.listdir(modules_dir) if f.endswith('.py') and not f.startswith('_'))
    assert {'route_rule', 'route_switch', 'route_table', 'route_table_info'} <= set(names)
    for name in names:
        module = __import__('ansible_collections.baiducloud.vpc.plugins.action.' + name, fromlist=['ActionModule'])
        assert module.ActionModule.module_name == name
        assert module.ActionModule.module_class.__module__.endswith('_logic.' + name)
        assert issubclass(module.ActionModule, _action.BceAction)


def _failure_label(result):
    """The label ansible-core prints before a failed task's message ("Module failed." or "Action failed."), read from
    what an action returns the way the task executor reads it; None on lines without labels (before 2.19)."""
    try:
        from ansible._internal._task import UnifiedTaskResult  # ansible-core >= 2.21
    except ImportError:
        UnifiedTaskResult = None
    if UnifiedTaskResult is not None and hasattr(UnifiedTaskResult, 'from_action_result_dict'):
        return UnifiedTaskResult.from_action_result_dict(dict(result)).exception.error_message
    if AnsibleModuleCapturedError is not None:  # ansible-core 2.19, 2.20
        return result['exception'].error_type._default_message
    return None


def test_an_in_process_failure_is_labelled_as_the_module_path_labels_it(monkeypatch):
    """Issue 21, finding 6: on ansible-core 2.21 the in-process path printed "Action failed", the module path
    "Module failed"; the rest of the result was the same."""
    client = Api()
    client.attach(monkeypatch)
    bad = dict(BASE_ARGS, **dict(ARGS, destination_address='not-a-cidr'))
    plugin = action(task=Task(bad))
    plugin._compute_environment_string = lambda raw_environment_out: None
    result = plugin.run(task_vars=controller_vars())
    assert result['failed'] is True and 'destination_address' in result['msg'] and plugin.executed == []
    label = _failure_label(result)
    assert label in (None, 'Module failed.')
    if label is not None:
        assert label == _failure_label(_module_answer_as_the_action_receives_it(result['msg']))


def _module_answer_as_the_action_receives_it(msg):
    """What _execute_module returns to an action for a module that failed with `msg`."""
    answer = {'failed': True, 'msg': msg, 'changed': False}
    try:
        from ansible._internal._task import UnifiedTaskResult
    except ImportError:
        UnifiedTaskResult = None
    if UnifiedTaskResult is not None and hasattr(UnifiedTaskResult, 'from_module_result_dict'):
        return UnifiedTaskResult.from_module_result_dict(answer).as_result_dict(for_round_trip=True)
    AnsibleModuleCapturedError.normalize_result_exception(answer)
    return answer


def test_in_process_runs_leave_no_module_state_behind(monkeypatch):
    """The module runs through AnsibleModule, which reads its arguments and collects warnings in module-process
    globals: a warning of one task is never shown by the next, and the worker gets its globals and stdout back."""
    from ansible.module_utils import basic
    from ansible.module_utils.common import warnings as common_warnings

    before = (basic._ANSIBLE_ARGS, common_warnings._global_warnings, sys.stdout)
    controller = getattr(getattr(common_warnings, '_internal', None), 'is_controller', None)
    results = []
    for warned in (True, False):
        client = Api([rule('rr-nat000000001', '0.0.0.0/0', '0.0.0.0/0', 'nat', 'nat-a')])
        client.client_warnings = ['a retry of GET /v1/route'] if warned else []
        client.attach(monkeypatch)
        plugin = action()
        plugin._compute_environment_string = lambda raw_environment_out: None
        results.append(plugin.run(task_vars=controller_vars()))
    assert [len(result.get('warnings', [])) for result in results] == [1, 0]
    assert (basic._ANSIBLE_ARGS, common_warnings._global_warnings, sys.stdout) == before
    assert getattr(getattr(common_warnings, '_internal', None), 'is_controller', None) == controller


def test_an_in_process_failure_carries_a_traceback_when_they_are_enabled(monkeypatch):
    """With DISPLAY_TRACEBACK=error (ansible-core >= 2.19) a module's failure carries the traceback fail_json
    captured; the in-process path once dropped it."""
    traceback = pytest.importorskip('ansible.module_utils._internal._traceback')
    monkeypatch.setattr(traceback, '_is_traceback_enabled', lambda event: True)
    Api().attach(monkeypatch)
    plugin = action(task=Task(dict(BASE_ARGS, **dict(ARGS, destination_address='not-a-cidr'))))
    plugin._compute_environment_string = lambda raw_environment_out: None
    result = plugin.run(task_vars=controller_vars())
    assert result['failed'] is True and plugin.executed == []
    assert result['exception'].event.formatted_traceback.startswith('Traceback (most recent call last)')
