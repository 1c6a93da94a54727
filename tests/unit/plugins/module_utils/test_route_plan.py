# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure planners: every transition of a rule, the switch, the VPC check and whole tables; the requests of each
change come from the route layer (_route_api.requests_for), so each test pins the exact wire format too."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils import _route_plan
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._route_api import fill_ids, group_rules, requests_for
from ansible_collections.baiducloud.vpc.plugins.module_utils._route_plan import check_against_vpc, plan_table
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import desired_rules
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import SYSTEM_RULE, TABLE, want
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import rule as raw  # the API's JSON of a rule


def _items(changes):
    """Each change as the `plan` result shows it, with the exact requests the route layer builds for it."""
    return [dict(change.describe(), requests=requests_for(change)) for change in changes]


def plan_rule(table_id, current, desired):
    changes, after = _route_plan.plan_rule(table_id, current, desired)
    return _items(changes), after


def plan_switch(rule, active_next_hop_id):
    changes, after = _route_plan.plan_switch(rule, active_next_hop_id)
    return _items(changes), after


NAT = raw('rr-nat000000001', '192.168.0.0/20', '0.0.0.0/0', 'nat', 'nat-aaaa', description='egress')
HA = [
    raw('rr-ha0000000002', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-b', 'ha:standby'),
    raw('rr-ha0000000001', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-a', 'ha:active'),
]
ECMP = [
    raw('rr-ec0000000001', '0.0.0.0/0', '10.20.0.0/16', 'dcGateway', 'dcgw-a', 'ecmp'),
    raw('rr-ec0000000002', '0.0.0.0/0', '10.20.0.0/16', 'dcGateway', 'dcgw-b', 'ecmp'),
]
RULES = group_rules([SYSTEM_RULE, NAT] + HA + ECMP)
BY_DST = dict((r['destination_address'], r) for r in RULES)


def test_grouping_keeps_order_and_groups_members():
    assert [r['mode'] for r in RULES] == ['system', 'single', 'ha', 'ecmp']
    ha = BY_DST['172.16.0.0/12']
    assert [h['next_hop_id'] for h in ha['next_hops']] == ['dcgw-a', 'dcgw-b']  # active first
    assert ha['route_rule_ids'] == ['rr-ha0000000001', 'rr-ha0000000002'] and ha['route_rule_id'] == 'rr-ha0000000001'
    assert RULES[0]['system'] and RULES[0]['route_rule_id'] is None
    assert RULES[1]['route_rule_ids'] == ['rr-nat000000001']


def test_absent_to_absent_is_a_no_op():
    assert plan_rule(TABLE, None, None) == ([], None)


def test_absent_to_present_creates_with_exact_request():
    desired = want(
        source_address='192.168.16.0/20', destination_address='10.0.0.0/8', next_hop_type='vpn', next_hop_id='vpn-1'
    )
    plan, after = plan_rule(TABLE, None, desired)
    assert [item['action'] for item in plan] == ['create']
    assert plan[0]['requests'] == [
        {
            'method': 'POST',
            'path': '/v1/route/rule',
            'body': {
                'routeTableId': TABLE,
                'sourceAddress': '192.168.16.0/20',
                'destinationAddress': '10.0.0.0/8',
                'nexthopType': 'vpn',
                'nexthopId': 'vpn-1',
                'description': '',
            },
        }
    ]
    assert after['route_rule_id'] is None and after['route_table_id'] == TABLE and after['mode'] == 'single'
    assert plan[0]['changes']['next_hop_id'] == {'before': None, 'after': 'vpn-1'}


def test_create_multi_path_sends_next_hop_list():
    desired = want(
        destination_address='10.30.0.0/16',
        next_hops=[
            {'next_hop_id': 'dcgw-b', 'path_type': 'ha:standby'},
            {'next_hop_id': 'dcgw-a', 'path_type': 'ha:active'},
        ],
    )
    plan, after = plan_rule(TABLE, None, desired)
    assert plan[0]['requests'][0]['body']['nextHopList'] == [
        {'nexthopId': 'dcgw-a', 'nexthopType': 'dcGateway', 'pathType': 'ha:active'},
        {'nexthopId': 'dcgw-b', 'nexthopType': 'dcGateway', 'pathType': 'ha:standby'},
    ]
    assert 'nexthopType' not in plan[0]['requests'][0]['body']
    filled = fill_ids(after, [{'routeRuleIds': ['rr-new1', 'rr-new2']}])
    assert [h['route_rule_id'] for h in filled['next_hops']] == ['rr-new1', 'rr-new2']
    assert filled['route_rule_ids'] == ['rr-new1', 'rr-new2']


def test_present_to_absent_deletes_every_member():
    plan, after = plan_rule(TABLE, BY_DST['172.16.0.0/12'], None)
    assert after is None
    assert plan[0]['action'] == 'delete'
    assert [r['path'] for r in plan[0]['requests']] == [
        '/v1/route/rule/rr-ha0000000001',
        '/v1/route/rule/rr-ha0000000002',
    ]


@pytest.mark.parametrize(
    'params',
    [
        dict(source_address='192.168.0.0/20', next_hop_type='nat', next_hop_id='nat-aaaa'),
        dict(source_address='192.168.0.0/20', next_hop_type='nat', next_hop_id='nat-aaaa', description='egress'),
    ],
)
def test_no_change_is_no_op(params):
    current = BY_DST['0.0.0.0/0']
    plan, after = plan_rule(TABLE, current, want(**params))
    assert plan == [] and after == current


@pytest.mark.parametrize(
    'params,changed',
    [
        (dict(next_hop_id='nat-bbbb'), {'next_hop_id'}),
        (dict(description='new words'), {'description'}),
        (dict(next_hop_id='nat-bbbb', description=''), {'next_hop_id', 'description'}),
    ],
)
def test_in_place_update(params, changed):
    current = BY_DST['0.0.0.0/0']
    desired = want(source_address='192.168.0.0/20', next_hop_type='nat', **dict({'next_hop_id': 'nat-aaaa'}, **params))
    plan, after = plan_rule(TABLE, current, desired)
    assert [i['action'] for i in plan] == ['update'] and set(plan[0]['changes']) == changed
    body = plan[0]['requests'][0]['body']
    assert plan[0]['requests'][0]['path'] == '/v1/route/rule/rr-nat000000001'
    assert body == {
        'sourceAddress': '192.168.0.0/20',
        'destinationAddress': '0.0.0.0/0',
        'nexthopId': after['next_hop_id'],
        'description': after['description'],
    }
    assert after['route_rule_id'] == 'rr-nat000000001'


def test_unmanaged_description_is_kept_on_update():
    desired = want(source_address='192.168.0.0/20', next_hop_type='nat', next_hop_id='nat-bbbb')
    plan, after = plan_rule(TABLE, BY_DST['0.0.0.0/0'], desired)
    assert plan[0]['requests'][0]['body']['description'] == 'egress' and after['description'] == 'egress'


def test_source_change_by_id_is_an_update():
    desired = want(source_address='192.168.16.0/20', next_hop_type='nat', next_hop_id='nat-aaaa')
    plan, dummy = plan_rule(TABLE, BY_DST['0.0.0.0/0'], desired)
    assert plan[0]['action'] == 'update' and plan[0]['changes'] == {
        'source_address': {'before': '192.168.0.0/20', 'after': '192.168.16.0/20'}
    }


def test_next_hop_type_change_is_a_replace():
    desired = want(source_address='192.168.0.0/20', next_hop_type='vpn', next_hop_id='vpn-1')
    plan, after = plan_rule(TABLE, BY_DST['0.0.0.0/0'], desired)
    assert plan[0]['action'] == 'replace' and plan[0]['reason'] == 'next_hop_type cannot be updated in place'
    assert [r['method'] for r in plan[0]['requests']] == ['DELETE', 'POST']
    assert after['route_rule_id'] is None and after['description'] == 'egress'


def test_single_to_multi_is_a_replace():
    desired = want(
        source_address='192.168.0.0/20',
        next_hops=[{'next_hop_id': 'dcgw-a', 'path_type': 'ecmp'}, {'next_hop_id': 'dcgw-b', 'path_type': 'ecmp'}],
    )
    plan, after = plan_rule(TABLE, BY_DST['0.0.0.0/0'], desired)
    assert (
        plan[0]['action'] == 'replace'
        and plan[0]['reason'] == 'a single-path rule cannot be turned into an ECMP rule in place'
    )
    assert after['mode'] == 'ecmp'


def test_multi_to_single_is_a_replace():
    desired = want(destination_address='172.16.0.0/12', next_hop_type='dcGateway', next_hop_id='dcgw-a')
    plan, dummy = plan_rule(TABLE, BY_DST['172.16.0.0/12'], desired)
    assert plan[0]['action'] == 'replace'
    assert [r['method'] for r in plan[0]['requests']] == ['DELETE', 'DELETE', 'POST']


def test_ha_membership_change_is_a_replace_but_active_side_is_ignored():
    same_members_other_active = want(
        destination_address='172.16.0.0/12',
        next_hops=[
            {'next_hop_id': 'dcgw-b', 'path_type': 'ha:active'},
            {'next_hop_id': 'dcgw-a', 'path_type': 'ha:standby'},
        ],
    )
    assert plan_rule(TABLE, BY_DST['172.16.0.0/12'], same_members_other_active)[0] == []
    new_member = want(
        destination_address='172.16.0.0/12',
        next_hops=[
            {'next_hop_id': 'dcgw-a', 'path_type': 'ha:active'},
            {'next_hop_id': 'dcgw-c', 'path_type': 'ha:standby'},
        ],
    )
    plan, dummy = plan_rule(TABLE, BY_DST['172.16.0.0/12'], new_member)
    assert plan[0]['action'] == 'replace' and 'members' in plan[0]['reason']


def test_ecmp_to_ha_with_same_gateways_is_a_replace():
    desired = want(
        destination_address='10.20.0.0/16',
        next_hops=[
            {'next_hop_id': 'dcgw-a', 'path_type': 'ha:active'},
            {'next_hop_id': 'dcgw-b', 'path_type': 'ha:standby'},
        ],
    )
    plan, dummy = plan_rule(TABLE, BY_DST['10.20.0.0/16'], desired)
    assert plan[0]['action'] == 'replace'


def test_system_rule_is_never_planned_against():
    with pytest.raises(BceValidationError, match='system route'):
        plan_rule(TABLE, RULES[0], None)


def test_bare_address_is_a_host_route_and_ipv6_default_source():
    rule = want(destination_address='10.1.2.3', next_hop_type='custom', next_hop_id='i-abc')
    assert rule['destination_address'] == '10.1.2.3/32' and rule['source_address'] == '0.0.0.0/0'
    rule6 = want(destination_address='2001:DB8:0:0::/64', next_hop_type='ipv6gateway', next_hop_id='gw-1')
    assert (
        rule6['destination_address'] == '2001:db8::/64'
        and rule6['source_address'] == '::/0'
        and rule6['ip_version'] == 6
    )
    assert plan_rule(TABLE, None, rule6)[0][0]['requests'][0]['body']['ipVersion'] == '6'


VPC = {
    'vpc_id': 'vpc-1',
    'cidrs': ['192.168.0.0/16', '2400:da00::/56'],
    'subnets': ['192.168.0.0/20', '192.168.16.0/20', '2400:da00::/64'],
}


@pytest.mark.parametrize(
    'src,dst',
    [
        ('0.0.0.0/0', '0.0.0.0/0'),
        ('192.168.0.0/20', '10.0.0.0/8'),
        ('192.168.1.0/24', '172.16.0.0/12'),
        ('2400:da00::/64', '::/0'),
    ],
)
def test_vpc_check_accepts(src, dst):
    check_against_vpc(
        want(
            source_address=src,
            destination_address=dst,
            next_hop_type='custom' if ':' not in dst else 'ipv6gateway',
            next_hop_id='i-1' if ':' not in dst else 'gw-1',
        ),
        VPC,
    )


@pytest.mark.parametrize(
    'src,dst,parameter,message',
    [
        ('192.168.64.0/20', '10.0.0.0/8', 'source_address', 'must be 0.0.0.0/0 or lie inside a subnet of vpc-1'),
        ('0.0.0.0/0', '192.168.5.0/24', 'destination_address', 'overlaps the CIDR 192.168.0.0/16 of vpc-1'),
        ('0.0.0.0/0', '192.0.0.0/8', 'destination_address', 'overlaps'),
    ],
)
def test_vpc_check_rejects(src, dst, parameter, message):
    with pytest.raises(BceValidationError) as err:
        check_against_vpc(
            want(source_address=src, destination_address=dst, next_hop_type='custom', next_hop_id='i-1'), VPC
        )
    assert err.value.parameter == parameter and message in err.value.message


def test_switch_plans_one_call_on_the_active_member():
    plan, after = plan_switch(BY_DST['172.16.0.0/12'], 'dcgw-b')
    assert plan[0]['requests'] == [
        {'method': 'PUT', 'path': '/v1/route/rule/rr-ha0000000001', 'query': {'switchRouteHA': ''}}
    ]
    assert after['next_hops'][0]['next_hop_id'] == 'dcgw-b' and after['next_hops'][0]['path_type'] == 'ha:active'
    assert after['route_rule_id'] == BY_DST['172.16.0.0/12']['route_rule_id']


def test_switch_to_the_active_hop_is_a_no_op():
    assert plan_switch(BY_DST['172.16.0.0/12'], 'dcgw-a') == ([], BY_DST['172.16.0.0/12'])


@pytest.mark.parametrize(
    'dst,hop,parameter,message',
    [
        ('10.20.0.0/16', 'dcgw-a', 'route_rule_id', 'is an ECMP rule, not a primary/standby (HA) pair'),
        ('0.0.0.0/0', 'nat-aaaa', 'route_rule_id', 'is a single-path rule, not'),
        ('172.16.0.0/12', 'dcgw-z', 'active_next_hop_id', "'dcgw-z' is not a member of the HA pair"),
    ],
)
def test_switch_refuses(dst, hop, parameter, message):
    with pytest.raises(BceValidationError) as err:
        plan_switch(BY_DST[dst], hop)
    assert err.value.parameter == parameter and message in err.value.message


def test_replacing_an_ha_pair_keeps_the_active_member():
    """A description change re-creates the pair; a switch made since must survive it."""
    desired = want(
        destination_address='172.16.0.0/12',
        description='new words',
        next_hops=[
            {'next_hop_id': 'dcgw-b', 'path_type': 'ha:active'},
            {'next_hop_id': 'dcgw-a', 'path_type': 'ha:standby'},
        ],
    )
    plan, after = plan_rule(TABLE, BY_DST['172.16.0.0/12'], desired)
    assert plan[0]['action'] == 'replace'
    assert plan[0]['requests'][-1]['body']['nextHopList'] == [
        {'nexthopId': 'dcgw-a', 'nexthopType': 'dcGateway', 'pathType': 'ha:active'},
        {'nexthopId': 'dcgw-b', 'nexthopType': 'dcGateway', 'pathType': 'ha:standby'},
    ]
    assert after['next_hops'][0]['next_hop_id'] == 'dcgw-a'


def test_ip_version_change_by_id_is_a_replace():
    desired = want(destination_address='2001:db8::/32', next_hop_type='nat', next_hop_id='nat-aaaa')
    plan, after = plan_rule(TABLE, BY_DST['0.0.0.0/0'], desired)
    assert plan[0]['action'] == 'replace' and plan[0]['reason'] == 'the IP version of a rule cannot be updated in place'
    assert plan[0]['requests'][-1]['body']['ipVersion'] == '6' and after['source_address'] == '::/0'


def test_route_table_system_route_names_the_item():
    current = group_rules([SYSTEM_RULE])
    desired = desired_rules(
        [
            {'destination_address': d, 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-aaaa'}
            for d in ('10.10.0.0/16', '192.168.0.0/16')
        ]
    )
    with pytest.raises(BceValidationError) as err:
        plan_table(TABLE, current, desired)
    assert err.value.parameter == 'rules[1]'
    assert err.value.message.startswith('rules[1]: 0.0.0.0/0 -> 192.168.0.0/16 is a system route')


# -- what a reviewer approves on (issue 23, item 6) -----------------------------------------------------------------

VPC_ID = 'vpc-unit00000001'
# The active member is the higher id here: the pair's own id (the lowest member id, which route_table_info and every
# result show, and which a switch does not change) differs from the member the switch request names.
HA_SECOND_ACTIVE = group_rules(
    [
        raw('rr-ha0000000001', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-a', 'ha:standby'),
        raw('rr-ha0000000002', '0.0.0.0/0', '172.16.0.0/12', 'dcGateway', 'dcgw-b', 'ha:active'),
    ]
)[0]


def test_the_switch_header_names_the_pair_by_the_id_route_table_info_shows():
    changes, dummy = _route_plan.plan_switch(HA_SECOND_ACTIVE, 'dcgw-a')
    assert HA_SECOND_ACTIVE['route_rule_id'] == 'rr-ha0000000001'
    # The request still goes to the active member, which plan[].route_rule_id names (documented).
    assert changes[0].describe()['route_rule_id'] == 'rr-ha0000000002'
    assert requests_for(changes[0])[0]['path'] == '/v1/route/rule/rr-ha0000000002'
    assert _route_plan.change_diff(changes[0], (TABLE, VPC_ID))['before_header'] == (
        'switch route rule 0.0.0.0/0 -> 172.16.0.0/12 (rr-ha0000000001) in %s (%s): make dcgw-a the active next hop '
        '(now dcgw-b; the switch request names its member rr-ha0000000002)' % (TABLE, VPC_ID)
    )


def test_every_header_names_the_table_and_the_vpc():
    create, dummy = _route_plan.plan_rule(TABLE, None, want(destination_address='10.0.0.0/8', next_hop_id='nat-a'))
    delete, dummy = _route_plan.plan_rule(TABLE, BY_DST['0.0.0.0/0'], None)
    diff = _route_plan.change_diff(create[0], (TABLE, VPC_ID))
    assert (
        diff['before_header']
        == diff['after_header']
        == ('create route rule 0.0.0.0/0 -> 10.0.0.0/8 in %s (%s): not in the table' % (TABLE, VPC_ID))
    )
    assert _route_plan.change_diff(delete[0], (TABLE, VPC_ID))['after_header'] == (
        'delete route rule 192.168.0.0/20 -> 0.0.0.0/0 (rr-nat000000001) in %s (%s): state is absent' % (TABLE, VPC_ID)
    )
    # Without a place (the generic base), the header is as before.
    assert create[0].header() == 'create route rule 0.0.0.0/0 -> 10.0.0.0/8: not in the table'


def test_a_diff_shows_the_name_of_a_next_hop_beside_its_id():
    def named(rule):
        if rule is None:
            return None
        if rule['next_hops']:
            return dict(
                rule, next_hops=[dict(h, next_hop_name='line-' + h['next_hop_id'][-1]) for h in rule['next_hops']]
            )
        return dict(rule, next_hop_name='egress')

    create, dummy = _route_plan.plan_rule(TABLE, None, want(destination_address='10.0.0.0/8', next_hop_id='nat-a'))
    after = _route_plan.change_diff(create[0], (TABLE, VPC_ID), named)['after']
    assert (after['next_hop_id'], after['next_hop_name']) == ('nat-a', 'egress')
    switch, dummy = _route_plan.plan_switch(HA_SECOND_ACTIVE, 'dcgw-a')
    diff = _route_plan.change_diff(switch[0], (TABLE, VPC_ID), named)
    assert diff['after']['next_hops'] == [
        {'next_hop_id': 'dcgw-a', 'next_hop_name': 'line-a', 'next_hop_type': 'dcGateway', 'path_type': 'ha:active'},
        {'next_hop_id': 'dcgw-b', 'next_hop_name': 'line-b', 'next_hop_type': 'dcGateway', 'path_type': 'ha:standby'},
    ]
    # Without names, members show exactly the fields a user writes.
    assert _route_plan.change_diff(switch[0])['after']['next_hops'][0] == {
        'next_hop_id': 'dcgw-a',
        'next_hop_type': 'dcGateway',
        'path_type': 'ha:active',
    }


# -- check mode: a pair that does not exist yet (issue 23, item 5) --------------------------------------------------


def test_a_switch_of_a_pair_that_does_not_exist_yet_is_predicted_from_the_requested_state():
    changes, after = _route_plan.predict_switch(TABLE, '0.0.0.0/0', '172.16.0.0/12', 'dcgw-b')
    assert [c.describe() for c in changes] == [
        {
            'action': 'switch',
            'route_rule_id': None,
            'source_address': '0.0.0.0/0',
            'destination_address': '172.16.0.0/12',
            'changes': {'active_next_hop_id': {'before': None, 'after': 'dcgw-b'}},
            'reason': None,
        }
    ]
    # Nothing to send: only check mode predicts it (a real run fails before).
    assert changes[0].predicted is True
    assert after['mode'] == 'ha' and after['route_rule_ids'] == [] and after['route_table_id'] == TABLE
    assert after['next_hops'] == [
        {'next_hop_id': 'dcgw-b', 'next_hop_type': 'dcGateway', 'path_type': 'ha:active', 'route_rule_id': None}
    ]
    diff = _route_plan.change_diff(changes[0], (TABLE, VPC_ID))
    assert diff['before'] == {}
    assert diff['before_header'] == (
        'switch route rule 0.0.0.0/0 -> 172.16.0.0/12 in %s (%s): make dcgw-b the active next hop (the pair does not '
        'exist yet; predicted from the requested state)' % (TABLE, VPC_ID)
    )
    v6_changes, v6_after = _route_plan.predict_switch(TABLE, '::/0', 'fd00::/8', 'dcgw-b')
    assert v6_after['ip_version'] == 6
