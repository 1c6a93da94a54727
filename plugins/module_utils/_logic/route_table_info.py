# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The logic of module route_table_info: its argument spec and its run().

The module file (plugins/modules/route_table_info.py) holds the documentation and the entry point; an in-process
executor reads the same spec and runs the same class from here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils._route_task import (
    SELECTOR_KWARGS,
    SELECTOR_SPEC,
    RouteTaskModule,
    read_table,
    with_next_hop_names,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import hop_ids, hop_types, parse_cidr, rule_result

FILTERS = ('source_address', 'destination_address', 'next_hop_type', 'next_hop_id', 'include_system')


def _matches(rule, wanted):
    return (
        (wanted['source_address'] is None or rule['source_address'] == wanted['source_address'])
        and (wanted['destination_address'] is None or rule['destination_address'] == wanted['destination_address'])
        and (wanted['next_hop_type'] is None or wanted['next_hop_type'] in hop_types(rule))
        and (wanted['next_hop_id'] is None or wanted['next_hop_id'] in hop_ids(rule))
        and (wanted['include_system'] or not rule['system'])
    )


def filters(params):
    """The filters, CIDRs in canonical form. A source given as a subnet id stays an invalid CIDR here."""
    wanted = dict((k, params[k]) for k in FILTERS)
    for name in ('source_address', 'destination_address'):
        if wanted[name] is not None:
            wanted[name] = str(parse_cidr(wanted[name], name))
    return wanted


class RouteTableInfoModule(RouteTaskModule):
    argument_spec = dict(
        SELECTOR_SPEC,
        source_address=dict(type='str'),
        destination_address=dict(type='str'),
        next_hop_type=dict(type='str'),
        next_hop_id=dict(type='str'),
        include_system=dict(type='bool', default=True),
        resolve_names=dict(type='bool', default=False),
    )
    module_kwargs = SELECTOR_KWARGS

    def run(self):
        """Read only: validate, read, filter, name the next hops if asked. No plan, no write."""
        task = self.task.begin()
        wanted = filters(self.params)
        table = read_table(task)
        if table is None:
            self.result['found'] = False
            self.result['route_table'] = None
            return
        rules = [rule for rule in table['rules'] if _matches(rule, wanted)]
        if self.params['resolve_names']:
            rules = with_next_hop_names(task, rules, table['vpc_id'])
        self.result['found'] = True
        self.result['route_table'] = dict(
            task.table_fields(table['route_table_id']), route_rules=[rule_result(r) for r in rules]
        )
