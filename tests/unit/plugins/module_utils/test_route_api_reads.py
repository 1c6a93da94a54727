# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The read path: one GET /v1/route, the rules of the selected table only, the paged fallback for
large tables, and what counts as "does not exist"."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils import _route_api
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceResponseError,
    BceValidationError,
)


def _raw(rule_id, table, destination, hop='nat-aaaa'):
    return {
        'routeRuleId': rule_id,
        'routeTableId': table,
        'sourceAddress': '0.0.0.0/0',
        'destinationAddress': destination,
        'nexthopType': 'nat',
        'nexthopId': hop,
        'pathType': 'normal',
        'description': '',
    }


class ReadClient(object):
    base_url = 'http://127.0.0.1:9'

    def __init__(self, table=None, pages=None, error=None):
        self.table, self.pages, self.error, self.calls = table, pages, error, []

    def get(self, path, params=None):
        self.calls.append(('GET', path, dict(params or {})))
        if self.error is not None:
            raise self.error
        return self.table

    def paginate(self, path, params, key):
        self.calls.append(('PAGED', path, dict(params)))
        return self.pages


def test_by_vpc_one_call_reads_the_default_table_and_only_its_rules():
    table = {
        'routeTableId': 'rt-default',
        'vpcId': 'vpc-1',
        'name': 'default',
        'routeRules': [
            _raw('rr-own1', 'rt-default', '10.1.0.0/16'),
            # A rule of another table of the VPC is never part of the selected one.
            _raw('rr-cust1', 'rt-custom', '10.2.0.0/16'),
        ],
    }
    client = ReadClient(table)
    read = _route_api.read_table(client, vpc_id='vpc-1')
    assert client.calls == [('GET', '/v1/route', {'vpcId': 'vpc-1'})]
    assert read['route_table_id'] == 'rt-default' and read['vpc_id'] == 'vpc-1' and read['name'] == 'default'
    assert [r['route_rule_id'] for r in read['rules']] == ['rr-own1']


def test_a_table_at_the_single_read_limit_is_read_again_through_the_paged_listing_by_table_id():
    rules = [
        _raw('rr-%08d' % i, 'rt-big', '10.%d.%d.0/24' % (i // 256, i % 256))
        for i in range(_route_api.SINGLE_READ_LIMIT)
    ]
    paged = rules + [_raw('rr-last', 'rt-big', '11.0.0.0/24'), _raw('rr-other', 'rt-other', '12.0.0.0/24')]
    client = ReadClient({'routeTableId': 'rt-big', 'vpcId': 'vpc-1', 'routeRules': rules}, pages=paged)
    read = _route_api.read_table(client, vpc_id='vpc-1')
    assert client.calls == [
        ('GET', '/v1/route', {'vpcId': 'vpc-1'}),
        ('PAGED', '/v1/route/rule', {'routeTableId': 'rt-big'}),
    ]
    assert len(read['rules']) == _route_api.SINGLE_READ_LIMIT + 1
    assert 'rr-other' not in [r['route_rule_id'] for r in read['rules']]


def test_a_table_below_the_limit_is_one_call():
    rules = [
        _raw('rr-%08d' % i, 'rt-1', '10.%d.%d.0/24' % (i // 256, i % 256))
        for i in range(_route_api.SINGLE_READ_LIMIT - 1)
    ]
    client = ReadClient({'routeTableId': 'rt-1', 'vpcId': 'vpc-1', 'routeRules': rules})
    assert len(_route_api.read_table(client, route_table_id='rt-1')['rules']) == len(rules)
    assert len(client.calls) == 1


@pytest.mark.parametrize(
    'answer, problem',
    [
        ({'routeTableId': 'rt-1', 'vpcId': 'vpc-1'}, 'routeRules'),
        ({'routeTableId': 'rt-1', 'routeRules': ['rr-1', 7]}, 'routeRules'),
        ({'routeRules': []}, 'routeTableId'),
        ({'routeTableId': 5, 'routeRules': []}, 'routeTableId'),
    ],
)
def test_a_malformed_answer_is_an_error_not_an_empty_table(answer, problem):
    client = ReadClient(answer)
    with pytest.raises(BceResponseError) as caught:
        _route_api.read_table(client, route_table_id='rt-1')
    assert caught.value.code == 'MalformedResponse' and problem in caught.value.message


@pytest.mark.parametrize(
    'code', ['NoSuchObject', 'nosuchobject', 'NotFound', 'ResourceNotFound', 'Vpc.RouteTableNotFound']
)
def test_a_bce_not_found_means_missing(code):
    client = ReadClient(error=BceApiError(404, code, 'not here', 'rid', 'GET', '/v1/route'))
    assert _route_api.read_table(client, route_table_id='rt-1') is None


def test_an_empty_404_that_is_not_bce_names_the_endpoint():
    error = BceApiError(404, 'NoSuchObject', 'Not Found', None, 'GET', '/v1/route', bce_shaped=False)
    with pytest.raises(BceValidationError) as caught:
        _route_api.read_table(ReadClient(error=error), vpc_id='vpc-1')
    assert caught.value.parameter == 'endpoint'
    assert 'http://127.0.0.1:9 does not look like the BCE VPC API' in caught.value.message
    assert 'region' in caught.value.message and 'HTTP 404' in caught.value.message


def test_other_errors_pass_through():
    error = BceApiError(403, 'AccessDenied', 'no', 'rid', 'GET', '/v1/route')
    with pytest.raises(BceApiError):
        _route_api.read_table(ReadClient(error=error), vpc_id='vpc-1')


@pytest.mark.parametrize(
    'code, race',
    [
        ('RouteRuleRepeated', True),
        ('routeRuleRepeated', True),
        ('Vpc.RouteRuleRepeated', True),
        ('NoSuchObject', True),
        ('InvalidNexthop', False),
        ('RouteRuleExceedQuota', False),
    ],
)
def test_race_codes_are_matched_by_substring(code, race):
    assert _route_api.is_race(BceApiError(400, code, 'x', 'rid')) is race


def test_an_unshaped_not_found_is_no_race():
    assert not _route_api.is_race(BceApiError(404, 'NoSuchObject', '', None, bce_shaped=False))


@pytest.mark.parametrize(
    'code, hinted',
    [
        ('RouteRuleExceedQuota', True),
        ('QuotaLimitExceeded', True),
        ('Route.quotaExceeded', True),
        ('RequestLimitExceeded', False),
        ('InvalidNexthop', False),
    ],
)
def test_quota_hint_by_substring(code, hinted):
    parameter, hint = _route_api.hint_for(BceApiError(400, code, 'x', 'rid'))
    assert (hint is not None and 'quota' in hint) is hinted
