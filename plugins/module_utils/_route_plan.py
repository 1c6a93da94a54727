# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure planning of route changes: validate desired rules, compare, and decide the
exact API requests. No client and no I/O here, so check mode and a real run share
every decision and the tests compare plain values.

A plan is a list of items {action, route_rule_id, changes, reason, requests}; the
requests are exactly what a real run sends, in order.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import copy
import ipaddress

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._route import (
    MULTI_PATH_NEXT_HOP_TYPE,
    NEXT_HOP_ID_PREFIXES,
    NEXT_HOP_TYPES,
    PATH_TYPES,
    RULE_PATH,
    finish_rule,
    network,
)

DESCRIPTION_MAX = 200
MODE_NAMES = {'single': 'a single-path rule', 'ecmp': 'an ECMP rule', 'ha': 'a primary/standby (HA) pair', 'system': 'a system route'}
ANY = {4: '0.0.0.0/0', 6: '::/0'}
# Parsed once: the default source of every rule that does not set one.
_ANY_NETWORKS = dict((version, ipaddress.ip_network(cidr)) for version, cidr in ANY.items())
# Fields compared between a rule and its desired state, in display order.
SINGLE_FIELDS = ('source_address', 'destination_address', 'next_hop_type', 'next_hop_id', 'description')


# -- validation of user input (no reads) ---------------------------------------------------

def parse_cidr(value, parameter):
    text = value.strip() if isinstance(value, str) else value
    if not text:
        raise BceValidationError(parameter, '%s must be a CIDR such as 10.0.0.0/8, got an empty value' % parameter)
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError:
        try:
            network = ipaddress.ip_network(text, strict=False)
        except ValueError:
            raise BceValidationError(parameter, '%s=%r is not a valid IPv4 or IPv6 CIDR' % (parameter, value))
        raise BceValidationError(parameter, '%s=%r has host bits set; the network address is %s' % (parameter, value, network))


def check_next_hop_id(next_hop_type, next_hop_id, parameter):
    if not next_hop_id or not next_hop_id.strip():
        raise BceValidationError(parameter, '%s must not be empty' % parameter)
    prefix = NEXT_HOP_ID_PREFIXES[next_hop_type]
    if not next_hop_id.startswith(prefix):
        raise BceValidationError(parameter, '%s=%r does not look like a %s next hop: its id must start with %r'
                                 % (parameter, next_hop_id, next_hop_type, prefix))


def check_description(description, parameter='description'):
    if description is None:
        return
    if len(description) > DESCRIPTION_MAX:
        raise BceValidationError(parameter, '%s must be at most %d characters, got %d' % (parameter, DESCRIPTION_MAX, len(description)))
    if any(ord(char) < 32 or ord(char) == 127 for char in description):
        raise BceValidationError(parameter, '%s must not contain control characters (newline, tab, ...)' % parameter)


def _next_hops(hops, prefix):
    if len(hops) < 2:
        raise BceValidationError(prefix, '%s needs at least two entries for a multi-path rule (use next_hop_type/next_hop_id for one)' % prefix)
    result = []
    for index, hop in enumerate(hops):
        where = '%s[%d]' % (prefix, index)
        hop_type = hop.get('next_hop_type') or MULTI_PATH_NEXT_HOP_TYPE
        if hop_type != MULTI_PATH_NEXT_HOP_TYPE:
            raise BceValidationError(where + '.next_hop_type', '%s.next_hop_type must be dcGateway: multi-path rules only take '
                                     'dedicated-line gateways, got %r' % (where, hop_type))
        if hop.get('path_type') not in PATH_TYPES:
            raise BceValidationError(where + '.path_type', '%s.path_type must be one of %s, got %r' % (where, ', '.join(PATH_TYPES), hop.get('path_type')))
        check_next_hop_id(hop_type, hop.get('next_hop_id'), where + '.next_hop_id')
        result.append({'next_hop_id': hop['next_hop_id'].strip(), 'next_hop_type': hop_type, 'path_type': hop['path_type']})
    ids = [hop['next_hop_id'] for hop in result]
    if len(set(ids)) != len(ids):
        raise BceValidationError(prefix, '%s lists the same next_hop_id twice' % prefix)
    kinds = sorted(hop['path_type'] for hop in result)
    if kinds != ['ecmp'] * len(kinds) and kinds != ['ha:active', 'ha:standby']:
        raise BceValidationError(prefix, '%s must be all path_type ecmp (load balancing), or exactly one ha:active and one ha:standby '
                                 '(primary/standby), got %s' % (prefix, ', '.join(kinds)))
    return result


def desired_rule(params, prefix=''):
    """Validate the rule options of route_rule (or one item of route_table's rules) and return
    the desired rule in the normalised shape. `prefix` names the item in messages."""
    destination = parse_cidr(params.get('destination_address'), prefix + 'destination_address')
    version = destination.version
    source_value = params.get('source_address')
    source = parse_cidr(source_value, prefix + 'source_address') if source_value is not None else _ANY_NETWORKS[version]
    if source.version != version:
        raise BceValidationError(prefix + 'source_address', '%s (%s) and %s (%s) must be both IPv4 or both IPv6'
                                 % (prefix + 'source_address', source, prefix + 'destination_address', destination))
    if params.get('ip_version') is not None and int(params['ip_version']) != version:
        raise BceValidationError(prefix + 'ip_version', '%s=%s does not match the IPv%d addresses given'
                                 % (prefix + 'ip_version', params['ip_version'], version))
    description = params.get('description')
    check_description(description, prefix + 'description')
    rule = {
        'source_address': str(source),
        'destination_address': str(destination),
        'ip_version': version,
        'description': description,
        'system': False,
        'next_hop_type': None,
        'next_hop_id': None,
        'next_hops': [],
        'route_rule_id': None,
    }
    if params.get('next_hops'):
        if params.get('next_hop_type') or params.get('next_hop_id'):
            raise BceValidationError(prefix + 'next_hops', '%s is mutually exclusive with next_hop_type/next_hop_id' % prefix + 'next_hops')
        rule['next_hops'] = [dict(hop, route_rule_id=None) for hop in _next_hops(params['next_hops'], prefix + 'next_hops')]
    else:
        hop_type = params.get('next_hop_type')
        if hop_type not in NEXT_HOP_TYPES:
            if not hop_type:
                raise BceValidationError(prefix + 'next_hop_type', 'a present rule needs next_hop_type and next_hop_id, or next_hops')
            raise BceValidationError(prefix + 'next_hop_type', '%s must be one of %s, got %r' % (prefix + 'next_hop_type', ', '.join(NEXT_HOP_TYPES), hop_type))
        check_next_hop_id(hop_type, params.get('next_hop_id'), prefix + 'next_hop_id')
        rule['next_hop_type'] = hop_type
        rule['next_hop_id'] = params['next_hop_id'].strip()
    return finish_rule(rule)


# -- validation against the VPC (pure; the facts are read only when a write is planned) ----

def _networks(cidrs):
    return [network(cidr) for cidr in cidrs]


def check_against_vpc(rule, vpc, prefix=''):
    """Source inside a subnet (or any), destination not overlapping the VPC CIDRs."""
    source = ipaddress.ip_network(rule['source_address'])
    destination = ipaddress.ip_network(rule['destination_address'])
    if source.prefixlen != 0:
        subnets = [net for net in _networks(vpc['subnets']) if net.version == source.version]
        if not any(source.subnet_of(net) for net in subnets):
            raise BceValidationError(prefix + 'source_address', '%ssource_address %s must be %s or lie inside a subnet of %s (%s)' % (
                prefix, source, ANY[source.version], vpc['vpc_id'], ', '.join(str(n) for n in subnets) or 'no subnets'))
    if destination.prefixlen != 0:
        for net in _networks(vpc['cidrs']):
            if net.version == destination.version and net.prefixlen != 0 and destination.overlaps(net):
                raise BceValidationError(prefix + 'destination_address', '%sdestination_address %s overlaps the CIDR %s of %s; '
                                         'traffic inside the VPC is routed by its system routes' % (prefix, destination, net, vpc['vpc_id']))


# -- comparing and planning ----------------------------------------------------------------

def _hop_set(rule, with_path_type):
    return sorted((hop['next_hop_type'], hop['next_hop_id'], hop['path_type'] if with_path_type else '') for hop in rule['next_hops'])


def rule_differences(current, desired):
    """Return ({field: {before, after}}, reason-for-replace or None). `None` in desired means 'not managed'."""
    changes = {}
    for field in SINGLE_FIELDS:
        wanted = desired.get(field)
        if wanted is None or (desired['mode'] != 'single' and field in ('next_hop_type', 'next_hop_id')):
            continue
        if current.get(field) != wanted:
            changes[field] = {'before': current.get(field), 'after': wanted}
    if current['mode'] != desired['mode']:
        changes['mode'] = {'before': current['mode'], 'after': desired['mode']}
        return changes, '%s cannot be turned into %s in place' % (MODE_NAMES[current['mode']], MODE_NAMES[desired['mode']])
    if current.get('ip_version') != desired['ip_version']:
        changes['ip_version'] = {'before': current.get('ip_version'), 'after': desired['ip_version']}
        return changes, 'the IP version of a rule cannot be updated in place'
    if desired['mode'] == 'single':
        if 'next_hop_type' in changes:
            return changes, 'next_hop_type cannot be updated in place'
        return changes, None
    # Which member of an HA pair is active is route_switch's business, so it is ignored here.
    if _hop_set(current, desired['mode'] == 'ecmp') != _hop_set(desired, desired['mode'] == 'ecmp'):
        changes['next_hops'] = {'before': _public_hops(current), 'after': _public_hops(desired)}
        return changes, 'the members of a multi-path rule cannot be updated in place'
    if changes:
        return changes, 'multi-path rules cannot be updated in place'
    return changes, None


def keep_active_member(current, desired):
    """When an HA pair is re-created with the same members (to change its description),
    the member active now stays active: which one is active belongs to route_switch."""
    if current['mode'] != 'ha' or desired['mode'] != 'ha' or _hop_set(current, False) != _hop_set(desired, False):
        return desired
    roles = dict((hop['next_hop_id'], hop['path_type']) for hop in current['next_hops'])
    kept = copy.deepcopy(desired)
    for hop in kept['next_hops']:
        hop['path_type'] = roles[hop['next_hop_id']]
    return finish_rule(kept)


def _public_hops(rule):
    return [dict((k, hop[k]) for k in ('next_hop_id', 'next_hop_type', 'path_type')) for hop in rule['next_hops']]


def create_request(table_id, rule):
    body = {
        'routeTableId': table_id,
        'sourceAddress': rule['source_address'],
        'destinationAddress': rule['destination_address'],
        'description': rule.get('description') or '',
    }
    if rule['next_hops']:
        body['nextHopList'] = [{'nexthopId': h['next_hop_id'], 'nexthopType': h['next_hop_type'], 'pathType': h['path_type']}
                               for h in rule['next_hops']]
    else:
        body['nexthopType'] = rule['next_hop_type']
        body['nexthopId'] = rule['next_hop_id']
    if rule['ip_version'] == 6:
        body['ipVersion'] = '6'
    return {'method': 'POST', 'path': RULE_PATH, 'body': body}


def delete_requests(rule):
    return [{'method': 'DELETE', 'path': '%s/%s' % (RULE_PATH, rid)} for rid in rule['route_rule_ids']]


def update_request(rule_id, merged):
    # The whole updatable set is always sent: how the service treats a missing or empty
    # field is not documented, and an explicit value leaves no room for guessing.
    return {'method': 'PUT', 'path': '%s/%s' % (RULE_PATH, rule_id), 'body': {
        'sourceAddress': merged['source_address'],
        'destinationAddress': merged['destination_address'],
        'nexthopId': merged['next_hop_id'],
        'description': merged['description'] or '',
    }}


def predicted_rule(table_id, rule, current=None):
    """The rule as it will read back; ids the service has not assigned yet are None."""
    result = copy.deepcopy(rule)
    result['route_table_id'] = table_id
    if result.get('description') is None:
        result['description'] = current['description'] if current else ''
    return finish_rule(result)


def merge(current, desired):
    merged = copy.deepcopy(current)
    for field in SINGLE_FIELDS:
        if desired.get(field) is not None:
            merged[field] = desired[field]
    merged['ip_version'] = desired['ip_version']
    return merged


def _item(action, current, after, changes, requests, reason=None):
    target = after if after is not None else current
    return {'action': action, 'route_rule_id': current['route_rule_id'] if current else None,
            'source_address': target['source_address'], 'destination_address': target['destination_address'],
            'changes': changes, 'reason': reason, 'requests': requests}


def plan_rule(table_id, current, desired):
    """Plan one logical rule. Returns (plan, predicted_after)."""
    if current is not None and current['system']:
        raise BceValidationError('route_rule_id', 'the rule %s -> %s is a system route; system routes cannot be changed or deleted'
                                 % (current['source_address'], current['destination_address']))
    if desired is None:
        if current is None:
            return [], None
        return [_item('delete', current, None, {}, delete_requests(current))], None
    if current is None:
        after = predicted_rule(table_id, desired)
        changes = dict((k, {'before': None, 'after': v}) for k, v in _shown(after).items())
        return [_item('create', None, after, changes, [create_request(table_id, after)])], after
    changes, replace_reason = rule_differences(current, desired)
    if not changes:
        return [], current
    if replace_reason:
        after = predicted_rule(table_id, keep_active_member(current, desired), current)
        return [_item('replace', current, after, changes, delete_requests(current) + [create_request(table_id, after)],
                      replace_reason)], after
    merged = finish_rule(merge(current, desired))
    return [_item('update', current, merged, changes, [update_request(current['route_rule_id'], merged)])], merged


def _shown(rule):
    shown = dict((k, rule[k]) for k in ('source_address', 'destination_address', 'description'))
    if rule['next_hops']:
        shown['next_hops'] = _public_hops(rule)
    else:
        shown['next_hop_type'] = rule['next_hop_type']
        shown['next_hop_id'] = rule['next_hop_id']
    return shown


WRITING_ACTIONS = ('create', 'replace', 'update')


DEFAULT_RULE_QUOTA = 50


def entries(rules):
    """Rule entries the service counts against the quota: one per single-path rule, one per
    member of a multi-path rule; system routes are not counted."""
    return sum(len(rule['next_hops']) or 1 for rule in rules if rule is not None and not rule['system'])


def check_quota(before_rules, after_rules, quota):
    """Fail before any write when a plan would grow the table past its quota (0: no check)."""
    if quota < 0:
        raise BceValidationError('rule_quota', 'rule_quota must be 0 (no check) or more, got %d' % quota)
    before, after = entries(before_rules), entries(after_rules)
    if quota and after > before and after > quota:
        raise BceValidationError('rule_quota', 'the plan would leave %d rule entries in the table (%d now), more than rule_quota=%d; '
                                 'delete rules first, or set rule_quota to the quota Baidu granted this table (0 skips this check)'
                                 % (after, before, quota))


def written_rules(plan, rules):
    """The rules (from `rules`, the predicted state) whose new values a plan sends; the
    ones to check against the VPC."""
    by_key = dict(((r['source_address'], r['destination_address']), r) for r in rules if r is not None)
    return [by_key[(i['source_address'], i['destination_address'])] for i in plan if i['action'] in WRITING_ACTIONS]


# -- primary/standby switch ---------------------------------------------------------------

def active_hop(rule):
    for hop in rule['next_hops']:
        if hop['path_type'] == 'ha:active':
            return hop
    return None


def plan_switch(rule, active_next_hop_id):
    """Plan the switch that makes active_next_hop_id the active hop. Returns (plan, after)."""
    if rule['mode'] != 'ha':
        raise BceValidationError('route_rule_id', 'the rule %s -> %s is %s, not a primary/standby (HA) pair; only HA pairs can be switched'
                                 % (rule['source_address'], rule['destination_address'], MODE_NAMES[rule['mode']]))
    members = [hop['next_hop_id'] for hop in rule['next_hops']]
    if active_next_hop_id not in members:
        raise BceValidationError('active_next_hop_id', 'active_next_hop_id %r is not a member of the HA pair %s -> %s (members: %s)'
                                 % (active_next_hop_id, rule['source_address'], rule['destination_address'], ', '.join(members)))
    current = active_hop(rule)
    if current is not None and current['next_hop_id'] == active_next_hop_id:
        return [], rule
    after = copy.deepcopy(rule)
    for hop in after['next_hops']:
        hop['path_type'] = 'ha:active' if hop['next_hop_id'] == active_next_hop_id else 'ha:standby'
    after = finish_rule(after)
    active_rule_id = current['route_rule_id'] if current else rule['route_rule_id']
    return [{'action': 'switch', 'route_rule_id': active_rule_id,
             'source_address': rule['source_address'], 'destination_address': rule['destination_address'],
             'changes': {'active_next_hop_id': {'before': current['next_hop_id'] if current else None, 'after': active_next_hop_id}},
             'reason': None,
             'requests': [{'method': 'PUT', 'path': '%s/%s' % (RULE_PATH, active_rule_id), 'query': {'switchRouteHA': ''}}]}], after


def fill_ids(after, item_responses):
    """Put the IDs a create returned into the predicted rule (saves a re-read of the table)."""
    created = item_responses[-1] if item_responses else None
    if after is None or not isinstance(created, dict):
        return after
    if created.get('routeRuleIds') and after['next_hops']:
        # The service answers in the order of nextHopList, which create_request built from next_hops.
        for hop, rule_id in zip(after['next_hops'], created['routeRuleIds']):
            hop['route_rule_id'] = rule_id
    elif created.get('routeRuleId') and not after['next_hops']:
        after['route_rule_id'] = created['routeRuleId']
    return finish_rule(after)


# -- a whole table ------------------------------------------------------------------------

CCE_KEEP = {'description_prefix': 'auto generated by cce'}


def _keep_match(rule, matcher):
    """A rule matches a keep entry when every key the entry sets matches."""
    checks = {
        'description_prefix': (rule['description'] or '').startswith,
        'destination_address': lambda v: rule['destination_address'] == v,
        'source_address': lambda v: rule['source_address'] == v,
        'next_hop_type': lambda v: v in [rule['next_hop_type']] + [h['next_hop_type'] for h in rule['next_hops']],
        'next_hop_id': lambda v: v in [rule['next_hop_id']] + [h['next_hop_id'] for h in rule['next_hops']],
    }
    given = [(k, v) for k, v in matcher.items() if v is not None]
    return bool(given) and all(checks[k](v) for k, v in given)


def _in_scope(rule, scope):
    destinations = scope.get('destination_addresses')
    if destinations:
        mine = ipaddress.ip_network(rule['destination_address'])
        if not any(mine.version == net.version and mine.subnet_of(net) for net in _networks(destinations)):
            return False
    types = scope.get('next_hop_types')
    if types:
        hop_types = [rule['next_hop_type']] if rule['mode'] == 'single' else [h['next_hop_type'] for h in rule['next_hops']]
        if not all(t in types for t in hop_types):
            return False
    return True


def desired_rules(items):
    """Validate route_table's rules list; duplicate identities fail before anything is read."""
    rules = []
    seen = {}
    for index, item in enumerate(items):
        prefix = 'rules[%d].' % index
        rule = desired_rule(item, prefix)
        key = (rule['source_address'], rule['destination_address'])
        if key in seen:
            raise BceValidationError('rules', 'rules[%d] and rules[%d] both route %s -> %s; each (source_address, '
                                     'destination_address) pair may appear once' % (seen[key], index, key[0], key[1]))
        seen[key] = index
        rules.append(rule)
    return rules


def plan_table(table_id, current_rules, desired, purge=False, purge_scope=None, keep=None):
    """Plan a whole table. Returns (plan, predicted_rules, kept).

    Order: purge deletes, updates, replaces (delete right before its create, so the
    destination is unrouted as briefly as the API allows), then creates; deletes come
    first so the rule quota is never exceeded part-way."""
    index = dict(((r['source_address'], r['destination_address']), r) for r in current_rules)
    wanted = set((r['source_address'], r['destination_address']) for r in desired)
    deletes, updates, replaces, creates, kept = [], [], [], [], []
    after_by_key = {}
    for position, rule in enumerate(desired):
        key = (rule['source_address'], rule['destination_address'])
        current = index.get(key)
        if current is not None and current['system']:
            raise BceValidationError('rules[%d]' % position, 'rules[%d]: %s -> %s is a system route of the VPC; system routes cannot be managed'
                                     % ((position,) + key))
        items, after = plan_rule(table_id, current, rule)
        after_by_key[key] = after
        for item in items:
            {'update': updates, 'replace': replaces, 'create': creates}[item['action']].append(item)
    keep = [CCE_KEEP] if keep is None else keep
    for rule in current_rules:
        key = (rule['source_address'], rule['destination_address'])
        if key in wanted:
            continue
        reason = None
        if rule['system']:
            reason = 'system route'
        elif not purge:
            reason = 'not listed (purge is false)'
        elif any(_keep_match(rule, matcher) for matcher in keep):
            reason = 'matches keep'
        elif purge_scope and not _in_scope(rule, purge_scope):
            reason = 'outside purge_scope'
        if reason:
            kept.append({'route_rule_id': rule['route_rule_id'], 'source_address': key[0], 'destination_address': key[1],
                         'reason': reason})
            after_by_key[key] = rule
            continue
        deletes.extend(plan_rule(table_id, rule, None)[0])
    predicted = [after_by_key[(r['source_address'], r['destination_address'])] for r in current_rules
                 if after_by_key.get((r['source_address'], r['destination_address'])) is not None]
    predicted += [after_by_key[(r['source_address'], r['destination_address'])] for r in desired
                  if (r['source_address'], r['destination_address']) not in index]
    return deletes + updates + replaces + creates, predicted, kept


def table_view(rules):
    """Sorted, stable view of a table for diff output."""
    def shown(rule):
        view = _shown(rule)
        view['route_rule_id'] = rule['route_rule_id']
        view['system'] = rule['system']
        return view
    return {'route_rules': sorted((shown(r) for r in rules), key=lambda v: (v['destination_address'], v['source_address']))}
