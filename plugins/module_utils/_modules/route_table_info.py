# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The logic of module route_table_info: its argument spec and the hooks of the route skeleton.

The module file (plugins/modules/route_table_info.py) holds the documentation and the entry point; an in-process
executor reads the same spec and runs the same class from here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils._route_module import (
    SELECTOR_KWARGS,
    SELECTOR_SPEC,
    SKIP_NAMES_HINT,
    NextHops,
    RouteModule,
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


class RouteTableInfoModule(RouteModule):
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
    read_only = True

    def desired(self):
        """The filters, CIDRs in canonical form."""
        wanted = dict((k, self.params[k]) for k in FILTERS)
        for name in ('source_address', 'destination_address'):
            if wanted[name] is not None:
                wanted[name] = str(parse_cidr(wanted[name], name))
        return wanted

    def missing(self, desired):
        self.result['found'] = False
        self.result['route_table'] = None

    def plan(self, table_id, rules, desired):
        return [], None, [rule for rule in rules if _matches(rule, desired)]

    def finish(self, table_id, after, changes):
        table = self.read_table(table_id)
        if table is None:
            self.missing(None)
            return
        if self.params['resolve_names']:
            after = self.with_next_hop_names(after, table['vpc_id'])
        self.result['found'] = True
        self.result['route_table'] = dict(table, route_rules=[rule_result(r) for r in after])

    def with_next_hop_names(self, rules, vpc_id):
        """The rules with next_hop_name: one list call per next-hop type the rules use."""
        next_hops = NextHops(self.list_next_hops, lambda: vpc_id, self.doing)
        next_hops.list_types_of(rules, SKIP_NAMES_HINT)
        return next_hops.with_names(rules)
