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
      - ID of the route table, for example V(rt-q1zg3i8mx8p6).
      - Exactly one of O(route_table_id) and O(vpc_id) is required.
    type: str
  vpc_id:
    description:
      - ID of the VPC whose route table is used (a VPC has one route table).
    type: str
'''
