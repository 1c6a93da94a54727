# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # How every route module selects the route table it works on.
    DOCUMENTATION = r'''
options:
  route_table_id:
    description:
      - ID of the route table, for example V(rt-q1zg3i8mx8p6). Any table can be selected this way, the VPC's
        default table or one of its custom route tables.
      - Exactly one of O(route_table_id) and O(vpc_id) is required.
    type: str
  vpc_id:
    description:
      - ID of the VPC whose B(default) route table is used (the one the VPC was created with, which
        C(GET /v1/route?vpcId=) returns).
      - A VPC can also hold custom route tables. Their rules are never read, shown, changed or purged through
        O(vpc_id); select a custom table with O(route_table_id).
    type: str
'''

    # The quota check of the modules that create rules.
    QUOTA = r'''
options:
  rule_quota:
    description:
      - The route table's quota of rule entries; each member of a multi-path rule is one entry, system routes are not
        counted. A plan that would grow the table past it fails before any write, in check mode too.
      - Baidu's default quota is 50 entries per table and can be raised on request. Set the quota of your table here,
        or V(0) to leave the check to the service.
    type: int
    default: 50
'''
