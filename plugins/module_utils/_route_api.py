# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The route API's wire format, both ways: API JSON to rules (_rule.py) and changes to requests.

The only module that knows an API field name or path: the reads, every request builder
(create, update, delete, switch), the ids in the replies, `send` and the API's error codes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceResponseError,
    BceValidationError,
    code_matches,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import PATH_TYPES, cidr_facts, make_rule, rebuild

RULE_PATH = '/v1/route/rule'
TABLE_PATH = '/v1/route'
SYSTEM_NEXT_HOP_TYPE = 'sys'
# Error codes are matched as Baidu's own CCE network driver matches them: a case-insensitive substring of
# the code (and of the message when the code only restates the HTTP status), see _errors.code_matches.
NOT_FOUND_CODES = ('NoSuchObject', 'NotFound')
RULE_REPEATED_CODES = ('RouteRuleRepeated', 'RuleRepeated')
# Not LimitExceeded alone: RequestLimitExceeded is throttling (retried by the client), not a full table.
QUOTA_CODES = ('ExceedQuota', 'QuotaLimitExceeded', 'QuotaExceeded')
# The service's words for "someone else changed this rule between our read and our write".
RACE_CODES = frozenset(('RouteRuleRepeated', 'NoSuchObject'))
# GET /v1/route answers the whole table in one response, without paging. A listing page holds at most
# 1000 entries (maxKeys); an answer that reaches that size may have been cut, so the table is read again
# through the paged listing. Below it one call is the read (a table holds 50 entries unless raised).
SINGLE_READ_LIMIT = 1000
# Route API errors that point at one option: (parameter, what to check), added to the failure message.
ERROR_HINTS = {
    'InvalidNexthop': (
        'next_hop_id',
        'check next_hop_type and next_hop_id: the next hop must exist in this VPC with that type',
    ),
    'InvalidSourceAddress': (
        'source_address',
        'check source_address: it must be 0.0.0.0/0 (::/0) or lie inside a subnet of the VPC',
    ),
    'InvalidDestinationAddress': ('destination_address', 'check destination_address: it must not overlap the VPC CIDR'),
    'RouteRuleExceedQuota': (None, 'the route table is at its rule quota; delete rules or have the quota raised'),
}
# Error codes matched by substring (code_matches) when no exact entry of ERROR_HINTS applies: (needles, hint).
ERROR_HINTS_BY_SUBSTRING = ((QUOTA_CODES, ERROR_HINTS['RouteRuleExceedQuota']),)


def is_not_found(exc):
    """The service says the table, VPC or rule does not exist. Only a BCE-shaped answer says that: an empty
    404 from a proxy or a wrong endpoint says nothing about the resource (see not_bce_api())."""
    return isinstance(exc, BceApiError) and exc.bce_shaped and code_matches(exc, *NOT_FOUND_CODES)


def is_rule_repeated(exc):
    """The service already holds a rule with this (source, destination) in the table."""
    return isinstance(exc, BceApiError) and exc.bce_shaped and code_matches(exc, *RULE_REPEATED_CODES)


def is_race(exc):
    """Another writer changed the table between our read and our write (the run is re-run)."""
    return is_rule_repeated(exc) or is_not_found(exc)


def hint_for(exc):
    """(parameter, hint) of an API error matched by substring, or (None, None)."""
    for needles, hint in ERROR_HINTS_BY_SUBSTRING:
        if code_matches(exc, *needles):
            return hint
    return None, None


def not_bce_api(exc, client):
    """The failure for an error that did not come from the BCE API (no JSON code, no x-bce-request-id)."""
    where = getattr(client, 'base_url', None) or 'the endpoint'
    return BceValidationError(
        'endpoint',
        '%s %s answered HTTP %s without a BCE error body or x-bce-request-id header: %s does not look like the '
        'BCE VPC API; check endpoint (or region, which selects https://bcc.<region>.baidubce.com)'
        % (exc.method or 'GET', exc.path or TABLE_PATH, exc.status, where),
    )


# -- API JSON -> rules ------------------------------------------------------------------------


def _is_system(raw):
    return raw.get('nexthopType') == SYSTEM_NEXT_HOP_TYPE or not raw.get('routeRuleId')


def _member(raw):
    return {
        'next_hop_id': raw.get('nexthopId') or '',
        'next_hop_type': raw.get('nexthopType') or '',
        'path_type': raw.get('pathType') or '',
        'route_rule_id': raw.get('routeRuleId') or '',
    }


def group_rules(raw_rules):
    """Turn the API's flat list into rules, in the order the API listed them; the entries of
    a multi-path group (same source and destination) become one rule."""
    order = []
    groups = {}
    for raw in raw_rules:
        source = cidr_facts(raw.get('sourceAddress'))[0]
        destination, version = cidr_facts(raw.get('destinationAddress'))
        multi = raw.get('pathType') in PATH_TYPES and not _is_system(raw)
        key = (source, destination)
        if multi and key in groups:
            groups[key]['members'].append(_member(raw))
            continue
        entry = {
            'raw': raw,
            'source': source,
            'destination': destination,
            'version': version,
            'members': [_member(raw)] if multi else [],
        }
        if multi:
            groups[key] = entry
        order.append(entry)
    return [_rule_of(entry) for entry in order]


def _rule_of(entry):
    raw = entry['raw']
    return make_rule(
        entry['source'],
        entry['destination'],
        entry['version'],
        raw.get('description') or '',
        raw.get('nexthopType') or '',
        raw.get('nexthopId') or '',
        entry['members'],
        raw.get('routeRuleId') or None,
        raw.get('routeTableId') or '',
        _is_system(raw),
    )


def fill_ids(after, replies):
    """The predicted rule with the ids the create (the last reply) returned (saves a re-read)."""
    created = replies[-1] if replies else None
    if after is None or not isinstance(created, dict):
        return after
    if created.get('routeRuleIds') and after['next_hops']:
        # The service answers in the order of nextHopList, which create_request built from next_hops.
        hops = [dict(hop, route_rule_id=rule_id) for hop, rule_id in zip(after['next_hops'], created['routeRuleIds'])]
        return rebuild(after, next_hops=hops + after['next_hops'][len(hops) :])
    if created.get('routeRuleId') and not after['next_hops']:
        return rebuild(after, route_rule_id=created['routeRuleId'])
    return after


# -- reads ------------------------------------------------------------------------------------


def _selector(route_table_id=None, vpc_id=None):
    return {'routeTableId': route_table_id} if route_table_id else {'vpcId': vpc_id}


def _unless_not_found(read, client):
    try:
        return read()
    except BceApiError as exc:
        if is_not_found(exc):
            return None
        if exc.status == 404 and not exc.bce_shaped:
            raise not_bce_api(exc, client)
        raise


def _own_rules(raw_rules, table_id):
    """The entries of one table: a rule that names another table is never planned against, shown or purged."""
    return [r for r in raw_rules if (r.get('routeTableId') or table_id) == table_id]


def _malformed_table(client, problem):
    # Read as an empty table, a malformed answer would have route_table create every rule again.
    return BceResponseError(
        200,
        'MalformedResponse',
        'GET %s answered a malformed route table: %s' % (TABLE_PATH, problem),
        getattr(client, 'last_request_id', None),
        'GET',
        TABLE_PATH,
    )


def read_table(client, route_table_id=None, vpc_id=None):
    """The table with its rules in one call: {route_table_id, vpc_id, name, rules}; None when it does not exist.

    By `vpc_id` this is the VPC's default route table (GET /v1/route?vpcId= answers that one); any other table
    of the VPC is read by its `route_table_id`. A table whose answer reaches SINGLE_READ_LIMIT entries is read
    again through the paged listing, by table id (a listing by VPC may hold the rules of every table)."""
    table = _unless_not_found(lambda: client.get(TABLE_PATH, _selector(route_table_id, vpc_id)), client)
    if table is None:
        return None
    table_id = table.get('routeTableId')
    raw = table.get('routeRules')
    if not table_id or not isinstance(table_id, str):
        raise _malformed_table(client, 'routeTableId is missing or not a string')
    if not isinstance(raw, list) or not all(isinstance(rule, dict) for rule in raw):
        raise _malformed_table(client, 'routeRules is missing or not a list of objects')
    if len(raw) >= SINGLE_READ_LIMIT:
        raw = _unless_not_found(lambda: client.paginate(RULE_PATH, {'routeTableId': table_id}, 'routeRules'), client)
        if raw is None:
            return None
    return {
        'route_table_id': table_id,
        'vpc_id': table.get('vpcId') or vpc_id,
        'name': table.get('name'),
        'rules': group_rules(_own_rules(raw, table_id)),
    }


def read_rules(client, route_table_id=None, vpc_id=None):
    """Every rule of a table, grouped; None when the table or VPC does not exist."""
    table = read_table(client, route_table_id, vpc_id)
    return None if table is None else table['rules']


def read_vpc(client, vpc_id):
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


# -- changes -> requests ----------------------------------------------------------------------


def create_request(rule):
    body = {
        'routeTableId': rule['route_table_id'],
        'sourceAddress': rule['source_address'],
        'destinationAddress': rule['destination_address'],
        'description': rule.get('description') or '',
    }
    if rule['next_hops']:
        body['nextHopList'] = [
            {'nexthopId': h['next_hop_id'], 'nexthopType': h['next_hop_type'], 'pathType': h['path_type']}
            for h in rule['next_hops']
        ]
    else:
        body['nexthopType'] = rule['next_hop_type']
        body['nexthopId'] = rule['next_hop_id']
    if rule['ip_version'] == 6:
        body['ipVersion'] = '6'
    return {'method': 'POST', 'path': RULE_PATH, 'body': body}


def delete_requests(rule):
    return [{'method': 'DELETE', 'path': '%s/%s' % (RULE_PATH, rid)} for rid in rule['route_rule_ids']]


def update_request(rule):
    # The whole updatable set is always sent: how the service treats a missing or empty
    # field is not documented, and an explicit value leaves no room for guessing.
    return {
        'method': 'PUT',
        'path': '%s/%s' % (RULE_PATH, rule['route_rule_id']),
        'body': {
            'sourceAddress': rule['source_address'],
            'destinationAddress': rule['destination_address'],
            'nexthopId': rule['next_hop_id'],
            'description': rule['description'] or '',
        },
    }


def switch_request(route_rule_id):
    """Make the standby of an HA pair active; sent for the member active now."""
    return {'method': 'PUT', 'path': '%s/%s' % (RULE_PATH, route_rule_id), 'query': {'switchRouteHA': ''}}


def requests_for(change):
    """The exact requests of one planned change (see _route_plan.RuleChange), in order."""
    if change.action == 'create':
        return [create_request(change.after)]
    if change.action == 'delete':
        return delete_requests(change.before)
    if change.action == 'replace':
        # Delete right before the create: the service keeps (source, destination) unique.
        return delete_requests(change.before) + [create_request(change.after)]
    if change.action == 'update':
        return [update_request(change.after)]
    if change.action == 'switch':
        return [switch_request(change.route_rule_id)]
    raise ValueError('no requests for a %r change' % change.action)


def client_token(run_nonce, request):
    """Idempotency token of one write: the same within a module run (so every retry of
    the write reuses it), different across runs (so deleting and re-creating the same
    rule later is never mistaken by the service for a replay of the first create)."""
    text = json.dumps(
        [run_nonce, request['method'], request['path'], request.get('query'), request.get('body')], sort_keys=True
    )
    return 'ansible-' + hashlib.sha256(text.encode('utf-8')).hexdigest()[:48]


def send(client, request, run_nonce):
    """Send one planned request with its deterministic client token."""
    return client.request(
        request['method'],
        request['path'],
        params=request.get('query'),
        body=request.get('body'),
        client_token=client_token(run_nonce, request),
    )
