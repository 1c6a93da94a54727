# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Shared by every module.
    DOCUMENTATION = r'''
options: {}
attributes:
  check_mode:
    description: Can run in C(check_mode) and return changed status prediction without modifying target.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in C(check_mode)), when in diff mode.
'''

    # Modules that change state and support check and diff mode fully.
    STATEFUL = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - Check mode returns the same plan and the predicted result that a real run would, and sends no write.
  diff_mode:
    support: full
'''

    # Modules that change nothing.
    INFO_MODULE = r'''
options: {}
attributes:
  check_mode:
    support: full
    details:
      - This action does not modify state.
  diff_mode:
    support: N/A
    details:
      - This action does not modify state.
'''

    ACTIONGROUP_VPC = r'''
options: {}
attributes:
  action_group:
    description: Use C(group/baiducloud.vpc.vpc) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - baiducloud.vpc.vpc
'''
