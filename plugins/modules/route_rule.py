#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: route_rule
short_description: Manage one route rule of a Baidu AI Cloud VPC route table
version_added: 0.1.0
description:
  - Create, update or delete one route rule, single-path or multi-path (ECMP load balancing or primary/standby over
    dedicated-line gateways), idempotently.
  - A rule is identified by its table and its (O(source_address), O(destination_address)) pair, which the service
    keeps unique per table, or by an explicit O(route_rule_id).
  - The module reads the table, plans the exact API requests, and sends them only outside check mode. Check mode
    returns the same plan and the predicted rule, shaped exactly like a real run.
  - O(description), O(next_hop_id), O(source_address) and O(destination_address) of a single-path rule are updated
    in place. A change of O(next_hop_type), a switch between single-path and multi-path, or any change of a
    multi-path rule (the API cannot update those) replaces the rule (delete, then create); the plan names it a
    V(replace).
  - Before any write, in check mode too, the rule is checked against the VPC (source inside a subnet, destination
    outside the VPC CIDR) and its next hops are verified to exist there (O(verify_next_hops)); the VPC and its next
    hops are read only when a write is planned.
  - A next hop can be given by name (O(next_hop_name), O(next_hops[].next_hop_name)) instead of by ID.
  - Every write carries an idempotency C(clientToken), so a retried request never creates a second rule.
  - After any write the table is read back once; RV(route_rule) is the rule as the service holds it, and a
    difference from the plan (another writer changed the rule at the same time) is a warning.
  - With O(state=absent), giving O(next_hop_id) (or O(next_hops)) makes the delete owner-safe; see O(state).
author:
  - baiducloud.vpc maintainers (@baiducloud-ansible)
extends_documentation_fragment:
  - baiducloud.vpc.bce
  - baiducloud.vpc.route_table
  - baiducloud.vpc.route_table.quota
  - baiducloud.vpc.next_hops
  - baiducloud.vpc.attributes
  - baiducloud.vpc.attributes.actiongroup_vpc
  - baiducloud.vpc.attributes.stateful
options:
  route_rule_id:
    description:
      - Identify the rule by its ID (for a multi-path rule, the ID of any member) instead of by its addresses.
      - With O(state=present), an unknown ID fails; with O(state=absent), an unknown ID is not a change.
      - With this option, O(source_address) and O(destination_address) are the desired values and can be updated.
    type: str
  source_address:
    description:
      - Source CIDR. V(0.0.0.0/0) (V(::/0) for IPv6), a subnet of the VPC, or a range inside one.
      - A subnet ID (V(sbn-...)) of the same VPC stands for that subnet's CIDR (its IPv6 CIDR for an IPv6 rule);
        the subnet is read after every other option was checked, and RV(source_subnets) shows both.
      - IPv6 zone ids (V(fe80::%eth0/64)) and IPv4-mapped IPv6 ranges (inside V(::ffff:0:0/96)) fail, here and in
        O(destination_address). The service routes by plain CIDRs, and IPv4 traffic by IPv4 rules, so an
        IPv4-mapped rule would never match anything.
      - A bare address means a host route (V(10.0.0.1) is V(10.0.0.1/32)). A CIDR with host bits set fails.
      - Defaults to V(0.0.0.0/0) or V(::/0), matching the family of O(destination_address).
    type: str
  destination_address:
    description:
      - Destination CIDR. Must not overlap the VPC CIDR, except V(0.0.0.0/0).
      - Required with O(state=present), and with O(state=absent) unless O(route_rule_id) is given.
    type: str
  next_hop_type:
    description:
      - Type of the next hop of a single-path rule. Required with O(next_hop_name).
      - May be omitted when the prefix of O(next_hop_id) determines it (V(i-) custom, V(vpn-), V(nat-), V(dcgw-)
        dcGateway, V(qpif-) peerConn, V(gw-) ipv6gateway, V(eni-) enic, V(havip-)); a type that contradicts the
        prefix fails.
      - V(ipv6gateway) carries only IPv6 rules; an IPv4 rule through it fails before anything is read (check mode
        too). No source documents a type as IPv4-only, so the other types are left to the service for IPv6.
      - V(custom) is a BCC instance, V(vpn) a VPN gateway, V(nat) a NAT gateway, V(dcGateway) a dedicated-line
        gateway, V(peerConn) the local interface of a peering connection, V(ipv6gateway) an IPv6 gateway, V(enic) an
        elastic network interface, V(havip) a high-availability virtual IP and V(defaultGateway) the VPC's local
        gateway (its next hop ID may be empty; that is our assumption, from the Python SDK's docstring alone).
      - For V(peerConn) the next hop is the local interface ID of the peering (V(qpif-...)), not the peering
        connection ID (V(peerconn-...)); with O(verify_next_hops=true) a connection ID fails naming the interface ID
        to use.
      - A change of this value replaces the rule.
    type: str
    choices: [custom, dcGateway, defaultGateway, enic, havip, ipv6gateway, nat, peerConn, vpn]
  next_hop_id:
    description:
      - ID of the next hop of a single-path rule; its prefix must fit O(next_hop_type) (V(i-), V(dcgw-), V(eni-),
        V(havip-), V(gw-), V(nat-), V(qpif-), V(vpn-)).
      - With O(next_hop_type=defaultGateway) it may be empty (V("")). That the service accepts and lists such a next
        hop with an empty ID is our assumption (only the Python SDK's docstring says so).
      - Mutually exclusive with O(next_hop_name).
    type: str
  next_hop_name:
    description:
      - Name of the next hop of a single-path rule, instead of O(next_hop_id); requires O(next_hop_type).
      - Looked up in the VPC of the route table among the next hops of O(next_hop_type) (one list call for the
        type). No next hop of that name, or more than one, fails before any write, listing the candidates with
        their ID, name and status.
      - The result shows the ID it names in RV(route_rule.next_hop_id) and the name in RV(route_rule.next_hop_name).
      - Not available for next hop types the service has no list API for.
    type: str
  next_hops:
    description:
      - The next hops of a multi-path rule, at least two. Mutually exclusive with O(next_hop_type), O(next_hop_id) and
        O(next_hop_name).
      - Either all V(ecmp) (load balancing), or exactly one V(ha:active) and one V(ha:standby) (primary/standby).
      - Which member of a primary/standby pair is active is only used at creation; use
        M(baiducloud.vpc.route_switch) to change it later.
    type: list
    elements: dict
    suboptions:
      next_hop_id:
        description:
          - ID of a dedicated-line gateway (V(dcgw-...)).
          - Exactly one of O(next_hops[].next_hop_id) and O(next_hops[].next_hop_name) is required.
        type: str
      next_hop_name:
        description:
          - Name of the dedicated-line gateway, looked up in the VPC of the route table like O(next_hop_name).
        type: str
      next_hop_type:
        description: Type of the next hop; multi-path rules only take dedicated-line gateways.
        type: str
        default: dcGateway
        choices: [dcGateway]
      path_type:
        description: Role of this next hop.
        type: str
        required: true
        choices: [ecmp, 'ha:active', 'ha:standby']
  description:
    description:
      - Description, at most 200 characters, without control or format characters (Unicode categories Cc and Cf,
        line and paragraph separators).
      - Must be a string; a list or another type fails instead of being written as its text.
      - When not given, the description of an existing rule is left as it is.
    type: raw
  ip_version:
    description:
      - IP version of the rule. Inferred from the addresses; when given, it must match them.
    type: int
    choices: [4, 6]
  state:
    description:
      - V(present) makes the rule exist as described; V(absent) deletes it, every member of a multi-path rule included.
      - With V(absent) and O(next_hop_id) (or O(next_hops)), the rule is deleted only when, as read in this same
        run, it still points at exactly those next hops. A rule that points elsewhere (another task or person moved
        it) is left in place with no write; RV(left) says so and the module warns. The roles delete this way.
    type: str
    choices: [present, absent]
    default: present
notes:
  - System routes (next hop type C(sys)) are never changed; a task that targets one fails.
  - When another writer creates or deletes the same rule between this module's read and its write, the module reads
    the table again and reports the true state instead of failing.
seealso:
  - module: baiducloud.vpc.route_table_info
  - module: baiducloud.vpc.route_switch
  - module: baiducloud.vpc.route_table
'''

EXAMPLES = r'''
- name: Default route of one subnet through a NAT gateway
  baiducloud.vpc.route_rule:
    region: bj
    vpc_id: vpc-56rj0s4ha42a
    source_address: 192.168.0.0/20
    destination_address: 0.0.0.0/0
    next_hop_type: nat
    next_hop_id: nat-bdidwhwfwc6p
    description: internet egress of the app subnet

- name: On-premises range through a VPN gateway, credentials from module_defaults
  module_defaults:
    group/baiducloud.vpc.vpc:
      access_key: "{{ bce_access_key }}"
      secret_key: "{{ bce_secret_key }}"
      region: bj
  baiducloud.vpc.route_rule:
    route_table_id: rt-q1zg3i8mx8p6
    destination_address: 10.10.0.0/16
    next_hop_type: vpn
    next_hop_id: vpn-snx074964j9d

- name: Primary/standby route over two dedicated-line gateways
  baiducloud.vpc.route_rule:
    region: bj
    route_table_id: rt-q1zg3i8mx8p6
    destination_address: 172.16.0.0/12
    next_hops:
      - next_hop_id: dcgw-iiyc0ers2qx4
        path_type: ha:active
      - next_hop_id: dcgw-mh3pz5xw0n4a
        path_type: ha:standby

- name: Load-balance (ECMP) a data centre range over three dedicated-line gateways
  baiducloud.vpc.route_rule:
    region: bj
    route_table_id: rt-q1zg3i8mx8p6
    destination_address: 10.128.0.0/9
    next_hops:
      - next_hop_id: dcgw-iiyc0ers2qx4
        path_type: ecmp
      - next_hop_id: dcgw-mh3pz5xw0n4a
        path_type: ecmp
      - next_hop_id: dcgw-t7w2kq9d1c3e
        path_type: ecmp

- name: IPv6 default route through the IPv6 gateway (next_hop_type ipv6gateway, from the gw- prefix)
  baiducloud.vpc.route_rule:
    region: bj
    vpc_id: vpc-56rj0s4ha42a
    destination_address: ::/0
    next_hop_id: gw-aU5MtkOD

- name: Route a partner range through a VPN gateway and keep the result
  baiducloud.vpc.route_rule:
    region: bj
    vpc_id: vpc-56rj0s4ha42a
    destination_address: 172.31.0.0/16
    next_hop_id: vpn-snx074964j9d
    description: partner
  register: partner_route

- name: Use the registered rule in a later task (here, to delete exactly that rule by its ID)
  baiducloud.vpc.route_rule:
    region: bj
    route_table_id: "{{ partner_route.route_rule.route_table_id }}"
    route_rule_id: "{{ partner_route.route_rule.route_rule_id }}"
    # Owner-safe: deleted only if it still goes through this VPN gateway when this task reads the table.
    next_hop_id: "{{ partner_route.route_rule.next_hop_id }}"
    state: absent

- name: Default route through the NAT gateway named nat-main (the result shows its ID)
  baiducloud.vpc.route_rule:
    region: bj
    vpc_id: vpc-56rj0s4ha42a
    destination_address: 0.0.0.0/0
    source_address: 192.168.0.0/20
    next_hop_type: nat
    next_hop_name: nat-main

- name: Remove a rule by its ID
  baiducloud.vpc.route_rule:
    region: bj
    route_table_id: rt-q1zg3i8mx8p6
    route_rule_id: rr-dvq3cxpghw5e
    state: absent
'''

RETURN = r'''
route_rule:
  description:
    - The rule after the task; in check mode the predicted rule, with V(null) for IDs the service has not assigned yet.
    - V(null) when the rule is absent.
  returned: always
  type: dict
  contains:
    route_rule_id:
      description:
        - ID of the rule; for a multi-path rule, the lowest of its members' IDs, which a switch does not change.
      type: str
      sample: rr-dvq3cxpghw5e
    route_rule_ids:
      description: IDs of every member (one for a single-path rule).
      type: list
      elements: str
      sample: [rr-dvq3cxpghw5e]
    route_table_id:
      description: ID of the route table.
      type: str
      sample: rt-q1zg3i8mx8p6
    source_address:
      description: Source CIDR, canonical.
      type: str
      sample: 192.168.0.0/20
    destination_address:
      description: Destination CIDR, canonical.
      type: str
      sample: 0.0.0.0/0
    ip_version:
      description: 4 or 6.
      type: int
      sample: 4
    mode:
      description: V(single), V(ecmp) or V(ha).
      type: str
      sample: single
    next_hop_type:
      description: Next hop type of a single-path rule (V(null) for multi-path).
      type: str
      sample: nat
    next_hop_id:
      description: Next hop ID of a single-path rule (V(null) for multi-path).
      type: str
      sample: nat-bdidwhwfwc6p
    next_hop_name:
      description:
        - Name of the next hop of a single-path rule, V(null) for a multi-path rule (see the members) or when the
          service gives none.
        - Returned when the task gives a next hop by name (O(next_hop_name) or O(next_hops[].next_hop_name)), in a
          change and a no-op alike. A task that gives only IDs returns no names, so that its result does not depend
          on whether a write was verified; O(baiducloud.vpc.route_table_info#module:resolve_names=true) of
          M(baiducloud.vpc.route_table_info) returns them.
      type: str
      returned: when a next hop is given by name
      sample: nat-main
    next_hops:
      description:
        - Members of a multi-path rule, the active one first; empty for a single-path rule.
        - Each member has C(next_hop_name) when RV(route_rule.next_hop_name) is returned.
      type: list
      elements: dict
      sample:
        - next_hop_id: dcgw-iiyc0ers2qx4
          next_hop_type: dcGateway
          path_type: 'ha:active'
          route_rule_id: rr-a1b2c3d4e5f6
    description:
      description: Description of the rule.
      type: str
      sample: internet egress
    system:
      description: Always V(false) here; system routes are never managed.
      type: bool
      sample: false
source_subnets:
  description: The source addresses given as subnet IDs, with the CIDR each one stands for.
  returned: when O(source_address) is a subnet ID
  type: list
  elements: dict
  sample: [{parameter: source_address, subnet_id: sbn-emu1demo0001, source_address: 192.168.0.0/20}]
left:
  description:
    - Why a rule was not deleted although O(state=absent). It no longer points at the O(next_hop_id) or O(next_hops)
      given, as read in this run; RV(route_rule) is then the rule as it is.
  returned: when O(state=absent) found the rule pointing at other next hops
  type: str
  sample: >-
    the rule 0.0.0.0/0 -> 10.10.0.0/16 (rr-dvq3cxpghw5e) was left in place: it points at vpn-b, not at vpn-a, as read
    in this run
plan:
  description:
    - What the task does or, in check mode, would do. One item per logical change.
  returned: always
  type: list
  elements: dict
  contains:
    action:
      description: V(create), V(update), V(replace) (delete then create) or V(delete).
      type: str
      sample: update
    route_rule_id:
      description: ID of the rule changed, V(null) for a create.
      type: str
      sample: rr-dvq3cxpghw5e
    source_address:
      description: Source CIDR of the rule the item is about (its new value for a create, update or replace).
      type: str
      sample: 192.168.0.0/20
    destination_address:
      description: Destination CIDR of the rule the item is about.
      type: str
      sample: 0.0.0.0/0
    changes:
      description: Each changed field with its value before and after.
      type: dict
      sample: {description: {before: old, after: new}}
    reason:
      description: Why a change is a replace, else V(null).
      type: str
      sample: next_hop_type cannot be updated in place
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
    from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_rule import RouteRuleModule


def main():
    RouteRuleModule.ansible_main()


if __name__ == '__main__':
    main()
