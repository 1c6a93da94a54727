# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Next-hop list APIs (reference 7.1): paths, result keys, item shapes, filters, paging, errors."""

import copy

import pytest

from emu_helpers import RO_AK, RO_SK, Client

VPC1, VPC2 = 'vpc-emu1demo0001', 'vpc-emu2demo0001'

# path, result key, id field, name field, vpc field, status field, the ids and names in VPC1
LISTS = [
    (
        '/v1/nat',
        'nats',
        'id',
        'name',
        'vpcId',
        'status',
        [
            ('nat-emu1demo0001', 'nat-main', 'active'),
            ('nat-emu1demo0002', 'nat-shared', 'active'),
            ('nat-emu1demo0003', 'nat-shared', 'active'),
            ('nat-emu1demo0004', 'nat-stopped', 'down'),
        ],
    ),
    ('/v1/vpn', 'vpns', 'vpnId', 'vpnName', 'vpcId', 'status', [('vpn-emu1demo0001', 'vpn-office', 'active')]),
    (
        '/v1/etGateway',
        'etGateways',
        'etGatewayId',
        'name',
        'vpcId',
        'status',
        [
            ('dcgw-emu1demo0001', 'dcgw-line-a', 'running'),
            ('dcgw-emu1demo0002', 'dcgw-line-b', 'running'),
            ('dcgw-emu1demo0003', 'dcgw-line-c', 'running'),
        ],
    ),
    (
        '/v1/peerconn',
        'peerConns',
        'localIfId',
        'localIfName',
        'localVpcId',
        'status',
        [('qpif-emu1demo0001', 'peer-to-k8s', 'active')],
    ),
    ('/v1/eni', 'enis', 'eniId', 'name', 'vpcId', 'status', [('eni-emu1demo0001', 'eni-appliance', 'inuse')]),
    ('/v1/havip', 'haVips', 'haVipId', 'name', 'vpcId', 'status', [('havip-emu1demo0001', 'havip-ha', 'binded')]),
]
# The BCC list is not asked per VPC (vpcId only together with privateIps, reference 8 item 2): see the tests below.
# Fields of the official models (bce-sdk-go) each item must carry besides id/name/vpc/status.
MODEL_FIELDS = {
    'nats': {
        'natType',
        'spec',
        'eips',
        'dnatEips',
        'bindEips',
        'paymentTiming',
        'expiredTime',
        'tags',
        'deleteProtect',
    },
    'vpns': {
        'eip',
        'description',
        'expiredTime',
        'paymentTiming',
        'vpnConnNum',
        'bandwidthInMbps',
        'vpnConns',
        'type',
        'createTime',
    },
    'etGateways': {
        'speed',
        'createTime',
        'description',
        'etId',
        'channelId',
        'localCidrs',
        'enableIpv6',
        'ipv6LocalCidrs',
    },
    'peerConns': {
        'role',
        'bandwidthInMbps',
        'description',
        'peerConnId',
        'localRegion',
        'peerVpcId',
        'peerRegion',
        'peerAccountId',
        'paymentTiming',
        'dnsStatus',
        'createdTime',
        'expiredTime',
    },
    'enis': {
        'zoneName',
        'description',
        'instanceId',
        'macAddress',
        'subnetId',
        'privateIpSet',
        'ipv6PrivateIpSet',
        'securityGroupIds',
        'createdTime',
    },
    'haVips': {'description', 'subnetId', 'privateIpAddress', 'createdTime'},
    'instances': {'internalIp', 'zoneName', 'subnetId', 'instanceType', 'paymentTiming', 'createTime'},
}


@pytest.mark.parametrize('path,key,id_field,name_field,vpc_field,status_field,expected', LISTS)
def test_list_shapes_and_vpc_scope(client, path, key, id_field, name_field, vpc_field, status_field, expected):
    page = client.call('GET', path, [('vpcId', VPC1)]).json
    assert (page['marker'], page['isTruncated'], page['maxKeys']) == ('', False, 1000) and 'nextMarker' not in page
    items = page[key]
    assert [(item[id_field], item[name_field], item[status_field]) for item in items] == expected
    assert all(item[vpc_field] == VPC1 for item in items)
    assert all(MODEL_FIELDS[key] <= set(item) for item in items), set(items[0])
    other = client.call('GET', path, [('vpcId', VPC2)]).json[key]
    assert other and not set(item[id_field] for item in other) & set(item[id_field] for item in items)


@pytest.mark.parametrize('path,key,id_field', [(p, k, i) for p, k, i, dummy, dummy2, dummy3, dummy4 in LISTS])
def test_list_paging(client, path, key, id_field):
    full = client.call('GET', path, [('vpcId', VPC1)]).json[key]
    seen, marker = [], None
    for dummy in range(10):
        page = client.call(
            'GET', path, [('vpcId', VPC1), ('maxKeys', '1')] + ([('marker', marker)] if marker else [])
        ).json
        assert len(page[key]) == 1 and page['maxKeys'] == 1
        seen.extend(page[key])
        if not page['isTruncated']:
            break
        marker = page['nextMarker']
        assert marker == full[len(seen)][id_field]
    assert seen == full
    bad = client.call('GET', path, [('vpcId', VPC1), ('marker', 'nope')])
    assert (bad.status, bad.code) == (400, 'InvalidParameter')


def test_nat_filters(client):
    def ids(*query):
        return [n['id'] for n in client.call('GET', '/v1/nat', [('vpcId', VPC1)] + list(query)).json['nats']]

    assert ids(('name', 'nat-shared')) == ['nat-emu1demo0002', 'nat-emu1demo0003']
    assert ids(('natId', 'nat-emu1demo0004')) == ['nat-emu1demo0004']
    assert ids(('ip', '100.64.0.1')) == ['nat-emu1demo0001']
    assert ids(('name', 'nat-nothing')) == []
    # The same name in another VPC is another NAT: names resolve per VPC.
    assert [n['id'] for n in client.call('GET', '/v1/nat', [('vpcId', VPC2), ('name', 'nat-main')]).json['nats']] == [
        'nat-emu2demo0001'
    ]


def test_other_filters(client):
    gateways = client.call('GET', '/v1/etGateway', [('vpcId', VPC1), ('name', 'dcgw-line-b')]).json['etGateways']
    assert [g['etGatewayId'] for g in gateways] == ['dcgw-emu1demo0002']
    assert client.call('GET', '/v1/etGateway', [('vpcId', VPC1), ('status', 'fault')]).json['etGateways'] == []
    enis = client.call('GET', '/v1/eni', [('vpcId', VPC1), ('instanceId', 'i-emu1Ins1')]).json['enis']
    assert [e['eniId'] for e in enis] == ['eni-emu1demo0001']
    address = enis[0]['privateIpSet'][0]['privateIpAddress']
    assert address.startswith('192.168.') and enis[0]['subnetId'] == 'sbn-emu1demo0001'
    assert [
        e['eniId'] for e in client.call('GET', '/v1/eni', [('vpcId', VPC1), ('privateIpAddress', address)]).json['enis']
    ] == ['eni-emu1demo0001']
    assert [
        v['vpnId'] for v in client.call('GET', '/v1/vpn', [('vpcId', VPC1), ('eip', '100.64.0.2')]).json['vpns']
    ] == ['vpn-emu1demo0001']
    instances = client.call('GET', '/v2/instance', [('instanceIds', 'i-emu1Ins2,i-emu2Nod1')]).json['instances']
    assert [(i['id'], i['vpcId']) for i in instances] == [('i-emu1Ins2', VPC1), ('i-emu2Nod1', VPC2)]


def test_lists_without_vpc_cover_every_vpc(client):
    # Peering, HAVIP and BCC instance lists take vpcId as an optional filter.
    assert len(client.call('GET', '/v1/peerconn').json['peerConns']) == 2
    assert len(client.call('GET', '/v1/havip').json['haVips']) == 2
    assert len(client.call('GET', '/v2/instance').json['instances']) == 6


def test_peering_names_its_peer(client):
    peer = client.call('GET', '/v1/peerconn', [('vpcId', VPC1)]).json['peerConns'][0]
    assert (peer['localVpcId'], peer['peerVpcId'], peer['role']) == (VPC1, VPC2, 'initiator')


def test_a_peering_has_a_connection_id_and_a_distinct_local_interface_id(client):
    # DOC Fjwvyuemr example: peerConnId peerconn-..., localIfId qpif-..., localIfName (reference 8 item 1).
    ends = client.call('GET', '/v1/peerconn').json['peerConns']
    assert [(p['peerConnId'], p['localIfId']) for p in ends] == [
        ('peerconn-emu1demo0001', 'qpif-emu1demo0001'),
        ('peerconn-emu1demo0001', 'qpif-emu2demo0001'),
    ]


def test_a_route_to_a_peering_takes_the_local_interface_never_the_connection_id(client):
    table = client.call('GET', '/v1/route', [('vpcId', VPC1)]).json['routeTableId']

    def create(hop_id, destination):
        body = {
            'routeTableId': table,
            'sourceAddress': '0.0.0.0/0',
            'destinationAddress': destination,
            'nexthopType': 'peerConn',
            'nexthopId': hop_id,
        }
        return client.call('POST', '/v1/route/rule', body=body)

    refused = create('peerconn-emu1demo0001', '10.77.0.0/16')
    assert (refused.status, refused.code) == (400, 'InvalidNexthop'), refused
    assert create('qpif-emu1demo0001', '10.77.0.0/16').status == 200


def instance_ids(client, query):
    response = client.call('GET', '/v2/instance', query)
    assert response.status == 200, response
    return [(i['id'], i['vpcId']) for i in response.json['instances']]


def test_instances_are_found_by_ids_or_exact_names_across_the_region(client):
    assert instance_ids(client, [('instanceIds', 'i-emu1Ins2,i-emu2Nod1')]) == [
        ('i-emu1Ins2', VPC1),
        ('i-emu2Nod1', VPC2),
    ]
    assert instance_ids(client, [('instanceNames', 'web-1,k8s-node-3')]) == [('i-emu1Ins1', VPC1), ('i-emu2Nod3', VPC2)]
    assert instance_ids(client, [('instanceNames', 'web')]) == []
    item = client.call('GET', '/v2/instance', [('instanceIds', 'i-emu1Ins1')]).json['instances'][0]
    assert (item['name'], item['status']) == ('web-1', 'Running') and MODEL_FIELDS['instances'] <= set(item)


def test_a_lone_vpc_id_is_refused_by_default_and_privateips_with_vpc_id_filters(client):
    response = client.call('GET', '/v2/instance', [('vpcId', VPC1)])
    assert (response.status, response.code) == (400, 'InvalidParameter')
    address = client.call('GET', '/v2/instance', [('instanceIds', 'i-emu1Ins1')]).json['instances'][0]['internalIp']
    assert instance_ids(client, [('vpcId', VPC1), ('privateIps', address)]) == [('i-emu1Ins1', VPC1)]
    assert instance_ids(client, [('vpcId', VPC2), ('privateIps', address)]) == []


def test_the_bcc_vpc_ignored_variant_lists_the_whole_region_for_a_lone_vpc_id(admin, client):
    assert admin.call('POST', 'config', {'bcc_lone_vpc_id': 'ignore'})[0] == 200
    assert len(instance_ids(client, [('vpcId', VPC1)])) == 6
    assert admin.call('POST', 'config', {'bcc_lone_vpc_id': 'maybe'})[0] == 400


def test_instance_paging_by_ids(client):
    ids = 'i-emu1Ins1,i-emu1Ins2,i-emu1Ins3'
    first = client.call('GET', '/v2/instance', [('instanceIds', ids), ('maxKeys', '2')]).json
    assert len(first['instances']) == 2 and first['isTruncated']
    rest = client.call('GET', '/v2/instance', [('instanceIds', ids), ('marker', first['nextMarker'])]).json
    assert [i['id'] for i in first['instances'] + rest['instances']] == ids.split(',')


@pytest.mark.parametrize('hop_type,status', [('enic', 'down'), ('havip', 'inuse')])
def test_an_eni_or_havip_status_outside_the_documented_ones_is_a_fixture_error(emu, admin, hop_type, status):
    fixture = copy.deepcopy(emu.emulator.default_fixture)
    fixture['vpcs'][0]['nexthops'][hop_type][0]['status'] = status
    code, answer = admin.call('POST', 'reset', fixture)
    assert code == 400 and 'documented' in str(answer)


def test_ipv6_gateway_is_one_object(client):
    gateway = client.call('GET', '/v1/IPv6Gateway', [('vpcId', VPC1)]).json
    assert (gateway['gatewayId'], gateway['name'], gateway['vpcId']) == ('gw-emu1Ip6g', 'ipv6-gw', VPC1)
    assert {'bandwidthInMbps', 'egressOnlyRules', 'rateLimitRules'} <= set(gateway) and 'marker' not in gateway
    paged = client.call('GET', '/v1/IPv6Gateway', [('vpcId', VPC1), ('maxKeys', '1')])
    assert (paged.status, paged.code) == (400, 'InvalidParameter')  # not a paged API


def test_ipv6_gateway_missing(emu, admin, client):
    fixture = copy.deepcopy(emu.emulator.default_fixture)
    del fixture['vpcs'][0]['nexthops']['ipv6gateway']
    assert admin.call('POST', 'reset', fixture)[0] == 200
    response = client.call('GET', '/v1/IPv6Gateway', [('vpcId', VPC1)])
    assert (response.status, response.code) == (404, 'NoSuchObject') and 'IPv6 gateway' in response.json['message']


@pytest.mark.parametrize(
    'path,query,status,code',
    [
        ('/v1/nat', [], 400, 'InvalidParameter'),  # vpcId is required
        ('/v1/vpn', [('vpcId', 'vpc-nope')], 404, 'NoSuchObject'),
        ('/v1/eni', [('vpcId', VPC1), ('zoneName', 'x')], 400, 'InvalidParameter'),  # not a filter of this API
        ('/v1/nat', [('vpcId', VPC1), ('maxKeys', '0')], 400, 'InvalidParameter'),
        ('/v1/IPv6Gateway', [], 400, 'InvalidParameter'),
        ('/v2/nat', [('vpcId', VPC1)], 404, 'InvalidVersion'),
        ('/v1/instance', [], 400, 'InvalidURI'),
    ],
)
def test_list_errors(client, path, query, status, code):
    response = client.call('GET', path, query)
    assert (response.status, response.code) == (status, code), response


def test_lists_are_signed_read_only_apis(emu, client):
    assert client.call('POST', '/v1/nat', [('vpcId', VPC1)]).code == 'MethodNotAllowed'
    assert client.call('GET', '/v1/nat', [('vpcId', VPC1)], sk='wrong').code == 'SignatureDoesNotMatch'
    assert Client(emu.base_url, RO_AK, RO_SK).call('GET', '/v1/nat', [('vpcId', VPC1)]).status == 200


def test_lists_are_logged_and_take_faults(client, admin):
    admin.faults({'method': 'GET', 'path': '^/v1/etGateway$', 'action': 'error', 'status': 403, 'code': 'AccessDenied'})
    assert client.call('GET', '/v1/etGateway', [('vpcId', VPC1)]).code == 'AccessDenied'
    assert client.call('GET', '/v1/etGateway', [('vpcId', VPC1)]).status == 200
    assert [(c['path'], c['status'], c['query']['vpcId']) for c in admin.calls()] == [
        ('/v1/etGateway', 403, VPC1),
        ('/v1/etGateway', 200, VPC1),
    ]


def test_old_fixture_form_lists_bare_ids(emu, admin, client):
    fixture = copy.deepcopy(emu.emulator.default_fixture)
    fixture['vpcs'][0]['nexthops']['nat'] = ['nat-emu1demo0001', 'nat-emu1demo0002']
    assert admin.call('POST', 'reset', fixture)[0] == 200
    nats = client.call('GET', '/v1/nat', [('vpcId', VPC1)]).json['nats']
    expected = [('nat-emu1demo0001', 'nat-emu1demo0001', 'active'), ('nat-emu1demo0002', 'nat-emu1demo0002', 'active')]
    assert [(n['id'], n['name'], n['status']) for n in nats] == expected


@pytest.mark.parametrize(
    'mutate',
    [
        lambda hops: hops.update(gateway=['x']),  # unknown type
        lambda hops: hops['nat'].append({'name': 'no-id'}),
        lambda hops: hops['nat'].append('vpn-emu2demo0001'),  # an id of another VPC
        lambda hops: hops.update(nat='nat-1'),
    ],
)  # not a list
def test_next_hop_fixture_errors(emu, admin, mutate):
    fixture = copy.deepcopy(emu.emulator.default_fixture)
    mutate(fixture['vpcs'][0]['nexthops'])
    status, payload = admin.call('POST', 'reset', fixture)
    assert (status, payload['code']) == (400, 'InvalidParameter')


def test_state_shows_next_hop_names_and_statuses(admin):
    state = admin.call('GET', 'state')[1]['state']
    assert state['nexthops'][VPC1]['nat-emu1demo0004'] == 'nat'
    details = dict((hop['id'], hop) for hop in state['nexthopDetails'][VPC1])
    assert details['nat-emu1demo0004'] == {
        'id': 'nat-emu1demo0004',
        'type': 'nat',
        'name': 'nat-stopped',
        'status': 'down',
    }
