# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The logic of module route_table: its argument spec and its run().

The module file (plugins/modules/route_table.py) holds the documentation and the entry point; an in-process
executor reads the same spec and runs the same class from here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils._route_task import (
    KEEP_CCE_SPEC,
    KEEP_SPEC,
    RULE_QUOTA_SPEC,
    SELECTOR_KWARGS,
    SELECTOR_SPEC,
    VERIFY_NEXT_HOPS_SPEC,
    RouteTaskModule,
    cce_warnings,
    check_unlisted,
    guard_writes,
    plan_table,
    read_back,
    read_table,
    resolve_subnets,
    write,
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


def validate(params):
    """(the desired rules, purge_scope, keep), validated and in canonical form."""
    rules = desired_rules(params['rules'])
    scope = params['purge_scope'] or {}
    for index, cidr in enumerate(scope.get('destination_addresses') or []):
        parse_cidr(cidr, 'purge_scope.destination_addresses[%d]' % index)
    keep = []
    for index, entry in enumerate(params['keep']):
        entry = dict(entry)
        if not any(v is not None for v in entry.values()):
            raise BceValidationError('keep[%d]' % index, 'keep[%d] sets no criterion; it would keep every rule' % index)
        for name in ('source_address', 'destination_address'):
            if entry.get(name) is not None:
                entry[name] = str(parse_cidr(entry[name], 'keep[%d].%s' % (index, name)))
        keep.append(entry)
    return rules, scope, keep


def by_cidrs(rule):
    """Names a rule of the table in failures: rules[source -> destination]."""
    return 'rules[%s -> %s].' % (rule['source_address'], rule['destination_address'])


def by_index(wanted):
    """Names a rule in next-hop failures: rules[k]., the index of the task's item (the rules list is what the user
    edits), or by_cidrs() for a rule the task does not list."""
    indexes = dict((rule_key(rule), index) for index, rule in enumerate(wanted))

    def prefix(rule):
        index = indexes.get(rule_key(rule))
        return by_cidrs(rule) if index is None else 'rules[%d].' % index

    return prefix


def resolve_names(task, rules):
    """The desired rules with every next_hop_name turned into an id (as given when none is named)."""
    items = task.params['rules']
    resolved = [task.next_hops.resolve_params(item, 'rules[%d].' % index) for index, item in enumerate(items)]
    if all(new is old for new, old in zip(resolved, items)):
        return rules
    return desired_rules(resolved)


class RouteTableModule(RouteTaskModule):
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

    def run(self):
        task = self.task.begin()
        wanted, scope, keep = resolve_subnets(task, validate)
        table = read_table(task)
        if table is None:
            task.fail_missing_table()
        rules = check_unlisted(task, table, by_cidrs)
        wanted = resolve_names(task, wanted)
        table_id = table['route_table_id']
        purge, keep_cce = self.params['purge'], self.params['keep_cce_routes']
        changes, after, kept = plan_table(table_id, rules, wanted, purge, scope, keep, keep_cce)
        self.warnings.extend(cce_warnings(changes))
        guard_writes(task, changes, quota=(rules, after), prefix=by_cidrs, hop_prefix=by_index(wanted))
        after = read_back(task, write(task, changes, rules, after, kept), changes)
        self.result['kept'] = kept
        self.result['route_table'] = {
            'route_table_id': table_id,
            'route_rules': [rule_result(r) for r in task.named(after)],
        }
