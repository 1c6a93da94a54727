# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The next-hop verification of the modules that write rules.
    DOCUMENTATION = r'''
options:
  verify_next_hops:
    description:
      - Before the first write, and in check mode, verify that every next hop of every rule about to be written
        exists in the table's VPC with its type. A missing or foreign next hop fails the task before anything is
        written, naming the rule; a next hop in a status in which it does not route traffic (a stopped NAT gateway,
        for example) is a warning.
      - The check lists each next-hop type used once (all pages), and only when a write or a check-mode change is
        planned, so a task that changes nothing reads no next hop. Next hops of a type the service has no list API
        for are not checked.
      - BCC instances (V(custom)) are not listed per VPC (the BCC list takes C(vpcId) only with C(privateIps)); they
        are looked up by ID (C(instanceIds), 100 per call) or by name (C(instanceNames)), and their VPC is checked.
      - Only an attached elastic network interface (status V(inuse)) and a bound high-availability virtual IP
        (status V(binded)) route traffic; V(available) means detached or unbound, which is a warning.
      - Set V(false) when the credentials cannot read the list APIs of the next hops (C(GET /v1/nat), C(/v1/vpn),
        C(/v1/etGateway), C(/v1/peerconn), C(/v1/eni), C(/v1/havip), C(/v1/IPv6Gateway), C(/v2/instance)); the
        service then judges each next hop on write, and a C(route_table) task can fail after writing the rules
        planned before the bad one.
    type: bool
    default: true
'''
