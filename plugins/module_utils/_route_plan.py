# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Compare and plan: pure, no I/O, no API field names.

A plan is a list of RuleChange objects, each with the rule before and after it; check mode
and a real run share every decision here, and the tests compare plain values. The route
layer (_route_api.requests_for) turns each change into its exact requests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    ANY,
    CCE_KEEP,
    CREATE_FIELDS,
    MODE_NAMES,
    MULTI_PATH_NEXT_HOP_TYPE,
    OPTIONAL_FIELDS,
    USER_FIELDS,
    active_hop,
    applies,
    hop_ids,
    hop_types,
    make_rule,
    network,
    public_hops,
    rebuild,
    rule_key,
    rule_view,
)

WRITING_ACTIONS = ('create', 'replace', 'update')


class RuleChange(object):
    """One logical change of one rule. Describes itself for `plan`, failure messages and the diff
    header; `requests` is filled by the route layer and executed by the base module."""

    def __init__(self, action, before, after, changes, reason=None, route_rule_id=None, predicted=False):
        self.action = action
        self.before = before
        self.after = after
        self.changes = changes
        # Why the change is planned: the diff header says it for every action; the `plan` result, as documented,
        # only for a replace (why it cannot be an update).
        self.reason = reason
        self.route_rule_id = route_rule_id or (before['route_rule_id'] if before else None)
        # Check mode only: predicted from the requested state, with nothing read to send a request to.
        self.predicted = predicted
        self.requests = []

    @property
    def target(self):
        return self.after if self.after is not None else self.before

    def describe(self):
        """The item of the `plan` result (documented in route_rule's RETURN)."""
        return {
            'action': self.action,
            'route_rule_id': self.route_rule_id,
            'source_address': self.target['source_address'],
            'destination_address': self.target['destination_address'],
            'changes': self.changes,
            'reason': self.reason if self.action == 'replace' else None,
        }

    def plan_view(self):
        """What the plan token covers of this change (_plan_token.py): the action, the rule, and the rule before
        and after as normalised views, ids included (a write goes to the rule the plan was made against)."""
        return {
            'action': self.action,
            'subject': 'route rule %s -> %s' % (self.target['source_address'], self.target['destination_address']),
            'before': rule_view(self.before),
            'after': rule_view(self.after),
        }

    def _route(self, rule_id=None):
        return _route_text(self.target, rule_id or self.route_rule_id)

    def activity(self, index):
        """What request `index` does, for the failure message if it goes wrong."""
        if self.action == 'replace' and index == len(self.requests) - 1:
            # The old rule is already gone: say so, the destination is unrouted until a re-run.
            return (
                'create the replacement of %s, which was already deleted (run the task again to create it)'
                % self._route()
            )
        return '%s %s' % (self.action, self._route())

    def header(self, place=None):
        """One line for the diff header: the action, the rule, where (`place`: (route table id, VPC id), so that the
        diff of a fleet or of several tables reads alone) and why. The rule is named by its route_rule_id as every
        result and route_table_info show it (for a multi-path rule the lowest member id, see make_rule), even where
        the request goes to another member (a switch names the active one)."""
        where = ''
        if place and place[0]:
            where = ' in %s' % place[0] + (' (%s)' % place[1] if len(place) > 1 and place[1] else '')
        rule_id = self.before['route_rule_id'] if self.before else None
        return '%s %s%s: %s' % (
            _ACTION_WORDS.get(self.action, self.action),
            self._route(rule_id),
            where,
            self._reason(),
        )

    def _reason(self):
        if self.reason:
            return self.reason
        if self.action == 'create':
            return 'not in the table'
        if self.action == 'delete':
            return 'state is absent'
        return 'changes ' + ', '.join(
            '%s %s -> %s' % (field, _shown_value(value['before']), _shown_value(value['after']))
            for field, value in sorted(self.changes.items())
        )


# A replace is a delete then a create: the header says so, and that the destination is briefly unrouted.
_ACTION_WORDS = {'replace': 'replace (delete, then create; unrouted in between)'}


def _shown_value(value):
    if isinstance(value, list):
        return '[%s]' % ', '.join(
            '%s %s' % (hop['next_hop_id'], hop['path_type']) if isinstance(hop, dict) else str(hop) for hop in value
        )
    if value is None:
        return 'null'
    # Quoted when it would not read as one value otherwise (an empty description, one with spaces).
    return repr(value) if isinstance(value, str) and (not value or ' ' in value) else str(value)


def _route_text(rule, rule_id):
    """'route rule <source> -> <destination> (<id>)', as diff headers, failures and kept rules name a rule."""
    shown = ' (%s)' % rule_id if rule_id else ''
    return 'route rule %s -> %s%s' % (rule['source_address'], rule['destination_address'], shown)


def diff_view(rule):
    """A rule as a diff shows it (the modules' diff when nothing changes): rule_view(rule, ids=False)."""
    return rule_view(rule, ids=False)


def change_diff(change, place=None, named=None):
    """One change as one Ansible diff: its header line (naming `place`, (route table id, VPC id)), then the rule
    before and after, through `named` (which adds next-hop names) when given."""
    named = named or (lambda rule: rule)
    return {
        'before_header': change.header(place),
        'after_header': change.header(place),
        'before': rule_view(named(change.before), ids=False),
        'after': rule_view(named(change.after), ids=False),
    }


def kept_text(kept):
    """The unlisted rules a table plan leaves in place, one line each with the reason (a 'prepared' diff)."""
    return ''.join('kept %s: %s\n' % (_route_text(k, k['route_rule_id']), k['reason']) for k in kept)


# -- validation against the VPC (pure; the facts are read only when a write is planned) ----


def _networks(cidrs):
    return [network(cidr) for cidr in cidrs]


def check_against_vpc(rule, vpc, prefix=''):
    """Source inside a subnet (or any), destination not overlapping the VPC CIDRs."""
    source = network(rule['source_address'])
    destination = network(rule['destination_address'])
    if source.prefixlen != 0:
        subnets = [net for net in _networks(vpc['subnets']) if net.version == source.version]
        if not any(source.subnet_of(net) for net in subnets):
            raise BceValidationError(
                prefix + 'source_address',
                '%ssource_address %s must be %s or lie inside a subnet '
                'of %s (%s)'
                % (
                    prefix,
                    source,
                    ANY[source.version],
                    vpc['vpc_id'],
                    ', '.join(str(n) for n in subnets) or 'no subnets',
                ),
            )
    if destination.prefixlen != 0:
        for net in _networks(vpc['cidrs']):
            if net.version == destination.version and net.prefixlen != 0 and destination.overlaps(net):
                raise BceValidationError(
                    prefix + 'destination_address',
                    '%sdestination_address %s overlaps the CIDR %s '
                    'of %s; traffic inside the VPC is routed by its system routes'
                    % (prefix, destination, net, vpc['vpc_id']),
                )


# -- comparing --------------------------------------------------------------------------------


def _hop_set(rule, with_path_type):
    return sorted(
        (hop['next_hop_type'], hop['next_hop_id'], hop['path_type'] if with_path_type else '')
        for hop in rule['next_hops']
    )


def rule_differences(current, desired):
    """Return ({field: {before, after}}, reason-for-replace or None). `None` in desired means 'not managed'."""
    changes = {}
    for field in USER_FIELDS:
        wanted = desired.get(field.name)
        if wanted is None or not applies(field, desired):
            continue
        if current.get(field.name) != wanted:
            changes[field.name] = {'before': current.get(field.name), 'after': wanted}
    if current['mode'] != desired['mode']:
        changes['mode'] = {'before': current['mode'], 'after': desired['mode']}
        return changes, '%s cannot be turned into %s in place' % (
            MODE_NAMES[current['mode']],
            MODE_NAMES[desired['mode']],
        )
    if current.get('ip_version') != desired['ip_version']:
        changes['ip_version'] = {'before': current.get('ip_version'), 'after': desired['ip_version']}
        return changes, 'the IP version of a rule cannot be updated in place'
    if desired['mode'] == 'single':
        for field in USER_FIELDS:
            if field.name in changes and not field.updatable:
                return changes, '%s cannot be updated in place' % field.name
        return changes, None
    # Which member of an HA pair is active is route_switch's business, so it is ignored here.
    if _hop_set(current, desired['mode'] == 'ecmp') != _hop_set(desired, desired['mode'] == 'ecmp'):
        changes['next_hops'] = {'before': public_hops(current), 'after': public_hops(desired)}
        return changes, 'the members of a multi-path rule cannot be updated in place'
    if changes:
        return changes, 'multi-path rules cannot be updated in place'
    return changes, None


def _keep_active_member(current, desired):
    """When an HA pair is re-created with the same members (to change its description),
    the member active now stays active: which one is active belongs to route_switch."""
    if current['mode'] != 'ha' or desired['mode'] != 'ha' or _hop_set(current, False) != _hop_set(desired, False):
        return desired
    roles = dict((hop['next_hop_id'], hop['path_type']) for hop in current['next_hops'])
    return rebuild(desired, next_hops=[dict(hop, path_type=roles[hop['next_hop_id']]) for hop in desired['next_hops']])


def _predicted(table_id, rule, current=None):
    """The rule as it will read back; ids the service has not assigned yet are None. An optional field the task
    leaves unset takes its default, or on a replace (`current`) the current value when the field is kept."""
    unset = dict(
        (field.name, current[field.name] if current is not None and field.kept else field.default)
        for field in OPTIONAL_FIELDS
        if rule[field.name] is None
    )
    return rebuild(rule, route_table_id=table_id, **unset)


def _merged(current, desired):
    """An in-place update: the managed fields of `desired` over `current`."""
    fields = dict((f.name, desired[f.name]) for f in USER_FIELDS if desired.get(f.name) is not None)
    return rebuild(current, ip_version=desired['ip_version'], **fields)


# -- planning -----------------------------------------------------------------------------------


def _refuse_system(rule):
    if rule is not None and rule['system']:
        raise BceValidationError(
            'route_rule_id',
            'the rule %s -> %s is a system route; system routes cannot be changed or deleted' % rule_key(rule),
        )


def plan_rule(table_id, current, desired):
    """Plan one rule. Returns (changes, predicted_after)."""
    _refuse_system(current)
    if desired is None:
        if current is None:
            return [], None
        return [RuleChange('delete', current, None, {})], None
    if current is None:
        after = _predicted(table_id, desired)
        shown = rule_view(after, ids=False, fields=CREATE_FIELDS)
        return [
            RuleChange('create', None, after, dict((k, {'before': None, 'after': v}) for k, v in shown.items()))
        ], after
    changes, replace_reason = rule_differences(current, desired)
    if not changes:
        return [], current
    if replace_reason:
        after = _predicted(table_id, _keep_active_member(current, desired), current)
        return [RuleChange('replace', current, after, changes, replace_reason)], after
    after = _merged(current, desired)
    return [RuleChange('update', current, after, changes)], after


def plan_switch(rule, active_next_hop_id, parameter='active_next_hop_id', name=None):
    """Plan the switch that makes active_next_hop_id the active hop (given as `parameter`, by `name` when it was
    given by name). Returns (changes, after)."""
    given = '%s %r (%s)' % (parameter, name, active_next_hop_id) if name else '%s %r' % (parameter, active_next_hop_id)
    shown = '%s (named %r)' % (active_next_hop_id, name) if name else active_next_hop_id
    if rule['mode'] != 'ha':
        raise BceValidationError(
            'route_rule_id',
            'the rule %s -> %s is %s, not a primary/standby (HA) pair; only HA '
            'pairs can be switched' % (rule_key(rule) + (MODE_NAMES[rule['mode']],)),
        )
    members = [hop['next_hop_id'] for hop in rule['next_hops']]
    if active_next_hop_id not in members:
        raise BceValidationError(
            parameter,
            '%s is not a member of the HA pair %s -> %s (members: %s)'
            % ((given,) + rule_key(rule) + (', '.join(members),)),
        )
    current = active_hop(rule)
    if current is not None and current['next_hop_id'] == active_next_hop_id:
        return [], rule
    after = rebuild(
        rule,
        next_hops=[
            dict(hop, path_type='ha:active' if hop['next_hop_id'] == active_next_hop_id else 'ha:standby')
            for hop in rule['next_hops']
        ],
    )
    changes = {
        'active_next_hop_id': {'before': current['next_hop_id'] if current else None, 'after': active_next_hop_id}
    }
    # The request names the active member; the header names the pair by its own id, which differs when the active
    # member is not the lowest id: say which member the request goes to, so the plan item reads alongside.
    target = current['route_rule_id'] if current else rule['route_rule_id']
    now = current['next_hop_id'] if current else 'none'
    if target != rule['route_rule_id']:
        now += '; the switch request names its member %s' % target
    return [
        RuleChange(
            'switch',
            rule,
            after,
            changes,
            route_rule_id=target,
            reason='make %s the active next hop (now %s)' % (shown, now),
        )
    ], after


def predict_switch(table_id, source, destination, active_next_hop_id, name=None):
    """Check mode only: the switch of a pair the table does not hold (yet), predicted from the requested state, as
    an earlier task of the same play may create the pair (in check mode it created nothing). The standby member is
    not known: the predicted pair shows the active one. Returns (changes, after); the change sends nothing."""
    shown = '%s (named %r)' % (active_next_hop_id, name) if name else active_next_hop_id
    after = make_rule(
        source,
        destination,
        network(destination).version,
        next_hops=[
            {'next_hop_id': active_next_hop_id, 'next_hop_type': MULTI_PATH_NEXT_HOP_TYPE, 'path_type': 'ha:active'}
        ],
        route_table_id=table_id,
    )
    changes = {'active_next_hop_id': {'before': None, 'after': active_next_hop_id}}
    reason = 'make %s the active next hop (the pair does not exist yet; predicted from the requested state)' % shown
    return [RuleChange('switch', None, after, changes, reason=reason, predicted=True)], after


# -- quota ------------------------------------------------------------------------------------


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
        raise BceValidationError(
            'rule_quota',
            'the plan would leave %d rule entries in the table (%d now), more than '
            'rule_quota=%d; delete rules first, or set rule_quota to the quota Baidu granted this '
            'table (0 skips this check)' % (after, before, quota),
        )


def written_rules(plan):
    """The rules whose new values a plan sends; the ones to check against the VPC."""
    return [change.after for change in plan if change.action in WRITING_ACTIONS]


# -- a whole table ------------------------------------------------------------------------


def _keep_match(rule, matcher):
    """A rule matches a keep entry when every key the entry sets matches."""
    checks = {
        'description_prefix': (rule['description'] or '').startswith,
        'destination_address': lambda v: rule['destination_address'] == v,
        'source_address': lambda v: rule['source_address'] == v,
        'next_hop_type': lambda v: v in hop_types(rule),
        'next_hop_id': lambda v: v in hop_ids(rule),
    }
    given = [(k, v) for k, v in matcher.items() if v is not None]
    return bool(given) and all(checks[k](v) for k, v in given)


def _in_scope(rule, scope):
    destinations = scope.get('destination_addresses')
    if destinations:
        mine = network(rule['destination_address'])
        if not any(mine.version == net.version and mine.subnet_of(net) for net in _networks(destinations)):
            return False
    types = scope.get('next_hop_types')
    if types and not all(t in types for t in hop_types(rule)):
        return False
    return True


def is_cce_rule(rule):
    """Written by Baidu's Kubernetes service (CCE): its description starts with CCE's marker."""
    return rule is not None and _keep_match(rule, CCE_KEEP)


def cce_warnings(plan):
    """A warning for each change that deletes a CCE-written rule (a delete, or the delete of a replace):
    the cluster's pod routes go with it until CCE writes them again."""
    return [
        'the plan deletes %s -> %s (%s), which Kubernetes (CCE) wrote (description %r); pods routed by it lose '
        'connectivity until CCE writes it again'
        % (c.before['source_address'], c.before['destination_address'], c.route_rule_id, c.before['description'])
        for c in plan
        if c.action in ('delete', 'replace') and is_cce_rule(c.before)
    ]


def _kept_reason(rule, purge, purge_scope, keep, keep_cce_routes=True):
    if rule['system']:
        return 'system route'
    if not purge:
        return 'not listed (purge is false)'
    if keep_cce_routes and is_cce_rule(rule):
        return 'written by Kubernetes (CCE); keep_cce_routes is true'
    if any(_keep_match(rule, matcher) for matcher in keep):
        return 'matches keep'
    if purge_scope and not _in_scope(rule, purge_scope):
        return 'outside purge_scope'
    return None


def plan_table(table_id, current_rules, desired, purge=False, purge_scope=None, keep=None, keep_cce_routes=True):
    """Plan a whole table. Returns (changes, predicted_rules, kept). `keep` entries add to the protection
    of CCE-written rules, which only keep_cce_routes=False drops.

    Order: purge deletes, updates, replaces (delete right before its create, so the
    destination is unrouted as briefly as the API allows), then creates; deletes come
    first so the rule quota is never exceeded part-way."""
    index = dict((rule_key(r), r) for r in current_rules)
    wanted = set(rule_key(r) for r in desired)
    by_action = {'delete': [], 'update': [], 'replace': [], 'create': []}
    kept = []
    after_by_key = {}
    for position, rule in enumerate(desired):
        current = index.get(rule_key(rule))
        if current is not None and current['system']:
            raise BceValidationError(
                'rules[%d]' % position,
                'rules[%d]: %s -> %s is a system route of the VPC; system '
                'routes cannot be managed' % ((position,) + rule_key(rule)),
            )
        changes, after_by_key[rule_key(rule)] = plan_rule(table_id, current, rule)
        for change in changes:
            by_action[change.action].append(change)
    keep = keep or []
    for rule in current_rules:
        if rule_key(rule) in wanted:
            continue
        reason = _kept_reason(rule, purge, purge_scope, keep, keep_cce_routes)
        if reason:
            kept.append(
                {
                    'route_rule_id': rule['route_rule_id'],
                    'source_address': rule['source_address'],
                    'destination_address': rule['destination_address'],
                    'reason': reason,
                }
            )
            after_by_key[rule_key(rule)] = rule
            continue
        deletes = plan_rule(table_id, rule, None)[0]
        for change in deletes:
            change.reason = 'not in rules, and purge is true' + (' (inside purge_scope)' if purge_scope else '')
        by_action['delete'].extend(deletes)
    predicted = [after_by_key[rule_key(r)] for r in current_rules if after_by_key.get(rule_key(r)) is not None]
    predicted += [after_by_key[rule_key(r)] for r in desired if rule_key(r) not in index]
    plan = by_action['delete'] + by_action['update'] + by_action['replace'] + by_action['create']
    return plan, predicted, kept


# -- read-back ----------------------------------------------------------------------------------


def state_differences(predicted, actual):
    """How the state read back after the writes differs from the predicted one (a rule, None, or a list of
    rules), one text per rule; [] when they agree."""
    if not isinstance(predicted, list):
        predicted, actual = [r for r in [predicted] if r], [r for r in [actual] if r]
    # What a rule must be after the writes: its view without the ids the service assigns (the diff's view).
    wanted = dict((rule_key(r), rule_view(r, ids=False)) for r in predicted)
    found = dict((rule_key(r), rule_view(r, ids=False)) for r in actual)
    differences = []
    for key in sorted(set(wanted) | set(found)):
        if key not in found:
            differences.append('%s -> %s is missing' % key)
        elif key not in wanted:
            differences.append('%s -> %s is there but not planned' % key)
        elif wanted[key] != found[key]:
            fields = sorted(k for k in set(wanted[key]) | set(found[key]) if wanted[key].get(k) != found[key].get(k))
            differences.append('%s -> %s differs in %s' % (key + (', '.join(fields),)))
    return differences
