# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the route modules share on top of BceModule: the table selector, one read of
the table, and the VPC facts that are read only when a write is planned."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._module import BceModule
from ansible_collections.baiducloud.vpc.plugins.module_utils._route import (
    MULTI_PATH_NEXT_HOP_TYPE,
    NEXT_HOP_TYPES,
    PATH_TYPES,
    get_table,
    get_vpc,
    group_rules,
    list_rules,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._route_plan import DEFAULT_RULE_QUOTA, check_against_vpc

SELECTOR_SPEC = dict(
    route_table_id=dict(type='str'),
    vpc_id=dict(type='str'),
)
# The options that describe one rule: route_rule's, and each item of route_table's rules.
RULE_SPEC = dict(
    source_address=dict(type='str'),
    destination_address=dict(type='str'),
    next_hop_type=dict(type='str', choices=list(NEXT_HOP_TYPES)),
    next_hop_id=dict(type='str'),
    next_hops=dict(type='list', elements='dict', options=dict(
        next_hop_id=dict(type='str', required=True),
        next_hop_type=dict(type='str', default=MULTI_PATH_NEXT_HOP_TYPE, choices=[MULTI_PATH_NEXT_HOP_TYPE]),
        path_type=dict(type='str', required=True, choices=list(PATH_TYPES)),
    )),
    description=dict(type='str'),
    ip_version=dict(type='int', choices=[4, 6]),
)
RULE_QUOTA_SPEC = dict(type='int', default=DEFAULT_RULE_QUOTA)
SELECTOR_KWARGS = dict(
    required_one_of=[('route_table_id', 'vpc_id')],
    mutually_exclusive=[('route_table_id', 'vpc_id')],
)


class RouteModule(BceModule):

    def selector(self):
        table_id, vpc_id = self.params.get('route_table_id'), self.params.get('vpc_id')
        for name, value in (('route_table_id', table_id), ('vpc_id', vpc_id)):
            if value is not None and not value.strip():
                raise BceValidationError(name, '%s must not be empty' % name)
        return table_id, vpc_id

    def describe_selector(self):
        table_id, vpc_id = self.selector()
        return 'route table %s' % table_id if table_id else 'the route table of VPC %s' % vpc_id

    def read_rules(self):
        """Return (route_table_id, logical rules); (None, None) when the table or VPC does not exist."""
        table_id, vpc_id = self.selector()
        self.doing('read %s' % self.describe_selector())
        raw = list_rules(self.client, table_id, vpc_id)
        if raw is None:
            return None, None
        rules = group_rules(raw)
        if not table_id:
            table_id = next((r['route_table_id'] for r in rules if r['route_table_id']), None)
            if not table_id:
                table = get_table(self.client, vpc_id=vpc_id) or {}
                table_id = table.get('routeTableId')
        return table_id, rules

    def check_against_vpc(self, table_id, rules, prefix=lambda rule: ''):
        """Validate rules about to be written against the VPC's CIDRs and subnets (reads them)."""
        if not rules:
            return
        vpc_id = self.params.get('vpc_id')
        if not vpc_id:
            self.doing('read route table %s' % table_id)
            vpc_id = (get_table(self.client, route_table_id=table_id) or {}).get('vpcId')
        self.doing('read VPC %s' % vpc_id)
        vpc = get_vpc(self.client, vpc_id)
        for rule in rules:
            check_against_vpc(rule, vpc, prefix(rule))
