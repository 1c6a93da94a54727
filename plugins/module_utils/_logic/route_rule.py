# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The logic of module route_rule: its argument spec and its run().

The module file (plugins/modules/route_rule.py) holds the documentation and the entry point; an in-process
executor reads the same spec and runs the same class from here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils._route_task import (
    RULE_QUOTA_SPEC,
    SELECTOR_KWARGS,
    SELECTOR_SPEC,
    VERIFY_NEXT_HOPS_SPEC,
    RouteTaskModule,
    cce_warnings,
    check_unlisted,
    guard_writes,
    plan_rule,
    read_back,
    read_table,
    resolve_subnets,
    write,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    RULE_SPEC,
    BceValidationError,
    check_next_hop_id,
    desired_rule,
    find_rule,
    hop_ids,
    identity,
    rule_result,
    type_of_next_hop_id,
)


def validate(params):
    """(desired rule or None for absent, (source, destination) identity or None when found by id,
    the next-hop ids an absent rule must still point at to be deleted, or None)."""
    rule = desired_rule(params) if params['state'] == 'present' else None
    if params['route_rule_id'] is not None and not params['route_rule_id'].strip():
        raise BceValidationError('route_rule_id', 'route_rule_id must not be empty')
    key = None if params['route_rule_id'] else identity(params['source_address'], params['destination_address'])
    if rule is not None or names_next_hops(params):
        # An absent rule's next hops given by name are resolved after the read (resolve_names()).
        return rule, key, None
    return rule, key, owner_condition(params)


def names_next_hops(params):
    return bool(params.get('next_hop_name') or any(hop.get('next_hop_name') for hop in params.get('next_hops') or []))


def owner_condition(p):
    """With state=absent, next_hop_id or next_hops make the delete conditional: the sorted next-hop ids the
    rule must still have, as read in this run (another task may have moved it to another gateway)."""
    if p['next_hop_type'] and p['next_hop_id'] is None and not p['next_hops']:
        # A type alone would delete whatever the rule points at: the condition needs the next hop itself.
        raise BceValidationError(
            'next_hop_id',
            'with state=absent, next_hop_type=%s needs next_hop_id or next_hop_name: the rule is deleted only '
            'while it still points at that next hop' % p['next_hop_type'],
        )
    if p['next_hops']:
        ids = []
        for index, hop in enumerate(p['next_hops']):
            check_next_hop_id(hop['next_hop_type'], hop['next_hop_id'], 'next_hops[%d].next_hop_id' % index)
            ids.append(hop['next_hop_id'].strip())
        return sorted(ids)
    if p['next_hop_id'] is None:
        return None
    hop_type = p['next_hop_type'] or type_of_next_hop_id(p['next_hop_id'])
    if hop_type is None:
        raise BceValidationError(
            'next_hop_type',
            'next_hop_type is needed: the prefix of next_hop_id=%r does not name a next hop type' % p['next_hop_id'],
        )
    check_next_hop_id(hop_type, p['next_hop_id'], 'next_hop_id')
    return [p['next_hop_id'].strip()]


def resolve_names(task, rule, owner):
    """(rule, owner) with every next_hop_name turned into an id (the next hops of the table's VPC)."""
    resolved = task.next_hops.resolve_params(task.params)
    if rule is None:
        # state=absent by name: deleted only while the rule points at what the name resolves to now.
        return rule, owner_condition(resolved)
    return desired_rule(resolved), owner


def find_current(params, table_id, rules, rule, key):
    """The rule the task is about, as read (None when absent); a system route fails."""
    if key is not None:
        current = find_rule(rules, *key)
    else:
        current = find_by_id(params['route_rule_id'], table_id, rules, rule)
    if current is not None and current['system']:
        raise BceValidationError(
            'route_rule_id' if key is None else 'destination_address',
            'the rule %s -> %s is a system route; system routes cannot be changed or deleted'
            % (current['source_address'], current['destination_address']),
        )
    return current


def find_by_id(rule_id, table_id, rules, rule):
    current = find_rule(rules, route_rule_id=rule_id)
    if rule is None:
        return current
    if current is None:
        raise BceValidationError('route_rule_id', 'route_rule_id %s does not exist in %s' % (rule_id, table_id))
    holder = find_rule(rules, rule['source_address'], rule['destination_address'])
    if holder is not None and holder is not current:
        raise BceValidationError(
            'destination_address',
            'another rule (%s) already routes %s -> %s in %s'
            % (
                holder['route_rule_id'] or 'a system route',
                rule['source_address'],
                rule['destination_address'],
                table_id,
            ),
        )
    return current


def left_in_place(current, owner):
    """The rule no longer points at the given next hop(s): it belongs to someone else now, so no write."""
    return 'the rule %s -> %s (%s) was left in place: it points at %s, not at %s, as read in this run' % (
        current['source_address'],
        current['destination_address'],
        current['route_rule_id'],
        ', '.join(sorted(hop_ids(current))),
        ', '.join(owner),
    )


class RouteRuleModule(RouteTaskModule):
    argument_spec = dict(
        SELECTOR_SPEC,
        rule_quota=RULE_QUOTA_SPEC,
        route_rule_id=dict(type='str'),
        state=dict(type='str', default='present', choices=['present', 'absent']),
        verify_next_hops=VERIFY_NEXT_HOPS_SPEC,
        **RULE_SPEC,
    )
    module_kwargs = dict(
        required_one_of=SELECTOR_KWARGS['required_one_of'],
        mutually_exclusive=SELECTOR_KWARGS['mutually_exclusive']
        + [
            ('next_hops', 'next_hop_type'),
            ('next_hops', 'next_hop_id'),
            ('next_hops', 'next_hop_name'),
            ('next_hop_id', 'next_hop_name'),
        ],
        # next_hop_type may be left out with next_hop_id (the id's prefix determines it, see
        # _rule.type_of_next_hop_id), not with next_hop_name; next_hop_type alone is refused by desired_rule(),
        # which names both ways to give the next hop.
        required_by={'next_hop_name': 'next_hop_type'},
        required_if=[
            ('state', 'present', ('destination_address',)),
            ('state', 'present', ('next_hops', 'next_hop_id', 'next_hop_type', 'next_hop_name'), True),
            ('state', 'absent', ('route_rule_id', 'destination_address'), True),
        ],
    )

    def run(self):
        task = self.task.begin()
        rule, key, owner = resolve_subnets(task, validate)
        table = read_table(task)
        if table is None:
            if rule is not None:
                task.fail_missing_table()
            self.result['route_rule'] = None
            return
        rules = check_unlisted(task, table)
        if names_next_hops(self.params):
            rule, owner = resolve_names(task, rule, owner)
        current = find_current(self.params, table['route_table_id'], rules, rule, key)
        if owner is not None and current is not None and sorted(hop_ids(current)) != owner:
            self.result['left'] = left_in_place(current, owner)
            self.warnings.append(self.result['left'])
            changes, after = [], current
        else:
            changes, after = plan_rule(table['route_table_id'], current, rule)
        self.warnings.extend(cce_warnings(changes))
        guard_writes(task, changes, quota=(rules, [r for r in rules if r is not current] + [after]))
        after = read_back(task, write(task, changes, current, after), changes)
        self.result['route_rule'] = rule_result(task.named(after))
