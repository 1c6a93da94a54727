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
    read = _route_api.get_table(client, vpc_id='vpc-1')
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
    read = _route_api.get_table(client, vpc_id='vpc-1')
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
    assert len(_route_api.get_table(client, route_table_id='rt-1')['rules']) == len(rules)
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
        _route_api.get_table(client, route_table_id='rt-1')
    assert caught.value.code == 'MalformedResponse' and problem in caught.value.message


@pytest.mark.parametrize(
    'code', ['NoSuchObject', 'nosuchobject', 'NotFound', 'ResourceNotFound', 'Vpc.RouteTableNotFound']
)
def test_a_bce_not_found_means_missing(code):
    client = ReadClient(error=BceApiError(404, code, 'not here', 'rid', 'GET', '/v1/route'))
    assert _route_api.get_table(client, route_table_id='rt-1') is None


def test_an_empty_404_that_is_not_bce_names_the_endpoint():
    error = BceApiError(404, 'NoSuchObject', 'Not Found', None, 'GET', '/v1/route', bce_shaped=False)
    with pytest.raises(BceValidationError) as caught:
        _route_api.get_table(ReadClient(error=error), vpc_id='vpc-1')
    assert caught.value.parameter == 'endpoint'
    assert 'http://127.0.0.1:9 does not look like the BCE VPC API' in caught.value.message
    assert 'region' in caught.value.message and 'HTTP 404' in caught.value.message


def test_other_errors_pass_through():
    error = BceApiError(403, 'AccessDenied', 'no', 'rid', 'GET', '/v1/route')
    with pytest.raises(BceApiError):
        _route_api.get_table(ReadClient(error=error), vpc_id='vpc-1')


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


# -- every read validates its shape (issue 21, finding 4) ------------------------------------------

# A well-formed answer of each read in READ_SHAPES (fields from the API reference: GET /v1/route, /v1/vpc/{id},
# /v1/subnet, /v1/subnet/{id}; docs/api-reference.md).
GOOD_ANSWERS = {
    'route table': {'routeTableId': 'rt-1', 'vpcId': 'vpc-1', 'name': 'default', 'routeRules': []},
    'rule item': _raw('rr-1', 'rt-1', '10.0.0.0/16'),
    'vpc': {
        'vpc': {
            'vpcId': 'vpc-1',
            'name': 'v',
            'cidr': '192.168.0.0/16',
            'secondaryCidr': ['172.16.0.0/16'],
            'ipv6Cidr': '',
            'subnets': [{'subnetId': 'sbn-1', 'cidr': '192.168.0.0/20', 'ipv6Cidr': ''}],
        }
    },
    'subnet item': {'subnetId': 'sbn-1', 'cidr': '192.168.0.0/20', 'ipv6Cidr': ''},
    'subnet': {'subnet': {'subnetId': 'sbn-1', 'vpcId': 'vpc-1', 'cidr': '192.168.0.0/20', 'ipv6Cidr': ''}},
}
WRONG_VALUES = {
    'a string': [5, ['x'], {'a': 1}],
    'a CIDR': [5, 'x', '10.0.0.0/99', ['10.0.0.0/8']],
    'a list of CIDRs': ['10.0.0.0/8', [5], ['nope'], ['']],
    'a list of objects': [5, 'x', [1], ['x']],
}


def test_every_read_has_a_good_answer_in_this_test():
    assert sorted(GOOD_ANSWERS) == sorted(_route_api.READ_SHAPES)
    for read, answer in GOOD_ANSWERS.items():
        assert _route_api.shape_problem(read, answer) is None, read


def _malformed_cases():
    for read, (dummy, key, fields) in sorted(_route_api.READ_SHAPES.items()):
        for bad in ('x', 5, None, []):
            yield read, 'the object is %r' % (bad,), {key: bad} if key else bad
        for field, (kind, required) in sorted(fields.items()):
            for bad in WRONG_VALUES[kind]:
                answer = json_copy(GOOD_ANSWERS[read])
                (answer[key] if key else answer)[field] = bad
                yield read, '%s=%r' % (field, bad), answer
            if required:
                answer = json_copy(GOOD_ANSWERS[read])
                del (answer[key] if key else answer)[field]
                yield read, '%s missing' % field, answer


def json_copy(value):
    import json

    return json.loads(json.dumps(value))


@pytest.mark.parametrize('read,case,answer', list(_malformed_cases()), ids=lambda v: v if isinstance(v, str) else '')
def test_every_malformed_shape_of_every_read_is_named(read, case, answer):
    problem = _route_api.shape_problem(read, answer)
    assert problem, case


class ShapeClient(object):
    base_url = 'http://127.0.0.1:9'
    last_request_id = 'rid-shape'

    def __init__(self, answers):
        self.answers = answers

    def get(self, path, params=None):
        return self.answers[path]

    def paginate(self, path, params, key):
        return self.answers[path][key]


@pytest.mark.parametrize(
    'answer, message',
    [
        ({'vpc': 'x'}, 'the answer has no vpc object (vpc is str)'),
        ({}, 'the answer has no vpc object (vpc is null)'),
        ({'vpc': {'subnets': 5}}, 'vpc subnets is int 5 where a list of objects was expected'),
        ({'vpc': {'cidr': 10}}, 'vpc cidr is int 10 where a CIDR was expected'),
        ({'vpc': {'cidr': '10.0.0.0/16', 'secondaryCidr': 'x'}}, "secondaryCidr is str 'x' where a list of CIDRs"),
        ({'vpc': {'cidr': '10.0.0.0/16', 'subnets': [{'cidr': ['x']}]}}, "subnet item: cidr is list ['x']"),
    ],
)
def test_a_malformed_vpc_detail_is_a_named_failure_not_a_python_error(answer, message):
    # Before issue 21: "'str' object has no attribute 'get'" and the like (MODULE FAILURE).
    client = ShapeClient({'/v1/vpc/vpc-1': answer, '/v1/subnet': {'subnets': []}})
    with pytest.raises(BceResponseError) as err:
        _route_api.get_vpc(client, 'vpc-1')
    assert err.value.code == 'MalformedResponse' and err.value.request_id == 'rid-shape'
    assert str(err.value.message).startswith('GET /v1/vpc/vpc-1 answered a malformed ')
    assert message in err.value.message


def test_a_malformed_subnet_listing_item_is_named():
    client = ShapeClient({'/v1/vpc/vpc-1': {'vpc': {'cidr': '10.0.0.0/16'}}, '/v1/subnet': {'subnets': [{'cidr': 7}]}})
    with pytest.raises(BceResponseError) as err:
        _route_api.get_vpc(client, 'vpc-1')
    assert (
        err.value.message == 'GET /v1/subnet answered a malformed subnet item: cidr is int 7 where a CIDR was expected'
    )


def test_every_get_of_the_route_api_goes_through_the_shape_table():
    # A new read added without an entry in READ_SHAPES fails here: each client call is followed by checked_answer
    # (or, for the table and its rule items, by their own checks that use the table).
    import inspect

    source = inspect.getsource(_route_api)
    calls = source.count('client.get(') + source.count('client.paginate(')
    checks = source.count("checked_answer(client, '") + source.count("shape_problem('route table', table)") // 2
    checks += source.count('checked_rule_items(raw, ')
    assert calls == checks, (calls, checks)
