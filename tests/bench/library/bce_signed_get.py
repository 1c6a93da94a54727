# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The reference of tests/bench/module_path_cpu.py (issue 25 row 3): the least a module reading a route table through
the module path can do. It imports requests and the collection's signer, signs one GET /v1/route?vpcId=... and
returns the number of rules; no validation, no client, no retry. Never shipped: it lives beside the benchmark and is
found through ANSIBLE_LIBRARY."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

import requests
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.baiducloud.vpc.plugins.module_utils import _signer

PATH = '/v1/route'


def main():
    module = AnsibleModule(
        argument_spec=dict(
            endpoint=dict(type='str', required=True),
            access_key=dict(type='str', required=True),
            secret_key=dict(type='str', required=True, no_log=True),
            vpc_id=dict(type='str', required=True),
        ),
        supports_check_mode=True,
    )
    p = module.params
    params = {'vpcId': p['vpc_id']}
    now = int(time.time())
    headers = {
        'host': p['endpoint'].split('://', 1)[1].rstrip('/'),
        'content-type': 'application/json;charset=utf-8',
        'x-bce-date': _signer.format_timestamp(now),
    }
    headers['authorization'] = _signer.sign('GET', PATH, params, headers, p['access_key'], p['secret_key'], now)
    response = requests.Session().get(p['endpoint'].rstrip('/') + PATH, params=params, headers=headers, timeout=30)
    if response.status_code != 200:
        module.fail_json(msg='GET %s answered %d' % (PATH, response.status_code))
    module.exit_json(changed=False, rules=len(response.json().get('routeRules') or []))


if __name__ == '__main__':
    main()
