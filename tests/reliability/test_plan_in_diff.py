# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""`ansible-playbook --check --diff` prints the plan (issue 13), asserted on the real output of Ansible's
default callback: per change a header line with the action, the rule and the reason, then the rule before and
after without internal fields; a replace reads as a replace; the kept rules are listed with their reason."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shutil
import tempfile

import pytest

from tests.reliability.harness import AK, SK, run_playbook

PLAY = '''---
- name: Dry run of a table and a rule
  hosts: localhost
  connection: local
  gather_facts: false
  module_defaults:
    group/baiducloud.vpc.vpc:
      endpoint: "%(endpoint)s"
      access_key: "%(ak)s"
      secret_key: "%(sk)s"
  tasks:
    - name: The table this playbook owns
      baiducloud.vpc.route_table:
        route_table_id: rt-emu2demo0001
        purge: true
        purge_scope:
          next_hop_types: [nat, vpn, dcGateway]
        rules:
          - source_address: 10.0.0.0/20
            destination_address: 0.0.0.0/0
            next_hop_type: vpn
            next_hop_id: vpn-emu2demo0001
            description: internet egress through the office
          - destination_address: 10.10.0.0/16
            next_hop_id: vpn-emu2demo0001
            description: office

    - name: One rule
      baiducloud.vpc.route_rule:
        route_table_id: rt-emu1demo0001
        source_address: 192.168.0.0/20
        destination_address: 10.30.0.0/16
        next_hop_id: nat-emu1demo0001
        description: to the partner
'''


@pytest.fixture(scope='module')
def dry_run(emu):
    emu.reset()
    workdir = tempfile.mkdtemp(prefix='bce-plan-diff-')
    os.makedirs(os.path.join(workdir, 'tmp'))
    try:
        emu.clear_calls()
        run = run_playbook(PLAY % {'endpoint': emu.url, 'ak': AK, 'sk': SK}, workdir, extra_args=['--check', '--diff'])
        run['writes'] = [c for c in emu.calls() if c['method'] != 'GET']
        yield run
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def test_the_dry_run_succeeds_and_writes_nothing(dry_run):
    assert dry_run['rc'] == 0, dry_run['stdout'][-3000:] + dry_run['stderr'][-3000:]
    assert dry_run['writes'] == []


def test_each_change_has_a_header_line_with_action_rule_and_reason(dry_run):
    out = dry_run['stdout']
    replace = (
        'replace (delete, then create; unrouted in between) route rule 10.0.0.0/20 -> 0.0.0.0/0 (rr-emu2nat00001) '
        'in rt-emu2demo0001 (vpc-emu2demo0001): next_hop_type cannot be updated in place'
    )
    assert '--- before: ' + replace + '\n+++ after: ' + replace + '\n' in out, out
    # Every header names the table and the VPC (issue 23): the diff of several tables reads alone.
    create = 'create route rule 0.0.0.0/0 -> 10.10.0.0/16 in rt-emu2demo0001 (vpc-emu2demo0001): not in the table'
    assert '--- before: ' + create + '\n+++ after: ' + create + '\n' in out, out
    single = 'create route rule 192.168.0.0/20 -> 10.30.0.0/16 in rt-emu1demo0001 (vpc-emu1demo0001): not in the table'
    assert '--- before: ' + single + '\n' in out, out


def test_before_and_after_show_the_rule_without_internal_fields(dry_run):
    out = dry_run['stdout']
    assert '-    "next_hop_type": "nat",' in out and '+    "next_hop_type": "vpn",' in out, out
    assert '+    "description": "internet egress through the office",' in out, out
    for internal in (
        '"mode"',
        '"system"',
        '"route_rule_ids"',
        '"route_table_id"',
        '"route_rule_id"',
        '"next_hops": []',
    ):
        assert internal not in out, (internal, out)


def test_kept_rules_are_listed_with_their_reason(dry_run):
    out = dry_run['stdout']
    assert (
        'kept route rule 0.0.0.0/0 -> 172.16.0.0/24 (rr-emu2cce00001): written by Kubernetes (CCE); '
        'keep_cce_routes is true\n'
    ) in out, out
    assert 'kept route rule 0.0.0.0/0 -> 172.16.1.0/24 (rr-emu2cce00002): written by Kubernetes (CCE)' in out, out
