# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Next hops by name and their verification: the list APIs' wire format and the resolution logic."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceResponseError,
    BceValidationError,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._next_hop_api import list_next_hops
from ansible_collections.baiducloud.vpc.plugins.module_utils._next_hops import SKIP_VERIFY_HINT, NextHops
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import desired_rule, make_rule

VPC = 'vpc-a'


class ListClient(object):
    """Answers GET list calls from {path: answer}; records (path, params, result key)."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def _answer(self, path):
        answer = self.answers[path]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def paginate(self, path, params, key):
        self.calls.append((path, dict(params), key))
        return self._answer(path)

    def get(self, path, params=None):
        self.calls.append((path, dict(params or {}), None))
        return self._answer(path)


def nat(hop_id, name, status='active', vpc=VPC):
    return {'id': hop_id, 'name': name, 'status': status, 'vpcId': vpc, 'eips': []}


NATS = [
    nat('nat-main1', 'nat-main'),
    nat('nat-sh1', 'nat-shared'),
    nat('nat-sh2', 'nat-shared'),
    nat('nat-down', 'nat-stopped', status='down'),
    nat('nat-other', 'nat-main', vpc='vpc-b'),
]


def directory(answers):
    client = ListClient(answers)
    activities = []
    hops = NextHops(lambda hop_type, vpc_id: list_next_hops(client, hop_type, vpc_id), lambda: VPC, activities.append)
    return hops, client, activities


def single(**params):
    base = dict.fromkeys(('source_address', 'next_hop_type', 'next_hop_id', 'next_hop_name', 'next_hops'))
    base['destination_address'] = '0.0.0.0/0'
    base.update(params)
    return base


# -- wire format -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    'hop_type,path,key,item',
    [
        ('nat', '/v1/nat', 'nats', {'id': 'nat-1', 'name': 'n', 'status': 'active', 'vpcId': VPC}),
        ('vpn', '/v1/vpn', 'vpns', {'vpnId': 'vpn-1', 'vpnName': 'n', 'status': 'active', 'vpcId': VPC}),
        (
            'dcGateway',
            '/v1/etGateway',
            'etGateways',
            {'etGatewayId': 'dcgw-1', 'name': 'n', 'status': 'running', 'vpcId': VPC},
        ),
        (
            'peerConn',
            '/v1/peerconn',
            'peerConns',
            {
                'localIfId': 'qpif-1',
                'peerConnId': 'peerconn-1',
                'localIfName': 'n',
                'status': 'active',
                'localVpcId': VPC,
            },
        ),
        ('enic', '/v1/eni', 'enis', {'eniId': 'eni-1', 'name': 'n', 'status': 'inuse', 'vpcId': VPC}),
        ('havip', '/v1/havip', 'haVips', {'haVipId': 'havip-1', 'name': 'n', 'status': 'binded', 'vpcId': VPC}),
    ],
)
def test_each_list_api_is_read_with_its_own_field_names(hop_type, path, key, item):
    client = ListClient({path: [item]})
    records = list_next_hops(client, hop_type, VPC)
    assert client.calls == [(path, {'vpcId': VPC}, key)]
    assert [(r['id'], r['name'], r['routable']) for r in records] == [(item[_id_field(item)], 'n', True)]


def _id_field(item):
    return [k for k in item if k in ('id', 'vpnId', 'etGatewayId', 'localIfId', 'eniId', 'haVipId')][0]


def test_the_ipv6_gateway_is_one_object_and_its_absence_an_empty_list():
    client = ListClient({'/v1/IPv6Gateway': {'gatewayId': 'gw-1', 'name': 'v6', 'vpcId': VPC}})
    assert [(r['id'], r['name'], r['status'], r['routable']) for r in list_next_hops(client, 'ipv6gateway', VPC)] == [
        ('gw-1', 'v6', None, True)
    ]
    missing = ListClient({'/v1/IPv6Gateway': BceApiError(404, 'NoSuchObject', 'no gateway', 'rid')})
    assert list_next_hops(missing, 'ipv6gateway', VPC) == []
    # An empty 404 from a proxy says nothing about the VPC: it stays an error.
    proxy = ListClient({'/v1/IPv6Gateway': BceApiError(404, 'NoSuchObject', 'x', None, bce_shaped=False)})
    with pytest.raises(BceApiError):
        list_next_hops(proxy, 'ipv6gateway', VPC)


def test_items_of_another_vpc_are_left_out():
    client = ListClient({'/v1/nat': NATS})
    assert 'nat-other' not in [r['id'] for r in list_next_hops(client, 'nat', VPC)]


@pytest.mark.parametrize(
    'item,problem',
    [
        ({'name': 'n', 'status': 'active'}, 'an item (#0) whose id is missing where a non-empty string was expected'),
        ({'id': 7, 'name': 'n'}, 'an item (#0) whose id is 7 where a non-empty string was expected'),
        ({'id': '', 'name': 'n'}, "an item (#0) whose id is '' where a non-empty string was expected"),
        ({'id': 'nat-1', 'name': ['n']}, "an item (#0) whose name is ['n'] where a string was expected"),
        ({'id': 'nat-1', 'name': 'n', 'status': {'up': 1}}, "whose status is {'up': 1} where a string was expected"),
        ({'id': 'nat-1', 'vpcId': 3}, 'whose vpcId is 3 where a string was expected'),
        ('nat-1', 'an item (#0) that is not an object'),
    ],
)
def test_malformed_items_fail_cleanly_naming_the_api_and_the_field(item, problem):
    client = ListClient({'/v1/nat': [item]})
    with pytest.raises(BceResponseError) as err:
        list_next_hops(client, 'nat', VPC)
    assert err.value.code == 'MalformedResponse' and 'GET /v1/nat answered ' in err.value.message
    assert problem in err.value.message


def test_a_malformed_ipv6_gateway_answer_fails_cleanly():
    client = ListClient({'/v1/IPv6Gateway': {'gatewayId': None, 'name': 'v6'}})
    with pytest.raises(BceResponseError) as err:
        list_next_hops(client, 'ipv6gateway', VPC)
    assert 'gatewayId is missing' in err.value.message


# -- names -----------------------------------------------------------------------------------------


def test_a_name_resolves_to_the_one_id_and_lists_once_per_type():
    hops, client, activities = directory({'/v1/nat': NATS})
    first = hops.resolve_params(single(next_hop_type='nat', next_hop_name='nat-main'), 'rules[0].')
    second = hops.resolve_params(single(next_hop_type='nat', next_hop_name='nat-stopped'), 'rules[1].')
    assert (first['next_hop_id'], first['next_hop_name']) == ('nat-main1', None)
    assert second['next_hop_id'] == 'nat-down'
    assert len(client.calls) == 1 and activities == ['list the NAT gateways (GET /v1/nat) of vpc-a']
    assert desired_rule(first)['next_hop_id'] == 'nat-main1'


def test_an_ambiguous_name_fails_listing_both_candidates():
    hops, dummy, dummy2 = directory({'/v1/nat': NATS})
    with pytest.raises(BceValidationError) as err:
        hops.resolve_params(single(next_hop_type='nat', next_hop_name='nat-shared'), 'rules[1].')
    assert err.value.parameter == 'rules[1].next_hop_name'
    assert err.value.message == (
        "rules[1].next_hop_name: 2 nat next hops are named 'nat-shared' in vpc-a: nat-sh1 ('nat-shared', active), "
        "nat-sh2 ('nat-shared', active); give next_hop_id to choose one"
    )


def test_an_unknown_name_fails_listing_the_candidates_of_the_vpc_only():
    hops, dummy, dummy2 = directory({'/v1/nat': NATS})
    with pytest.raises(BceValidationError) as err:
        hops.resolve_params(single(next_hop_type='nat', next_hop_name='nope'))
    assert err.value.parameter == 'next_hop_name'
    assert "no nat next hop is named 'nope' in vpc-a" in err.value.message
    assert "nat-down ('nat-stopped', down)" in err.value.message and 'nat-other' not in err.value.message


def test_names_of_multi_path_members_resolve_in_place():
    gateways = [
        {'etGatewayId': 'dcgw-a', 'name': 'line-a', 'status': 'running', 'vpcId': VPC},
        {'etGatewayId': 'dcgw-b', 'name': 'line-b', 'status': 'running', 'vpcId': VPC},
    ]
    hops, client, dummy = directory({'/v1/etGateway': gateways})
    params = single(
        next_hops=[
            {'next_hop_name': 'line-b', 'next_hop_id': None, 'next_hop_type': 'dcGateway', 'path_type': 'ha:standby'},
            {'next_hop_name': None, 'next_hop_id': 'dcgw-a', 'next_hop_type': 'dcGateway', 'path_type': 'ha:active'},
        ]
    )
    resolved = hops.resolve_params(params)
    assert [h['next_hop_id'] for h in resolved['next_hops']] == ['dcgw-b', 'dcgw-a']
    rule = desired_rule(resolved)
    assert [(h['next_hop_id'], h['path_type']) for h in rule['next_hops']] == [
        ('dcgw-a', 'ha:active'),
        ('dcgw-b', 'ha:standby'),
    ]
    assert len(client.calls) == 1


def test_params_without_names_are_returned_as_they_are_without_a_read():
    hops, client, dummy = directory({})
    params = single(next_hop_type='nat', next_hop_id='nat-1')
    assert hops.resolve_params(params) is params and client.calls == []


def test_input_rules_for_names():
    with pytest.raises(BceValidationError) as err:
        desired_rule(single(next_hop_type='nat', next_hop_id='nat-1', next_hop_name='x'), 'rules[0].')
    assert err.value.message == 'rules[0].next_hop_id and rules[0].next_hop_name are mutually exclusive: give one'
    with pytest.raises(BceValidationError) as err:
        desired_rule(single(next_hop_type='nat', next_hop_name='  '))
    assert err.value.message == 'next_hop_name must not be empty'
    with pytest.raises(BceValidationError) as err:
        desired_rule(single(next_hop_type='nat'))
    assert err.value.message == 'next_hop_type=nat needs next_hop_id or next_hop_name'
    with pytest.raises(BceValidationError) as err:
        desired_rule(single(next_hop_name='x'))
    assert err.value.parameter == 'next_hop_type'
    hops = [{'next_hop_name': 'a', 'path_type': 'ecmp'}, {'next_hop_name': 'b', 'path_type': 'ecmp'}]
    with pytest.raises(BceValidationError) as err:
        desired_rule(single(next_hops=hops, next_hop_name='x'))
    assert err.value.parameter == 'next_hops'
    # Valid before resolution: the ids are filled in the rule's VPC later.
    assert desired_rule(single(next_hop_type='vpn', next_hop_name='office'))['next_hop_id'] is None
    assert [h['next_hop_id'] for h in desired_rule(single(next_hops=hops))['next_hops']] == ['', '']


# -- verification ----------------------------------------------------------------------------------


def rule(hop_type, hop_id, destination='0.0.0.0/0'):
    return make_rule('0.0.0.0/0', destination, 4, '', hop_type, hop_id)


def test_verification_lists_each_type_once_and_passes_existing_next_hops():
    vpns = [{'vpnId': 'vpn-1', 'vpnName': 'office', 'status': 'active', 'vpcId': VPC}]
    hops, client, dummy = directory({'/v1/nat': NATS, '/v1/vpn': vpns})
    for index, planned in enumerate(
        [rule('nat', 'nat-main1'), rule('nat', 'nat-sh1', '10.1.0.0/16'), rule('vpn', 'vpn-1', '10.2.0.0/16')]
    ):
        hops.verify(planned, 'rules[%d].' % index)
    assert [c[0] for c in client.calls] == ['/v1/nat', '/v1/vpn'] and hops.warnings == []


def test_a_missing_or_foreign_next_hop_fails_naming_the_rule():
    hops, dummy, dummy2 = directory({'/v1/nat': NATS})
    hops.verify(rule('nat', 'nat-main1'), 'rules[0].')
    for missing in ('nat-gone', 'nat-other'):
        with pytest.raises(BceValidationError) as err:
            hops.verify(rule('nat', missing, '10.9.0.0/16'), 'rules[2].')
        assert err.value.parameter == 'rules[2].next_hop_id'
        assert err.value.message.startswith(
            'rules[2].next_hop_id: %s is not a nat next hop of vpc-a, so the rule 0.0.0.0/0 -> 10.9.0.0/16 cannot be '
            "written (nothing was written); the nat next hops there: nat-main1 ('nat-main', active)" % missing
        )


def test_a_next_hop_that_cannot_route_is_a_warning_once():
    hops, dummy, dummy2 = directory({'/v1/nat': NATS})
    hops.verify(rule('nat', 'nat-down'), 'rules[1].')
    hops.verify(rule('nat', 'nat-down'), 'rules[1].')
    assert hops.warnings == [
        "rules[1].next_hop_id: the nat next hop nat-down (nat-stopped, down) is in status 'down', "
        'in which it does not route traffic'
    ]


def test_members_of_a_multi_path_rule_are_verified():
    gateways = [{'etGatewayId': 'dcgw-a', 'name': 'line-a', 'status': 'running', 'vpcId': VPC}]
    hops, dummy, dummy2 = directory({'/v1/etGateway': gateways})
    pair = make_rule(
        '0.0.0.0/0',
        '10.0.0.0/8',
        4,
        next_hops=[
            {'next_hop_id': 'dcgw-a', 'next_hop_type': 'dcGateway', 'path_type': 'ha:active'},
            {'next_hop_id': 'dcgw-z', 'next_hop_type': 'dcGateway', 'path_type': 'ha:standby'},
        ],
    )
    with pytest.raises(BceValidationError) as err:
        hops.verify(pair, 'rules[0].')
    assert err.value.parameter == 'rules[0].next_hops' and 'dcgw-z is not a dcGateway next hop' in err.value.message


def test_a_type_without_list_api_is_not_verified_and_cannot_be_named():
    hops, client, dummy = directory({})
    hops.verify(rule('defaultGateway', ''), '')
    assert client.calls == []
    with pytest.raises(BceValidationError) as err:
        hops.by_name('defaultGateway', 'gw', 'next_hop_name')
    assert 'cannot be found by name (the service has no API that lists them)' in err.value.message


def test_a_forbidden_list_call_says_how_to_skip_the_check():
    denied = BceApiError(403, 'AccessDenied', 'Access denied.', 'rid-403', 'GET', '/v1/nat')
    hops, dummy, dummy2 = directory({'/v1/nat': denied})
    with pytest.raises(BceApiError) as err:
        hops.verify(rule('nat', 'nat-1'), '')
    assert err.value.code == 'AccessDenied' and err.value.request_id == 'rid-403'
    assert err.value.message == 'Access denied; these credentials may not read the NAT gateways: ' + SKIP_VERIFY_HINT
    assert 'verify_next_hops: false' in err.value.message


def test_other_api_errors_pass_through_unchanged():
    failure = BceApiError(500, 'InternalError', 'boom', 'rid')
    hops, dummy, dummy2 = directory({'/v1/nat': failure})
    with pytest.raises(BceApiError) as err:
        hops.verify(rule('nat', 'nat-1'), '')
    assert err.value is failure


# -- results ---------------------------------------------------------------------------------------


def test_results_get_the_names_of_listed_types_only():
    hops, client, dummy = directory({'/v1/nat': NATS})
    hops.verify(rule('nat', 'nat-main1'), '')
    named = hops.with_names([rule('nat', 'nat-main1'), rule('vpn', 'vpn-1', '10.0.0.0/8')])
    assert [r['next_hop_name'] for r in named] == ['nat-main', None] and len(client.calls) == 1
    assert hops.with_names(None) is None


# -- peering: a route goes to the local interface (qpif-), never to the connection (peerconn-) -----------------


PEERINGS = [
    {
        'peerConnId': 'peerconn-aaa',
        'localIfId': 'qpif-aaa',
        'localIfName': 'int-a',
        'status': 'active',
        'localVpcId': VPC,
        'peerVpcId': 'vpc-peer',
    },
    {
        'peerConnId': 'peerconn-bbb',
        'localIfId': 'qpif-bbb',
        'localIfName': 'int-b',
        'status': 'active',
        'localVpcId': 'vpc-b',
        'peerVpcId': VPC,
    },
]


def test_a_peering_rule_to_the_local_interface_verifies_and_is_named_by_local_if_name():
    hops, client, dummy = directory({'/v1/peerconn': PEERINGS})
    hops.verify(rule('peerConn', 'qpif-aaa'), '')
    assert hops.warnings == [] and client.calls == [('/v1/peerconn', {'vpcId': VPC}, 'peerConns')]
    resolved = hops.resolve_params(single(next_hop_type='peerConn', next_hop_name='int-a'))
    assert resolved['next_hop_id'] == 'qpif-aaa'


def test_a_peering_rule_to_the_connection_id_is_refused_naming_the_interface_to_use():
    hops, dummy, dummy2 = directory({'/v1/peerconn': PEERINGS})
    with pytest.raises(BceValidationError) as err:
        hops.verify(rule('peerConn', 'peerconn-aaa', '10.8.0.0/16'), 'rules[0].')
    assert err.value.parameter == 'rules[0].next_hop_id'
    assert err.value.message == (
        'rules[0].next_hop_id: peerconn-aaa is not a peerConn next hop of vpc-a, so the rule 0.0.0.0/0 -> '
        '10.8.0.0/16 cannot be written (nothing was written); peerconn-aaa is a peering connection id '
        "(peerConnId), and a peerConn route takes the connection's local interface id (localIfId): use "
        'next_hop_id: qpif-aaa, that is qpif-aaa (int-a, active, peering peerconn-aaa, peer VPC vpc-peer)'
    )


def test_an_unknown_peering_lists_the_interfaces_with_their_connections():
    hops, dummy, dummy2 = directory({'/v1/peerconn': PEERINGS})
    with pytest.raises(BceValidationError) as err:
        hops.verify(rule('peerConn', 'qpif-zzz'), '')
    assert err.value.message.endswith(
        "the peerConn next hops there: qpif-aaa ('int-a', active, peering peerconn-aaa, peer VPC vpc-peer)"
    )


# -- BCC instances: looked up by id or name, never listed with a lone vpcId ----------------------------------


class LookupClient(ListClient):
    """A BCC list that filters by instanceIds / instanceNames and refuses a lone vpcId, like the documented API."""

    def __init__(self, instances):
        ListClient.__init__(self, {})
        self.instances = instances

    def paginate(self, path, params, key):
        self.calls.append((path, dict(params), key))
        assert path == '/v2/instance' and key == 'instances'
        assert 'vpcId' not in params, 'vpcId is documented only together with privateIps'
        if 'instanceIds' in params:
            wanted = params['instanceIds'].split(',')
            assert len(wanted) <= 100
            return [i for i in self.instances if i['id'] in wanted]
        wanted = params['instanceNames'].split(',')
        return [i for i in self.instances if i['name'] in wanted]


def instance(number, vpc=VPC, name=None, status='Running'):
    return {'id': 'i-%03d' % number, 'name': name or 'web-%d' % number, 'status': status, 'vpcId': vpc}


def looked_up_directory(instances):
    client = LookupClient(instances)
    activities = []
    hops = NextHops(
        lambda hop_type, vpc_id, **lookup: list_next_hops(client, hop_type, vpc_id, **lookup),
        lambda: VPC,
        activities.append,
    )
    return hops, client, activities


def test_an_instance_is_verified_by_its_id_and_one_of_another_vpc_is_refused():
    hops, client, activities = looked_up_directory([instance(1), instance(2, vpc='vpc-b')])
    hops.verify(rule('custom', 'i-001'), '')
    assert client.calls == [('/v2/instance', {'instanceIds': 'i-001'}, 'instances')]
    assert activities == ['look up i-001 in the BCC instances (GET /v2/instance) of vpc-a']
    with pytest.raises(BceValidationError) as err:
        hops.verify(rule('custom', 'i-002', '10.0.0.0/8'), 'rules[1].')
    assert err.value.message.endswith(
        '(nothing was written); the BCC instances were looked up by id (instanceIds=) across the region, and none '
        'with that id is in vpc-a'
    )
    hops.verify(rule('custom', 'i-001', '10.1.0.0/16'), '')
    assert len(client.calls) == 2, 'an id asked once is not asked again'


def test_instances_of_many_rules_are_looked_up_100_ids_per_call():
    instances = [instance(n) for n in range(250)]
    hops, client, dummy = looked_up_directory(instances)
    rules = [rule('custom', 'i-%03d' % n, '10.%d.0.0/16' % n) for n in range(250)]
    hops.prefetch(rules, SKIP_VERIFY_HINT)
    assert [len(c[1]['instanceIds'].split(',')) for c in client.calls] == [100, 100, 50]
    for planned in rules:
        hops.verify(planned, '')
    assert len(client.calls) == 3
    assert hops.with_names(rules[:1])[0]['next_hop_name'] == 'web-0'


def test_an_instance_name_is_resolved_with_instance_names_in_the_vpc_only():
    instances = [instance(1, name='app'), instance(2, vpc='vpc-b', name='app'), instance(3, name='db')]
    hops, client, dummy = looked_up_directory(instances)
    resolved = hops.resolve_params(single(next_hop_type='custom', next_hop_name='app'))
    assert resolved['next_hop_id'] == 'i-001'
    hops.verify(rule('custom', 'i-001'), '')
    assert client.calls == [('/v2/instance', {'instanceNames': 'app'}, 'instances')]
    with pytest.raises(BceValidationError) as err:
        hops.resolve_params(single(next_hop_type='custom', next_hop_name='nope'))
    assert err.value.message == (
        "next_hop_name: no custom next hop is named 'nope' in vpc-a; the BCC instances were looked up by name "
        '(instanceNames=) across the region, and none with that name is in vpc-a'
    )


def test_a_lookup_without_ids_or_names_makes_no_call():
    client = LookupClient([instance(1)])
    assert list_next_hops(client, 'custom', VPC) == [] and client.calls == []


# -- statuses: which ones route (reference 8.3, 8.4) ---------------------------------------------------------


@pytest.mark.parametrize(
    'hop_type,path,item,routable',
    [
        ('enic', '/v1/eni', {'eniId': 'eni-1', 'status': 'inuse'}, True),
        ('enic', '/v1/eni', {'eniId': 'eni-1', 'status': 'available'}, False),
        ('enic', '/v1/eni', {'eniId': 'eni-1', 'status': 'attaching'}, False),
        ('havip', '/v1/havip', {'haVipId': 'havip-1', 'status': 'binded'}, True),
        ('havip', '/v1/havip', {'haVipId': 'havip-1', 'status': 'available'}, False),
    ],
)
def test_only_an_attached_eni_and_a_bound_havip_route(hop_type, path, item, routable):
    client = ListClient({path: [dict(item, vpcId=VPC, name='n')]})
    assert [r['routable'] for r in list_next_hops(client, hop_type, VPC)] == [routable]


def test_a_peering_connection_id_passes_the_input_check_for_the_verification_to_name_the_interface():
    # The prefix check would refuse it without saying which qpif- id to use; the verification says it.
    assert desired_rule(single(next_hop_type='peerConn', next_hop_id='peerconn-aaa'))['next_hop_id'] == 'peerconn-aaa'
    with pytest.raises(BceValidationError) as err:
        desired_rule(single(next_hop_type='peerConn', next_hop_id='nat-aaa'))
    assert "its id must start with 'qpif-'" in err.value.message


# -- names that are ids (issue 21, finding 2) ------------------------------------------------------


def test_a_name_equal_to_the_id_of_a_listed_next_hop_is_refused_not_matched_to_the_impostor():
    # The intended gateway has id nat-aaaa; another one is *named* nat-aaaa. Before issue 21 the rule went to the
    # impostor (nat-evil1) silently.
    nats = [nat('nat-aaaa', 'prod-egress'), nat('nat-evil1', 'nat-aaaa')]
    hops, client, dummy = directory({'/v1/nat': nats})
    with pytest.raises(BceValidationError) as err:
        hops.resolve_params(single(next_hop_type='nat', next_hop_name='nat-aaaa'))
    assert err.value.parameter == 'next_hop_name'
    assert err.value.message == (
        "next_hop_name: 'nat-aaaa' is the id of the nat next hop nat-aaaa ('prod-egress', active), not a name: give "
        'it as next_hop_id (a name equal to an id is never looked up, so another next hop named after it cannot be '
        'chosen by mistake)'
    )


def test_a_name_equal_to_the_id_of_a_next_hop_of_another_listed_type_is_refused():
    hops, dummy, dummy2 = directory(
        {
            '/v1/nat': [nat('nat-main1', 'vpn-office')],
            '/v1/vpn': [{'vpnId': 'vpn-office', 'vpnName': 'office', 'status': 'active', 'vpcId': VPC}],
        }
    )
    hops.records('vpn', 'hint')
    with pytest.raises(BceValidationError) as err:
        hops.resolve_params(single(next_hop_type='nat', next_hop_name='vpn-office'))
    assert "'vpn-office' is the id of the vpn next hop vpn-office ('office', active)" in err.value.message


@pytest.mark.parametrize(
    'hop_type,name',
    [
        ('nat', 'nat-b7ccr6bvpwez'),
        ('nat', ' nat-emu1demo0001 '),
        ('custom', 'i-YufwpQAe'),
        ('dcGateway', 'dcgw-mmbhibtkda8s'),
        ('vpn', 'vpn-shyt8tkcbcth'),
    ],
)
def test_a_name_of_the_form_of_an_id_of_its_type_is_refused_before_any_read(hop_type, name):
    hops, client, dummy = directory({})
    with pytest.raises(BceValidationError) as err:
        hops.resolve_params(single(next_hop_type=hop_type, next_hop_name=name))
    assert err.value.parameter == 'next_hop_name'
    assert err.value.message.startswith(
        'next_hop_name: %r looks like the id of a %s next hop, not a name: give it as next_hop_id' % (name, hop_type)
    )
    assert client.calls == []


@pytest.mark.parametrize(
    'name', ['nat-main', 'nat-shared', 'nat-prod-egress', 'egress-nat-b7ccr6bvpwez', 'vpn-b7ccr6bvpwez']
)
def test_names_that_are_not_of_the_form_of_an_id_of_their_type_are_looked_up(name):
    hops, dummy, dummy2 = directory({'/v1/nat': [nat('nat-x1', name)]})
    assert hops.resolve_params(single(next_hop_type='nat', next_hop_name=name))['next_hop_id'] == 'nat-x1'


def test_candidates_are_quoted_so_spaces_and_look_alike_letters_show():
    nats = [nat('nat-1', 'egress '), nat('nat-2', 'egr\u0435ss'), nat('nat-3', 'tab\there')]
    hops, dummy, dummy2 = directory({'/v1/nat': nats})
    with pytest.raises(BceValidationError) as err:
        hops.resolve_params(single(next_hop_type='nat', next_hop_name='egress'))
    assert err.value.message == (
        "next_hop_name: no nat next hop is named 'egress' in vpc-a; the nat next hops there: nat-1 ('egress ', "
        "active), nat-2 ('egr\u0435ss' = 'egr\\u0435ss', active), nat-3 ('tab\\there', active)"
    )


def test_a_next_hop_named_after_its_own_id_and_no_other_is_found_by_that_name():
    hops, dummy, dummy2 = directory({'/v1/nat': [nat('nat-aaaa', 'nat-aaaa'), nat('nat-b', 'other')]})
    assert hops.resolve_params(single(next_hop_type='nat', next_hop_name='nat-aaaa'))['next_hop_id'] == 'nat-aaaa'


def test_a_name_equal_to_an_id_that_another_next_hop_also_carries_as_name_is_refused():
    nats = [nat('nat-aaaa', 'nat-aaaa'), nat('nat-evil1', 'nat-aaaa')]
    hops, dummy, dummy2 = directory({'/v1/nat': nats})
    with pytest.raises(BceValidationError) as err:
        hops.resolve_params(single(next_hop_type='nat', next_hop_name='nat-aaaa'))
    assert 'give it as next_hop_id' in err.value.message
