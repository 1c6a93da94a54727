# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fleet benchmark: one rule in each of 50 VPCs over 3 regions, inventory baiducloud.vpc.vpc, forks 1 vs 10.

    .venv/bin/python -m tests.bench.fleet                     # make bench-fleet
    .venv/bin/python -m tests.bench.fleet --vpcs 50 --forks 1 10 --latency-ms 30 --output report.md

One emulator per region runs in this process (127.0.0.1, port 0) with a fixed latency per API request;
ansible-playbook runs examples/fleet_nat_default_route.yml over the inventory. For every forks value the
emulators are reset, then two plays run: converge from empty (one write per VPC) and a no-op re-run.
Wall time is the whole ansible-playbook process (inventory included); API calls come from the
emulators' call logs. Fails if a converge does not write exactly one
rule per VPC, a re-run writes anything or a play fails. --with-check adds `--check --diff` on the converged
fleet.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import collections
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

from tests.emulator.fleet.make_fleet import fleet_fixtures
from tests.emulator.server import start_emulator

REPO = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
PLAYBOOK = os.path.join(REPO, 'examples', 'fleet_nat_default_route.yml')
BIN = os.path.dirname(sys.executable)
REGIONS = ('bj', 'gz', 'su')
WRITES = ('POST', 'PUT', 'DELETE')
PLAY_TIMEOUT = 900
ID_IN_PATH = re.compile(r'/(vpc|rr|rt)-[0-9A-Za-z]+')


def sizes_for(total):
    """Spread `total` VPCs over the regions, the first ones one larger."""
    base, extra = divmod(total, len(REGIONS))
    return dict((region, base + (1 if index < extra else 0)) for index, region in enumerate(REGIONS))


def all_env_prod(fixtures):
    """Every VPC of the benchmark is a target: tag them all env=prod."""
    for fixture in fixtures.values():
        for vpc in fixture['vpcs']:
            vpc['tags'] = [
                tag if tag['tagKey'] != 'env' else {'tagKey': 'env', 'tagValue': 'prod'} for tag in vpc['tags']
            ]
    return fixtures


class Fleet(object):
    def __init__(self, vpcs, latency_ms):
        self.fixtures = all_env_prod(fleet_fixtures(sizes_for(vpcs)))
        self.latency_ms = latency_ms
        self.handles = dict((region, start_emulator(fixture=self.fixtures[region], port=0)) for region in REGIONS)

    def reset(self):
        for region, handle in self.handles.items():
            handle.emulator.reset(self.fixtures[region])
            handle.emulator.set_config({'latency_ms': self.latency_ms})

    def clear_calls(self):
        for handle in self.handles.values():
            handle.emulator.calls.clear()

    def calls(self):
        return [call for handle in self.handles.values() for call in handle.emulator.calls.list()]

    def rules(self):
        count = 0
        for handle in self.handles.values():
            for table in handle.emulator.state.snapshot()['tables']:
                count += len([r for r in table['routeRules'] if r['nexthopType'] != 'sys'])
        return count

    def stop(self):
        for handle in self.handles.values():
            handle.stop()


def write_inventory(workdir, fleet):
    path = os.path.join(workdir, 'bench.baiducloud_vpc.yml')
    config = {
        'plugin': 'baiducloud.vpc.vpc',
        'regions': list(REGIONS),
        'tags': {'env': 'prod'},
        'endpoints': dict((region, handle.base_url) for region, handle in fleet.handles.items()),
    }
    with open(path, 'w') as handle:
        json.dump(config, handle)
    return path


def play_env(workdir):
    collections_path = subprocess.check_output(
        [os.path.join(REPO, 'tools', 'collection_path.sh')], universal_newlines=True
    ).strip()
    env = dict(
        (k, v)
        for k, v in os.environ.items()
        if not k.startswith(('ANSIBLE_', 'BAIDUCLOUD_')) and not k.lower().endswith('_proxy')
    )
    env.update(
        {
            'ANSIBLE_COLLECTIONS_PATH': collections_path,
            'ANSIBLE_INVENTORY_ENABLED': 'baiducloud.vpc.vpc',
            'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_LOCAL_TEMP': os.path.join(workdir, 'tmp'),
            'BAIDUCLOUD_ACCESS_KEY': 'emulator-ak',
            'BAIDUCLOUD_SECRET_KEY': 'emulator-sk',
            'PATH': BIN + os.pathsep + os.environ.get('PATH', ''),
        }
    )
    return env


def run_play(workdir, inventory, forks, *args):
    command = [
        os.path.join(BIN, 'ansible-playbook'),
        '-i',
        inventory,
        PLAYBOOK,
        '--forks',
        str(forks),
        '-e',
        'fleet_write_throttle=%d' % forks,
    ] + list(args)
    started = time.time()
    result = subprocess.run(
        command,
        env=play_env(workdir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
        universal_newlines=True,
        timeout=PLAY_TIMEOUT,
    )
    elapsed = time.time() - started
    if result.returncode != 0:
        raise SystemExit('play failed (forks %d %s):\n%s' % (forks, ' '.join(args), result.stdout[-4000:]))
    return elapsed


def measure(fleet, workdir, inventory, forks, vpcs, with_check):
    fleet.reset()
    rows = []
    plays = [('converge from empty', (), vpcs), ('no-op re-run', (), 0)]
    if with_check:
        plays.append(('--check --diff (converged)', ('--check', '--diff'), 0))
    for scenario, args, expected_writes in plays:
        fleet.clear_calls()
        elapsed = run_play(workdir, inventory, forks, *args)
        calls = fleet.calls()
        writes = [call for call in calls if call['method'] in WRITES]
        if len(writes) != expected_writes:
            raise SystemExit(
                '%s with forks %d wrote %d times, expected %d' % (scenario, forks, len(writes), expected_writes)
            )
        by_kind = collections.Counter(
            '%s %s' % (call['method'], ID_IN_PATH.sub('/{id}', call['path'])) for call in calls
        )
        rows.append(
            {
                'forks': forks,
                'scenario': scenario,
                'wall_s': elapsed,
                'calls': len(calls),
                'writes': len(writes),
                'by_kind': dict(by_kind),
            }
        )
    if fleet.rules() != vpcs:
        raise SystemExit('forks %d: %d rules in the fleet, expected %d' % (forks, fleet.rules(), vpcs))
    return rows


def render(rows, args):
    lines = [
        '# Fleet benchmark',
        '',
        '%d VPCs over %d regions (one emulator each, %g ms latency per API request), one rule per VPC, '
        'examples/fleet_nat_default_route.yml over the baiducloud.vpc.vpc inventory; %s, Python %s, %d CPUs.'
        % (
            args.vpcs,
            len(REGIONS),
            args.latency_ms,
            platform.platform(),
            platform.python_version(),
            os.cpu_count() or 0,
        ),
        '',
        '| forks | play | wall time (s) | API calls | writes | calls by kind |',
        '|---|---|---|---|---|---|',
    ]
    for row in rows:
        kinds = ', '.join('%s: %d' % item for item in sorted(row['by_kind'].items()))
        lines.append(
            '| %d | %s | %.1f | %d | %d | %s |'
            % (row['forks'], row['scenario'], row['wall_s'], row['calls'], row['writes'], kinds)
        )
    by_forks = dict(((row['forks'], row['scenario']), row['wall_s']) for row in rows)
    if len(args.forks) > 1:
        low, high = min(args.forks), max(args.forks)
        speedup = by_forks[(low, 'converge from empty')] / by_forks[(high, 'converge from empty')]
        lines += ['', 'Converge speed-up forks %d -> %d: %.1fx.' % (low, high, speedup)]
    return '\n'.join(lines) + '\n'


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--vpcs', type=int, default=50)
    parser.add_argument('--forks', type=int, nargs='+', default=[1, 10])
    # BAIDUCLOUD_BENCH_LATENCY_MS may be bench.py's comma list (e.g. 0,30): the fleet case takes the largest, since
    # what it shows (forks overlapping API waits) needs a latency.
    env_latency = os.environ.get('BAIDUCLOUD_BENCH_LATENCY_MS') or '30'
    parser.add_argument('--latency-ms', type=float, default=max(float(v) for v in env_latency.split(',') if v.strip()))
    parser.add_argument('--with-check', action='store_true', help='also time --check --diff on the converged fleet')
    parser.add_argument('--output', help='also write the Markdown report to this file')
    args = parser.parse_args(argv)
    if not 1 <= args.vpcs <= 1000 or not all(1 <= forks <= 50 for forks in args.forks):
        parser.error('--vpcs must be 1..1000 and every --forks 1..50')
    fleet = Fleet(args.vpcs, args.latency_ms)
    workdir = tempfile.mkdtemp(prefix='baiducloud-fleet-bench.')
    try:
        inventory = write_inventory(workdir, fleet)
        rows = []
        for forks in args.forks:
            rows.extend(measure(fleet, workdir, inventory, forks, args.vpcs, args.with_check))
    finally:
        fleet.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    report = render(rows, args)
    sys.stdout.write(report)
    if args.output:
        with open(args.output, 'w') as handle:
            handle.write(report)
    return 0


if __name__ == '__main__':
    sys.exit(main())
