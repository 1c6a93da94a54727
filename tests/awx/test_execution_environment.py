# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The execution environment definitions of docs/awx/execution-environment/ stay in step with the collection.

`make publish-check` runs ansible-builder on them (tools/publish_check.sh); these checks are the cheap half that
needs no tool: the collection version and the ansible-core floor they name are the ones of galaxy.yml and
meta/runtime.yml, and the tarball variant reaches nothing but its own build context.

Run: .venv/bin/python -m pytest -q tests/awx/test_execution_environment.py
"""

import os
import re

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EE_DOCS = os.path.join(REPO, 'docs', 'awx', 'execution-environment')


def load_yaml(*path):
    with open(os.path.join(REPO, *path)) as handle:
        return yaml.safe_load(handle)


def definition(variant):
    return load_yaml('docs', 'awx', 'execution-environment', variant, 'execution-environment.yml')


def version_tuple(text):
    return tuple(int(part) for part in text.split('.'))


def collection_version():
    return load_yaml('galaxy.yml')['version']


def test_both_variants_are_documented():
    assert sorted(os.listdir(EE_DOCS)) == ['galaxy', 'tarball']


@pytest.mark.parametrize('variant', ['tarball', 'galaxy'])
def test_complete_definition(variant):
    ee = definition(variant)
    assert ee['version'] == 3
    assert ee['images']['base_image']['name']
    dependencies = ee['dependencies']
    # The floor of the image's ansible-core is the collection's own (meta/runtime.yml requires_ansible).
    requires_ansible = load_yaml('meta', 'runtime.yml')['requires_ansible']
    assert dependencies['ansible_core']['package_pip'] == 'ansible-core' + requires_ansible
    assert dependencies['ansible_runner']['package_pip'].startswith('ansible-runner')
    # Every supported ansible-core runs on the image's Python (2.20 and later need 3.12 on the controller).
    python_path = dependencies['python_interpreter']['python_path']
    assert version_tuple(re.search(r'python(\d+\.\d+)$', python_path).group(1)) >= (3, 12)
    # The collection's Python dependencies come from its own meta/execution-environment.yml, not from here.
    assert 'python' not in dependencies and 'system' not in dependencies


def test_tarball_variant_installs_the_tarball_of_this_version():
    ee = definition('tarball')
    tarball = 'baiducloud-vpc-%s.tar.gz' % collection_version()
    # ansible-builder copies additional_build_files into the context's _build/<dest>/, and the image's galaxy stage
    # copies _build/ to /build/ before it runs ansible-galaxy there.
    assert ee['additional_build_files'] == [{'src': tarball, 'dest': 'collections'}]
    assert ee['dependencies']['galaxy'] == {'collections': [{'name': '/build/collections/' + tarball, 'type': 'file'}]}
    # Offline: ansible-galaxy never asks a server (the tarball declares no collection dependencies).
    assert load_yaml('galaxy.yml')['dependencies'] == {}
    assert ee['build_arg_defaults']['ANSIBLE_GALAXY_CLI_COLLECTION_OPTS'] == '--offline'


def test_galaxy_variant_accepts_this_version():
    ee = definition('galaxy')
    (requirement,) = ee['dependencies']['galaxy']['collections']
    assert requirement['name'] == 'baiducloud.vpc'
    assert 'type' not in requirement and 'source' not in requirement
    current = version_tuple(collection_version())
    for clause in requirement['version'].split(','):
        operator, version = re.match(r'(>=|<)(\d+\.\d+\.\d+)$', clause.strip()).groups()
        assert current >= version_tuple(version) if operator == '>=' else current < version_tuple(version), clause
