# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""CPU of no-op tasks through the module path (BAIDUCLOUD_EXECUTION=module), side by side with ansible.builtin.ping.

    .venv/bin/python -m tests.bench.module_path_cpu [--tasks 20] [--rounds 3] [--rules 1000] [--tree NAME=COLLECTIONS_PATH ...]

Each play runs --tasks tasks on localhost (connection local); the figure is the CPU time (user + system) of
ansible-playbook and every process it waited for (workers, AnsiballZ modules), so a loaded machine changes it far
less than wall time. An empty play is subtracted; the ratio is (task play - empty) / (ping play - empty), in the
same round. The emulator runs in a child process (its CPU is not counted). --tree compares other checkouts (an
ansible_collections parent each, e.g. an exported older commit) with this one; plays of one round alternate.

Besides the two route modules, each round runs `reference` (tests/bench/library/bce_signed_get.py: a module that
only imports requests and the signer, signs and makes one GET; issue 25 puts it at 1.15x ping) and, with --rules N
(0 to skip), the CPU per rule written through the module path: one route_table task converging N rules from an
empty table minus the same task as a no-op on the converged table, divided by N (`ms/rule <tree>`).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

from tests.bench.bench import FIXTURE, desired, fixture_with, table_task
from tests.bench.client_cpu import start_emulator
from tests.emulator.admin_client import AdminClient

REPO = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
BIN = os.path.dirname(sys.executable)
VPC = 'vpc-emu1demo0001'
LIBRARY = os.path.join(REPO, 'tests', 'bench', 'library')


def plays(workdir, base_url, tasks):
    creds = "endpoint: '%s', access_key: emulator-ak, secret_key: emulator-sk" % base_url
    bodies = {
        'empty': ('ansible.builtin.ping', '{}', 0),
        'ping': ('ansible.builtin.ping', '{}', tasks),
        'route_table_info': ('baiducloud.vpc.route_table_info', '{vpc_id: %s, %s}' % (VPC, creds), tasks),
        'route_rule': (
            'baiducloud.vpc.route_rule',
            '{vpc_id: %s, destination_address: 0.0.0.0/0, state: absent, %s}' % (VPC, creds),
            tasks,
        ),
        'reference': ('bce_signed_get', '{vpc_id: %s, %s}' % (VPC, creds), tasks),
    }
    paths = {}
    for name, (action, args, count) in bodies.items():
        lines = ['- hosts: localhost', '  gather_facts: false', '  tasks:']
        lines += ['    - %s: %s' % (action, args)] * count
        lines += ['    - ansible.builtin.meta: noop']
        paths[name] = os.path.join(workdir, name + '.yml')
        with open(paths[name], 'w') as handle:
            handle.write('\n'.join(lines) + '\n')
    return paths


def rules_play(workdir, base_url, rules):
    """One route_table task setting `rules` rules (JSON is YAML)."""
    task = table_task(desired(rules))
    task['baiducloud.vpc.route_table'].update(endpoint=base_url, access_key='emulator-ak', secret_key='emulator-sk')
    path = os.path.join(workdir, 'rules.yml')
    with open(path, 'w') as handle:
        json.dump([{'hosts': 'localhost', 'gather_facts': False, 'tasks': [task]}], handle)
    return path


def cpu_of_play(play, collections_path, workdir):
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith(('ANSIBLE_', 'BAIDUCLOUD_')))
    env.update(
        {
            'BAIDUCLOUD_EXECUTION': 'module',
            'ANSIBLE_COLLECTIONS_PATH': collections_path,
            'ANSIBLE_LOCAL_TEMP': os.path.join(workdir, 'tmp'),
            'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_LIBRARY': LIBRARY,
            'NO_PROXY': '127.0.0.1,localhost',
        }
    )
    # Run through a fresh interpreter so that RUSAGE_CHILDREN counts this play alone.
    code = (
        'import resource, subprocess, sys\n'
        'rc = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)\n'
        'usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n'
        'print(usage.ru_utime + usage.ru_stime)\n'
        'sys.exit(rc)\n'
    )
    out = subprocess.check_output(
        [sys.executable, '-c', code, os.path.join(BIN, 'ansible-playbook'), '-i', 'localhost,', '-c', 'local', play],
        env=env,
        universal_newlines=True,
    )
    return float(out.strip())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--tasks', type=int, default=20)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--rules', type=int, default=1000, help='N of the CPU per rule written (0: not measured)')
    parser.add_argument('--tree', action='append', default=[], help='NAME=COLLECTIONS_PATH of another checkout')
    args = parser.parse_args(argv)
    this = subprocess.check_output([os.path.join(REPO, 'tools', 'collection_path.sh')], universal_newlines=True).strip()
    trees = [('this', this)] + [tuple(item.split('=', 1)) for item in args.tree]
    child, base_url = start_emulator()
    workdir = tempfile.mkdtemp(prefix='baiducloud-module-path.')
    os.makedirs(os.path.join(workdir, 'tmp'))
    rows = []
    try:
        paths = plays(workdir, base_url, args.tasks)
        admin = AdminClient(base_url, timeout=60)
        with open(FIXTURE) as handle:
            fixture = json.load(handle)
        if args.rules:
            paths['rules'] = rules_play(workdir, base_url, args.rules)
        for number in range(1, args.rounds + 1):
            row = {'round': number}
            empty = cpu_of_play(paths['empty'], this, workdir)
            ping = cpu_of_play(paths['ping'], this, workdir) - empty
            row['ping_cpu_s'] = round(ping, 2)
            row['reference'] = round((cpu_of_play(paths['reference'], this, workdir) - empty) / ping, 2)
            for module in ('route_table_info', 'route_rule'):
                for name, path in trees:
                    spent = cpu_of_play(paths[module], path, workdir) - empty
                    row['%s %s' % (module, name)] = round(spent / ping, 2)
            for name, path in trees if args.rules else ():
                spent = {}
                for scenario, before in (('converge', []), ('noop', desired(args.rules))):
                    admin.reset(fixture_with(fixture, before))
                    admin.config(latency_ms=0, quota=args.rules + 100)
                    spent[scenario] = cpu_of_play(paths['rules'], path, workdir)
                row['ms/rule %s' % name] = round((spent['converge'] - spent['noop']) / args.rules * 1000.0, 2)
            admin.reset(fixture)
            rows.append(row)
            print(json.dumps(row))
            sys.stdout.flush()
    finally:
        child.terminate()
        child.wait()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
