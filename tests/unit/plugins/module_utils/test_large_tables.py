# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Work a run does once per table, not once per rule or per look (issue 25, row 2: the 1,000-rule table).

Each test counts the costly step itself, so it fails when the step comes back; what the steps return is pinned by
the tests of the rule model, the reads and the modules."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils import _route_api, _route_task, _rule
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceValidationError
from ansible_collections.baiducloud.vpc.plugins.modules import route_table
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import TABLE, rule, run_module

RULES = [rule('rr-big%09d' % i, '0.0.0.0/0', '10.%d.%d.0/24' % (i // 256, i % 256), 'vpn', 'vpn-1') for i in range(5)]


@pytest.fixture
def fresh_caches(monkeypatch):
    """Empty parse caches, as in a new worker or module process."""
    monkeypatch.setattr(_rule, '_NETWORKS', {})
    monkeypatch.setattr(_rule, '_FACTS', {}, raising=False)


def test_a_read_turns_each_cidr_text_into_text_once(monkeypatch, fresh_caches):
    # The item checks and the rules built from the items see the same texts; the source repeats on every rule.
    shown = []
    original = ipaddress.IPv4Network.__str__
    monkeypatch.setattr(ipaddress.IPv4Network, '__str__', lambda self: shown.append(1) or original(self))
    items = _route_api.checked_rule_items(RULES, 'GET /v1/route', 'req-1')
    rules = _route_api.group_rules(items)
    assert [(r['source_address'], r['destination_address']) for r in rules] == [
        ('0.0.0.0/0', raw['destinationAddress']) for raw in RULES
    ]
    assert len(shown) == 1 + len(RULES)


def test_cidr_facts_of_a_text_that_does_not_parse_stay_as_they_were(fresh_caches):
    assert _rule.cidr_facts('10.0.0.0/33') == ('10.0.0.0/33', None)
    assert _rule.cidr_facts('10.0.0.0/33') == ('10.0.0.0/33', None)
    assert _rule.cidr_facts('') == ('', None)
    assert _rule.cidr_facts('10.1.2.3/8') == ('10.0.0.0/8', 4)
    assert _rule.cidr_facts('10.1.2.3/8') == ('10.0.0.0/8', 4)


def test_a_printable_ascii_description_needs_no_category_lookup(monkeypatch):
    class NoLookup(object):
        @staticmethod
        def category(char):
            raise AssertionError('looked up %r' % char)

    monkeypatch.setattr(_rule, 'unicodedata', NoLookup)
    _rule.check_description('bench rule 999: egress via NAT (~!@#$%^&*)')


@pytest.mark.parametrize(
    'description,found', [('del\x7f', 'U+007F'), ('a\x00b', 'U+0000'), ('zero\u200bwidth', 'U+200B')]
)
def test_control_and_format_characters_are_still_refused(description, found):
    with pytest.raises(BceValidationError) as err:
        _rule.check_description(description)
    assert err.value.parameter == 'description'
    assert err.value.message.endswith('found %s' % found)


def test_a_table_run_without_diff_builds_no_table_view(monkeypatch):
    # A whole table's diff is one entry per change, so its before/after views (a view per rule) are never shown.
    def no_view(rules):
        raise AssertionError('table_view() of %d rules' % len(rules))

    monkeypatch.setattr(_route_task, 'table_view', no_view)
    wanted = [
        {'destination_address': r['destinationAddress'], 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-1'} for r in RULES
    ]
    for diff in (False, True):
        result, failed = run_module(
            monkeypatch, route_table, {'route_table_id': TABLE, 'rules': wanted}, Api(RULES), diff=diff
        )
        assert not failed and not result['changed'], result
        assert len(result['route_table']['route_rules']) == len(RULES) + 1
