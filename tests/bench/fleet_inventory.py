# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Inventory listing of a fleet: `ansible-inventory --list` with the baiducloud.vpc.vpc plugin vs the same hosts
and variables from a static YAML file, rounds interleaved so that both see the same machine load.

    .venv/bin/python -m tests.bench.fleet_inventory --vpcs 1000 --rounds 3 [--profile out.prof]

The emulators (one per region, 0 ms latency unless --latency-ms) run in this process. The static file is the
plugin's own listing written back as YAML, so both sides build the same hosts, groups and variables; a second
static file holds the same hosts and groups without variables.
--profile runs the plugin's listing once more under cProfile and writes the stats there.
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
import time

from tests.bench.fleet import Fleet, play_env, write_inventory

BIN = os.path.dirname(sys.executable)


def listing(env, inventory, enabled, profile=None):
    command = [os.path.join(BIN, 'ansible-inventory'), '-i', inventory, '--list']
    if profile:
        command = [sys.executable, '-m', 'cProfile', '-o', profile] + command
    started = time.perf_counter()
    out = subprocess.run(
        command,
        env=dict(env, ANSIBLE_INVENTORY_ENABLED=enabled),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        check=True,
    ).stdout
    return time.perf_counter() - started, out


def median(values):
    return sorted(values)[len(values) // 2]


def static_yaml(listed, with_vars=True):
    """The listing as a YAML inventory: every host in `all` with its variables (or none), and each group's hosts."""
    data = json.loads(listed)
    hostvars = data['_meta']['hostvars']
    if not with_vars:
        hostvars = dict((host, None) for host in hostvars)
    groups = {}
    for name, group in data.items():
        if name in ('_meta', 'all') or not isinstance(group, dict):
            continue
        groups[name] = {'hosts': dict((host, None) for host in group.get('hosts', []))}
    # JSON is YAML: the yaml plugin reads it as it is.
    return json.dumps({'all': {'hosts': hostvars, 'children': groups}})


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--vpcs', type=int, default=1000)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--latency-ms', type=float, default=0.0)
    parser.add_argument('--profile')
    args = parser.parse_args(argv)
    fleet = Fleet(args.vpcs, args.latency_ms)
    fleet.reset()
    workdir = tempfile.mkdtemp(prefix='baiducloud-fleet-inventory.')
    try:
        os.makedirs(os.path.join(workdir, 'tmp'))
        env = play_env(workdir)
        plugin = write_inventory(workdir, fleet)
        dummy, listed = listing(env, plugin, 'baiducloud.vpc.vpc')
        hosts = len(json.loads(listed)['_meta']['hostvars'])
        static = os.path.join(workdir, 'static.yml')
        with open(static, 'w') as handle:
            handle.write(static_yaml(listed))
        names = os.path.join(workdir, 'names.yml')
        with open(names, 'w') as handle:
            handle.write(static_yaml(listed, with_vars=False))
        plugin_s, static_s, names_s = [], [], []
        for dummy in range(args.rounds):
            plugin_s.append(listing(env, plugin, 'baiducloud.vpc.vpc')[0])
            static_s.append(listing(env, static, 'yaml')[0])
            names_s.append(listing(env, names, 'yaml')[0])
        if args.profile:
            listing(env, plugin, 'baiducloud.vpc.vpc', profile=args.profile)
    finally:
        fleet.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(
        json.dumps(
            {
                'hosts': hosts,
                'plugin_s': [round(v, 2) for v in plugin_s],
                'static_s': [round(v, 2) for v in static_s],
                'names_only_s': [round(v, 2) for v in names_s],
                'ratio_to_static': round(median(plugin_s) / median(static_s), 2),
                'ratio_to_names_only': round(median(plugin_s) / median(names_s), 2),
            }
        )
    )
    return 0


if __name__ == '__main__':
    sys.exit(main())
