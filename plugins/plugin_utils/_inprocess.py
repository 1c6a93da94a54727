# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run one module's logic in this process and return exactly what the module would.

Pure: parameters in, result out. The same argument spec as the module (read from module_utils),
validated by ansible-core's public ArgumentSpecValidator; the result is shaped and masked the way
AnsibleModule.exit_json/fail_json shape and mask it. The action side (which path, which
environment) is in _action.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import copy
import json
import os

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.module_utils.common.parameters import remove_values
from ansible.module_utils.errors import UnsupportedError

from ansible_collections.baiducloud.vpc.plugins.module_utils._module import bce_argument_spec

try:
    # ansible-core >= 2.21 reads a module's answer into a task result that remembers it came from a module, so that a
    # failure is labelled "Module failed" (an action's: "Action failed"). ansible-core 2.19 and 2.20 mark it through
    # AnsibleModuleCapturedError instead (_action.py); older lines have no label.
    from ansible._internal._task import UnifiedTaskResult
except ImportError:
    UnifiedTaskResult = None

# Spec keys that make AnsibleModule emit deprecations, which this path does not reproduce;
# a unit test keeps every module's spec free of them.
UNSUPPORTED_SPEC_KEYS = ('aliases', 'deprecated_aliases', 'removed_in_version', 'removed_at_date')


def full_spec(module_class):
    """The module's whole argument spec, a fresh copy per run: validation fills list defaults in place."""
    spec = bce_argument_spec()
    spec.update(copy.deepcopy(module_class.argument_spec))
    return spec


def run_logic(module_class, module_name, args, check_mode=False, diff=False, inject_invocation=True):
    """The result the module `module_name` (fully qualified) would return for the task arguments `args`.

    `inject_invocation`: whether the result carries `invocation` (always before ansible-core 2.21, then only
    with INJECT_INVOCATION)."""
    validator = ArgumentSpecValidator(full_spec(module_class), **module_class.module_kwargs)
    validation = validator.validate(args)
    # AnsibleModule's params: the task's arguments overlaid with the validated values.
    params = dict(args)
    params.update(validation.validated_parameters)
    # The private set is the only place the validator exposes the values to mask; AnsibleModule reads it too.
    no_log_values = set(validation._no_log_values)
    if validation.errors.errors:
        msg = validation.errors.msg
        if isinstance(validation.errors.errors[0], UnsupportedError):
            msg = 'Unsupported parameters for (%s) module: %s' % (module_name, msg)
        return _formatted({'failed': True, 'msg': msg}, params if inject_invocation else None, no_log_values, [])

    logic = module_class(params, check_mode=check_mode, diff=diff)
    logic.execution = 'in-process'
    result, failure, warnings = logic.outcome()
    if failure is not None:
        result = dict(failure, failed=True, msg=str(failure['msg']))
        # fail_json shows a traceback only when tracebacks are enabled, which they are not by default.
        result.pop('exception', None)
    return _formatted(dict(result), params if inject_invocation else None, no_log_values, warnings)


def _formatted(result, params, no_log_values, warnings):
    """What AnsibleModule._return_formatted prints, as the controller reads it back (`params` None: no invocation)."""
    if params is None:
        result.pop('invocation', None)
    else:
        result.setdefault('invocation', {'module_args': params})
    if warnings:
        result['warnings'] = list(warnings)
    # Like the module: True/False/None are never masked, even when a no_log value is 'True'.
    preserved = dict((key, value) for key, value in result.items() if value is None or isinstance(value, bool))
    result = remove_values(result, no_log_values)
    result.update(preserved)
    # The module's answer crosses a JSON boundary: tuples become lists, keys become strings.
    return json.loads(json.dumps(result))


def read_as_module_answer(result):
    """`result` as ActionBase._execute_module hands a module's answer to its action on ansible-core >= 2.21, so that
    what the user sees (the failure label included) is the module path's; unchanged on older lines."""
    if UnifiedTaskResult is None or not hasattr(UnifiedTaskResult, 'from_module_result_dict'):
        return result
    return UnifiedTaskResult.from_module_result_dict(result).as_result_dict(for_round_trip=True)


@contextlib.contextmanager
def environment(overlay):
    """os.environ with `overlay` laid over it (environment fallbacks and the HTTP client read it),
    restored afterwards: the worker's own environment must not change."""
    previous = dict((name, os.environ.get(name)) for name in overlay)
    try:
        for name, value in overlay.items():
            os.environ[name] = str(value)
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
