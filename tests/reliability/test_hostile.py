# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Issue 11 in `make reliability-tests`: hostile servers and malformed credentials (see hostile.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from tests.reliability import hostile
from tests.reliability.limits import startup_overhead


def _failed(rows):
    return [row for row in rows if not row['ok']]


def test_malformed_credentials_never_leak_through_echoing_servers():
    rows = hostile.secrets_rows()
    assert len(rows) == len(hostile.CREDENTIAL_CASES)
    assert _failed(rows) == []
    assert all(row['leaked'] == 0 for row in rows)


def test_module_with_newline_terminated_token_works_and_never_leaks(emu):
    rows = hostile.module_secrets_rows(emu)
    assert _failed(rows) == [], rows


def test_slow_and_endless_servers_are_bounded_at_the_client():
    rows = hostile.bounds_rows()
    assert len(rows) == len(hostile.BOUND_CASES) and _failed(rows) == [], rows
    # Each try of a dripping answer is cut at api_timeout: as many requests as tries.
    for row in rows:
        if row['case'].startswith('drip'):
            assert row['requests'] == row['api_retries'] + 1, row


@pytest.mark.parametrize('mode', ['drip body', 'endless pages'])
def test_slow_and_endless_servers_are_bounded_in_a_module_run(emu, mode):
    overhead = startup_overhead(emu)
    rows = hostile.module_bounds_rows(overhead, modes=(mode,))
    assert len(rows) == 1 and _failed(rows) == [], rows


def test_malformed_answers_are_clean_errors_at_the_client():
    rows = hostile.malformed_rows()
    assert len(rows) == len(hostile.MALFORMED_CASES) and _failed(rows) == [], rows


def test_malformed_answers_are_clean_failures_of_a_module():
    rows = hostile.module_malformed_rows()
    assert rows and _failed(rows) == [], rows


def test_a_rule_id_outside_the_id_format_never_reaches_a_write_path():
    rows = hostile.module_path_safety_rows()
    assert len(rows) == 2 and _failed(rows) == [], rows
