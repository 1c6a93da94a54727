# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The route API's wire format, both ways: API JSON to rules (_rule.py) and changes to requests.

The reads, every request builder (create, update, delete, switch), the ids in the replies, `send` and the API's
error codes. The API key of each rule option is declared in its row of _rule.RULE_FIELDS; the keys of the rest
(ids, members, paths) are here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import re

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceResponseError,
    BceValidationError,
    code_matches,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    OPTIONAL_FIELDS,
    PATH_TYPES,
    WIRE_FIELDS,
    applies,
    cidr_facts,
    make_rule,
    rebuild,
)

RULE_PATH = '/v1/route/rule'
TABLE_PATH = '/v1/route'
SYSTEM_NEXT_HOP_TYPE = 'sys'
# Error codes are matched as Baidu's own CCE network driver matches them: a case-insensitive substring of
# the code (and of the message when the code only restates the HTTP status), see _errors.code_matches.
NOT_FOUND_CODES = ('NoSuchObject', 'NotFound')
RULE_REPEATED_CODES = ('RouteRuleRepeated', 'RuleRepeated')
# Not LimitExceeded alone: RequestLimitExceeded is throttling (retried by the client), not a full table.
QUOTA_CODES = ('ExceedQuota', 'QuotaLimitExceeded', 'QuotaExceeded')
# The only rule ids that may go into a request path: anything else ('/', '..', '%2f', spaces) could
# point a DELETE or PUT at another object.
RULE_ID_PATTERN = re.compile(r'^rr-[A-Za-z0-9]+$')
# The fields of a rule item that must be strings when present (null counts as absent): the ids, the keys of the
# rule options (RULE_FIELDS) and the member's path type.
RULE_STRING_FIELDS = ('routeRuleId', 'routeTableId') + tuple(field.api for field in WIRE_FIELDS) + ('pathType',)
# What every read needs of its answer, in one table so that no read goes unchecked: read name -> (the call, the key
# of the object in the answer or None for the answer itself, {field: (kind, required)}). A field that is null counts
# as absent. The kinds are checked by _KIND_CHECKS; every read of this file goes through checked_answer().
_STR, _CIDR, _CIDRS, _OBJECTS = 'a string', 'a CIDR', 'a list of CIDRs', 'a list of objects'
READ_SHAPES = {
    'route table': (
        'GET %s' % TABLE_PATH,
        None,
        {'routeTableId': (_STR, True), 'routeRules': (_OBJECTS, True), 'vpcId': (_STR, False), 'name': (_STR, False)},
    ),
    'rule item': ('GET %s' % RULE_PATH, None, dict((field, (_STR, False)) for field in RULE_STRING_FIELDS)),
    'vpc': (
        'GET /v1/vpc/{id}',
        'vpc',
        {
            'vpcId': (_STR, False),
            'cidr': (_CIDR, False),
            'secondaryCidr': (_CIDRS, False),
            'ipv6Cidr': (_CIDR, False),
            'subnets': (_OBJECTS, False),
        },
    ),
    'subnet item': ('GET /v1/subnet', None, {'cidr': (_CIDR, False), 'ipv6Cidr': (_CIDR, False)}),
    'subnet': (
        'GET /v1/subnet/{id}',
        'subnet',
        {'subnetId': (_STR, False), 'vpcId': (_STR, False), 'cidr': (_CIDR, False), 'ipv6Cidr': (_CIDR, False)},
    ),
}


def _is_cidr(value):
    return isinstance(value, str) and (value == '' or cidr_facts(value)[1] is not None)


_KIND_CHECKS = {
    _STR: lambda value: isinstance(value, str),
    _CIDR: _is_cidr,
    _CIDRS: lambda value: isinstance(value, list) and all(_is_cidr(v) and v for v in value),
    _OBJECTS: lambda value: isinstance(value, list) and all(isinstance(v, dict) for v in value),
}


def _describe(value):
    return 'null' if value is None else type(value).__name__


def shape_problem(read, answer):
    """What is wrong with an answer of a read in READ_SHAPES, or None; answer[key] when the shape names a key."""
    key, fields = READ_SHAPES[read][1:]
    found = answer.get(key) if key is not None and isinstance(answer, dict) else answer
    where = '%s ' % key if key is not None else ''
    if not isinstance(found, dict):
        if key is not None:
            return 'the answer has no %s object (%s is %s)' % (key, key, _describe(found))
        return 'it is %s, not an object' % _describe(found)
    for field, (kind, required) in sorted(fields.items()):
        value = found.get(field)
        if value is None:
            if required:
                return '%s%s is missing' % (where, field)
            continue
        if not _KIND_CHECKS[kind](value):
            return '%s%s is %s where %s was expected' % (where, field, _short(value), kind)
    return None


def _short(value):
    text = repr(value)
    return '%s %s' % (_describe(value), text if len(text) <= 60 else text[:57] + '...')


def checked_answer(client, read, answer, path):
    """The object of an answer of `read` (see READ_SHAPES), or a BceResponseError naming the call and the problem."""
    problem = shape_problem(read, answer)
    if problem:
        scrub = getattr(client, 'scrub', None) or (lambda text: text)
        raise BceResponseError(
            200,
            'MalformedResponse',
            scrub('GET %s answered a malformed %s: %s' % (path, read, problem)),
            getattr(client, 'last_request_id', None),
            'GET',
            path,
        )
    key = READ_SHAPES[read][1]
    return answer[key] if key is not None else answer


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


def _item_problem(raw):
    """What is wrong with one rule item of a listing, or None."""
    if not isinstance(raw, dict):
        return 'it is %s, not an object' % type(raw).__name__
    for field in RULE_STRING_FIELDS:
        value = raw.get(field)
        if value is not None and not isinstance(value, str):
            return '%s is %s where a string was expected' % (field, type(value).__name__)
    # The loop above is the whole shape of a rule item (READ_SHAPES['rule item']: these fields, strings when set),
    # so shape_problem() would only check each field again.
    if cidr_facts(raw.get('destinationAddress'))[1] is None:
        return 'destinationAddress %r is not a CIDR' % (raw.get('destinationAddress'),)
    if raw.get('sourceAddress') and cidr_facts(raw['sourceAddress'])[1] is None:
        return 'sourceAddress %r is not a CIDR' % (raw['sourceAddress'],)
    rule_id = raw.get('routeRuleId')
    if rule_id and not RULE_ID_PATTERN.match(rule_id):
        return 'routeRuleId %r is not a rule id (rr- and letters or digits)' % (rule_id,)
    return None


def checked_rule_items(raw_rules, call, request_id, scrub=lambda text: text):
    """The rule items of a listing, each validated before anything reads it; an item listed twice (same
    routeRuleId) is kept once, so no plan deletes one id twice. A malformed item is a BceResponseError
    naming the call, the item and the request id."""
    items = []
    seen = set()
    for index, raw in enumerate(raw_rules):
        problem = _item_problem(raw)
        if problem:
            raise BceResponseError(
                200,
                'MalformedResponse',
                scrub('%s answered a malformed rule item [%d]: %s' % (call, index, problem)),
                request_id,
                'GET',
                RULE_PATH,
            )
        rule_id = raw.get('routeRuleId')
        if rule_id:
            if rule_id in seen:
                continue
            seen.add(rule_id)
        items.append(raw)
    return items


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
    # An optional field the item leaves out (or null, or empty) reads as its default.
    optional = dict((field.name, raw.get(field.api) or field.default) for field in OPTIONAL_FIELDS)
    return make_rule(
        entry['source'],
        entry['destination'],
        entry['version'],
        next_hop_type=raw.get('nexthopType') or '',
        next_hop_id=raw.get('nexthopId') or '',
        next_hops=entry['members'],
        route_rule_id=raw.get('routeRuleId') or None,
        route_table_id=raw.get('routeTableId') or '',
        system=_is_system(raw),
        **optional,
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


def get_table(client, route_table_id=None, vpc_id=None):
    """The table with its rules in one call: {route_table_id, vpc_id, name, rules}; None when it does not exist.

    By `vpc_id` this is the VPC's default route table (GET /v1/route?vpcId= answers that one); any other table
    of the VPC is read by its `route_table_id`. A table whose answer reaches SINGLE_READ_LIMIT entries is read
    again through the paged listing, by table id (a listing by VPC may hold the rules of every table)."""
    table = _unless_not_found(lambda: client.get(TABLE_PATH, _selector(route_table_id, vpc_id)), client)
    if table is None:
        return None
    if not isinstance(table, dict) or not table.get('routeTableId') or not isinstance(table['routeTableId'], str):
        raise _malformed_table(client, 'routeTableId is missing or not a string')
    if shape_problem('route table', table):
        raise _malformed_table(client, shape_problem('route table', table))
    table_id = table.get('routeTableId')
    raw = table.get('routeRules')
    call = 'GET %s' % TABLE_PATH
    if len(raw) >= SINGLE_READ_LIMIT:
        raw = _unless_not_found(lambda: client.paginate(RULE_PATH, {'routeTableId': table_id}, 'routeRules'), client)
        if raw is None:
            return None
        call = 'GET %s' % RULE_PATH
    scrub = getattr(client, 'scrub', None) or (lambda text: text)
    raw = checked_rule_items(raw, call, getattr(client, 'last_request_id', None), scrub)
    return {
        'route_table_id': table_id,
        'vpc_id': table.get('vpcId') or vpc_id,
        'name': table.get('name'),
        'rules': group_rules(_own_rules(raw, table_id)),
    }


def get_rules(client, route_table_id=None, vpc_id=None):
    """Every rule of a table, grouped; None when the table or VPC does not exist."""
    table = get_table(client, route_table_id, vpc_id)
    return None if table is None else table['rules']


def get_vpc(client, vpc_id):
    """VPC CIDRs and subnet CIDRs, the facts rule validation needs."""
    path = '/v1/vpc/%s' % vpc_id
    vpc = checked_answer(client, 'vpc', client.get(path), path)
    subnets = vpc.get('subnets')
    if subnets is None:
        subnets = client.paginate('/v1/subnet', {'vpcId': vpc_id}, 'subnets')
    for item in subnets:
        checked_answer(client, 'subnet item', item, path if vpc.get('subnets') is not None else '/v1/subnet')
    return {
        'vpc_id': vpc.get('vpcId') or vpc_id,
        'cidrs': [c for c in [vpc.get('cidr')] + list(vpc.get('secondaryCidr') or []) + [vpc.get('ipv6Cidr')] if c],
        'subnets': [c for s in subnets for c in (s.get('cidr'), s.get('ipv6Cidr')) if c],
    }


def get_subnet(client, subnet_id):
    """{subnet_id, vpc_id, cidr, ipv6_cidr} of one subnet; None when it does not exist."""
    answer = _unless_not_found(lambda: client.get('/v1/subnet/%s' % subnet_id), client)
    if answer is None:
        return None
    subnet = checked_answer(client, 'subnet', answer, '/v1/subnet/%s' % subnet_id)
    return {
        'subnet_id': subnet.get('subnetId') or subnet_id,
        'vpc_id': subnet.get('vpcId') or '',
        'cidr': subnet.get('cidr') or '',
        'ipv6_cidr': subnet.get('ipv6Cidr') or '',
    }


# -- changes -> requests ----------------------------------------------------------------------


def _wire(rule, fields):
    """The body fields of `rule` for these rows of RULE_FIELDS (those that apply to its kind); an unset value is
    sent as the field's default."""
    return dict(
        (field.api, field.default if rule[field.name] is None else rule[field.name])
        for field in fields
        if applies(field, rule)
    )


def create_request(rule):
    body = {'routeTableId': rule['route_table_id']}
    body.update(_wire(rule, WIRE_FIELDS))
    if rule['next_hops']:
        body['nextHopList'] = [
            {'nexthopId': h['next_hop_id'], 'nexthopType': h['next_hop_type'], 'pathType': h['path_type']}
            for h in rule['next_hops']
        ]
    if rule['ip_version'] == 6:
        body['ipVersion'] = '6'
    return {'method': 'POST', 'path': RULE_PATH, 'body': body}


def rule_path(rule_id):
    """The path of one rule; only for ids of the rule id format (get_rules already refuses others)."""
    if not isinstance(rule_id, str) or not RULE_ID_PATTERN.match(rule_id):
        raise BceResponseError(
            None, 'UnsafeRuleId', 'refusing to build a request path from the rule id %r' % (rule_id,), None
        )
    return '%s/%s' % (RULE_PATH, rule_id)


def delete_requests(rule):
    return [{'method': 'DELETE', 'path': rule_path(rid)} for rid in rule['route_rule_ids']]


def update_request(rule):
    # The whole updatable set is always sent: how the service treats a missing or empty
    # field is not documented, and an explicit value leaves no room for guessing.
    body = _wire(rule, [field for field in WIRE_FIELDS if field.updatable])
    return {'method': 'PUT', 'path': rule_path(rule['route_rule_id']), 'body': body}


def switch_request(route_rule_id):
    """Make the standby of an HA pair active; sent for the member active now."""
    return {'method': 'PUT', 'path': rule_path(route_rule_id), 'query': {'switchRouteHA': ''}}


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
