# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The logic of module route_table: its argument spec and the hooks of the route skeleton.

The module file (plugins/modules/route_table.py) holds the documentation and the entry point; an in-process
executor reads the same spec and runs the same class from here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils._route_module import (
    KEEP_CCE_SPEC,
    KEEP_SPEC,
    RULE_QUOTA_SPEC,
    SELECTOR_KWARGS,
    SELECTOR_SPEC,
    VERIFY_NEXT_HOPS_SPEC,
    RouteModule,
    plan_table,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    RULE_SPEC,
    NEXT_HOP_TYPES,
    BceValidationError,
    desired_rules,
    parse_cidr,
    rule_key,
    rule_result,
)


class RouteTableModule(RouteModule):
    argument_spec = dict(
        SELECTOR_SPEC,
        rule_quota=RULE_QUOTA_SPEC,
        rules=dict(
            type='list',
            elements='dict',
            default=[],
            options=dict(RULE_SPEC, destination_address=dict(type='str', required=True)),
        ),
        purge=dict(type='bool', default=False),
        purge_scope=dict(
            type='dict',
            options=dict(
                destination_addresses=dict(type='list', elements='str'),
                next_hop_types=dict(type='list', elements='str', choices=list(NEXT_HOP_TYPES)),
            ),
        ),
        keep=KEEP_SPEC,
        keep_cce_routes=KEEP_CCE_SPEC,
        verify_next_hops=VERIFY_NEXT_HOPS_SPEC,
    )
    module_kwargs = SELECTOR_KWARGS
    # The unlisted rules plan() leaves in place, with the reason; in the result from finish() and in the diff.
    kept = ()
    whole_table = True
    rule_indexes = {}

    def purge_rules(self):
        """purge_scope and keep, validated and in canonical form."""
        scope = self.params['purge_scope'] or {}
        for index, cidr in enumerate(scope.get('destination_addresses') or []):
            parse_cidr(cidr, 'purge_scope.destination_addresses[%d]' % index)
        keep = []
        for index, entry in enumerate(self.params['keep']):
            entry = dict(entry)
            if not any(v is not None for v in entry.values()):
                raise BceValidationError(
                    'keep[%d]' % index, 'keep[%d] sets no criterion; it would keep every rule' % index
                )
            for name in ('source_address', 'destination_address'):
                if entry.get(name) is not None:
                    entry[name] = str(parse_cidr(entry[name], 'keep[%d].%s' % (index, name)))
            keep.append(entry)
        return scope, keep

    def desired(self):
        rules = desired_rules(self.params['rules'])
        # The index of each rule in the task's list, by identity, to name rules[k] in messages.
        self.rule_indexes = dict((rule_key(rule), index) for index, rule in enumerate(rules))
        return rules, self.purge_rules()

    def resolve_names(self, desired):
        items = self.params['rules']
        resolved = [self.next_hops.resolve_params(item, 'rules[%d].' % index) for index, item in enumerate(items)]
        if all(new is old for new, old in zip(resolved, items)):
            return desired
        return desired_rules(resolved), desired[1]

    def next_hop_prefix(self, rule):
        # rules[k]., the index of the task's item: the rules list is what the user edits.
        index = self.rule_indexes.get(rule_key(rule))
        return self.vpc_prefix(rule) if index is None else 'rules[%d].' % index

    def plan(self, table_id, rules, desired):
        wanted, (scope, keep) = desired
        changes, predicted, self.kept = plan_table(
            table_id, rules, wanted, self.params['purge'], scope, keep, self.params['keep_cce_routes']
        )
        return changes, rules, predicted

    def table_after(self, rules, before, after):
        return after

    def state_after(self, rules, predicted, changes):
        return rules

    def vpc_prefix(self, rule):
        return 'rules[%s -> %s].' % (rule['source_address'], rule['destination_address'])

    def finish(self, table_id, after, changes):
        self.result['kept'] = self.kept
        self.result['route_table'] = {'route_table_id': table_id, 'route_rules': [rule_result(r) for r in after]}
