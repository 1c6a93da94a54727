# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Conformance: the official bce-python-sdk clients of the next-hop list APIs (reference 7.1) work unmodified."""

from baidubce.auth.bce_credentials import BceCredentials
from baidubce.bce_client_configuration import BceClientConfiguration
from baidubce.services.bcc.bcc_client import BccClient
from baidubce.services.eni.eni_client import EniClient
from baidubce.services.etGateway.et_gateway_client import EtGatewayClient
from baidubce.services.havip.havip_client import HavipClient
from baidubce.services.ipv6gateway.ipv6gateway_client import IPv6GatewayClient
from baidubce.services.vpc.nat_client import NatClient
from baidubce.services.vpc.peerconn_client import PeerConnClient
from baidubce.services.vpn.vpn_client import VpnClient

from emu_helpers import AK, SK

VPC1 = 'vpc-emu1demo0001'


def _config(emu):
    return BceClientConfiguration(credentials=BceCredentials(AK, SK), endpoint=emu.base_url[len('http://') :])


def test_nat_client_lists_and_pages(emu):
    client = NatClient(_config(emu))
    listed = client.list_nats(vpc_id=VPC1)
    expected = [('nat-emu1demo0001', 'nat-main', 'active'), ('nat-emu1demo0002', 'nat-shared', 'active')]
    assert [(n.id, n.name, n.status) for n in listed.nats][:2] == expected
    assert [n.id for n in client.list_nats(vpc_id=VPC1, name='nat-shared').nats] == [
        'nat-emu1demo0002',
        'nat-emu1demo0003',
    ]
    page = client.list_nats(vpc_id=VPC1, max_keys=3)
    assert page.is_truncated and page.next_marker == 'nat-emu1demo0004' and len(page.nats) == 3
    rest = client.list_nats(vpc_id=VPC1, marker=page.next_marker, max_keys=3)
    assert [n.id for n in rest.nats] == ['nat-emu1demo0004'] and rest.nats[0].status == 'down' and not rest.is_truncated


def test_vpn_client(emu):
    vpns = VpnClient(_config(emu)).list_vpns(VPC1).vpns
    assert [(v.vpn_id, v.vpn_name, v.vpc_id, v.status) for v in vpns] == [
        ('vpn-emu1demo0001', 'vpn-office', VPC1, 'active')
    ]


def test_et_gateway_client(emu):
    gateways = EtGatewayClient(_config(emu)).list_et_gateway(VPC1, name='dcgw-line-c').et_gateways
    assert [(g.et_gateway_id, g.vpc_id, g.status) for g in gateways] == [('dcgw-emu1demo0003', VPC1, 'running')]


def test_peerconn_client(emu):
    peers = PeerConnClient(_config(emu)).list_peerconns(VPC1).peer_conns
    assert [(p.peer_conn_id, p.local_if_id, p.local_if_name, p.local_vpc_id, p.peer_vpc_id) for p in peers] == [
        ('peerconn-emu1demo0001', 'qpif-emu1demo0001', 'peer-to-k8s', VPC1, 'vpc-emu2demo0001')
    ]


def test_eni_client(emu):
    enis = EniClient(_config(emu)).list_eni(VPC1).enis
    assert [(e.eni_id, e.name, e.status, e.instance_id) for e in enis] == [
        ('eni-emu1demo0001', 'eni-appliance', 'inuse', 'i-emu1Ins1')
    ]


def test_havip_client(emu):
    havips = HavipClient(_config(emu)).get_havip_detail_list(vpc_id=VPC1).ha_vips
    assert [(h.ha_vip_id, h.name, h.status) for h in havips] == [('havip-emu1demo0001', 'havip-ha', 'binded')]


def test_ipv6_gateway_client(emu):
    gateway = IPv6GatewayClient(_config(emu)).list_ipv6_gateways(VPC1)
    assert (gateway.gateway_id, gateway.name, gateway.vpc_id) == ('gw-emu1Ip6g', 'ipv6-gw', VPC1)


def test_bcc_client_instances(emu):
    client = BccClient(_config(emu))
    instances = client.list_instances(instance_ids='i-emu1Ins1,i-emu2Nod2').instances
    assert [(i.id, i.name, i.status, i.vpc_id) for i in instances] == [
        ('i-emu1Ins1', 'web-1', 'Running', VPC1),
        ('i-emu2Nod2', 'k8s-node-2', 'Running', 'vpc-emu2demo0001'),
    ]
    assert [i.id for i in client.list_instances(instance_names='web-3').instances] == ['i-emu1Ins3']
    page = client.list_instances(max_keys=4)
    assert page.is_truncated and page.next_marker == 'i-emu2Nod2' and len(page.instances) == 4
