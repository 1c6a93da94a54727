# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The next-hop list APIs' wire format: which API lists each next-hop type, and its field names.

Each route next-hop type is a different product (NAT gateway, VPN gateway, BCC instance...) with its
own list API and its own field names for the id, the name, the status and the VPC (reference 7.1;
the item models of bce-sdk-go). This module reads them and returns plain records
{'id', 'name', 'status', 'routable'}, so nothing above it knows an API field name.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError, BceResponseError

ListApi = collections.namedtuple('ListApi', 'path result_key id_field name_field status_field vpc_field what')

# result_key None: the API answers one object, not a paged list.
LIST_APIS = {
    'nat': ListApi('/v1/nat', 'nats', 'id', 'name', 'status', 'vpcId', 'NAT gateways'),
    'vpn': ListApi('/v1/vpn', 'vpns', 'vpnId', 'vpnName', 'status', 'vpcId', 'VPN gateways'),
    'dcGateway': ListApi(
        '/v1/etGateway', 'etGateways', 'etGatewayId', 'name', 'status', 'vpcId', 'dedicated-line gateways'
    ),
    # A route to a peering names the connection's local interface (localIfId, qpif-...), never the connection
    # itself (peerConnId, peerconn-...): META i18n CreateRoutingRules, the peerconn list example (reference 8.1).
    'peerConn': ListApi(
        '/v1/peerconn', 'peerConns', 'localIfId', 'localIfName', 'status', 'localVpcId', 'peering connections'
    ),
    'enic': ListApi('/v1/eni', 'enis', 'eniId', 'name', 'status', 'vpcId', 'elastic network interfaces'),
    'havip': ListApi('/v1/havip', 'haVips', 'haVipId', 'name', 'status', 'vpcId', 'high-availability virtual IPs'),
    'ipv6gateway': ListApi('/v1/IPv6Gateway', None, 'gatewayId', 'name', None, 'vpcId', 'IPv6 gateways'),
    'custom': ListApi('/v2/instance', 'instances', 'id', 'name', 'status', 'vpcId', 'BCC instances'),
}
# The statuses in which a next hop forwards traffic (compared without case). A next hop in another status is
# still a valid target: only a warning. ENI: 'available' means not attached to an instance, only 'inuse' routes
# (DOC 6kknfn5m8); HAVIP: 'available' means unbound, only 'binded' routes (DOC 0le5gd07h); reference 8.3 and 8.4.
ROUTING_STATUSES = {
    'nat': ('active',),
    'vpn': ('active',),
    'dcGateway': ('running',),
    'peerConn': ('active',),
    'enic': ('inuse',),
    'havip': ('binded',),
    'custom': ('running',),
}
# Item fields shown beside a next hop in messages and candidates, (label, field): for a peering, the connection
# and the peer VPC, so a user who knows the peerconn- id sees which qpif- id belongs to it.
CONTEXT_FIELDS = {'peerConn': (('peering', 'peerConnId'), ('peer VPC', 'peerVpcId'))}
# Another id of the same next hop that a user may give by mistake, which a route refuses (reference 8.1):
# type -> (its field, what it is, what a route takes instead).
ALIASES = {
    'peerConn': (
        'peerConnId',
        'a peering connection id (peerConnId)',
        "the connection's local interface id (localIfId)",
    )
}
# Types whose list API cannot be asked for one VPC: the BCC list takes vpcId only together with privateIps (DOC
# Xjwvyodmx, META i18n/zh-CN/bcc/ListInstances.json), and alone it may be refused or ignored (the whole region).
# Their next hops are looked up by id (instanceIds) or by exact name (instanceNames), at most BATCH per call,
# comma-separated, and the VPC of each item is checked here.
LOOKUP_PARAMS = {'custom': ('instanceIds', 'instanceNames')}
BATCH = 100
NOT_FOUND_CODES = frozenset(('NoSuchObject', 'NotFound', 'ResourceNotFound', 'ResourceNotfound'))


def listable(hop_type):
    """True when the service has a list API for this next-hop type (defaultGateway has none)."""
    return hop_type in LIST_APIS


def looked_up(hop_type):
    """True when next hops of this type are found by id or name (LOOKUP_PARAMS), never listed per VPC."""
    return hop_type in LOOKUP_PARAMS


def describe(hop_type):
    """'NAT gateways (GET /v1/nat)': what a failure message says was being read."""
    api = LIST_APIS[hop_type]
    return '%s (GET %s)' % (api.what, api.path)


def _malformed(api, problem):
    return BceResponseError(200, 'MalformedResponse', 'GET %s answered %s' % (api.path, problem), None, 'GET', api.path)


def _text(api, item, field, index, required):
    value = item.get(field)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise _malformed(
            api,
            'an item (#%d) whose %s is %s where a %sstring was expected'
            % (index, field, 'missing' if value is None else repr(value), 'non-empty ' if required else ''),
        )
    return value


def _record(hop_type, api, item, index):
    status = _text(api, item, api.status_field, index, False) if api.status_field else None
    context = []
    for label, field in CONTEXT_FIELDS.get(hop_type, ()):
        value = _text(api, item, field, index, False)
        if value:
            context.append('%s %s' % (label, value))
    return {
        'id': _text(api, item, api.id_field, index, True),
        'name': _text(api, item, api.name_field, index, False),
        'status': status,
        'routable': status is None or status.lower() in ROUTING_STATUSES.get(hop_type, ()),
        'vpc_id': _text(api, item, api.vpc_field, index, False),
        'alias': _text(api, item, ALIASES[hop_type][0], index, False) if hop_type in ALIASES else None,
        'context': ', '.join(context),
    }


def _lookups(hop_type, ids, names):
    """The query of each lookup call: ids, then names, BATCH at a time (never a lone vpcId)."""
    by_id, by_name = LOOKUP_PARAMS[hop_type]
    queries = []
    for key, values in ((by_id, ids), (by_name, names)):
        values = sorted(set(v for v in values or () if v))
        for start in range(0, len(values), BATCH):
            queries.append({key: ','.join(values[start : start + BATCH])})
    return queries


def _items(client, hop_type, api, vpc_id, ids, names):
    if looked_up(hop_type):
        items = []
        for query in _lookups(hop_type, ids, names):
            items.extend(client.paginate(api.path, query, api.result_key))
        return items
    if api.result_key is None:
        try:
            answer = client.get(api.path, {'vpcId': vpc_id})
        except BceApiError as exc:
            # No IPv6 gateway in this VPC is a 404 of a BCE service, not a failure.
            if exc.code in NOT_FOUND_CODES and exc.bce_shaped:
                return []
            raise
        if not isinstance(answer, dict):
            raise _malformed(api, 'a JSON %s where an object was expected' % type(answer).__name__)
        return [answer] if answer else []
    return client.paginate(api.path, {'vpcId': vpc_id}, api.result_key)


def list_next_hops(client, hop_type, vpc_id, ids=None, names=None):
    """Every next hop of `hop_type` in `vpc_id`, all pages, as records; a malformed answer is a
    BceResponseError naming the API and the item. Items of another VPC are left out: some of these
    APIs treat vpcId as an optional filter. For a type that is looked up (looked_up()), only the next hops
    with one of `ids` or one of the exact `names` (no call when there are none)."""
    api = LIST_APIS[hop_type]
    records = []
    for index, item in enumerate(_items(client, hop_type, api, vpc_id, ids, names)):
        if not isinstance(item, dict):
            raise _malformed(api, 'an item (#%d) that is not an object' % index)
        record = _record(hop_type, api, item, index)
        if record['vpc_id'] in (None, vpc_id):
            records.append(record)
    return records
