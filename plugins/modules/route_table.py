#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: route_table
short_description: Manage the rules of a Baidu AI Cloud VPC route table as one desired state
version_added: 0.1.0
description:
  - Converges the rules of a route table to O(rules) in one task, with one read of the table and one write per change.
  - Each item of O(rules) takes the keys of M(baiducloud.vpc.route_rule) and is planned exactly the same way
    (in-place update where the API allows it, replace where it does not).
  - With O(purge=true), rules that are not listed are deleted, but never system routes, never rules outside
    O(purge_scope), and never rules matching O(keep) (by default, the rules Baidu's Kubernetes service writes).
    RV(kept) lists every unlisted rule left in place and why.
  - Writes are ordered so the rule quota is never exceeded part-way (deletes first), and a replaced rule is
    re-created right after its deletion.
  - Check mode returns the full plan and the predicted table.
  - Before the first write, in check mode too, every next hop of every rule to be written is verified to exist in
    the table's VPC (O(verify_next_hops)), so a missing next hop in the third rule fails with nothing written, not
    after writing the first two. The failure names the rule by its index, for example C(rules[2].next_hop_id).
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
  rules:
    description:
      - The rules the table must have. Each (O(rules[].source_address), O(rules[].destination_address)) pair may
        appear once.
    type: list
    elements: dict
    default: []
    suboptions:
      source_address:
        description:
          - Source CIDR; defaults to V(0.0.0.0/0) (V(::/0) for IPv6 destinations).
          - A subnet ID (V(sbn-...)) of the same VPC stands for that subnet's CIDR, see M(baiducloud.vpc.route_rule);
            RV(source_subnets) shows both.
        type: str
      destination_address:
        description: Destination CIDR.
        type: str
        required: true
      next_hop_type:
        description:
          - Next hop type of a single-path rule, see M(baiducloud.vpc.route_rule).
          - May be omitted when the prefix of O(rules[].next_hop_id) determines it; a type that contradicts the
            prefix fails.
        type: str
        choices: [custom, dcGateway, defaultGateway, enic, havip, ipv6gateway, nat, peerConn, vpn]
      next_hop_id:
        description: Next hop ID of a single-path rule. Mutually exclusive with O(rules[].next_hop_name).
        type: str
      next_hop_name:
        description:
          - Name of the next hop of a single-path rule instead of its ID; requires O(rules[].next_hop_type). Looked up
            in the table's VPC; no match or several fail before any write, listing the candidates. See
            M(baiducloud.vpc.route_rule).
        type: str
      next_hops:
        description: Next hops of a multi-path rule, see M(baiducloud.vpc.route_rule).
        type: list
        elements: dict
        suboptions:
          next_hop_id:
            description:
              - ID of a dedicated-line gateway. Exactly one of O(rules[].next_hops[].next_hop_id) and
                O(rules[].next_hops[].next_hop_name) is required.
            type: str
          next_hop_name:
            description: Name of a dedicated-line gateway, looked up in the table's VPC.
            type: str
          next_hop_type:
            description: Type of the next hop.
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
          - Description; left as it is on an existing rule when not given.
          - A string (a list or another type fails) of at most 200 characters, without control or format characters.
        type: raw
      ip_version:
        description: IP version; inferred from the addresses.
        type: int
        choices: [4, 6]
  purge:
    description:
      - Whether rules that are not in O(rules) are deleted (within O(purge_scope), except O(keep) and system routes).
    type: bool
    default: false
  purge_scope:
    description:
      - Limits what O(purge=true) may delete to the rules this playbook owns. A rule is in scope when it matches
        every criterion given.
    type: dict
    suboptions:
      destination_addresses:
        description: The rule's destination lies inside one of these CIDRs.
        type: list
        elements: str
      next_hop_types:
        description: The rule's next hop type (every member's, for multi-path rules) is one of these.
        type: list
        elements: str
        choices: [custom, dcGateway, defaultGateway, enic, havip, ipv6gateway, nat, peerConn, vpn]
  keep:
    description:
      - Rules that O(purge=true) never deletes. A rule matches an entry when it matches every key the entry sets.
      - These entries add to the protection of the rules Baidu's Kubernetes service (CCE) writes; only
        O(keep_cce_routes=false) drops that.
    type: list
    elements: dict
    default: []
    suboptions:
      description_prefix:
        description: The rule's description starts with this text.
        type: str
      source_address:
        description: The rule's source CIDR is this one.
        type: str
      destination_address:
        description: The rule's destination CIDR is this one.
        type: str
      next_hop_type:
        description: The rule (or one of its members) has this next hop type.
        type: str
      next_hop_id:
        description: The rule (or one of its members) has this next hop ID.
        type: str
  keep_cce_routes:
    description:
      - Whether O(purge=true) keeps the rules Baidu's Kubernetes service (CCE) writes, recognised by a description
        that starts with V(auto generated by cce). Their reason in RV(kept) names this option.
      - Set V(false) only to clean up after a deleted cluster. Any plan that deletes a CCE-written rule (with this
        option false, or a listed rule that replaces one) warns, in check mode too.
    type: bool
    default: true
seealso:
  - module: baiducloud.vpc.route_rule
  - module: baiducloud.vpc.route_table_info
'''

EXAMPLES = r'''
- name: The routes this playbook owns, removing its own stale ones
  baiducloud.vpc.route_table:
    region: bj
    vpc_id: vpc-56rj0s4ha42a
    rules:
      - source_address: 192.168.0.0/20
        destination_address: 0.0.0.0/0
        next_hop_type: nat
        next_hop_id: nat-bdidwhwfwc6p
      - destination_address: 10.10.0.0/16
        next_hop_type: vpn
        next_hop_id: vpn-snx074964j9d
        description: on-premises
      - destination_address: 10.30.0.0/16
        next_hop_type: dcGateway
        next_hop_name: line-to-idc
    purge: true
    purge_scope:
      next_hop_types: [nat, vpn]

- name: Own the 10.0.0.0/8 routes, except the peering route another team manages (CCE routes stay too)
  baiducloud.vpc.route_table:
    region: bj
    route_table_id: rt-q1zg3i8mx8p6
    rules:
      - destination_address: 10.20.0.0/16
        next_hops:
          - next_hop_id: dcgw-iiyc0ers2qx4
            path_type: ha:active
          - next_hop_id: dcgw-mh3pz5xw0n4a
            path_type: ha:standby
    purge: true
    purge_scope:
      destination_addresses: [10.0.0.0/8]
    keep:
      - next_hop_type: peerConn
        destination_address: 10.99.0.0/16

- name: After deleting a Kubernetes cluster, let the purge remove the routes CCE wrote (each one warns)
  baiducloud.vpc.route_table:
    region: bj
    route_table_id: rt-q1zg3i8mx8p6
    rules: []
    purge: true
    purge_scope:
      destination_addresses: [172.16.0.0/16]
    keep_cce_routes: false
'''

RETURN = r'''
route_table:
  description: The table after the task (predicted in check mode, with V(null) IDs for rules not created yet).
  returned: always
  type: dict
  contains:
    route_table_id:
      description: ID of the route table.
      type: str
      sample: rt-q1zg3i8mx8p6
    route_rules:
      description:
        - Every rule, system routes included, in the shape M(baiducloud.vpc.route_rule) returns; with
          C(next_hop_name) when an item of O(rules) gives a next hop by name (then every rule whose next hop is of a
          type named so gets its name).
      type: list
      elements: dict
      sample: []
plan:
  description: The changes made (or that would be made), in the order they are sent; see M(baiducloud.vpc.route_rule).
  returned: always
  type: list
  elements: dict
  sample:
    - action: create
      route_rule_id: null
      changes: {destination_address: {before: null, after: 10.10.0.0/16}}
      reason: null
source_subnets:
  description: The source addresses given as subnet IDs, with the CIDR each one stands for.
  returned: when a source address is a subnet ID
  type: list
  elements: dict
  sample: [{parameter: 'rules[0].source_address', subnet_id: sbn-emu1demo0001, source_address: 192.168.0.0/20}]
kept:
  description: Rules in the table that are not in O(rules) and were left in place, with the reason.
  returned: always
  type: list
  elements: dict
  sample:
    - {route_rule_id: rr-k8s000000001, source_address: 0.0.0.0/0, destination_address: 172.20.0.0/24,
       reason: matches keep}
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
    from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_table import RouteTableModule


def main():
    RouteTableModule.ansible_main()


if __name__ == '__main__':
    main()
