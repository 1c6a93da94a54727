# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The live kit's guard (tools/live.sh runs it before the playbook or the probe): refuse a VPC that is in use.

The kit writes rules into the VPC's default route table, and the quota probe fills that table up to its quota; in a
VPC that carries other routes (Kubernetes node routes, a NAT egress) any other writer would then fail, and a probe
rule could take effect. So the kit runs only on a VPC whose route tables hold no custom rule it did not create itself
(a description starting with "ansible-live-", left by an earlier run), or when BAIDUCLOUD_LIVE_DEDICATED_VPC=yes says
the VPC is dedicated to this test. Reads only: GET /v1/route?vpcId= (the default table) and every page of
GET /v1/route/rule?vpcId= (which may also hold the rules of the VPC's other tables).
"""

import os
import sys

from ansible_collections.baiducloud.vpc.plugins.module_utils._client import BceClient
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceError

KIT_TAG_PREFIX = 'ansible-live-'
DEDICATED_SETTING = 'BAIDUCLOUD_LIVE_DEDICATED_VPC'
SHOWN = 5


def live_client(env):
    """The client of the live kit (guard and probe), from the settings tools/live.sh checked."""
    return BceClient(
        env['BAIDUCLOUD_ACCESS_KEY'],
        env['BAIDUCLOUD_SECRET_KEY'],
        env.get('BAIDUCLOUD_SESSION_TOKEN') or None,
        region=env.get('BAIDUCLOUD_REGION') or None,
        endpoint=env.get('BAIDUCLOUD_ENDPOINT') or None,
        timeout=30,
        retries=2,
        retry_max_delay=5.0,
    )


def foreign_rules(rules):
    """The custom rules (an id, not a system route) that the kit did not create, each listed once."""
    seen = {}
    for rule in rules:
        rule_id = rule.get('routeRuleId')
        if not rule_id or rule.get('nexthopType') == 'sys' or rule_id in seen:
            continue
        if not (rule.get('description') or '').startswith(KIT_TAG_PREFIX):
            seen[rule_id] = rule
    return list(seen.values())


def describe(rule):
    return '%s (%s -> %s via %s %s, %r)' % (
        rule.get('routeRuleId'),
        rule.get('sourceAddress'),
        rule.get('destinationAddress'),
        rule.get('nexthopType'),
        rule.get('nexthopId'),
        rule.get('description') or '',
    )


def main():
    env = os.environ
    vpc = env['BAIDUCLOUD_LIVE_VPC_ID']
    if (env.get(DEDICATED_SETTING) or '').strip().lower() in ('yes', 'true', '1'):
        sys.stdout.write(
            'live: %s=%s: %s is taken as dedicated to this test\n' % (DEDICATED_SETTING, env[DEDICATED_SETTING], vpc)
        )
        return 0
    client = live_client(env)
    try:
        table = client.get('/v1/route', {'vpcId': vpc})
        rules = list(table.get('routeRules') or []) + client.paginate('/v1/route/rule', {'vpcId': vpc}, 'routeRules')
    except BceError as exc:
        sys.stderr.write('live: refusing to run: cannot read the route tables of %s: %s\n' % (vpc, exc))
        return 2
    foreign = foreign_rules(rules)
    if not foreign:
        return 0
    shown = ', '.join(describe(rule) for rule in foreign[:SHOWN])
    more = ' and %d more' % (len(foreign) - SHOWN) if len(foreign) > SHOWN else ''
    sys.stderr.write(
        'live: refusing to run: %s is not dedicated to this test: its route tables hold %d custom rule(s) the kit did '
        'not create: %s%s. The kit writes into the default table (the quota probe fills it to its quota), which would '
        'disturb them. Use a VPC of its own, or set %s=yes if these rules may be disturbed.\n'
        % (vpc, len(foreign), shown, more, DEDICATED_SETTING)
    )
    return 2


if __name__ == '__main__':
    sys.exit(main())
