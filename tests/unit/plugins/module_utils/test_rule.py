# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The rule model: user input, the one constructor, identity and the views results and diffs show."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    CREATE_FIELDS,
    OPTIONAL_FIELDS,
    RULE_FIELDS,
    RULE_SPEC,
    desired_rule,
    desired_rules,
    identity,
    make_rule,
    rebuild,
    rule_view,
    table_view,
)
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import want


def _item(destination, **extra):
    item = {'destination_address': destination, 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-aaaa'}
    item.update(extra)
    return item


@pytest.mark.parametrize(
    'params,parameter,message',
    [
        (
            dict(destination_address='10.0.0.1/8'),
            'destination_address',
            "has host bits set; the network address is 10.0.0.0/8",
        ),
        (dict(destination_address='10.0.0.300/8'), 'destination_address', 'is not a valid IPv4 or IPv6 CIDR'),
        (dict(destination_address=''), 'destination_address', 'got an empty value'),
        (dict(source_address='::/0'), 'source_address', 'must be both IPv4 or both IPv6'),
        (dict(ip_version=6), 'ip_version', 'ip_version=6 does not match the IPv4 addresses given'),
        (dict(next_hop_type='nat', next_hop_id='vpn-1'), 'next_hop_id', "its id must start with 'nat-'"),
        (dict(next_hop_type='warp', next_hop_id='x'), 'next_hop_type', 'must be one of'),
        (dict(), 'next_hop_type', 'needs next_hop_id (and optionally next_hop_type), or next_hops'),
        (dict(next_hop_type='nat', next_hop_id='  '), 'next_hop_id', 'must not be empty'),
        (
            dict(next_hop_type='nat', next_hop_id='nat-1', description='x' * 201),
            'description',
            'at most 200 characters, got 201',
        ),
        (dict(next_hop_type='nat', next_hop_id='nat-1', description='a\nb'), 'description', 'control characters'),
        (dict(next_hops=[{'next_hop_id': 'dcgw-a', 'path_type': 'ecmp'}]), 'next_hops', 'at least two entries'),
        (
            dict(
                next_hops=[
                    {'next_hop_id': 'dcgw-a', 'path_type': 'ecmp'},
                    {'next_hop_id': 'dcgw-a', 'path_type': 'ecmp'},
                ]
            ),
            'next_hops',
            'same next_hop_id twice',
        ),
        (
            dict(
                next_hops=[
                    {'next_hop_id': 'dcgw-a', 'path_type': 'ecmp'},
                    {'next_hop_id': 'dcgw-b', 'path_type': 'ha:active'},
                ]
            ),
            'next_hops',
            'must be all path_type ecmp',
        ),
        (
            dict(
                next_hops=[
                    {'next_hop_id': 'dcgw-a', 'path_type': 'ha:active'},
                    {'next_hop_id': 'dcgw-b', 'path_type': 'ha:active'},
                ]
            ),
            'next_hops',
            'exactly one ha:active and one ha:standby',
        ),
        (
            dict(
                next_hops=[
                    {'next_hop_id': 'nat-a', 'next_hop_type': 'nat', 'path_type': 'ecmp'},
                    {'next_hop_id': 'dcgw-b', 'path_type': 'ecmp'},
                ]
            ),
            'next_hops[0].next_hop_type',
            'must be dcGateway',
        ),
        (
            dict(
                next_hops=[{'next_hop_id': 'i-a', 'path_type': 'ecmp'}, {'next_hop_id': 'dcgw-b', 'path_type': 'ecmp'}]
            ),
            'next_hops[0].next_hop_id',
            "must start with 'dcgw-'",
        ),
    ],
)
def test_bad_input_names_the_parameter(params, parameter, message):
    with pytest.raises(BceValidationError) as err:
        want(**params)
    assert err.value.parameter == parameter
    assert message in err.value.message


@pytest.mark.parametrize('prefix', ['', 'rules[3].'])
def test_empty_source_address_is_an_error_naming_the_parameter(prefix):
    """An empty source is bad input everywhere, never a silent 0.0.0.0/0."""
    with pytest.raises(BceValidationError) as err:
        identity('', '10.0.0.0/8', prefix)
    assert err.value.parameter == prefix + 'source_address'
    assert err.value.message == prefix + 'source_address must be a CIDR such as 10.0.0.0/8, got an empty value'
    with pytest.raises(BceValidationError) as err:
        want(source_address='  ', next_hop_type='nat', next_hop_id='nat-1')
    assert err.value.parameter == 'source_address'


@pytest.mark.parametrize(
    'source,destination,expected',
    [
        (None, '10.0.0.0/8', ('0.0.0.0/0', '10.0.0.0/8')),
        (None, '2001:DB8::/32', ('::/0', '2001:db8::/32')),
        ('192.168.0.1', '10.1.2.3', ('192.168.0.1/32', '10.1.2.3/32')),
    ],
)
def test_identity_is_canonical_with_the_family_default_source(source, destination, expected):
    assert identity(source, destination) == expected


def test_identity_refuses_mixed_families():
    with pytest.raises(BceValidationError) as err:
        identity('::/0', '10.0.0.0/8')
    assert err.value.parameter == 'source_address' and 'must be both IPv4 or both IPv6' in err.value.message


@pytest.mark.parametrize(
    'description,words',
    [('x' * 201, 'must be at most 200 characters, got 201'), ('tab\there', 'must not contain control characters')],
)
def test_route_table_description_errors_name_the_item(description, words):
    with pytest.raises(BceValidationError) as err:
        desired_rules([_item('10.10.0.0/16'), _item('10.11.0.0/16', description=description)])
    assert err.value.parameter == 'rules[1].description'
    assert err.value.message == 'rules[1].description ' + words + (
        ''
        if 'control' not in words
        else ' (newline, tab, NEL, ...) or format characters (bidi overrides, zero-width characters, line '
        'separators, ...), found U+0009'
    )


def test_route_rule_description_message_is_unchanged():
    with pytest.raises(BceValidationError) as err:
        desired_rule(_item('10.10.0.0/16', description='d' * 201))
    assert err.value.parameter == 'description'
    assert err.value.message == 'description must be at most 200 characters, got 201'


def test_next_hops_beside_next_hop_type_names_the_item():
    hops = [{'next_hop_id': 'dcgw-a', 'path_type': 'ecmp'}, {'next_hop_id': 'dcgw-b', 'path_type': 'ecmp'}]
    with pytest.raises(BceValidationError) as err:
        desired_rules([_item('10.10.0.0/16', next_hops=hops)])
    assert err.value.parameter == 'rules[0].next_hops'
    assert err.value.message == 'rules[0].next_hops is mutually exclusive with next_hop_type/next_hop_id'


HA_HOPS = [
    {'next_hop_id': 'dcgw-b', 'next_hop_type': 'dcGateway', 'path_type': 'ha:standby', 'route_rule_id': 'rr-2'},
    {'next_hop_id': 'dcgw-a', 'next_hop_type': 'dcGateway', 'path_type': 'ha:active', 'route_rule_id': 'rr-9'},
]


def test_the_constructor_derives_mode_and_ids():
    single = make_rule('0.0.0.0/0', '10.0.0.0/8', 4, '', 'nat', 'nat-1', route_rule_id='rr-1')
    assert (single['mode'], single['route_rule_id'], single['route_rule_ids'], single['next_hops']) == (
        'single',
        'rr-1',
        ['rr-1'],
        [],
    )
    pair = make_rule('0.0.0.0/0', '10.0.0.0/8', 4, '', 'ignored', 'ignored', HA_HOPS, route_rule_id='rr-ignored')
    assert pair['mode'] == 'ha' and pair['next_hop_type'] is None and pair['next_hop_id'] is None
    # The active member first; the rule's id is the lowest member id, so a switch does not change it.
    assert [h['next_hop_id'] for h in pair['next_hops']] == ['dcgw-a', 'dcgw-b']
    assert (pair['route_rule_id'], pair['route_rule_ids']) == ('rr-2', ['rr-2', 'rr-9'])
    ecmp = rebuild(pair, next_hops=[dict(h, path_type='ecmp') for h in HA_HOPS])
    assert ecmp['mode'] == 'ecmp' and [h['next_hop_id'] for h in ecmp['next_hops']] == ['dcgw-a', 'dcgw-b']
    assert make_rule('0.0.0.0/0', '192.168.0.0/16', 4, '', 'sys', '', system=True)['mode'] == 'system'


def test_rule_view_leaves_out_internal_and_inapplicable_fields():
    single = make_rule('0.0.0.0/0', '10.0.0.0/8', 4, 'd', 'nat', 'nat-1', route_rule_id='rr-1', route_table_id='rt-1')
    assert rule_view(single) == {
        'route_rule_id': 'rr-1',
        'source_address': '0.0.0.0/0',
        'destination_address': '10.0.0.0/8',
        'ip_version': 4,
        'description': 'd',
        'next_hop_type': 'nat',
        'next_hop_id': 'nat-1',
    }
    pair = make_rule('0.0.0.0/0', '10.0.0.0/8', 4, '', next_hops=HA_HOPS)
    assert sorted(rule_view(pair)) == [
        'description',
        'destination_address',
        'ip_version',
        'next_hops',
        'route_rule_id',
        'route_rule_ids',
        'source_address',
    ]
    assert rule_view(None) == {}
    assert [
        v['destination_address']
        for v in table_view([pair, single, rebuild(single, destination_address='1.0.0.0/8')])['route_rules']
    ] == ['1.0.0.0/8', '10.0.0.0/8', '10.0.0.0/8']


def test_the_field_table_is_the_argument_spec_and_the_constructor_s_fields():
    assert list(RULE_SPEC) == [field.name for field in RULE_FIELDS]
    rule = make_rule('0.0.0.0/0', '10.0.0.0/8', 4, next_hop_type='nat', next_hop_id='nat-1')
    assert [rule[field.name] for field in OPTIONAL_FIELDS] == [None] * len(OPTIONAL_FIELDS)
    assert rebuild(rule, description='d')['description'] == 'd'
    # A field the table does not declare is a mistake of the caller, not a new key of the result.
    with pytest.raises(TypeError, match='does not declare: colour'):
        make_rule('0.0.0.0/0', '10.0.0.0/8', 4, next_hop_type='nat', next_hop_id='nat-1', colour='red')


def test_the_rule_view_without_ids_and_with_only_some_fields():
    pair = make_rule('0.0.0.0/0', '10.0.0.0/8', 4, '', next_hops=HA_HOPS, route_table_id='rt-1')
    named = dict(pair, next_hop_name=None, next_hops=[dict(pair['next_hops'][0], next_hop_name='gw-a')])
    assert rule_view(named, ids=False) == {
        'source_address': '0.0.0.0/0',
        'destination_address': '10.0.0.0/8',
        'ip_version': 4,
        'description': '',
        'next_hops': [
            {'next_hop_id': 'dcgw-a', 'next_hop_type': 'dcGateway', 'path_type': 'ha:active', 'next_hop_name': 'gw-a'}
        ],
    }
    single = make_rule('0.0.0.0/0', '10.0.0.0/8', 4, 'd', 'nat', 'nat-1', route_rule_id='rr-1')
    assert rule_view(single, ids=False, fields=CREATE_FIELDS) == {
        'source_address': '0.0.0.0/0',
        'destination_address': '10.0.0.0/8',
        'description': 'd',
        'next_hop_type': 'nat',
        'next_hop_id': 'nat-1',
    }


@pytest.mark.parametrize('hop_id', [None, '', '  '])
def test_default_gateway_takes_an_empty_next_hop_id(hop_id):
    rule = want(destination_address='10.9.0.0/16', next_hop_type='defaultGateway', next_hop_id=hop_id)
    assert rule['next_hop_type'] == 'defaultGateway' and rule['next_hop_id'] == ''


def test_other_types_still_need_a_next_hop_id():
    with pytest.raises(BceValidationError) as caught:
        want(destination_address='10.9.0.0/16', next_hop_type='nat', next_hop_id='')
    assert caught.value.parameter == 'next_hop_id'
