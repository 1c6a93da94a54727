# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 21 in `make reliability-tests`: names posing as ids, decode amplification (see hostile_input.py).

Template injection runs as a unit test on every ansible-core line (tests/unit/plugins/inventory/test_vpc_injection.py)
and on every installed line in `make reliability`."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from tests.reliability import hostile_input


def test_names_posing_as_ids_are_refused_without_a_write(emu):
    rows = hostile_input.run_names(emu)
    assert len(rows) == len(hostile_input.NAME_CASES)
    assert [row for row in rows if not row['ok']] == []


def test_hostile_bodies_are_refused_within_a_few_copies_of_their_bytes():
    rows = hostile_input.run_decode()
    assert [row for row in rows if not row['ok']] == [], rows
