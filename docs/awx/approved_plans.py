#!/usr/bin/env python
# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Save the plans a check run recorded, for `ansible-playbook -e @file` (see approved-changes.md).

    approved_plans.py approved.yml -- ansible-playbook site.yml --check --diff
        runs the check with recording on (adds -e baiducloud_plan=record) and the settings that make the default
        callback print the recorded plans, shows its output, and writes approved.yml from it;
    approved_plans.py approved.yml check.log
        writes approved.yml from the saved output of such a run (ANSIBLE_SHOW_CUSTOM_STATS=true,
        ANSIBLE_CALLBACK_RESULT_FORMAT=json, stdout callback ansible.builtin.default).

The file holds {baiducloud_approved_plans: {host: {task: plan}}}. Every string in it is tagged !unsafe: rule
descriptions and ids come from the cloud API, and Ansible must never render them as templates.
"""

import json
import os
import subprocess
import sys

import yaml

VARIABLE = 'baiducloud_approved_plans'
MARKER = '\tRUN: '


class _Unsafe(str):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(_Unsafe, lambda dumper, value: dumper.represent_scalar('!unsafe', str(value)))


def _tagged(value):
    if isinstance(value, dict):
        return dict((_Unsafe(k), _tagged(v)) for k, v in value.items())
    if isinstance(value, list):
        return [_tagged(v) for v in value]
    return _Unsafe(value) if isinstance(value, str) else value


def recorded(text):
    """The recorded plans from the output of a check run: the last 'RUN:' line of its CUSTOM STATS."""
    lines = [line for line in text.splitlines() if line.startswith(MARKER)]
    if not lines:
        raise SystemExit(
            'no custom stats in the output: run the check with -e baiducloud_plan=record, '
            'ANSIBLE_SHOW_CUSTOM_STATS=true and ANSIBLE_CALLBACK_RESULT_FORMAT=json'
        )
    stats = json.loads(lines[-1][len(MARKER) :])
    if not isinstance(stats.get(VARIABLE), dict):
        raise SystemExit('the custom stats hold no %s: did a task of baiducloud.vpc run in check mode?' % VARIABLE)
    return {VARIABLE: stats[VARIABLE]}


def main(argv):
    if len(argv) < 2 or (argv[1] == '--' and len(argv) < 3) or (argv[1] != '--' and len(argv) != 2):
        raise SystemExit(__doc__)
    out = argv[0]
    if argv[1] == '--':
        env = dict(
            os.environ,
            ANSIBLE_SHOW_CUSTOM_STATS='true',
            ANSIBLE_CALLBACK_RESULT_FORMAT='json',
            ANSIBLE_STDOUT_CALLBACK='ansible.builtin.default',
        )
        run = subprocess.run(
            argv[2:] + ['-e', 'baiducloud_plan=record'],
            env=env,
            stdout=subprocess.PIPE,
            universal_newlines=True,
            check=False,
        )
        sys.stdout.write(run.stdout)
        if run.returncode:
            raise SystemExit('the check run failed (exit %d): nothing saved' % run.returncode)
        text = run.stdout
    else:
        with open(argv[1]) as handle:
            text = handle.read()
    plans = recorded(text)
    with open(out, 'w') as handle:
        handle.write('# Plans recorded by a check run; pass back with: ansible-playbook ... -e @%s\n' % out)
        yaml.dump(_tagged(plans), handle, Dumper=_Dumper, default_flow_style=False, sort_keys=True)
    count = sum(len(tasks) for tasks in plans[VARIABLE].values())
    sys.stderr.write('%s: %d approved task plan(s) for %d host(s)\n' % (out, count, len(plans[VARIABLE])))


if __name__ == '__main__':
    main(sys.argv[1:])
