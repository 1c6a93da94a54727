# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Several route tables per VPC (reference 7 item 1): the default table and custom ones."""

import copy

from emu_helpers import single

VPC = 'vpc-emu1demo0001'
DEFAULT = 'rt-emu1demo0001'
CUSTOM = 'rt-emu1cust0001'
CUSTOM_RULES = ['rr-emu1cust0001', 'rr-emu1cust0002']


def _ids(rules):
    return [rule['routeRuleId'] for rule in rules]


def test_get_route_by_vpc_is_the_default_table(client):
    by_vpc = client.call('GET', '/v1/route', [('vpcId', VPC)]).json
    assert (by_vpc['routeTableId'], by_vpc['name']) == (DEFAULT, 'default')
    assert all(rule['routeTableId'] == DEFAULT for rule in by_vpc['routeRules'])
    assert not set(CUSTOM_RULES) & set(_ids(by_vpc['routeRules']))


def test_get_route_by_id_reads_a_custom_table(client):
    table = client.table(CUSTOM).json
    assert (table['routeTableId'], table['name'], table['vpcId']) == (CUSTOM, 'custom-isolated', VPC)
    assert _ids(table['routeRules']) == ['', ''] + CUSTOM_RULES
    assert [r['nexthopType'] for r in table['routeRules']] == ['sys', 'sys', 'nat', 'vpn']
    assert client.call('GET', '/v1/route', [('routeTableId', CUSTOM), ('vpcId', VPC)]).json == table
    mismatch = client.call('GET', '/v1/route', [('routeTableId', CUSTOM), ('vpcId', 'vpc-emu2demo0001')])
    assert (mismatch.status, mismatch.code) == (404, 'NoSuchObject')


def test_rule_list_by_vpc_holds_every_table(client):
    added = client.create(single()).json['routeRuleId']
    listed = client.call('GET', '/v1/route/rule', [('vpcId', VPC)]).json['routeRules']
    assert [(r['routeTableId'], r['routeRuleId']) for r in listed] == [
        (DEFAULT, ''),
        (DEFAULT, ''),
        (DEFAULT, added),
        (CUSTOM, ''),
        (CUSTOM, ''),
    ] + [(CUSTOM, rid) for rid in CUSTOM_RULES]
    by_table = client.call('GET', '/v1/route/rule', [('routeTableId', DEFAULT)]).json['routeRules']
    assert _ids(by_table) == ['', '', added]
    both = client.call('GET', '/v1/route/rule', [('routeTableId', CUSTOM), ('vpcId', VPC)]).json['routeRules']
    assert _ids(both) == ['', ''] + CUSTOM_RULES


def test_rule_list_by_vpc_pages_across_tables(client):
    full = client.call('GET', '/v1/route/rule', [('vpcId', VPC)]).json['routeRules']
    seen, marker, markers = [], None, []
    for dummy in range(20):
        query = [('vpcId', VPC), ('maxKeys', '2')] + ([('marker', marker)] if marker else [])
        page = client.call('GET', '/v1/route/rule', query).json
        seen.extend(page['routeRules'])
        if not page['isTruncated']:
            break
        marker = page['nextMarker']
        markers.append(marker)
    assert seen == full and len(full) == 6
    assert len(markers) == len(set(markers))  # system-rule markers are unique across tables


def test_writes_by_route_table_id_in_a_custom_table(client, admin):
    created = client.create(single(table=CUSTOM, destination='10.10.0.0/16'))
    assert created.status == 200
    rule_id = created.json['routeRuleId']
    assert _ids(client.table(CUSTOM).json['routeRules'])[-1] == rule_id
    assert rule_id not in _ids(client.table(DEFAULT).json['routeRules'])
    assert client.update('rr-emu1cust0001', {'description': 'changed'}).status == 200
    assert client.table(CUSTOM).json['routeRules'][2]['description'] == 'changed'
    assert client.delete('rr-emu1cust0002').status == 200
    assert _ids(client.table(CUSTOM).json['routeRules']) == ['', '', 'rr-emu1cust0001', rule_id]
    assert [c['write'] for c in admin.calls() if c['method'] != 'GET'] == [True, True, True]


def test_source_destination_is_unique_per_table_not_per_vpc(client):
    # rr-emu1cust0001 holds 192.168.0.0/20 -> 0.0.0.0/0 in the custom table; the default table may too.
    assert client.create(single(destination='0.0.0.0/0')).status == 200
    again = client.create(single(destination='0.0.0.0/0', table=CUSTOM))
    assert (again.status, again.code) == (400, 'RouteRuleRepeated') and 'rr-emu1cust0001' in again.json['message']


def test_custom_table_has_its_own_quota(client):
    for index in range(8):
        assert client.create(single(table=CUSTOM, destination='10.%d.0.0/16' % (100 + index))).status == 200
    over = client.create(single(table=CUSTOM, destination='10.120.0.0/16'))
    assert (over.status, over.code) == (400, 'RouteRuleExceedQuota') and 'already has 10 of 10' in over.json['message']
    assert client.create(single(destination='10.120.0.0/16')).status == 200  # the default table (quota 50) is separate


def test_admin_state_marks_the_default_table(admin):
    tables = dict((t['routeTableId'], t) for t in admin.call('GET', 'state')[1]['state']['tables'])
    assert (tables[DEFAULT]['default'], tables[CUSTOM]['default']) == (True, False)
    assert (tables[CUSTOM]['effectiveQuota'], tables[CUSTOM]['vpcId']) == (10, VPC)


def test_fixture_errors_in_custom_tables(emu, admin, client):
    base = emu.emulator.default_fixture
    for bad in (
        {'customRouteTables': [{'routeTableId': DEFAULT, 'rules': []}]},  # id of the default table
        {'customRouteTables': {'routeTableId': 'rt-x'}},  # not a list
        {'customRouteTables': [{'routeTableId': 'rt-x', 'rules': [5]}]},
    ):  # a rule that is no object
        fixture = copy.deepcopy(base)
        fixture['vpcs'][0].update(bad)
        status, payload = admin.call('POST', 'reset', fixture)
        assert (status, payload['code']) == (400, 'InvalidParameter'), bad
    assert client.table(CUSTOM).status == 200  # a refused reset leaves the state alone


def test_legacy_fixture_without_custom_tables(emu, admin, client):
    fixture = copy.deepcopy(emu.emulator.default_fixture)
    for vpc in fixture['vpcs']:
        vpc.pop('customRouteTables', None)
    assert admin.call('POST', 'reset', fixture)[0] == 200
    assert client.table(CUSTOM).code == 'NoSuchObject'
    listed = client.call('GET', '/v1/route/rule', [('vpcId', VPC)]).json['routeRules']
    assert set(r['routeTableId'] for r in listed) == {DEFAULT}


def test_second_vpc_custom_table_repeats_a_default_table_pair(client):
    # vpc-emu2demo0001's custom table holds the same (source, destination) as rr-emu2nat00001 of its
    # default table: a by-VPC listing shows the pair twice, once per table.
    listed = client.call('GET', '/v1/route/rule', [('vpcId', 'vpc-emu2demo0001')]).json['routeRules']
    pair = [
        (r['routeTableId'], r['routeRuleId'])
        for r in listed
        if (r['sourceAddress'], r['destinationAddress']) == ('10.0.0.0/20', '0.0.0.0/0')
    ]
    assert pair == [('rt-emu2demo0001', 'rr-emu2nat00001'), ('rt-emu2cust0001', 'rr-emu2cust0001')]
    assert client.call('GET', '/v1/route', [('vpcId', 'vpc-emu2demo0001')]).json['routeTableId'] == 'rt-emu2demo0001'
