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
    assert fallbacks == {
        'access_key': 'BAIDUCLOUD_ACCESS_KEY',
        'secret_key': 'BAIDUCLOUD_SECRET_KEY',
        'session_token': 'BAIDUCLOUD_SESSION_TOKEN',
        'region': 'BAIDUCLOUD_REGION',
        'endpoint': 'BAIDUCLOUD_ENDPOINT',
    }
    with open(os.path.join(ROOT, 'plugins', 'doc_fragments', 'bce.py')) as handle:
        documented = set(re.findall(r'E\((BAIDUCLOUD_[A-Z_]+)\)', handle.read()))
    assert documented == set(fallbacks.values())
    assert spec['secret_key']['no_log'] and spec['session_token']['no_log']


def _documented_options():
    """(module, dotted option path, option doc) of every documented option, suboptions included."""
    found = []

    def walk(module, prefix, options):
        for name, doc in (options or {}).items():
            found.append((module, prefix + name, doc))
            walk(module, prefix + name + '.', doc.get('suboptions'))

    for name in _modules():
        with open(os.path.join(ROOT, 'plugins', 'modules', name + '.py')) as handle:
            text = handle.read()
        documentation = text.split("DOCUMENTATION = r'''", 1)[1].split("'''", 1)[0]
        walk(name, '', yaml.safe_load(documentation)['options'])
    return found


def test_documented_choices_and_defaults_come_from_the_rule_constants():
    from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
        CCE_KEEP,
        DEFAULT_RULE_QUOTA,
        MULTI_PATH_NEXT_HOP_TYPE,
        NEXT_HOP_TYPES,
        PATH_TYPES,
    )

    checked = []
    for module, path, doc in _documented_options():
        leaf = path.rsplit('.', 1)[-1]
        if leaf in ('next_hop_type', 'next_hop_types') and 'choices' in doc:
            multi_path = '.next_hops.' in '.' + path
            expected = [MULTI_PATH_NEXT_HOP_TYPE] if multi_path else list(NEXT_HOP_TYPES)
            assert doc['choices'] == expected, (module, path)
            if multi_path:
                assert doc['default'] == MULTI_PATH_NEXT_HOP_TYPE, (module, path)
            checked.append((module, path))
        elif leaf == 'path_type':
            assert doc['choices'] == list(PATH_TYPES), (module, path)
            checked.append((module, path))
        elif path == 'keep':
            # keep adds to the CCE protection (keep_cce_routes), so its default is empty.
            assert doc['default'] == [], module
            checked.append((module, path))
        elif path == 'keep_cce_routes':
            assert doc['default'] is True and CCE_KEEP['description_prefix'] in ' '.join(doc['description'])
            checked.append((module, path))
    # Every place the choices are documented today was seen (a renamed option must not skip the check).
    assert sorted(checked) == [
        ('route_rule', 'next_hop_type'),
        ('route_rule', 'next_hops.next_hop_type'),
        ('route_rule', 'next_hops.path_type'),
        ('route_table', 'keep'),
        ('route_table', 'keep_cce_routes'),
        ('route_table', 'purge_scope.next_hop_types'),
        ('route_table', 'rules.next_hop_type'),
        ('route_table', 'rules.next_hops.next_hop_type'),
        ('route_table', 'rules.next_hops.path_type'),
    ]
    from ansible_collections.baiducloud.vpc.plugins.doc_fragments.route_table import ModuleDocFragment

    assert yaml.safe_load(ModuleDocFragment.QUOTA)['options']['rule_quota']['default'] == DEFAULT_RULE_QUOTA


def test_argument_specs_take_their_choices_from_the_rule_constants():
    from ansible_collections.baiducloud.vpc.plugins.module_utils._route_task import (
        KEEP_CCE_SPEC,
        KEEP_SPEC,
        RULE_QUOTA_SPEC,
    )
    from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
        CCE_KEEP,
        DEFAULT_RULE_QUOTA,
        MULTI_PATH_NEXT_HOP_TYPE,
        NEXT_HOP_TYPES,
        PATH_TYPES,
        RULE_SPEC,
    )

    assert RULE_SPEC['next_hop_type']['choices'] == list(NEXT_HOP_TYPES)
    hops = RULE_SPEC['next_hops']['options']
    assert hops['next_hop_type']['choices'] == [MULTI_PATH_NEXT_HOP_TYPE] and hops['path_type']['choices'] == list(
        PATH_TYPES
    )
    assert KEEP_SPEC['default'] == [] and KEEP_CCE_SPEC['default'] is True
    assert CCE_KEEP == {'description_prefix': 'auto generated by cce'}
    assert RULE_QUOTA_SPEC['default'] == DEFAULT_RULE_QUOTA
