# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Baidu's documented examples (tests/baidu_examples, one file per API) fed to the collection's readers and
compared with its request builders: what the collection does with the service's own answers (reference 8)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import json
import os

import pytest

from ansible_collections.baiducloud.vpc.plugins.inventory.vpc import check_vpc_item, tags_to_dict, vpc_matches
from ansible_collections.baiducloud.vpc.plugins.module_utils import _route_api
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._next_hop_api import list_next_hops
from ansible_collections.baiducloud.vpc.plugins.module_utils._next_hops import NextHops
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import make_rule

EXAMPLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'baidu_examples')
# Every API the collection or the inventory calls (route read, rule list/create/update/delete/switch, VPC detail and
# list, subnets, the eight next-hop lists).
APIS = {
    'QueryRoutingTable',
    'QueryRoutingRules',
    'CreateRoutingRules',
    'UpdateRoutingRules',
    'DeleteRoutingRules',
    'ActiveStandbySwitchover',
    'QueryVpcList',
    'QueryVpcDetail',
    'ListSubnets',
    'QuerySubnet',
    'ListNat',
    'QueryVpnList',
    'QueryTheListOfDedicatedLineGateways',
    'ListPeerConn',
    'ListEni',
    'ListHaVip',
    'QueryIpv6Gateway',
    'ListInstances',
}


def load_examples():
    examples = {}
    for path in sorted(glob.glob(os.path.join(EXAMPLES_DIR, '*.json'))):
        with open(path) as handle:
            example = json.load(handle)
        examples[example['api']] = example
    return examples


EXAMPLES = load_examples()


def example(name):
    return EXAMPLES[name]


def body(name):
    return example(name)['response']['body']


class ExampleClient(object):
    """Answers each GET with the response body of the example for its path (list APIs: the items of `key`)."""

    def __init__(self, *names):
        self.answers = dict((example(n)['request']['path'], body(n)) for n in names)
        self.calls = []
        self.last_request_id = None

    def get(self, path, params=None):
        self.calls.append((path, dict(params or {})))
        return self.answers[path]

    def paginate(self, path, params, key):
        self.calls.append((path, dict(params)))
        return self.answers[path][key]


def test_every_api_the_collection_calls_has_an_example_with_its_source():
    assert set(EXAMPLES) == APIS
    for name, data in EXAMPLES.items():
        assert data['origin'] in ('documented', 'documented-abridged', 'schema'), name
        assert data['source'] and all(isinstance(v, str) and v for v in data['source'].values()), name
        assert any(v.startswith(('https://cloud.baidu.com/doc/', 'baidubce/')) for v in data['source'].values()), name
        assert data['note'], name
        request = data['request']
        assert request['method'] in ('GET', 'POST', 'PUT', 'DELETE') and request['path'].startswith(('/v1/', '/v2/'))
        assert all(isinstance(v, str) for v in request['query'].values()), name
        assert data['response']['status'] == 200


# -- route reads -----------------------------------------------------------------------------------


def test_the_documented_route_table_reads_as_one_custom_rule_and_one_system_route():
    client = ExampleClient('QueryRoutingTable')
    table = _route_api.get_table(client, route_table_id='rt-q1zg3i8mx8p6')
    assert client.calls == [('/v1/route', example('QueryRoutingTable')['request']['query'])]
    assert (table['route_table_id'], table['vpc_id'], table['name']) == (
        'rt-q1zg3i8mx8p6',
        'vpc-56rj0s4ha42a',
        'default',
    )
    custom = [r for r in table['rules'] if not r['system']]
    system = [r for r in table['rules'] if r['system']]
    assert [
        (r['route_rule_id'], r['source_address'], r['destination_address'], r['next_hop_type'], r['next_hop_id'])
        for r in custom
    ] == [('rr-dvq3cxpghw5e', '192.168.0.0/20', '10.0.0.1/32', 'vpn', 'vpn-snx074964j9d')]
    assert [(r['route_rule_id'], r['next_hop_type']) for r in system] == [(None, 'sys')]


def test_the_documented_rule_page_reads_as_its_rules():
    answer = body('QueryRoutingRules')
    raw = _route_api.checked_rule_items(answer['routeRules'], 'GET /v1/route/rule', None)
    rules = _route_api.group_rules(raw)
    assert [(r['route_rule_id'], r['next_hop_id']) for r in rules] == [('rr-dvq3cxpghw5e', 'vpn-snx074964j9d')]
    # The paging keys the client follows (reference 1.5).
    assert answer['isTruncated'] is True and answer['nextMarker'].startswith('rr-')


# -- writes: our requests have the documented shape ---------------------------------------------------------


def test_a_create_is_sent_with_the_documented_body_and_its_reply_names_the_rule():
    documented = example('CreateRoutingRules')['request']
    rule = make_rule(
        '192.168.0.0/20', '172.17.0.0/16', 4, '', 'peerConn', 'qpif-abuf50qxxxxx', route_table_id='rt-q1zg3i8mx8p6'
    )
    request = _route_api.create_request(rule)
    assert (request['method'], request['path']) == (documented['method'], documented['path'])
    assert request['body'] == documented['body']
    created = _route_api.fill_ids(rule, [body('CreateRoutingRules')])
    assert created['route_rule_id'] == 'rr-rbn5yyz6rtn8'


def test_an_update_is_sent_with_the_documented_path_and_body():
    documented = example('UpdateRoutingRules')['request']
    rule = make_rule(
        '192.168.0.0/20',
        '0.0.0.0/0',
        4,
        'this is a route rule',
        'nat',
        'nat-bdidwhwfwc6p',
        route_rule_id='rr-rbn5yyz6rtn8',
    )
    request = _route_api.update_request(rule)
    assert (request['method'], request['path'], request['body']) == (
        documented['method'],
        documented['path'],
        documented['body'],
    )


def test_a_delete_and_a_switch_are_sent_as_documented():
    delete = example('DeleteRoutingRules')['request']
    rule = make_rule('192.168.0.0/20', '10.0.0.1/32', 4, '', 'vpn', 'vpn-snx074964j9d', route_rule_id='rr-dvq3cxpghw5e')
    assert [(r['method'], r['path']) for r in _route_api.delete_requests(rule)] == [(delete['method'], delete['path'])]
    switch = example('ActiveStandbySwitchover')['request']
    request = _route_api.switch_request('rr-dvq3cxpghw5e')
    assert (request['method'], request['path'], request['query']) == (switch['method'], switch['path'], switch['query'])


# -- VPCs and subnets ---------------------------------------------------------------------------------


def test_the_vpc_detail_and_the_subnet_reads_give_the_cidrs():
    client = ExampleClient('QueryVpcDetail')
    assert _route_api.get_vpc(client, 'vpc-56rj0s4ha42a') == {
        'vpc_id': 'vpc-56rj0s4ha42a',
        'cidrs': ['192.168.0.0/16'],
        'subnets': ['192.168.0.0/20'],
    }
    client = ExampleClient('QuerySubnet')
    assert _route_api.get_subnet(client, 'sbn-i4d47zb73ztx') == {
        'subnet_id': 'sbn-i4d47zb73ztx',
        'vpc_id': 'vpc-56rj0s4ha42a',
        'cidr': '192.168.0.0/20',
        'ipv6_cidr': '',
    }


def test_a_vpc_detail_without_subnets_reads_the_subnet_list():
    client = ExampleClient('QueryVpcDetail', 'ListSubnets')
    detail = dict(body('QueryVpcDetail')['vpc'])
    del detail['subnets']
    client.answers['/v1/vpc/vpc-56rj0s4ha42a'] = {'vpc': detail}
    assert _route_api.get_vpc(client, 'vpc-56rj0s4ha42a')['subnets'] == ['192.168.0.0/20']
    assert client.calls[-1] == ('/v1/subnet', {'vpcId': 'vpc-56rj0s4ha42a'})


def test_the_inventory_takes_a_documented_vpc_item_and_filters_it_by_tags_on_the_client():
    item = check_vpc_item(body('QueryVpcList')['vpcs'][0])
    assert tags_to_dict(item['tags']) == {'env': 'prod'}
    assert vpc_matches(item, is_default=True, tags={'env': 'prod'}) and not vpc_matches(item, tags={'env': 'dev'})


# -- the eight next-hop lists ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    'name,hop_type,expected',
    [
        ('ListNat', 'nat', ('nat-b1jb3b5e34tc', 'mynat', 'active', True)),
        ('QueryVpnList', 'vpn', ('vpn-shyt5p9sp5uk', 'office', 'active', True)),
        ('QueryTheListOfDedicatedLineGateways', 'dcGateway', ('dcgw-mx3annmentbu', 'line-a', 'running', True)),
        ('ListPeerConn', 'peerConn', ('qpif-ken2yc9j8x56', 'int-SpLVk25R', 'active', True)),
        ('ListEni', 'enic', ('eni-w2d4kgc3x0y1', 'eni', 'inuse', True)),
        # available: not bound to an instance, so it does not route (DOC 0le5gd07h)
        ('ListHaVip', 'havip', ('havip-jshdu47sk', 'test_havip', 'available', False)),
        ('QueryIpv6Gateway', 'ipv6gateway', ('gw-13vuxu016dew', 'ipv6-gw', None, True)),
        ('ListInstances', 'custom', ('i-BtXnDM6y', 'web-1', 'Running', True)),
    ],
)
def test_each_documented_next_hop_list_reads_as_its_record(name, hop_type, expected):
    data = example(name)
    # The BCC lookup carries no vpcId: the VPC is the one of the documented instance.
    vpc_id = data['request']['query'].get('vpcId') or body(name)['instances'][0]['vpcId']
    client = ExampleClient(name)
    ids = data['request']['query']['instanceIds'].split(',') if hop_type == 'custom' else None
    records = list_next_hops(client, hop_type, vpc_id, ids=ids)
    assert [(r['id'], r['name'], r['status'], r['routable']) for r in records] == [expected]
    if hop_type == 'custom':
        # Looked up by the documented filter, never by a lone vpcId.
        assert client.calls[0][1] == {'instanceIds': 'i-BtXnDM6y'}


def peering_directory():
    client = ExampleClient('ListPeerConn')
    return NextHops(
        lambda hop_type, vpc_id, **lookup: list_next_hops(client, hop_type, vpc_id), lambda: 'vpc-13vuxu016dew'
    )


def test_a_rule_to_the_documented_local_interface_verifies():
    hops = peering_directory()
    hops.verify(make_rule('0.0.0.0/0', '172.17.0.0/16', 4, '', 'peerConn', 'qpif-ken2yc9j8x56'), '')
    assert hops.warnings == []


def test_a_rule_to_the_documented_peering_connection_id_is_refused_naming_the_interface():
    hops = peering_directory()
    with pytest.raises(BceValidationError) as err:
        hops.verify(make_rule('0.0.0.0/0', '172.17.0.0/16', 4, '', 'peerConn', 'peerconn-9td54fmx143e'), '')
    assert 'peerconn-9td54fmx143e is a peering connection id (peerConnId)' in err.value.message
    assert 'use next_hop_id: qpif-ken2yc9j8x56' in err.value.message
    assert 'int-SpLVk25R' in err.value.message


def test_a_rule_to_the_documented_unbound_havip_warns():
    client = ExampleClient('ListHaVip')
    hops = NextHops(
        lambda hop_type, vpc_id, **lookup: list_next_hops(client, hop_type, vpc_id), lambda: 'vpc-r625rqw3wuer'
    )
    hops.verify(make_rule('0.0.0.0/0', '172.17.0.0/16', 4, '', 'havip', 'havip-jshdu47sk'), '')
    assert hops.warnings == [
        "next_hop_id: the havip next hop havip-jshdu47sk (test_havip, available) is in status 'available', "
        'in which it does not route traffic'
    ]
