# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure helpers of the unit tests: run a module's main() and catch its result, raw rules, desired rules.

No API lives here: the module tests talk to the emulator (emulated.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import desired_rule

TABLE = 'rt-unit00000001'
VPC = 'vpc-unit00000001'
SECRET = 'unit-secret-key-value'
# The endpoint is the emulator's (emulated.py puts its address in); api_retries=0: one logical call is one
# exchange, so a fault injected once is seen once (the retry loop has its own tests in test_client.py).
BASE_ARGS = {'access_key': 'ak', 'secret_key': SECRET, 'endpoint': 'http://127.0.0.1:1', 'api_retries': 0}


class ExitJson(Exception):
    pass


class FailJson(Exception):
    pass


def _exit_json(self, **kwargs):
    kwargs.setdefault('changed', False)
    raise ExitJson(kwargs)


def _fail_json(self, **kwargs):
    raise FailJson(kwargs)


@contextlib.contextmanager
def module_args(args, base=True):
    args = dict(base_args(), **args) if base else dict(args)
    args.setdefault('_ansible_remote_tmp', '/tmp')
    args.setdefault('_ansible_keep_remote_files', False)
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core < 2.19
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
        yield
        return
    with patch_module_args(args):
        yield


def base_args():
    """The connection options of every module run: the running emulator's address when there is one."""
    from ansible_collections.baiducloud.vpc.tests.unit.plugins import emulated

    return dict(BASE_ARGS, endpoint=emulated.endpoint())


def rule(rule_id, src, dst, hop_type, hop_id, path='normal', description=''):
    """A rule as the route API lists it."""
    return {
        'routeRuleId': rule_id,
        'routeTableId': TABLE,
        'sourceAddress': src,
        'destinationAddress': dst,
        'nexthopType': hop_type,
        'nexthopId': hop_id,
        'pathType': path,
        'description': description,
    }


SYSTEM_RULE = {
    'routeRuleId': '',
    'routeTableId': TABLE,
    'sourceAddress': '0.0.0.0/0',
    'destinationAddress': '192.168.0.0/16',
    'nexthopType': 'sys',
    'nexthopId': '',
    'description': '',
}


def want(**params):
    """The desired rule of route_rule's rule options; unset options are None, as AnsibleModule passes them."""
    base = dict.fromkeys(('source_address', 'next_hop_type', 'next_hop_id', 'next_hops', 'description', 'ip_version'))
    base['destination_address'] = '0.0.0.0/0'
    base.update(params)
    return desired_rule(base)


def run_module(monkeypatch, module, args, client=None, check_mode=False, diff=False, base=True):
    """Run module.main() against the emulator `client` (an emulated.Api, or None when the test patched BceClient
    itself); `base=False` leaves out the default connection options. Returns (result, failed)."""
    if client is not None:
        client.attach(monkeypatch)
    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', _exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', _fail_json)
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    with module_args(args, base):
        try:
            module.main()
        except ExitJson as exc:
            return exc.args[0], False
        except FailJson as exc:
            return exc.args[0], True
    raise AssertionError('module returned without exit_json or fail_json')
