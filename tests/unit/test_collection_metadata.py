# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Collection metadata stays in step with the code: action group, version, doc fragment."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re

import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')


def _modules():
    folder = os.path.join(ROOT, 'plugins', 'modules')
    return sorted(name[:-3] for name in os.listdir(folder) if name.endswith('.py') and not name.startswith('_'))


def test_action_group_lists_exactly_the_modules():
    with open(os.path.join(ROOT, 'meta', 'runtime.yml')) as handle:
        runtime = yaml.safe_load(handle)
    assert sorted(runtime['action_groups']['vpc']) == _modules()


def test_every_module_documents_the_action_group():
    for name in _modules():
        with open(os.path.join(ROOT, 'plugins', 'modules', name + '.py')) as handle:
            text = handle.read()
        assert 'baiducloud.vpc.attributes.actiongroup_vpc' in text, name


def test_version_matches_galaxy_yml():
    from ansible_collections.baiducloud.vpc.plugins.module_utils._version import COLLECTION_VERSION
    with open(os.path.join(ROOT, 'galaxy.yml')) as handle:
        galaxy = yaml.safe_load(handle)
    assert galaxy['version'] == COLLECTION_VERSION


def test_env_fallbacks_are_the_documented_ones():
    from ansible_collections.baiducloud.vpc.plugins.module_utils._module import bce_argument_spec
    spec = bce_argument_spec()
    fallbacks = dict((k, v['fallback'][1][0]) for k, v in spec.items() if 'fallback' in v)
    assert fallbacks == {'access_key': 'BAIDUCLOUD_ACCESS_KEY', 'secret_key': 'BAIDUCLOUD_SECRET_KEY',
                         'session_token': 'BAIDUCLOUD_SESSION_TOKEN', 'region': 'BAIDUCLOUD_REGION', 'endpoint': 'BAIDUCLOUD_ENDPOINT'}
    with open(os.path.join(ROOT, 'plugins', 'doc_fragments', 'bce.py')) as handle:
        documented = set(re.findall(r'E\((BAIDUCLOUD_[A-Z_]+)\)', handle.read()))
    assert documented == set(fallbacks.values())
    assert spec['secret_key']['no_log'] and spec['session_token']['no_log']
