# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run one module in this process, through its own AnsibleModule, and return what it prints.

The module's entry point runs unchanged: AnsibleModule reads the arguments, validates them, masks
no_log values and shapes the result, as in a module process. What differs is only where its input
comes from and where its output goes, which are module-process globals of ansible.module_utils.basic
(the arguments, and on ansible-core >= 2.19 the serialization profile and the parsed arguments), the
global warning lists and stdout; module_process() sets them for one run and puts them back. The
action side (which path, which environment, reading the answer) is in _action.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import io
import json
import os
import sys
from unittest import mock

from ansible.module_utils import basic
from ansible.module_utils.common import json as common_json
from ansible.module_utils.common import warnings as common_warnings

from ansible_collections.baiducloud.vpc.plugins.module_utils._gc_pause import paused_gc

try:
    # ansible-core >= 2.19: whether module_utils code runs in the controller (then module.warn() shows the warning
    # at once instead of returning it in the result, as a module process does).
    from ansible.module_utils import _internal as module_utils_internal
except ImportError:
    module_utils_internal = None

# The module-process globals where AnsibleModule.warn() and deprecate() collect what the result shows.
WARNING_LISTS = ('_global_warnings', '_global_deprecations')
# The profile ansible-core uses for a Python module that declares none (module_common's default metadata).
PROFILE = 'legacy'


def _encoded(args):
    """The arguments as a module process reads them: encoded as module_common encodes them for the module."""
    params = {'ANSIBLE_MODULE_ARGS': args}
    if hasattr(common_json, 'get_module_encoder'):  # ansible-core >= 2.19
        encoder = common_json.get_module_encoder(PROFILE, common_json.Direction.CONTROLLER_TO_MODULE)
        return json.dumps(params, cls=encoder).encode('utf-8')
    return json.dumps(params, cls=common_json.AnsibleJSONEncoder, vault_to_text=True).encode('utf-8')


@contextlib.contextmanager
def module_process(args):
    """This process, for the time of one module run, seen from module_utils as a module process given `args`, and
    as it was afterwards. Yields the buffer that receives what the module prints."""
    out = io.StringIO()
    # A module process starts with no warnings; nothing from this run may stay for the next task either.
    patches = [(basic, '_ANSIBLE_ARGS', _encoded(args)), (sys, 'stdout', out)]
    patches += [(common_warnings, name, type(getattr(common_warnings, name))()) for name in WARNING_LISTS]
    # ansible-core >= 2.19 only: the profile the arguments were encoded with, the arguments as read, and whether this
    # is the controller.
    patches += [(basic, '_ANSIBLE_PROFILE', PROFILE), (basic, '_PARSED_MODULE_ARGS', None)]
    patches.append((module_utils_internal, 'is_controller', False))
    with contextlib.ExitStack() as stack:
        for target, name, value in patches:
            if hasattr(target, name):
                stack.enter_context(mock.patch.object(target, name, value))
        yield out


def run_in_process(module_class, args):
    """What the module of `module_class` prints for the module arguments `args` (task arguments and `_ansible_*`)."""
    # No automatic garbage collection during the run: the worker's heap (the whole of Ansible's controller) is large,
    # and each collection walks all of it while a large table's objects are made (profiled: one json.loads of a 1,000-rule
    # page took 0.35 s instead of 0.002 s). The run makes little cyclic garbage; the collector runs again after it.
    with paused_gc(), module_process(args) as out:
        try:
            module_class.ansible_main(execution='in-process')
        except SystemExit:
            pass
    return out.getvalue()


def environment(overlay):
    """os.environ with `overlay` laid over it (environment fallbacks and the HTTP client read it), and afterwards
    the worker's own environment again, whole: also what AnsibleModule may set (LANG, LC_ALL of its locale check)."""
    return mock.patch.dict(os.environ, dict((name, str(value)) for name, value in overlay.items()))
