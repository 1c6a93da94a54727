# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fleet fixtures (tests/emulator/fleet): VPC lists carry tags and createdTime, as the real API does."""

import json
import os

from tests.emulator.server import start_emulator
from emu_helpers import Client

FLEET = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'fleet')


def test_fleet_vpc_list_has_tags_and_created_time():
    with open(os.path.join(FLEET, 'gz.json')) as handle:
        fixture = json.load(handle)
    handle = start_emulator(fixture=fixture, port=0)
    try:
        page = Client(handle.base_url).call('GET', '/v1/vpc', [('maxKeys', '3')]).json
    finally:
        handle.stop()
    assert page['isTruncated'] is True and len(page['vpcs']) == 3
    first = page['vpcs'][0]
    assert first['vpcId'] == 'vpc-gzfleet0000' and first['isDefault'] is True
    assert first['tags'] == fixture['vpcs'][0]['tags'] and {'tagKey': 'env', 'tagValue': 'prod'} in first['tags']
    assert first['createdTime'] == fixture['vpcs'][0]['createdTime']


def test_vpcs_without_tags_in_the_fixture_keep_their_shape(client):
    page = client.call('GET', '/v1/vpc', []).json
    # The default fixture tags its VPCs (nat-gateway, for the fleet example) but gives no createdTime.
    assert all('createdTime' not in vpc for vpc in page['vpcs'])
    assert [vpc['tags'] for vpc in page['vpcs']] == [
        [{'tagKey': 'nat-gateway', 'tagValue': 'nat-emu1demo0001'}],
        [{'tagKey': 'nat-gateway', 'tagValue': 'nat-emu2demo0001'}],
    ]
    with open(os.path.join(os.path.dirname(FLEET), 'fixture.json')) as handle:
        untagged = json.load(handle)
    for vpc in untagged['vpcs']:
        del vpc['tags']
    handle = start_emulator(fixture=untagged, port=0)
    try:
        page = Client(handle.base_url).call('GET', '/v1/vpc', []).json
    finally:
        handle.stop()
    assert page['vpcs'] and all('tags' not in vpc for vpc in page['vpcs'])
