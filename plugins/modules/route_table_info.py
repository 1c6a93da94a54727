#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: route_table_info
short_description: Read the route table of a Baidu AI Cloud VPC
version_added: 0.1.0
description:
  - Reads a VPC route table and every one of its rules, paging through the API transparently.
  - Multi-path members (an ECMP group or a primary/standby pair) are grouped into one rule with O(ignore:next_hops).
  - A table or VPC that does not exist is reported with RV(found=false), not as a failure.
author:
  - baiducloud.vpc maintainers (@baiducloud-ansible)
extends_documentation_fragment:
  - baiducloud.vpc.bce
  - baiducloud.vpc.route_table
  - baiducloud.vpc.attributes
  - baiducloud.vpc.attributes.actiongroup_vpc
  - baiducloud.vpc.attributes.info_module
options:
  source_address:
    description:
      - Only rules with this source CIDR (compared in canonical form, so V(10.0.0.1) matches V(10.0.0.1/32)).
    type: str
  destination_address:
    description:
      - Only rules with this destination CIDR (canonical comparison).
    type: str
  next_hop_type:
    description:
      - Only rules with this next hop type (for multi-path rules, the type of any member).
    type: str
  next_hop_id:
    description:
      - Only rules with this next hop ID (for multi-path rules, the ID of any member).
    type: str
  include_system:
    description:
      - Whether system routes (the VPC's own local routes, read-only) are listed.
    type: bool
    default: true
  resolve_names:
    description:
      - Whether each rule also gets the name of its next hop (C(next_hop_name), on each member of a multi-path rule).
      - Costs one list call per next-hop type among the returned rules (for example C(GET /v1/nat)), in the table's
        VPC. A next hop the list does not show (deleted, or of a type without a list API such as system routes) gets
        V(null).
      - The credentials must be allowed to read those list APIs.
    type: bool
    default: false
seealso:
  - module: baiducloud.vpc.route_rule
'''

EXAMPLES = r'''
- name: Read the whole table of a VPC
  baiducloud.vpc.route_table_info:
    region: bj
    vpc_id: vpc-56rj0s4ha42a

- name: Find the default routes through NAT gateways
  baiducloud.vpc.route_table_info:
    region: bj
    route_table_id: rt-q1zg3i8mx8p6
    destination_address: 0.0.0.0/0
    next_hop_type: nat
    include_system: false

- name: Every rule with the names of its next hops
  baiducloud.vpc.route_table_info:
    region: bj
    vpc_id: vpc-56rj0s4ha42a
    resolve_names: true
'''

RETURN = r'''
found:
  description: Whether the route table (or VPC) exists.
  returned: always
  type: bool
  sample: true
route_table:
  description: The route table, with the rules that pass the filters; V(null) when it does not exist.
  returned: always
  type: dict
  contains:
    route_table_id:
      description: ID of the route table.
      type: str
      sample: rt-q1zg3i8mx8p6
    vpc_id:
      description: ID of the VPC.
      type: str
      sample: vpc-56rj0s4ha42a
    name:
      description: Name of the route table.
      type: str
      sample: default
    route_rules:
      description:
        - The rules, in the order the API lists them. Each has the keys that M(baiducloud.vpc.route_rule) returns
          (C(route_rule_id), C(route_rule_ids), C(source_address), C(destination_address), C(ip_version), C(mode),
          C(next_hop_type), C(next_hop_id), C(next_hops), C(description)), plus C(system), true for read-only
          system routes.
        - With O(resolve_names=true), also C(next_hop_name) (on each member of a multi-path rule).
      type: list
      elements: dict
      sample:
        - route_rule_id: rr-psj2t3mbqhmq
          route_rule_ids: [rr-psj2t3mbqhmq]
          route_table_id: rt-q1zg3i8mx8p6
          source_address: 192.168.0.0/20
          destination_address: 0.0.0.0/0
          ip_version: 4
          mode: single
          next_hop_type: nat
          next_hop_id: nat-byqr8xwnbh2e
          next_hops: []
          description: ''
          system: false
plan_token:
  description:
    - The plan token every module of the collection returns (see baiducloud.vpc.route_rule); this module reads only,
      so its plan has no change and the token covers the selected route table and the task's options.
    - A task under an approved plan (O(approved_plan)) runs only if its token is the approved one.
  returned: always, unless the task failed before it planned
  type: str
  sample: bp1-4c2f0e9a7d1b3c5e8f60a2b4c6d8e0f1
plan_record:
  description:
    - What the token covers, kept with an approved plan to explain a later mismatch. The action plugin publishes
      it as custom stats (C(baiducloud_approved_plans)) when the variable C(baiducloud_plan) is C(record) in check mode.
  returned: when O(record_plan=true)
  type: dict
  contains:
    token:
      description: The plan token (RV(plan_token)).
      type: str
    module:
      description: The logic that planned it.
      type: str
    scope:
      description: What the plan was made on, C({route_table_id}).
      type: dict
    options:
      description: A 12-digit digest of each option that shapes the plan (never its value).
      type: dict
    changes:
      description: The first 50 planned changes, each C({action, subject, before, after}) with the rule views.
      type: list
      elements: dict
    count:
      description: How many changes the plan has.
      type: int
'''

from ansible_collections.baiducloud.vpc.plugins.module_utils._gc_pause import paused_gc

# Without the collector walking what the imports make (4 to 8 percent of their CPU, see _gc_pause.py).
with paused_gc():
    from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_table_info import RouteTableInfoModule


def main():
    RouteTableInfoModule.ansible_main()


if __name__ == '__main__':
    main()
