# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Conformance: the unmodified official bce-python-sdk clients work against the emulator."""

import pytest
from baidubce.auth.bce_credentials import BceCredentials
from baidubce.bce_client_configuration import BceClientConfiguration
from baidubce.exception import BceHttpClientError
from baidubce.services.route.route_client import RouteClient
from baidubce.services.route.route_model import NextHop
from baidubce.services.subnet.subnet_client import SubnetClient
from baidubce.services.vpc.vpc_client import VpcClient

from emu_helpers import AK, SK, STS_AK, STS_SK, single


def _config(emu, ak=AK, sk=SK):
    return BceClientConfiguration(credentials=BceCredentials(ak, sk), endpoint=emu.base_url[len('http://') :])


def test_route_client_all_operations(emu, admin):
    client = RouteClient(_config(emu))
    table = 'rt-emu1demo0001'
    created = client.create_route(
        table, '192.168.0.0/20', '10.10.0.0/16', 'nat', description='sdk single', next_hop_id='nat-emu1demo0001'
    )
    single_id = created.route_rule_id
    assert single_id.startswith('rr-')
    hops = [
        NextHop('dcgw-emu1demo0001', 'dcGateway', 'ha:active'),
        NextHop('dcgw-emu1demo0002', 'dcGateway', 'ha:standby'),
    ]
    multi = client.create_route(
        table, '192.168.16.0/20', '172.31.0.0/16', None, description='sdk multi', next_hops=hops
    )
    active, standby = multi.route_rule_ids
    ecmp = client.create_route(
        table,
        '0.0.0.0/0',
        '172.30.0.0/16',
        None,
        next_hops=[
            NextHop('dcgw-emu1demo0001', 'dcGateway', 'ecmp'),
            NextHop('dcgw-emu1demo0003', 'dcGateway', 'ecmp'),
        ],
    )
    assert len(ecmp.route_rule_ids) == 2

    detail = client.get_route(route_table_id=table)
    assert detail.route_table_id == table and detail.vpc_id == 'vpc-emu1demo0001' and detail.name == 'default'
    assert [r.route_rule_id for r in detail.route_rules] == ['', '', single_id, active, standby] + ecmp.route_rule_ids
    assert client.get_route(vpc_id='vpc-emu1demo0001').route_table_id == table

    seen, marker = [], None
    while True:
        kwargs = {'marker': marker} if marker else {}  # the SDK's @required rejects marker=None
        page = client.get_route_rule(routeTableId=table, maxKeys=2, **kwargs)
        seen.extend(r.route_rule_id for r in page.route_rules)
        assert page.max_keys == 2
        if not page.is_truncated:
            break
        marker = page.next_marker
    assert seen == [r.route_rule_id for r in detail.route_rules]

    client.update_route(
        single_id,
        source_address='192.168.32.0/20',
        destination_address='10.20.0.0/16',
        next_hop_id='nat-emu1demo0002',
        description='sdk updated',
    )
    rule = [r for r in client.get_route(route_table_id=table).route_rules if r.route_rule_id == single_id][0]
    assert (rule.source_address, rule.destination_address, rule.nexthop_id, rule.description, rule.path_type) == (
        '192.168.32.0/20',
        '10.20.0.0/16',
        'nat-emu1demo0002',
        'sdk updated',
        'normal',
    )

    client.switch_route(active)
    paths = dict((r.route_rule_id, r.path_type) for r in client.get_route(route_table_id=table).route_rules)
    assert (paths[active], paths[standby]) == ('ha:standby', 'ha:active')

    client.delete_route(single_id)
    assert single_id not in [r.route_rule_id for r in client.get_route(route_table_id=table).route_rules]
    writes = [c for c in admin.calls() if c['method'] != 'GET']
    assert all(c['client_token'] and c['status'] == 200 for c in writes) and len(writes) == 6


def test_route_client_error_mapping(emu):
    client = RouteClient(_config(emu))
    with pytest.raises(BceHttpClientError) as info:
        client.delete_route('rr-doesnotexist')
    assert (info.value.status_code, info.value.code) == (404, 'NoSuchObject')
    with pytest.raises(BceHttpClientError) as info:
        client.create_route(
            'rt-emu1demo0001', '192.168.0.0/20', '192.168.1.0/24', 'nat', next_hop_id='nat-emu1demo0001'
        )
    assert (info.value.status_code, info.value.code) == (400, 'InvalidDestinationAddress')
    with pytest.raises(BceHttpClientError) as info:
        RouteClient(_config(emu, sk='wrong')).get_route(route_table_id='rt-emu1demo0001')
    assert info.value.code == 'SignatureDoesNotMatch'


def test_py_sdk_route_client_cannot_send_sts_token(emu):
    # The PY-SDK route client never adds x-bce-security-token (reference 2.8): STS keys are refused.
    with pytest.raises(BceHttpClientError) as info:
        RouteClient(_config(emu, STS_AK, STS_SK)).get_route(route_table_id='rt-emu1demo0001')
    assert (info.value.status_code, info.value.code) == (403, 'InvalidSessionToken')


def test_vpc_and_subnet_clients(emu):
    vpcs = VpcClient(_config(emu))
    listed = vpcs.list_vpcs(max_keys=1)
    assert (
        listed.is_truncated and listed.next_marker == 'vpc-emu2demo0001' and listed.vpcs[0].vpc_id == 'vpc-emu1demo0001'
    )
    assert [v.vpc_id for v in vpcs.list_vpcs(is_default=True).vpcs] == ['vpc-emu2demo0001']
    detail = vpcs.get_vpc('vpc-emu1demo0001').vpc
    assert detail.cidr == '192.168.0.0/16' and len(detail.subnets) == 3
    subnets = SubnetClient(_config(emu)).list_subnets(vpc_id='vpc-emu2demo0001')
    assert [s.cidr for s in subnets.subnets] == ['10.0.0.0/20']
    assert SubnetClient(_config(emu)).get_subnet('sbn-emu2demo0001').subnet.cidr == '10.0.0.0/20'


def test_sdk_retry_after_dropped_response_reuses_client_token(emu, admin):
    # The SDK generates one clientToken per call and retries IOErrors with it: the retry is a replay.
    admin.faults({'method': 'POST', 'path': '^/v1/route/rule$', 'action': 'drop_after_commit'})
    created = RouteClient(_config(emu)).create_route(
        'rt-emu1demo0001', '192.168.0.0/20', '10.10.0.0/16', 'nat', next_hop_id='nat-emu1demo0001'
    )
    rules = [
        r for r in RouteClient(_config(emu)).get_route(route_table_id='rt-emu1demo0001').route_rules if r.route_rule_id
    ]
    assert [r.route_rule_id for r in rules] == [created.route_rule_id]
    posts = [c for c in admin.calls() if c['method'] == 'POST']
    assert [(c['fault'], c['write'], c['replayed']) for c in posts] == [
        ('drop_after_commit', True, False),
        (None, False, True),
    ]
    assert posts[0]['client_token'] == posts[1]['client_token']


def test_go_sdk_update_body_with_route_rule_id(client, admin):
    # bce-sdk-go UpdateRouteRuleArgs always serialises routeRuleId (json:"routeRuleId") next to the
    # documented fields; the platform ignores unknown items (reference 7 items 6 and 8).
    rule_id = client.create(single()).json['routeRuleId']
    body = {
        'routeRuleId': rule_id,
        'sourceAddress': '192.168.16.0/20',
        'destinationAddress': '10.10.0.0/16',
        'nexthopId': 'nat-emu1demo0002',
        'description': 'go sdk',
    }
    assert client.update(rule_id, body, token='go-sdk-token').status == 200
    rule = client.custom_rules()[0]
    assert (rule['sourceAddress'], rule['nexthopId'], rule['description']) == (
        '192.168.16.0/20',
        'nat-emu1demo0002',
        'go sdk',
    )
    put = [c for c in admin.calls() if c['method'] == 'PUT'][0]
    assert (put['status'], put['write'], put['ignored_fields']) == (200, True, ['routeRuleId'])
