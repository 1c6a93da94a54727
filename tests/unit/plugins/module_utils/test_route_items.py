# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Rule items of a route listing are data (issue 11): validated before use, never put into a path unless they
have the id format, and deduplicated by id."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils import _route_api
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceResponseError
from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_table
from ansible_collections.baiducloud.vpc.tests.unit.plugins.emulated import Api, documented
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import TABLE, VPC, rule, run_module

GOOD = rule('rr-good00000001', '0.0.0.0/0', '10.10.0.0/16', 'vpn', 'vpn-a')


@pytest.mark.parametrize(
    'item, words',
    [
        (dict(GOOD, routeRuleId='rr-x/../../../vpc/vpc-1'), "routeRuleId 'rr-x/../../../vpc/vpc-1' is not a rule id"),
        (dict(GOOD, routeRuleId='rr-a b'), 'is not a rule id'),
        (dict(GOOD, description=['a']), 'description is list where a string was expected'),
        (dict(GOOD, nexthopId=7), 'nexthopId is int where a string was expected'),
        (dict(GOOD, destinationAddress='not-a-cidr'), "destinationAddress 'not-a-cidr' is not a CIDR"),
        (dict(GOOD, destinationAddress=None), 'destinationAddress None is not a CIDR'),
        (dict(GOOD, sourceAddress='x'), "sourceAddress 'x' is not a CIDR"),
        ({}, 'destinationAddress None is not a CIDR'),
    ],
)
def test_a_malformed_item_is_a_clean_failure_naming_the_call_and_request_id(item, words):
    with pytest.raises(BceResponseError) as err:
        _route_api.checked_rule_items([GOOD, item], 'GET /v1/route/rule', 'req-42')
    assert err.value.code == 'MalformedResponse' and err.value.request_id == 'req-42'
    assert err.value.message.startswith('GET /v1/route/rule answered a malformed rule item [1]: ')
    assert words in err.value.message


def test_a_malformed_item_fails_the_module_before_any_write(monkeypatch):
    client = Api([GOOD, dict(GOOD, routeRuleId='rr-x/../../vpc', destinationAddress='10.11.0.0/16')])
    args = {'route_table_id': TABLE, 'rules': [], 'purge': True}
    result, failed = run_module(monkeypatch, route_table, args, client)
    assert failed and 'malformed rule item' in result['msg'] and 'Traceback' not in result['msg']
    assert client.writes == []


def test_the_same_rule_listed_twice_is_deleted_once(monkeypatch):
    client = Api([GOOD])
    # The table read lists the rule twice: Baidu's documented table (QueryRoutingTable) with GOOD in it twice.
    table = dict(documented('QueryRoutingTable'), routeTableId=TABLE, vpcId=VPC, routeRules=[GOOD, dict(GOOD)])
    client.mangle('GET', '^/v1/route$', json.dumps(table))
    args = {'route_table_id': TABLE, 'destination_address': '10.10.0.0/16', 'state': 'absent'}
    result, failed = run_module(monkeypatch, route_rule, args, client)
    assert not failed and [(w[0], w[1]) for w in client.writes] == [('DELETE', '/v1/route/rule/rr-good00000001')]


def test_no_request_path_from_an_id_outside_the_format():
    with pytest.raises(BceResponseError) as err:
        _route_api.rule_path('rr-a/../b')
    assert err.value.code == 'UnsafeRuleId'
    assert _route_api.rule_path('rr-Ab12') == '/v1/route/rule/rr-Ab12'
