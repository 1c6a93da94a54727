# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Behaviour options for what the sources leave open (reference 7 items 2, 5, 7) and how to pick them."""

import copy
import re

import pytest

from emu_helpers import multi, single
from tests.emulator.core import Emulator
from tests.emulator.options import parse_variant

TABLE = 'rt-emu1demo0001'


def _pages(client, path, query, max_keys, limit=50):
    """Walk a paged list; returns (items, pages)."""
    key = {'/v1/route/rule': 'routeRules', '/v1/vpc': 'vpcs', '/v1/nat': 'nats', '/v1/subnet': 'subnets'}[path]
    items, pages, marker = [], [], None
    for dummy in range(limit):
        page = client.call(
            'GET', path, query + [('maxKeys', str(max_keys))] + ([('marker', marker)] if marker else [])
        ).json
        pages.append(page)
        items.extend(page[key])
        if not page['isTruncated']:
            return items, pages
        marker = page['nextMarker']
    raise AssertionError('paging did not end within %d pages' % limit)


# ------------------------------------------------------------------ system rule ids
def test_system_rules_have_no_id_by_default(client):
    listed = client.call('GET', '/v1/route/rule', [('routeTableId', TABLE)]).json['routeRules']
    assert [r['routeRuleId'] for r in listed] == ['', '']


def test_system_rule_ids_in_the_rule_list_only(client, admin):
    admin.config(system_rule_ids=True)
    listed = client.call('GET', '/v1/route/rule', [('routeTableId', TABLE)]).json['routeRules']
    system = [r for r in listed if r['nexthopType'] == 'sys']
    assert len(system) == 2 and all(re.match(r'^rr-[0-9a-z]{12}$', r['routeRuleId']) for r in system)
    assert len(set(r['routeRuleId'] for r in system)) == 2
    again = client.call('GET', '/v1/route/rule', [('routeTableId', TABLE)]).json['routeRules']
    assert [r['routeRuleId'] for r in again] == [r['routeRuleId'] for r in listed]  # stable
    # GET /v1/route keeps routeRuleId "" (the seed's two examples differ exactly so).
    assert [r['routeRuleId'] for r in client.table().json['routeRules']] == ['', '']
    for call in (client.delete, lambda rid: client.update(rid, {"description": "x"}), client.switch):
        response = call(system[0]['routeRuleId'])
        assert (response.status, response.code) == (
            400,
            'OperationNotAllowed',
        ) and 'system route rule' in response.json['message']


def test_system_rule_ids_serve_as_markers(client, admin):
    admin.config(system_rule_ids=True)
    client.create(single())
    items, pages = _pages(client, '/v1/route/rule', [('routeTableId', TABLE)], 1)
    assert len(items) == 3 and pages[0]['nextMarker'] == items[1]['routeRuleId'] and items[1]['nexthopType'] == 'sys'


# ------------------------------------------------------------------ marker semantics
def test_marker_at_is_the_default(client):
    client.create(single())
    client.create(single(destination='10.11.0.0/16'))
    items, pages = _pages(client, '/v1/route/rule', [('routeTableId', TABLE)], 3)
    assert pages[0]['nextMarker'] == items[3]['routeRuleId']  # the first item of the next page


@pytest.mark.parametrize(
    'path,query,id_key,count',
    [
        ('/v1/route/rule', [('routeTableId', TABLE)], 'routeRuleId', 6),
        ('/v1/vpc', [], 'vpcId', 2),
        ('/v1/subnet', [], 'subnetId', 4),
        ('/v1/nat', [('vpcId', 'vpc-emu1demo0001')], 'id', 4),
    ],
)
@pytest.mark.parametrize('max_keys', [1, 2, 3])
def test_marker_after(client, admin, path, query, id_key, count, max_keys):
    for index in range(4):
        client.create(single(destination='10.%d.0.0/16' % (10 + index)))
    full, dummy = _pages(client, path, query, 1000)
    admin.config(marker='after')
    items, pages = _pages(client, path, query, max_keys)
    assert items == full and len(items) == count
    for page in pages[:-1]:
        last = page[[k for k in page if isinstance(page[k], list)][0]][-1][id_key]
        # the last item of this page (system rules without ids have the markers sys-N)
        assert page['nextMarker'] == last if last else page['nextMarker'].startswith('sys-')


def test_marker_after_with_system_rule_ids(client, admin):
    admin.config(marker='after', system_rule_ids=True)
    client.create(single())
    items, pages = _pages(client, '/v1/route/rule', [('routeTableId', TABLE)], 1)
    assert [p['nextMarker'] for p in pages[:-1]] == [r['routeRuleId'] for r in items[:-1]] and len(items) == 3


# ------------------------------------------------------------------ multi-path rules not listed
def test_multipath_unlisted(client, admin):
    admin.config(multipath_listed=False)
    single_id = client.create(single()).json['routeRuleId']
    created = client.create(multi())
    assert created.status == 200 and len(created.json['routeRuleIds']) == 2
    members = created.json['routeRuleIds']
    assert [r['routeRuleId'] for r in client.table().json['routeRules']] == ['', '', single_id]
    listed = client.call('GET', '/v1/route/rule', [('routeTableId', TABLE)]).json['routeRules']
    assert [r['routeRuleId'] for r in listed] == ['', '', single_id]
    repeated = client.create(multi())
    assert (repeated.status, repeated.code) == (400, 'RouteRuleRepeated')
    table = [t for t in admin.call('GET', 'state')[1]['state']['tables'] if t['routeTableId'] == TABLE][0]
    assert table['unlistedRuleIds'] == members and members[0] in [r['routeRuleId'] for r in table['routeRules']]
    assert client.switch(members[0]).status == 200  # the rules exist: id-based calls work
    assert client.delete(members[1]).status == 200
    assert client.delete(members[0]).status == 200
    assert client.create(multi()).status == 200  # the pair is free again


def test_multipath_listed_by_default(client, admin):
    members = client.create(multi()).json['routeRuleIds']
    assert [r['routeRuleId'] for r in client.custom_rules()] == members
    assert [t for t in admin.call('GET', 'state')[1]['state']['tables'] if t['routeTableId'] == TABLE][0][
        'unlistedRuleIds'
    ] == []


# ------------------------------------------------------------------ defaultGateway next hop
def test_default_gateway_refused_by_default(client):
    response = client.create(single(hop_type='defaultGateway', hop_id=''))
    assert (response.status, response.code) == (400, 'InappropriateJSON')
    response = client.create(single(hop_type='defaultGateway', hop_id='x'))
    assert (response.status, response.code) == (400, 'InvalidNexthop') and 'defaultGateway' not in response.json[
        'message'
    ].split('one of')[1]


def test_default_gateway_with_empty_next_hop_id(client, admin):
    admin.config(default_gateway=True)
    first = client.create(single(hop_type='defaultGateway', hop_id=''))
    assert first.status == 200
    body = single(hop_type='defaultGateway', destination='10.11.0.0/16')
    del body['nexthopId']
    assert client.create(body).status == 200
    rules = client.custom_rules()
    assert [(r['nexthopType'], r['nexthopId'], r['pathType']) for r in rules] == [('defaultGateway', '', 'normal')] * 2
    assert client.update(first.json['routeRuleId'], {'description': 'local'}).status == 200
    unknown = client.create(single(hop_type='defaultGateway', hop_id='gw-nope', destination='10.12.0.0/16'))
    assert (unknown.status, unknown.code) == (400, 'InvalidNexthop')
    empty_nat = client.create(single(hop_type='nat', hop_id='', destination='10.13.0.0/16'))
    assert (empty_nat.status, empty_nat.code) == (400, 'InappropriateJSON')  # only defaultGateway may omit the id


# ------------------------------------------------------------------ choosing a variant
def test_parse_variant_names():
    assert parse_variant('') == {} and parse_variant('default') == {}
    assert parse_variant('marker-after, system-rule-ids') == {'marker': 'after', 'system_rule_ids': True}
    assert parse_variant('all') == {
        'marker': 'after',
        'system_rule_ids': True,
        'multipath_listed': False,
        'default_gateway': True,
        'bcc_lone_vpc_id': 'ignore',
    }
    with pytest.raises(ValueError, match='unknown emulator variant .*marker-before.*known: .*multipath-unlisted'):
        parse_variant('marker-before')


def test_start_variant_survives_reset():
    emulator = Emulator(variant='marker-after,multipath-unlisted')
    assert (emulator.config['marker'], emulator.config['multipath_listed'], emulator.config['system_rule_ids']) == (
        'after',
        False,
        False,
    )
    emulator.set_config({'marker': 'at'})
    emulator.reset()
    assert (emulator.config['marker'], emulator.state.behaviour['multipath_listed']) == ('after', False)


def test_fixture_options(emu, admin, client):
    fixture = copy.deepcopy(emu.emulator.default_fixture)
    fixture['options'] = {'default_gateway': True, 'marker': 'after'}
    fixture['vpcs'][0]['routeTable']['rules'] = [
        {
            'sourceAddress': '0.0.0.0/0',
            'destinationAddress': '10.9.0.0/16',
            'nexthopType': 'defaultGateway',
            'routeRuleId': 'rr-local000001',
        }
    ]
    assert admin.call('POST', 'reset', fixture)[0] == 200
    config = admin.call('GET', 'config')[1]['config']
    assert (config['default_gateway'], config['marker'], config['system_rule_ids']) == (True, 'after', False)
    assert [r['nexthopType'] for r in client.custom_rules()] == ['defaultGateway']
    for bad in ({'marker': 'sideways'}, {'speed': 1}, ['marker']):
        fixture['options'] = bad
        status, payload = admin.call('POST', 'reset', fixture)
        assert (status, payload['code']) == (400, 'InvalidParameter'), bad
    assert admin.call('POST', 'reset')[0] == 200
    assert admin.call('GET', 'config')[1]['config']['marker'] == 'at'  # the default fixture has no options
