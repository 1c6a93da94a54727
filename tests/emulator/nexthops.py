# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Next hops of each VPC and the list APIs that show them (reference section 7.1).

One table (``SPECS``) says, per route ``nexthopType``, which API lists that kind of resource, under
which result key, and which item fields carry the id, name, status and VPC: the field names are
those of the official models (bce-sdk-go ``services/vpc``, ``vpn``, ``etGateway``, ``eni``,
``havip``, ``bcc/api``), which differ per type (``id`` / ``vpnId`` / ``etGatewayId`` ...,
``name`` / ``vpnName`` / ``localIfName``).  Every other field of an item comes from the type's
template, overridable per next hop in the fixture.
"""

import collections
import copy
import ipaddress

from .errors import ApiError

Spec = collections.namedtuple(
    'Spec',
    'version path key id_field name_field status_field vpc_field default_status vpc_required paged filters template',
)

_TAGS = {'tags': [], 'deleteProtect': False}


def _equal(field):
    return lambda item, value: item.get(field) == value


def _contains(field):
    return lambda item, value: value in item.get(field, [])


def _one_of(field):
    return lambda item, value: item.get(field) in [part.strip() for part in value.split(',') if part.strip()]


def _eni_ip(item, value):
    wanted = set(part.strip() for part in value.split(',') if part.strip())
    return any(entry.get('privateIpAddress') in wanted for entry in item.get('privateIpSet', []))


SPECS = {
    'nat': Spec(
        'v1',
        'nat',
        'nats',
        'id',
        'name',
        'status',
        'vpcId',
        'active',
        True,
        True,
        {'natId': _equal('id'), 'name': _equal('name'), 'ip': _contains('eips')},
        dict(
            natType='normal',
            spec='small',
            eips=[],
            dnatEips=[],
            bindEips=[],
            paymentTiming='Postpaid',
            expiredTime='',
            **_TAGS,
        ),
    ),
    'vpn': Spec(
        'v1',
        'vpn',
        'vpns',
        'vpnId',
        'vpnName',
        'status',
        'vpcId',
        'active',
        True,
        True,
        {'eip': _equal('eip'), 'type': _equal('type')},
        dict(
            eip='',
            description='',
            expiredTime='',
            paymentTiming='Postpaid',
            vpnConnNum=0,
            bandwidthInMbps=10,
            vpnConns=[],
            type='IPSec',
            maxConnection=0,
            createTime='2026-01-01T00:00:00Z',
            **_TAGS,
        ),
    ),
    'dcGateway': Spec(
        'v1',
        'etGateway',
        'etGateways',
        'etGatewayId',
        'name',
        'status',
        'vpcId',
        'running',
        True,
        True,
        {'etGatewayId': _equal('etGatewayId'), 'name': _equal('name'), 'status': _equal('status')},
        dict(
            speed=100,
            createTime='2026-01-01T00:00:00Z',
            description='',
            etId='',
            channelId='',
            localCidrs=[],
            enableIpv6=0,
            ipv6LocalCidrs=[],
            tags=[],
        ),
    ),
    # A peering's route target is its local interface (localIfId, qpif-...), and the connection has its own
    # peerConnId (peerconn-...): DOC Fjwvyuemr example, META i18n CreateRoutingRules (reference 8 item 1).
    'peerConn': Spec(
        'v1',
        'peerconn',
        'peerConns',
        'localIfId',
        'localIfName',
        'status',
        'localVpcId',
        'active',
        False,
        True,
        {},
        dict(
            role='initiator',
            bandwidthInMbps=10,
            description='',
            localRegion='bj',
            peerVpcId='',
            peerRegion='bj',
            peerAccountId='',
            paymentTiming='Postpaid',
            dnsStatus='close',
            createdTime='2026-01-01T00:00:00Z',
            expiredTime='',
            **_TAGS,
        ),
    ),
    'enic': Spec(
        'v1',
        'eni',
        'enis',
        'eniId',
        'name',
        'status',
        'vpcId',
        'inuse',
        True,
        True,
        {'instanceId': _equal('instanceId'), 'name': _equal('name'), 'privateIpAddress': _eni_ip},
        dict(
            zoneName='',
            description='',
            instanceId='',
            macAddress='fa:16:3e:00:00:01',
            subnetId='',
            privateIpSet=[],
            ipv6PrivateIpSet=[],
            securityGroupIds=[],
            enterpriseSecurityGroupIds=[],
            createdTime='2026-01-01T00:00:00Z',
        ),
    ),
    'havip': Spec(
        'v1',
        'havip',
        'haVips',
        'haVipId',
        'name',
        'status',
        'vpcId',
        'binded',
        False,
        True,
        {},
        dict(description='', subnetId='', privateIpAddress='', publicIpAddress='', createdTime='2026-01-01T00:00:00Z'),
    ),
    'ipv6gateway': Spec(
        'v1',
        'IPv6Gateway',
        None,
        'gatewayId',
        'name',
        None,
        'vpcId',
        None,
        True,
        False,
        {},
        dict(bandwidthInMbps=10, egressOnlyRules=[], rateLimitRules=[], deleteProtect=False),
    ),
    'custom': Spec(
        'v2',
        'instance',
        'instances',
        'id',
        'name',
        'status',
        'vpcId',
        'Running',
        False,
        True,
        {
            'zoneName': _equal('zoneName'),
            'instanceIds': _one_of('id'),
            'instanceNames': _one_of('name'),
            'status': _equal('status'),
            'internalIp': _equal('internalIp'),
            'privateIps': _one_of('internalIp'),
        },
        dict(
            instanceType='N3',
            cpuCount=2,
            memoryCapacityInGB=4,
            internalIp='',
            zoneName='',
            subnetId='',
            paymentTiming='Postpaid',
            createTime='2026-01-01T00:00:00Z',
            desc='',
            tags=[],
        ),
    ),
}
# The documented statuses where the docs list them (ENI DOC 6kknfn5m8, HAVIP DOC 0le5gd07h; reference 8 items 3-4):
# a fixture status outside them is a fixture error.
DOCUMENTED_STATUSES = {
    'enic': ('available', 'inuse', 'attaching', 'detaching'),
    'havip': ('available', 'binded'),
}
# Fixture-only type: the local gateway has no list API.
UNLISTED_TYPES = ('defaultGateway',)
LIST_PATHS = dict(((spec.version, spec.path), hop_type) for hop_type, spec in SPECS.items())
_RECORD_KEYS = ('id', 'name', 'status')


def load_nexthops(vpc_id, raw, subnets):
    """{id: record} for one VPC from the fixture's ``nexthops`` ({type: [id | {id, name, status, ...}]})."""
    hops = collections.OrderedDict()
    if not isinstance(raw, dict):
        raise ValueError('invalid fixture: nexthops of %s must be an object' % vpc_id)
    for hop_type, entries in raw.items():
        if hop_type not in SPECS and hop_type not in UNLISTED_TYPES:
            raise ValueError('invalid fixture: unknown next-hop type %s' % hop_type)
        for index, entry in enumerate(entries):
            # The old fixture form lists bare ids: the id doubles as the name.
            entry = {'id': entry} if isinstance(entry, str) else dict(entry)
            if not isinstance(entry.get('id'), str) or not entry['id']:
                raise ValueError('invalid fixture: next hop %r of %s needs a string id' % (entry, vpc_id))
            spec = SPECS.get(hop_type)
            record = {
                'id': entry['id'],
                'type': hop_type,
                'vpcId': vpc_id,
                'name': entry.get('name', entry['id']),
                'status': entry.get('status', spec.default_status if spec else None),
                'extra': dict((key, value) for key, value in entry.items() if key not in _RECORD_KEYS),
            }
            if record['status'] not in DOCUMENTED_STATUSES.get(hop_type, (record['status'],)):
                raise ValueError(
                    'invalid fixture: %s next hop %s has status %r; documented: %s'
                    % (hop_type, record['id'], record['status'], ', '.join(DOCUMENTED_STATUSES[hop_type]))
                )
            if hop_type == 'peerConn':
                # The connection's own id, distinct from the interface id routes use.
                record['extra'].setdefault('peerConnId', 'peerconn-' + record['id'].split('-', 1)[-1])
            record['extra'] = dict(_addresses(hop_type, index, subnets), **record['extra'])
            hops[record['id']] = record
    return hops


def _addresses(hop_type, index, subnets):
    """Plausible placement (subnet, zone, private IP) for types whose model has one."""
    if hop_type not in ('enic', 'havip', 'custom') or not subnets:
        return {}
    subnet = subnets[index % len(subnets)]
    address = str(ipaddress.ip_network(subnet['cidr'])[10 + index])
    placed = {'subnetId': subnet['subnetId'], 'zoneName': subnet['zoneName']}
    if hop_type == 'enic':
        placed['privateIpSet'] = [{'publicIpAddress': '', 'primary': True, 'privateIpAddress': address}]
    elif hop_type == 'havip':
        placed = {'subnetId': subnet['subnetId'], 'privateIpAddress': address}
    else:
        placed['internalIp'] = address
    return placed


def render(record):
    """The API item of one next hop, in its type's official model shape."""
    spec = SPECS[record['type']]
    item = copy.deepcopy(spec.template)
    item.update(copy.deepcopy(record['extra']))
    item[spec.id_field] = record['id']
    item[spec.name_field] = record['name']
    item[spec.vpc_field] = record['vpcId']
    if spec.status_field:
        item[spec.status_field] = record['status']
    return item


def query_keys(hop_type):
    """Allowed query parameters of a type's list API."""
    spec = SPECS[hop_type]
    return ('vpcId',) + tuple(spec.filters) + (('marker', 'maxKeys') if spec.paged else ())


def select(hop_type, records, query):
    """Items of ``hop_type`` among ``records`` that pass the query filters, as API items."""
    spec = SPECS[hop_type]
    items = [render(record) for record in records if record['type'] == hop_type]
    for name, test in spec.filters.items():
        if query.get(name):
            items = [item for item in items if test(item, query[name])]
    return items, [item[spec.id_field] for item in items]


def require_vpc(hop_type, vpc_id, known_vpcs):
    spec = SPECS[hop_type]
    if not vpc_id:
        if spec.vpc_required:
            raise ApiError('InvalidParameter', 'vpcId is required by /%s/%s.' % (spec.version, spec.path))
        return None
    if vpc_id not in known_vpcs:
        raise ApiError('NoSuchObject', 'The vpc %s does not exist.' % vpc_id)
    return vpc_id
