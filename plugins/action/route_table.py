# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Runs baiducloud.vpc.route_table in the controller's worker, or as a module when that could change what it does."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_table import RouteTableModule
from ansible_collections.baiducloud.vpc.plugins.plugin_utils._action import BceAction


class ActionModule(BceAction):
    module_class = RouteTableModule
    module_name = 'route_table'
