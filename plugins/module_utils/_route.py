# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Route API calls and the normalised (snake_case, grouped) view of route rules.

A "rule" here is what a user thinks of as one route: a single-path rule, or all
members of a multi-path (ECMP / primary-standby) group, which the API stores as
separate entries sharing source and destination.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import hashlib
import ipaddress
import json

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError

# Next-hop types and the id prefixes the service gives their objects.
NEXT_HOP_ID_PREFIXES = {
    'custom': 'i-',
    'vpn': 'vpn-',
    'nat': 'nat-',
    'dcGateway': 'dcgw-',
    'peerConn': 'qpif-',
    'ipv6gateway': 'gw-',
    'enic': 'eni-',
    'havip': 'havip-',
}
NEXT_HOP_TYPES = tuple(sorted(NEXT_HOP_ID_PREFIXES))
MULTI_PATH_NEXT_HOP_TYPE = 'dcGateway'
PATH_TYPES = ('ecmp', 'ha:active', 'ha:standby')
SYSTEM_NEXT_HOP_TYPE = 'sys'
NOT_FOUND_CODES = frozenset(('NoSuchObject', 'NotFound', 'ResourceNotFound', 'ResourceNotfound'))

RULE_PATH = '/v1/route/rule'


# Parsed networks by text: a table lists the same source (0.0.0.0/0, a subnet) on many rules,
# and validation compares every written rule with the same VPC CIDRs and subnets.
_NETWORKS = {}


def network(text):
    """ipaddress network of a CIDR text (host bits allowed), parsed once per text; ValueError when invalid."""
    parsed = _NETWORKS.get(text)
    if parsed is None:
        parsed = _NETWORKS[text] = ipaddress.ip_network(text.strip(), strict=False)
    return parsed


def _cidr_facts(value):
    """(canonical text, IP version) of a non-empty CIDR text; (value, None) when it does not parse."""
    try:
        parsed = network(value)
    except ValueError:
        return value, None
    return str(parsed), parsed.version


def canonical_cidr(value):
    """Canonical text of a CIDR the service returned (bare addresses become /32 or /128)."""
    if not value:
        return value
    return _cidr_facts(value)[0]


def is_system(raw):
    return raw.get('nexthopType') == SYSTEM_NEXT_HOP_TYPE or not raw.get('routeRuleId')


def _member(raw):
    return {
        'next_hop_id': raw.get('nexthopId') or '',
        'next_hop_type': raw.get('nexthopType') or '',
        'path_type': raw.get('pathType') or '',
        'route_rule_id': raw.get('routeRuleId') or '',
    }


def _member_sort_key(member):
    # The active member first, then by id, so HA pairs and ECMP groups print the same every time.
    return (member['path_type'] != 'ha:active', member['next_hop_id'], member['route_rule_id'])


def group_rules(raw_rules):
    """Turn the API's flat list into logical rules, in the order the API listed them."""
    rules = []
    groups = {}
    for raw in raw_rules:
        source = canonical_cidr(raw.get('sourceAddress'))
        destination = raw.get('destinationAddress')
        destination, version = _cidr_facts(destination) if destination else (destination, None)
        multi = raw.get('pathType') in PATH_TYPES and not is_system(raw)
        key = (source, destination)
        if multi and key in groups:
            groups[key]['next_hops'].append(_member(raw))
            continue
        rule = {
            'route_table_id': raw.get('routeTableId') or '',
            'source_address': source,
            'destination_address': destination,
            'ip_version': version,
            'description': raw.get('description') or '',
            'system': is_system(raw),
            'next_hop_type': None if multi else (raw.get('nexthopType') or ''),
            'next_hop_id': None if multi else (raw.get('nexthopId') or ''),
            'next_hops': [_member(raw)] if multi else [],
            'route_rule_id': None if multi else (raw.get('routeRuleId') or None),
        }
        if multi:
            groups[key] = rule
        rules.append(rule)
    for rule in rules:
        finish_rule(rule)
    return rules


def finish_rule(rule):
    """Derive mode and ids from the members, so every producer of a rule shape agrees."""
    hops = sorted(rule['next_hops'], key=_member_sort_key)
    rule['next_hops'] = hops
    if rule['system']:
        rule['mode'] = 'system'
    elif not hops:
        rule['mode'] = 'single'
    elif any(hop['path_type'].startswith('ha:') for hop in hops):
        rule['mode'] = 'ha'
    else:
        rule['mode'] = 'ecmp'
    if hops:
        # Sorted, so the rule's id stays the same when a switch changes which member is active.
        ids = sorted(hop['route_rule_id'] for hop in hops if hop.get('route_rule_id'))
    else:
        ids = [rule['route_rule_id']] if rule.get('route_rule_id') else []
    rule['route_rule_ids'] = ids
    rule['route_rule_id'] = ids[0] if ids else None
    return rule


def find_rule(rules, source=None, destination=None, route_rule_id=None):
    """Find a logical rule by id (any member's) or by (source, destination)."""
    for rule in rules:
        if route_rule_id:
            if route_rule_id in rule['route_rule_ids']:
                return rule
        elif rule['source_address'] == source and rule['destination_address'] == destination:
            return rule
    return None


# -- reads ---------------------------------------------------------------------------------

def _selector(route_table_id=None, vpc_id=None):
    return {'routeTableId': route_table_id} if route_table_id else {'vpcId': vpc_id}


def list_rules(client, route_table_id=None, vpc_id=None):
    """Every raw rule of a table, all pages; None when the table or VPC does not exist."""
    try:
        return client.paginate(RULE_PATH, _selector(route_table_id, vpc_id), 'routeRules')
    except BceApiError as exc:
        if exc.code in NOT_FOUND_CODES:
            return None
        raise


def get_table(client, route_table_id=None, vpc_id=None):
    """The table's own fields (and every rule, unpaged); None when it does not exist."""
    try:
        return client.get('/v1/route', _selector(route_table_id, vpc_id))
    except BceApiError as exc:
        if exc.code in NOT_FOUND_CODES:
            return None
        raise


def get_vpc(client, vpc_id):
    """VPC CIDRs and subnet CIDRs, the facts rule validation needs."""
    vpc = (client.get('/v1/vpc/%s' % vpc_id) or {}).get('vpc') or {}
    subnets = vpc.get('subnets')
    if subnets is None:
        subnets = client.paginate('/v1/subnet', {'vpcId': vpc_id}, 'subnets')
    return {
        'vpc_id': vpc.get('vpcId') or vpc_id,
        'cidrs': [c for c in [vpc.get('cidr')] + list(vpc.get('secondaryCidr') or []) + [vpc.get('ipv6Cidr')] if c],
        'subnets': [c for s in subnets for c in (s.get('cidr'), s.get('ipv6Cidr')) if c],
    }


# -- writes --------------------------------------------------------------------------------

def client_token(run_nonce, request):
    """Idempotency token of one write: the same within a module run (so every retry of
    the write reuses it), different across runs (so deleting and re-creating the same
    rule later is never mistaken by the service for a replay of the first create)."""
    text = json.dumps([run_nonce, request['method'], request['path'], request.get('query'), request.get('body')], sort_keys=True)
    return 'ansible-' + hashlib.sha256(text.encode('utf-8')).hexdigest()[:48]


def send(client, request, run_nonce):
    """Send one planned request with its deterministic client token."""
    return client.request(request['method'], request['path'], params=request.get('query'), body=request.get('body'),
                          client_token=client_token(run_nonce, request))
