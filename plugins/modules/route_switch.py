#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: route_switch
short_description: Choose the active next hop of a primary/standby route pair
version_added: 0.1.0
description:
  - Declarative primary/standby switch. O(active_next_hop_id) (or O(active_next_hop_name)) names the dedicated-line
    gateway that must carry the traffic of a primary/standby (HA) route pair.
  - When it is already active, nothing is sent and the task is unchanged. Otherwise the module sends one switch
    request for the current active member and, with O(wait=true), reads the table until the new active hop shows.
  - The pair is found by its table and (O(source_address), O(destination_address)), or by the O(route_rule_id) of
    either member.
  - In check mode, a pair that the table does not hold yet (by O(source_address) and O(destination_address)) is a
    predicted change with a warning that says so, because an earlier task of the play that creates the pair, such as
    M(baiducloud.vpc.route_rule), created nothing in check mode; the gateway must still be a dedicated-line gateway
    of the table's VPC (one list call). The prediction shows only the active member, which is all the task knows.
    Outside check mode, and for a pair given by O(route_rule_id), a missing pair fails before any write.
  - The diff header names the pair by its C(route_rule_id) (in RV(route_rule)), the ID that
    M(baiducloud.vpc.route_table_info) shows, with its table and VPC; when the switch request goes to another member
    (the active one), the header says which.
author:
  - baiducloud.vpc maintainers (@baiducloud-ansible)
extends_documentation_fragment:
  - baiducloud.vpc.bce
  - baiducloud.vpc.route_table
  - baiducloud.vpc.attributes
  - baiducloud.vpc.attributes.actiongroup_vpc
  - baiducloud.vpc.attributes.stateful
options:
  route_rule_id:
    description:
      - ID of either member of the pair. Mutually exclusive with O(destination_address).
    type: str
  source_address:
    description:
      - Source CIDR of the pair. Defaults to V(0.0.0.0/0) (V(::/0) for IPv6).
    type: str
  destination_address:
    description:
      - Destination CIDR of the pair. Required unless O(route_rule_id) is given.
    type: str
  active_next_hop_id:
    description:
      - ID of the dedicated-line gateway that must be the active (primary) next hop.
      - One of O(active_next_hop_id) and O(active_next_hop_name) is required; they are mutually exclusive.
    type: str
  active_next_hop_name:
    description:
      - Name of the dedicated-line gateway that must be the active (primary) next hop, instead of
        O(active_next_hop_id).
      - Looked up in the VPC of the route table among its dedicated-line gateways (one list call), as
        O(baiducloud.vpc.route_rule#module:next_hop_name) is. No gateway of that name, or more than one, fails before
        any write, listing the candidates with their ID, name and status.
      - The result and the diff show each member's name beside its ID (C(next_hop_name) of each member in
        RV(route_rule.next_hops)).
    type: str
  wait:
    description:
      - Whether to read the table after the switch until it shows O(active_next_hop_id) as active.
    type: bool
    default: true
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true) before failing.
    type: int
    default: 60
seealso:
  - module: baiducloud.vpc.route_rule
'''

EXAMPLES = r'''
- name: Make the backup dedicated line carry the traffic
  baiducloud.vpc.route_switch:
    region: bj
    route_table_id: rt-q1zg3i8mx8p6
    destination_address: 172.16.0.0/12
    active_next_hop_id: dcgw-mh3pz5xw0n4a

- name: The same, naming the dedicated-line gateway
  baiducloud.vpc.route_switch:
    region: bj
    route_table_id: rt-q1zg3i8mx8p6
    destination_address: 172.16.0.0/12
    active_next_hop_name: backup-line
'''

RETURN = r'''
route_rule:
  description:
    - The primary/standby pair after the task (predicted in check mode), in the shape M(baiducloud.vpc.route_rule)
      returns; C(next_hops) lists the active member first.
  returned: always
  type: dict
  sample:
    route_rule_id: rr-a1b2c3d4e5f6
    route_rule_ids: [rr-a1b2c3d4e5f6, rr-b2c3d4e5f6a1]
    source_address: 0.0.0.0/0
    destination_address: 172.16.0.0/12
    mode: ha
    next_hops:
      - {next_hop_id: dcgw-mh3pz5xw0n4a, next_hop_type: dcGateway, path_type: 'ha:active',
         route_rule_id: rr-a1b2c3d4e5f6}
      - {next_hop_id: dcgw-iiyc0ers2qx4, next_hop_type: dcGateway, path_type: 'ha:standby',
         route_rule_id: rr-b2c3d4e5f6a1}
  contains:
    next_hops:
      description:
        - The members. With O(active_next_hop_name), each member also has C(next_hop_name), the gateway's name
          (V(null) when the service gives none).
        - In check mode, for a pair that does not exist yet, only the member the task makes active, without
          C(route_rule_id).
      type: list
      elements: dict
plan:
  description:
    - The switch sent (or, in check mode, that would be sent); empty when nothing changes.
    - C(route_rule_id) is the member the switch request goes to (the active one), V(null) in check mode for a pair
      that does not exist yet.
  returned: always
  type: list
  elements: dict
  sample:
    - action: switch
      route_rule_id: rr-b2c3d4e5f6a1
      changes: {active_next_hop_id: {before: dcgw-iiyc0ers2qx4, after: dcgw-mh3pz5xw0n4a}}
plan_token:
  description:
    - A digest of exactly what the task does or, in check mode, would do, computed before any write - each planned
      change with the rule before and after it, the selected route table, the task's options; never a credential or
      a connection option. A no-op has one too.
    - The same state and the same task give the same token, in check mode and in a real run, on every execution
      path. Compared with an approved one (O(approved_plan)) before any write.
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
    from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_switch import RouteSwitchModule


def main():
    RouteSwitchModule.ansible_main()


if __name__ == '__main__':
    main()
