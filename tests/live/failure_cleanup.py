# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make live-emulator`: the live playbook cleans up after a failure too.

Against the emulator (BAIDUCLOUD_EMULATOR_URL): every update fails (a persistent 500), so the playbook fails in the
middle; afterwards no rule carries a live tag and every fixture rule is still there.
usage: python -m tests.live.failure_cleanup <command that runs the live playbook...>
"""

import os
import subprocess
import sys

from tests.emulator.admin_client import AdminClient


def custom_rules(admin):
    state = admin.call('GET', 'state')[1]['state']
    return [rule for table in state['tables'] for rule in table['routeRules'] if rule.get('routeRuleId')]


def main(command):
    admin = AdminClient(os.environ['BAIDUCLOUD_EMULATOR_URL'])
    admin.reset()
    before = custom_rules(admin)
    admin.faults({'method': 'PUT', 'path': r'^/v1/route/rule/', 'times': 50, 'action': 'error', 'status': 500})
    status = subprocess.call(command)
    admin.clear_faults()
    after = custom_rules(admin)
    tagged = [rule['routeRuleId'] for rule in after if (rule.get('description') or '').startswith('ansible-live-')]
    problems = []
    if status == 0:
        problems.append('the playbook succeeded although every update failed')
    if tagged:
        problems.append('tagged rules left after the failure: %s' % ', '.join(tagged))
    if after != before:
        problems.append('rules the run did not create changed')
    if problems:
        sys.stderr.write('failure_cleanup: %s\n' % '; '.join(problems))
        return 1
    sys.stdout.write('failure_cleanup: the failed run (status %d) left nothing behind\n' % status)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
