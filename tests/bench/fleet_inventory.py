# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Inventory listing of a fleet: `ansible-inventory --list` with the baiducloud.vpc.vpc plugin vs the same hosts
and variables from a static YAML file, rounds interleaved so that both see the same machine load.

    .venv/bin/python -m tests.bench.fleet_inventory --vpcs 1000 --rounds 3 [--latency-ms 0 30] [--profile out.prof]

tests/bench/fleet.py (`make bench-fleet`) runs measure_listing() as the first part of its report; this entry point
runs that part alone. The emulators (one per region) run in this process. The static file is the plugin's own
listing written back as YAML, so both sides build the same hosts, groups and variables: that is the fair
comparison, since the fleet play needs those variables (region, endpoint, VPC id, tags) and a static inventory
must carry them. A second static file holds the same hosts and groups without variables, shown beside it.
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
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2.0


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


def measure_listing(fleet, workdir, inventory, rounds, latencies, env, profile=None):
    """Each round lists the plugin at every latency, then the static file with and without variables."""
    fleet.set_latency(latencies[0])
    dummy, listed = listing(env, inventory, 'baiducloud.vpc.vpc')
    hosts = len(json.loads(listed)['_meta']['hostvars'])
    static = os.path.join(workdir, 'static.yml')
    with open(static, 'w') as handle:
        handle.write(static_yaml(listed))
    names = os.path.join(workdir, 'names.yml')
    with open(names, 'w') as handle:
        handle.write(static_yaml(listed, with_vars=False))
    plugin_s = dict((latency, []) for latency in latencies)
    static_s, names_s = [], []
    for dummy in range(rounds):
        for latency in latencies:
            fleet.set_latency(latency)
            plugin_s[latency].append(listing(env, inventory, 'baiducloud.vpc.vpc')[0])
        static_s.append(listing(env, static, 'yaml')[0])
        names_s.append(listing(env, names, 'yaml')[0])
    if profile:
        fleet.set_latency(latencies[0])
        listing(env, inventory, 'baiducloud.vpc.vpc', profile=profile)
    return {
        'hosts': hosts,
        'rounds': rounds,
        'static_s': static_s,
        'names_only_s': names_s,
        'plugin': [
            {
                'latency_ms': latency,
                'plugin_s': plugin_s[latency],
                # The ratio of the medians of the same rounds.
                'ratio_to_static': median(plugin_s[latency]) / median(static_s),
                'ratio_to_names_only': median(plugin_s[latency]) / median(names_s),
            }
            for latency in latencies
        ],
    }


def main(argv=None):
    # Imported here: fleet.py imports this module for its report.
    from tests.bench.fleet import Fleet, play_env, write_inventory

    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--vpcs', type=int, default=1000)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--latency-ms', type=float, nargs='+', default=[0.0])
    parser.add_argument('--profile')
    args = parser.parse_args(argv)
    fleet = Fleet(args.vpcs, args.latency_ms[0])
    fleet.reset()
    workdir = tempfile.mkdtemp(prefix='baiducloud-fleet-inventory.')
    try:
        os.makedirs(os.path.join(workdir, 'tmp'))
        result = measure_listing(
            fleet,
            workdir,
            write_inventory(workdir, fleet),
            args.rounds,
            args.latency_ms,
            play_env(workdir),
            profile=args.profile,
        )
    finally:
        fleet.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps(result, indent=1))
    return 0


if __name__ == '__main__':
    sys.exit(main())
