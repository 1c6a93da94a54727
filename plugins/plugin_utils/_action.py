# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The shared base of the collection's action plugins: run a module's logic in the controller's
worker when that cannot change what the task does, else run the module as Ansible always does.

A module task pays for building the AnsiballZ payload and starting a new interpreter that imports
everything again; the logic itself only needs ansible-core and requests, which the controller has.
The module path stays for every case where the module process would behave differently: another
connection than local, become, async, another Python, no requests, or the opt-out.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import inspect
import json
import os
import sys
from collections.abc import Mapping

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client
from ansible_collections.baiducloud.vpc.plugins.plugin_utils._inprocess import PROFILE, environment, run_in_process

try:
    from ansible.vars.clean import remove_internal_keys
except ImportError:  # ansible-core >= 2.21: the task result removes them itself
    remove_internal_keys = None

# ansible-core >= 2.19 reads a module's answer with the module's serialization profile.
PARSE_TAKES_PROFILE = 'profile' in inspect.signature(ActionBase._parse_returned_data).parameters

display = Display()

# The opt-out: an environment variable (the controller's or the task's `environment:`) or a variable.
EXECUTION_ENV = 'BAIDUCLOUD_EXECUTION'
EXECUTION_VAR = 'baiducloud_execution'
EXECUTION_CHOICES = ('auto', 'module')
# Approved plans (docs/awx/approved-changes.md): the switch, and the recorded plans (custom stats in the check job,
# extra variables in the run job, under the same name, so an AWX workflow needs no wiring).
PLAN_VAR = 'baiducloud_plan'
PLAN_CHOICES = ('off', 'record', 'enforce')
APPROVED_VAR = 'baiducloud_approved_plans'
# Interpreter discovery: it would only choose a Python for a module process, and the in-process path needs none.
DISCOVERY_MODES = ('', 'auto', 'auto_legacy', 'auto_silent', 'auto_legacy_silent')


def same_python(path, executable=None):
    """Whether `path` is this process's Python: the same file in the same bin directory (a
    virtualenv's python links to the base interpreter but sees other packages)."""
    executable = executable or sys.executable
    if os.path.normpath(path) == os.path.normpath(executable):
        return True
    return os.path.realpath(path) == os.path.realpath(executable) and os.path.realpath(
        os.path.dirname(path)
    ) == os.path.realpath(os.path.dirname(executable))


class BceAction(ActionBase):
    """Each action plugin sets `module_class` (the logic, from module_utils/_logic) and `module_name`."""

    _supports_check_mode = True
    _supports_async = True

    module_class = None
    module_name = None

    @property
    def fqcn(self):
        return 'baiducloud.vpc.%s' % self.module_name

    def run(self, tmp=None, task_vars=None):
        task_vars = task_vars or {}
        result = super(BceAction, self).run(tmp, task_vars)
        del tmp
        env = {}
        self._compute_environment_string(env)
        plan_setting = self.plan_setting(task_vars)
        host, key, args = task_vars.get('inventory_hostname'), None, self._task.args
        if plan_setting != 'off' or task_vars.get(APPROVED_VAR) is not None:
            key = self.plan_key(task_vars)
            args = self.plan_arguments(task_vars, plan_setting, host, key)
        reason = self.module_path_reason(task_vars, env)
        if reason:
            display.vvv('%s: runs as a module (%s)' % (self.fqcn, reason))
            return self.published(self._run_as_module(result, task_vars, args), plan_setting, host, key)
        display.vvv('%s: runs in the controller\'s worker' % self.fqcn)
        # The `_ansible_*` arguments a module process would receive (check mode, diff, no_log, invocation, ...).
        module_args = dict(args)
        self._update_module_args(self.fqcn, module_args, task_vars)
        with environment(env):
            stdout = run_in_process(self.module_class, module_args)
        result.update(self.module_answer(stdout))
        return self.published(result, plan_setting, host, key)

    def module_answer(self, stdout):
        """What _execute_module makes of a module that printed `stdout`: the same parsing, failure label ("Module
        failed") and internal keys removed, on every ansible-core line."""
        res = {'rc': 0, 'stdout': stdout, 'stderr': ''}
        answer = self._parse_returned_data(res, PROFILE) if PARSE_TAKES_PROFILE else self._parse_returned_data(res)
        if hasattr(answer, 'as_result_dict'):
            # ansible-core >= 2.21: a task result that remembers it came from a module
            answer.remove_internal_keys()
            return answer.as_result_dict(for_round_trip=True)
        remove_internal_keys(answer)
        return answer

    def _run_as_module(self, result, task_vars, args):
        """What ansible.builtin.normal does, for the module of the same name."""
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result.update(
            self._execute_module(module_name=self.fqcn, module_args=args, task_vars=task_vars, wrap_async=wrap_async)
        )
        if not wrap_async:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def execution_setting(self, task_vars, env):
        """('auto' or 'module', where it was set): BAIDUCLOUD_EXECUTION (the task's environment over the
        controller's), or else the variable baiducloud_execution."""
        value = env.get(EXECUTION_ENV, os.environ.get(EXECUTION_ENV))
        source = EXECUTION_ENV
        if not value:
            value = self._templar.template(task_vars.get(EXECUTION_VAR) or '')
            source = EXECUTION_VAR
        value = str(value or 'auto').strip().lower()
        if value not in EXECUTION_CHOICES:
            raise AnsibleActionFail('%s must be one of %s, got %r' % (source, ', '.join(EXECUTION_CHOICES), value))
        return value, source

    def module_path_reason(self, task_vars, env):
        """Why this task must run as a module process, or None when running in-process changes nothing."""
        setting, source = self.execution_setting(task_vars, env)
        if setting == 'module':
            return '%s=module' % source
        if self._connection.transport != 'local':
            return 'connection %s is not local' % self._connection.transport
        if self._task.async_val:
            return 'async'
        if self._play_context.become:
            return 'become'
        if not _client.HAS_REQUESTS:
            return 'requests is not installed for the controller\'s Python'
        interpreter = self.host_interpreter(task_vars)
        if interpreter not in DISCOVERY_MODES and not same_python(interpreter):
            return 'the host\'s Python %s is not the controller\'s %s' % (interpreter, sys.executable)
        return None

    def host_interpreter(self, task_vars):
        """The Python a module process would use on this host (or the delegated one), as configured."""
        use_vars = task_vars
        if self._task.delegate_to:
            use_vars = task_vars.get('ansible_delegated_vars', {}).get(self._task.delegate_to, task_vars)
        value = C.config.get_config_value('INTERPRETER_PYTHON', variables=use_vars)
        return str(self._templar.template(value) or '').strip()

    # -- approved plans ------------------------------------------------------------------------

    def plan_setting(self, task_vars):
        """The variable baiducloud_plan: off (default), record (in check mode, publish each task's plan) or
        enforce (like a defined baiducloud_approved_plans, and refuse every task when it is not defined)."""
        value = str(self._templar.template(task_vars.get(PLAN_VAR) or '') or 'off').strip().lower()
        if value not in PLAN_CHOICES:
            raise AnsibleActionFail('%s must be one of %s, got %r' % (PLAN_VAR, ', '.join(PLAN_CHOICES), value))
        if value == 'record' and not self._task.check_mode:
            display.warning(
                '%s=record publishes plans in check mode only; this task runs for real and publishes none' % PLAN_VAR
            )
        return value

    def plan_key(self, task_vars):
        """The task's key among a host's approved plans: its name (with its role), or, unnamed, its file (relative to
        its role or to the playbook, whose absolute path differs between two AWX jobs) and line; in a loop, then the
        item's label (loop_control.label), or its index (loop_control.index_var or extended), or the item itself
        (a digest of it unless it is a plain value)."""
        task = self._task
        if task.name:
            key = task.get_name()
        else:
            path, dummy, line = (task.get_path() or '').rpartition(':')
            base = task._role._role_path if task._role else task_vars.get('playbook_dir')
            if base and path:
                path = os.path.relpath(path, base)
            key = '%s%s:%s' % ('%s : ' % task._role.get_name() if task._role else '', path, line)
        loop_var = task_vars.get('ansible_loop_var')
        if not loop_var:
            return key
        control = task.loop_control
        index_var = task_vars.get('ansible_index_var')
        if control is not None and control.label:
            label = self._templar.template(control.label)
        elif index_var and index_var in task_vars:
            label = task_vars[index_var]
        elif isinstance(task_vars.get('ansible_loop'), Mapping) and 'index0' in task_vars['ansible_loop']:
            label = task_vars['ansible_loop']['index0']
        else:
            label = task_vars.get(loop_var)
        if not isinstance(label, (str, int, float, bool)):
            text = json.dumps(label, sort_keys=True, separators=(',', ':'), default=str)
            label = 'item ' + hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]
        return '%s [%s]' % (key, label)

    def plan_arguments(self, task_vars, setting, host, key):
        """The task's arguments, with record_plan (recording, in check mode) and approved_plan (this task's entry
        among baiducloud_approved_plans, when it is defined or the setting is enforce) added.

        The approved plans are never templated: they come from job artifacts and hold strings the API returned."""
        args = dict(self._task.args)
        if setting == 'record' and self._task.check_mode:
            args['record_plan'] = True
        approved = task_vars.get(APPROVED_VAR)
        if (approved is None and setting != 'enforce') or 'approved_plan' in args:
            return args
        name = '%s on %s' % (key, host)
        if approved is None:
            entry = {'missing': '%s=enforce, but %s is not defined' % (PLAN_VAR, APPROVED_VAR)}
        elif not isinstance(approved, Mapping):
            raise AnsibleActionFail(
                '%s must be a dict {host: {task: plan}} as recorded, got %s' % (APPROVED_VAR, type(approved).__name__)
            )
        elif not isinstance(approved.get(host), Mapping):
            entry = {'missing': 'no approved plan for host %s' % host}
        elif not isinstance(approved[host].get(key), Mapping):
            entry = {'missing': 'no approved plan for this task (%d approved for the host)' % len(approved[host])}
        else:
            entry = dict(approved[host][key])
        # Plain JSON data for both paths (a module process receives it as JSON anyway).
        args['approved_plan'] = dict(json.loads(json.dumps(entry, default=str)), key=name)
        return args

    def published(self, result, setting, host, key):
        """The result, with its plan record published as aggregated custom stats (as set_stats does) when
        recording in check mode: {baiducloud_approved_plans: {host: {task key: record}}}, one dict for the play."""
        record = result.get('plan_record')
        if setting == 'record' and self._task.check_mode and isinstance(record, Mapping) and not result.get('failed'):
            result['ansible_stats'] = {
                'data': {APPROVED_VAR: {host: {key: record}}},
                'per_host': False,
                'aggregate': True,
            }
        return result
