# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""marker/maxKeys paging of route rules, VPCs and subnets, and the read-only VPC APIs."""

import pytest

from emu_helpers import single


def _fill(client, count):
    ids = []
    for index in range(count):
        ids.append(client.create(single(destination='10.%d.0.0/16' % index)).json['routeRuleId'])
    return ids


def _walk(client, max_keys, query=(('routeTableId', 'rt-emu1demo0001'),)):
    pages, marker = [], None
    while True:
        params = list(query) + [('maxKeys', str(max_keys))] + ([('marker', marker)] if marker else [])
        page = client.call('GET', '/v1/route/rule', params)
        assert page.status == 200, page
        pages.append(page.json)
        if not page.json['isTruncated']:
            assert 'nextMarker' not in page.json
            return pages
        marker = page.json['nextMarker']


TOTAL = 2 + 5  # two system rules (IPv4 + IPv6 CIDR) and five custom rules


@pytest.mark.parametrize(
    'max_keys,page_sizes',
    [(1, [1] * TOTAL), (TOTAL, [TOTAL]), (TOTAL - 1, [TOTAL - 1, 1]), (TOTAL + 1, [TOTAL]), (3, [3, 3, 1])],
)
def test_page_boundaries(client, max_keys, page_sizes):
    ids = _fill(client, 5)
    pages = _walk(client, max_keys)
    assert [len(p['routeRules']) for p in pages] == page_sizes
    assert all(p['maxKeys'] == max_keys for p in pages)
    rules = [r for p in pages for r in p['routeRules']]
    assert [r['routeRuleId'] for r in rules] == ['', ''] + ids
    assert [r['nexthopType'] for r in rules[:2]] == ['sys', 'sys']
    assert pages[0]['marker'] == ''
    for previous, page in zip(pages, pages[1:]):
        assert page['marker'] == previous['nextMarker']
        if page['routeRules'][0]['routeRuleId']:
            assert page['marker'] == page['routeRules'][0]['routeRuleId']


def test_default_max_keys_and_vpc_id_query(client):
    _fill(client, 3)
    page = client.call('GET', '/v1/route/rule', [('vpcId', 'vpc-emu1demo0001')]).json
    # By vpcId: every table of the VPC (5 rules of the default table, then 2 system + 2 custom rules
    # of the fixture's custom table rt-emu1cust0001).
    assert page['maxKeys'] == 1000 and page['isTruncated'] is False
    assert [r['routeTableId'] for r in page['routeRules']] == ['rt-emu1demo0001'] * 5 + ['rt-emu1cust0001'] * 4


@pytest.mark.parametrize('value', ['0', '1001', '-1', 'ten', '', '1.5'])
def test_bad_max_keys(client, value):
    response = client.call('GET', '/v1/route/rule', [('routeTableId', 'rt-emu1demo0001'), ('maxKeys', value)])
    assert (response.status, response.code) == (400, 'InvalidParameter') and 'maxKeys' in response.json['message']


def test_max_keys_limits_accepted(client):
    for value in ('1', '1000'):
        assert (
            client.call('GET', '/v1/route/rule', [('routeTableId', 'rt-emu1demo0001'), ('maxKeys', value)]).status
            == 200
        )


def test_unknown_marker(client):
    response = client.call('GET', '/v1/route/rule', [('routeTableId', 'rt-emu1demo0001'), ('marker', 'rr-unknown0000')])
    assert (response.status, response.code) == (400, 'InvalidParameter')


def test_list_rules_missing_table(client):
    assert client.call('GET', '/v1/route/rule', [('routeTableId', 'rt-nope')]).code == 'NoSuchObject'
    assert client.call('GET', '/v1/route/rule', []).code == 'InvalidParameter'


def test_list_vpcs(client):
    page = client.call('GET', '/v1/vpc', []).json
    assert [v['vpcId'] for v in page['vpcs']] == ['vpc-emu1demo0001', 'vpc-emu2demo0001']
    # tags: the default fixture tags its VPCs (nat-gateway, for the fleet example); the list carries them.
    assert set(page['vpcs'][0]) == {
        'vpcId',
        'name',
        'cidr',
        'ipv6Cidr',
        'description',
        'isDefault',
        'secondaryCidr',
        'tags',
    }
    assert page['vpcs'][0]['ipv6Cidr'] == '2400:da00:e003::/56' and page['vpcs'][1]['isDefault'] is True
    first = client.call('GET', '/v1/vpc', [('maxKeys', '1')]).json
    assert first['isTruncated'] is True and first['nextMarker'] == 'vpc-emu2demo0001'
    second = client.call('GET', '/v1/vpc', [('maxKeys', '1'), ('marker', first['nextMarker'])]).json
    assert second['isTruncated'] is False and second['marker'] == 'vpc-emu2demo0001' and len(second['vpcs']) == 1
    assert [v['vpcId'] for v in client.call('GET', '/v1/vpc', [('isDefault', 'true')]).json['vpcs']] == [
        'vpc-emu2demo0001'
    ]


def test_get_vpc(client):
    vpc = client.call('GET', '/v1/vpc/vpc-emu1demo0001', []).json['vpc']
    assert vpc['cidr'] == '192.168.0.0/16' and vpc['secondaryCidr'] == []
    assert [s['cidr'] for s in vpc['subnets']] == ['192.168.0.0/20', '192.168.16.0/20', '192.168.32.0/20']
    assert vpc['subnets'][0]['ipv6Cidr'] == '2400:da00:e003::/64'
    response = client.call('GET', '/v1/vpc/vpc-nope', [])
    assert (response.status, response.code) == (404, 'NoSuchObject')


def test_list_subnets(client):
    page = client.call('GET', '/v1/subnet', [('vpcId', 'vpc-emu1demo0001')]).json
    assert len(page['subnets']) == 3 and page['isTruncated'] is False
    assert set(page['subnets'][0]) == {
        'subnetId',
        'name',
        'zoneName',
        'cidr',
        'ipv6Cidr',
        'vpcId',
        'subnetType',
        'description',
    }
    assert len(client.call('GET', '/v1/subnet', []).json['subnets']) == 4
    paged = client.call('GET', '/v1/subnet', [('vpcId', 'vpc-emu1demo0001'), ('maxKeys', '2')]).json
    assert paged['isTruncated'] and paged['nextMarker'] == 'sbn-emu1demo0003'
    assert [s['subnetId'] for s in client.call('GET', '/v1/subnet', [('zoneName', 'cn-bj-b')]).json['subnets']] == [
        'sbn-emu1demo0002'
    ]
    assert client.call('GET', '/v1/subnet', [('vpcId', 'vpc-nope')]).code == 'NoSuchObject'
