# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A no-op imports only what it uses (issue 25 row 3): in a module process each module_utils file is compiled from
source on import, so the planners and the next hops are imported when a run reaches them (_route_task._OnFirstUse),
and the garbage collector is paused while a module file imports its logic (_gc_pause.py).

Each case runs one module's main() in a fresh interpreter against the in-process emulator and lists the
module_utils files that process imported; a write still imports everything it needs (the last case)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import gc
import json
import os
import subprocess
import sys

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils._gc_pause import paused_gc

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))
CREDENTIALS = {'access_key': 'emulator-ak', 'secret_key': 'emulator-sk'}
LAZY = ('_route_plan', '_next_hops', '_next_hop_api')

SCRIPT = r'''
import io, json, sys
from ansible.module_utils.testing import patch_module_args
from tests.emulator.server import start_emulator
import importlib
handle = start_emulator()
try:
    module = importlib.import_module('ansible_collections.baiducloud.vpc.plugins.modules.' + sys.argv[1])
    args = dict(json.loads(sys.argv[2]), endpoint=handle.base_url)
    out, real = io.StringIO(), sys.stdout
    with patch_module_args(args):
        sys.stdout = out
        try:
            module.main()
        except SystemExit:
            pass
        finally:
            sys.stdout = real
finally:
    handle.stop()
prefix = 'ansible_collections.baiducloud.vpc.plugins.module_utils.'
print(json.dumps({
    'result': json.loads(out.getvalue()),
    'imported': sorted(name[len(prefix):] for name in sys.modules if name.startswith(prefix)),
}))
'''


def _run(module, args):
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([ROOT] + sys.path), NO_PROXY='127.0.0.1,localhost')
    out = subprocess.check_output(
        [sys.executable, '-c', SCRIPT, module, json.dumps(dict(CREDENTIALS, **args))],
        env=env,
        cwd=ROOT,
        universal_newlines=True,
    )
    return json.loads(out.strip().splitlines()[-1])


@pytest.mark.parametrize(
    'module, args, not_imported',
    [
        ('route_table_info', {'vpc_id': 'vpc-emu1demo0001'}, LAZY),
        (
            'route_rule',
            {'vpc_id': 'vpc-emu1demo0001', 'destination_address': '10.99.0.0/24', 'state': 'absent'},
            ('_next_hops', '_next_hop_api'),
        ),
    ],
)
def test_noop_imports_only_what_it_uses(module, args, not_imported):
    run = _run(module, args)
    assert run['result'].get('failed') is None, run['result']
    assert run['result']['changed'] is False
    assert '_route_task' in run['imported']
    assert [name for name in not_imported if name in run['imported']] == []


def test_write_imports_planner_and_next_hops():
    rule = {'destination_address': '10.99.0.0/24', 'next_hop_type': 'custom', 'next_hop_id': 'i-emu1Ins1'}
    run = _run('route_table', {'route_table_id': 'rt-emu1demo0001', 'rules': [rule]})
    assert run['result'].get('failed') is None, run['result']
    assert run['result']['changed'] is True
    assert [name for name in LAZY if name not in run['imported']] == []


@pytest.fixture
def gc_state():
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize('enabled', [True, False])
def test_paused_gc_restores_the_collector_state(gc_state, enabled):
    (gc.enable if enabled else gc.disable)()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled() is enabled
    with pytest.raises(ImportError):
        with paused_gc():
            raise ImportError('a failed import')
    assert gc.isenabled() is enabled


def test_module_files_import_their_logic_with_the_collector_paused():
    """Each module file imports its logic (and with it requests and every module_utils file) inside paused_gc()."""
    for name in ('route_rule', 'route_switch', 'route_table', 'route_table_info'):
        with open(os.path.join(ROOT, 'plugins', 'modules', name + '.py')) as handle:
            tree = ast.parse(handle.read())
        blocks = [node for node in tree.body if isinstance(node, ast.With)]
        assert len(blocks) == 1, name
        assert ast.dump(blocks[0].items[0].context_expr) == ast.dump(ast.parse('paused_gc()', mode='eval').body)
        imported = [node.module for node in blocks[0].body if isinstance(node, ast.ImportFrom)]
        assert imported == ['ansible_collections.baiducloud.vpc.plugins.module_utils._logic.' + name], name
