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

import os
import sys

from ansible import constants as C
from ansible.errors import AnsibleActionFail
from ansible.plugins.action import ActionBase
from ansible.utils.display import Display

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client
from ansible_collections.baiducloud.vpc.plugins.plugin_utils._inprocess import (
    environment,
    read_as_module_answer,
    run_logic,
)

try:
    # ansible-core >= 2.19 tells a module's failure ("Module failed") from an action's by how the
    # result was read; the in-process result is marked as the module path would mark it.
    from ansible._internal._errors._captured import AnsibleModuleCapturedError
except ImportError:
    AnsibleModuleCapturedError = None

display = Display()

# The opt-out: an environment variable (the controller's or the task's `environment:`) or a variable.
EXECUTION_ENV = 'BAIDUCLOUD_EXECUTION'
EXECUTION_VAR = 'baiducloud_execution'
EXECUTION_CHOICES = ('auto', 'module')
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


def inject_invocation(task_vars):
    """Whether a module's result carries `invocation`: always before ansible-core 2.21, then per INJECT_INVOCATION."""
    if not C.config.get_configuration_definition('INJECT_INVOCATION'):
        return True
    return bool(C.config.get_config_value('INJECT_INVOCATION', variables=task_vars))


class BceAction(ActionBase):
    """Each action plugin sets `module_class` (the logic, from module_utils/_modules) and `module_name`."""

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
        reason = self.module_path_reason(task_vars, env)
        if reason:
            display.vvv('%s: runs as a module (%s)' % (self.fqcn, reason))
            return self._run_module(result, task_vars)
        display.vvv('%s: runs in the controller\'s worker' % self.fqcn)
        with environment(env):
            result.update(
                run_logic(
                    self.module_class,
                    self.fqcn,
                    self._task.args,
                    check_mode=bool(self._task.check_mode),
                    diff=bool(self._task.diff),
                    inject_invocation=inject_invocation(task_vars),
                )
            )
        if AnsibleModuleCapturedError is not None:
            AnsibleModuleCapturedError.normalize_result_exception(result)
        else:
            result = read_as_module_answer(result)
        # What _execute_module adds to a module's answer it could read.
        result['_ansible_parsed'] = True
        return result

    def _run_module(self, result, task_vars):
        """What ansible.builtin.normal does, for the module of the same name."""
        wrap_async = self._task.async_val and not self._connection.has_native_async
        result.update(
            self._execute_module(
                module_name=self.fqcn, module_args=self._task.args, task_vars=task_vars, wrap_async=wrap_async
            )
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
