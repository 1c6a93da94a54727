# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The emulator's answers against Baidu's documented examples (tests/baidu_examples): for the same kind of request
(the example's query keys, the fixture's ids), the same field names, nesting and JSON value types.

Only the shape is compared: ids and values differ (the fixture's), and the emulator may answer fields the example
leaves out. A field the example spells differently from the documented model is listed in its `doc_typos`."""

import glob
import json
import os

import pytest

EXAMPLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'baidu_examples')
VPC1 = 'vpc-emu1demo0001'
TABLE1 = 'rt-emu1demo0001'


def load(name):
    with open(os.path.join(EXAMPLES_DIR, name + '.json')) as handle:
        return json.load(handle)


def kind(value):
    for name, types in (('bool', bool), ('number', (int, float)), ('string', str), ('list', list), ('object', dict)):
        if isinstance(value, types):
            return name
    return 'null'


def differences(documented, answered, where='', skip=()):
    """Where the answer's shape differs from the example's: missing fields, other nesting or value types."""
    if kind(documented) != kind(answered):
        return ['%s: %s in the example, %s in the emulator' % (where or 'body', kind(documented), kind(answered))]
    found = []
    if isinstance(documented, dict):
        for key, value in documented.items():
            if key in skip:
                continue
            if key not in answered:
                found.append('%s.%s: missing in the emulator' % (where, key))
            else:
                found.extend(differences(value, answered[key], '%s.%s' % (where, key), skip))
    elif isinstance(documented, list) and documented:
        if not answered:
            found.append('%s: a non-empty list in the example, empty in the emulator' % where)
        else:
            found.extend(differences(documented[0], answered[0], where + '[0]', skip))
    return found


def check(name, response):
    example = load(name)
    assert response.status == example['response']['status'], response
    documented = example['response']['body']
    if documented is None:
        assert response.json in (None, {}), response
        return
    assert differences(documented, response.json, skip=example.get('doc_typos', {})) == []


# The emulator request of each read example: the example's query keys with the fixture's ids.
READS = [
    ('QueryRoutingTable', '/v1/route', [('routeTableId', TABLE1)]),
    ('QueryRoutingRules', '/v1/route/rule', [('routeTableId', TABLE1), ('maxKeys', '1')]),
    ('QueryVpcDetail', '/v1/vpc/' + VPC1, []),
    ('ListSubnets', '/v1/subnet', [('vpcId', VPC1)]),
    ('QuerySubnet', '/v1/subnet/sbn-emu1demo0001', []),
    ('ListNat', '/v1/nat', [('vpcId', VPC1), ('name', 'nat-main'), ('maxKeys', '2')]),
    ('QueryVpnList', '/v1/vpn', [('vpcId', VPC1)]),
    ('QueryTheListOfDedicatedLineGateways', '/v1/etGateway', [('vpcId', VPC1)]),
    ('ListPeerConn', '/v1/peerconn', [('vpcId', VPC1), ('maxKeys', '1')]),
    ('ListEni', '/v1/eni', [('vpcId', VPC1), ('instanceId', 'i-emu1Ins1'), ('maxKeys', '1')]),
    ('ListHaVip', '/v1/havip', [('vpcId', VPC1), ('maxKeys', '1')]),
    ('QueryIpv6Gateway', '/v1/IPv6Gateway', [('vpcId', VPC1)]),
    ('ListInstances', '/v2/instance', [('instanceIds', 'i-emu1Ins1')]),
]


def test_every_example_is_compared():
    names = set(os.path.basename(p)[:-5] for p in glob.glob(os.path.join(EXAMPLES_DIR, '*.json')))
    writes = {'CreateRoutingRules', 'UpdateRoutingRules', 'DeleteRoutingRules', 'ActiveStandbySwitchover'}
    assert names == set(name for name, dummy, dummy2 in READS) | writes | {'QueryVpcList'}


@pytest.mark.parametrize('name,path,query', READS)
def test_a_read_answers_in_the_documented_shape(client, name, path, query):
    example = load(name)
    assert set(key for key, dummy in query) <= set(example['request']['query']) | {'maxKeys'}, 'not a documented key'
    check(name, client.call('GET', path, query))


def test_the_vpc_list_answers_in_the_documented_shape(emu, admin, client):
    # The default fixture's VPCs carry no tags (an older fixture shape the emulator keeps); the fleet fixture's do.
    with open(os.path.join(os.path.dirname(EXAMPLES_DIR), 'emulator', 'fleet', 'bj.json')) as handle:
        assert admin.call('POST', 'reset', json.load(handle))[0] == 200
    check('QueryVpcList', client.call('GET', '/v1/vpc', [('maxKeys', '1000')]))


def test_writes_answer_in_the_documented_shape(client):
    documented = load('CreateRoutingRules')['request']['body']
    body = dict(documented, routeTableId=TABLE1, sourceAddress='0.0.0.0/0', nexthopId='qpif-emu1demo0001')
    created = client.call('POST', '/v1/route/rule', [('clientToken', 'conformance-create')], body)
    check('CreateRoutingRules', created)
    rule_id = created.json['routeRuleId']
    # The documented update body (sourceAddress, destinationAddress, nexthopId, description) on the rule just made.
    update = dict(
        load('UpdateRoutingRules')['request']['body'],
        sourceAddress='0.0.0.0/0',
        destinationAddress='172.17.0.0/16',
        nexthopId='qpif-emu1demo0001',
    )
    check('UpdateRoutingRules', client.call('PUT', '/v1/route/rule/' + rule_id, [('clientToken', 'up')], update))
    check('DeleteRoutingRules', client.call('DELETE', '/v1/route/rule/' + rule_id, [('clientToken', 'del')]))
    pair = {
        'routeTableId': TABLE1,
        'sourceAddress': '0.0.0.0/0',
        'destinationAddress': '172.18.0.0/16',
        'description': '',
        'nextHopList': [
            {'nexthopId': 'dcgw-emu1demo0001', 'nexthopType': 'dcGateway', 'pathType': 'ha:active'},
            {'nexthopId': 'dcgw-emu1demo0002', 'nexthopType': 'dcGateway', 'pathType': 'ha:standby'},
        ],
    }
    active = client.call('POST', '/v1/route/rule', [], pair).json['routeRuleIds'][0]
    check('ActiveStandbySwitchover', client.call('PUT', '/v1/route/rule/' + active, [('switchRouteHA', '')]))
