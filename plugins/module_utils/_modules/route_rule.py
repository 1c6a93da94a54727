# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The logic of module route_rule: its argument spec and the hooks of the route skeleton.

The module file (plugins/modules/route_rule.py) holds the documentation and the entry point; an in-process
executor reads the same spec and runs the same class from here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils._route_module import (
    RULE_QUOTA_SPEC,
    SELECTOR_KWARGS,
    SELECTOR_SPEC,
    VERIFY_NEXT_HOPS_SPEC,
    RouteModule,
    plan_rule,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    RULE_SPEC,
    BceValidationError,
    desired_rule,
    find_rule,
    identity,
    rule_result,
)


class RouteRuleModule(RouteModule):
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
        # next_hop_type alone is refused by desired_rule(), which names both ways to give the next hop.
        required_by={'next_hop_id': 'next_hop_type', 'next_hop_name': 'next_hop_type'},
        required_if=[
            ('state', 'present', ('destination_address',)),
            ('state', 'present', ('next_hops', 'next_hop_type'), True),
            ('state', 'absent', ('route_rule_id', 'destination_address'), True),
        ],
    )

    def desired(self):
        """(desired rule or None for absent, (source, destination) identity or None when found by id)."""
        p = self.params
        rule = desired_rule(p) if p['state'] == 'present' else None
        if p['route_rule_id'] is not None and not p['route_rule_id'].strip():
            raise BceValidationError('route_rule_id', 'route_rule_id must not be empty')
        key = None if p['route_rule_id'] else identity(p['source_address'], p['destination_address'])
        return rule, key

    def resolve_names(self, desired):
        rule, key = desired
        resolved = self.next_hops.resolve_params(self.params) if rule is not None else self.params
        return desired if resolved is self.params else (desired_rule(resolved), key)

    def missing(self, desired):
        if desired[0] is not None:
            self.fail_missing_table()
        self.result['route_rule'] = None

    def plan(self, table_id, rules, desired):
        rule, key = desired
        current = self.find_current(table_id, rules, rule, key)
        if current is not None and current['system']:
            raise BceValidationError(
                'route_rule_id' if key is None else 'destination_address',
                'the rule %s -> %s is a system route; system routes cannot be changed or deleted'
                % (current['source_address'], current['destination_address']),
            )
        changes, after = plan_rule(table_id, current, rule)
        return changes, current, after

    def find_current(self, table_id, rules, rule, key):
        if key is not None:
            return find_rule(rules, *key)
        rule_id = self.params['route_rule_id']
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

    def finish(self, table_id, after, changes):
        self.result['route_rule'] = rule_result(after)
