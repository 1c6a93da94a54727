# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Cloud data is data, never code (issue 21, finding 1): the inventory plugin on the running ansible-core line.

On ansible-core 2.17 both tests failed before every API value was marked unsafe: `ansible-inventory --list` alone
ran the payloads of the VPC name, CIDRs, tag values and creation time (eight marker files).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys

from ansible.parsing.dataloader import DataLoader
from ansible.template import Templar

from ansible_collections.baiducloud.vpc.plugins.inventory import vpc as plugin_module
from ansible_collections.baiducloud.vpc.tests.unit.plugins.inventory.injection_scenario import (
    hostile_vpcs,
    run_scenario,
)


def test_no_api_value_is_ever_rendered_by_ansible_inventory_or_a_play(tmp_path):
    """The real CLIs: list (API, then cache) with compose/groups/keyed_groups/exclude, then a play using every
    host variable; the stub answers Jinja that would touch a marker file in every string field."""
    report = run_scenario(sys.executable, str(tmp_path))
    assert report['problems'] == []
    assert report['markers'] == []
    assert [run['api_requests'] > 0 for run in report['runs']] == [True, False, False]


def test_every_host_variable_is_inert_when_templated(tmp_path):
    """The variables themselves, templated as Ansible would template a host variable."""
    markers = tmp_path / 'markers'
    markers.mkdir()
    templar = Templar(loader=DataLoader())
    for item in hostile_vpcs(str(markers)):
        variables = plugin_module.host_vars(item, 'bj', 'https://bcc.bj.baidubce.com', 'baiducloud_', 'rt-x')
        templar.available_variables = variables
        for name, value in variables.items():
            assert templar.template(value) == value, name
            # Reached through another variable (a play's `vars:`), still the literal text.
            # (The reference is this test's own template, so it is trusted on ansible-core >= 2.19.)
            assert templar.template(plugin_module.trust_as_template('{{ %s }}' % name)) == value, name
    assert sorted(p.name for p in markers.iterdir()) == []
