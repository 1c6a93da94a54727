# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fleet benchmark (issue 25 row 4): a fleet of 1,000 VPCs over 3 regions, against Ansible's own floors.

    .venv/bin/python -m tests.bench.fleet --output docs/benchmarks-fleet.md     # make bench-fleet (~6 min, 2 CPUs)
    .venv/bin/python -m tests.bench.fleet --forks 5 20 --output report.md       # also forks 5 (~4 min more)
    .venv/bin/python -m tests.bench.fleet --vpcs 100 --forks 5 --listing-rounds 1 --converge-vpcs 0   # a smoke run

One emulator per region runs in this process (127.0.0.1, port 0) with a fixed latency per API request. Three parts,
each reported as ratios of runs made in the same rounds (interleaved, so both sides see the same machine load):

1. Inventory listing: `ansible-inventory --list` of the baiducloud.vpc.vpc inventory (at each --listing-latency-ms)
   vs the same hosts, groups and variables from a static YAML file, and vs the same hosts and groups without
   variables (fleet_inventory.py).
2. The fleet's no-op: examples/fleet_nat_default_route.yml over the --vpcs VPCs, already converged (the emulators
   are seeded with the rule the play writes; the run fails unless it writes nothing), vs tests/bench/fleet_ping.yml
   (`ansible.builtin.ping` on the same hosts) with the same inventory and forks, at --latency-ms. A callback
   (callback_plugins/fleet_timer.py) splits each play into start-up + inventory, each task and exit.
3. Converge from empty and no-op on --converge-vpcs VPCs (forks --converge-forks; --with-check adds `--check
   --diff`), with the API calls by kind: one write per VPC, then none.

Wall time is the whole ansible-playbook / ansible-inventory process. Fails if a converge does not write exactly one
rule per VPC, a no-op writes anything or a play fails.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import collections
import json
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

from tests.bench.fleet_inventory import measure_listing, median
from tests.emulator.fleet.make_fleet import fleet_fixtures
from tests.emulator.server import start_emulator

REPO = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
PLAYBOOK = os.path.join(REPO, 'examples', 'fleet_nat_default_route.yml')
PING_PLAYBOOK = os.path.join(REPO, 'tests', 'bench', 'fleet_ping.yml')
CALLBACKS = os.path.join(REPO, 'tests', 'bench', 'callback_plugins')
# The rule examples/fleet_nat_default_route.yml writes in each VPC (its next hop: the VPC's nat-gateway tag).
FLEET_RULE = {
    'sourceAddress': '0.0.0.0/0',
    'destinationAddress': '0.0.0.0/0',
    'nexthopType': 'nat',
    'description': 'default route through the NAT gateway',
}
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


def converged(fixtures):
    """Seed every VPC's table with the rule the fleet play writes, so that a no-op over 1,000 VPCs needs no converge
    run first (1,000 writes, over a minute). The no-op's zero writes prove the seed is what the play converges to."""
    for fixture in fixtures.values():
        for vpc in fixture['vpcs']:
            nat = [tag['tagValue'] for tag in vpc['tags'] if tag['tagKey'] == 'nat-gateway'][0]
            vpc['routeTable']['rules'] = [dict(FLEET_RULE, nexthopId=nat)]
    return fixtures


class Fleet(object):
    def __init__(self, vpcs, latency_ms, seeded=False):
        self.fixtures = all_env_prod(fleet_fixtures(sizes_for(vpcs)))
        if seeded:
            self.fixtures = converged(self.fixtures)
        self.latency_ms = latency_ms
        self.handles = dict((region, start_emulator(fixture=self.fixtures[region], port=0)) for region in REGIONS)

    def reset(self):
        for region, handle in self.handles.items():
            handle.emulator.reset(self.fixtures[region])
            handle.emulator.set_config({'latency_ms': self.latency_ms})

    def set_latency(self, latency_ms):
        self.latency_ms = latency_ms
        for handle in self.handles.values():
            handle.emulator.set_config({'latency_ms': latency_ms})

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


def run_play(workdir, inventory, forks, *args, **kwargs):
    """Run a playbook (the fleet play unless playbook=...); returns its wall time, fleet_timer's breakdown and CPU."""
    playbook = kwargs.get('playbook', PLAYBOOK)
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', inventory, playbook, '--forks', str(forks)]
    if playbook == PLAYBOOK:
        # The write throttle follows forks, so that forks alone sets the parallelism that is measured.
        command += ['-e', 'fleet_write_throttle=%d' % forks]
    command += list(args)
    timings = os.path.join(workdir, 'timings.json')
    if os.path.exists(timings):
        os.remove(timings)
    env = play_env(workdir)
    env.update(
        {
            'ANSIBLE_CALLBACK_PLUGINS': CALLBACKS,
            'ANSIBLE_CALLBACKS_ENABLED': 'fleet_timer',
            'BAIDUCLOUD_BENCH_FLEET_TIMINGS': timings,
        }
    )
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.time()
    result = subprocess.run(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        check=False,
        universal_newlines=True,
        timeout=PLAY_TIMEOUT,
    )
    ended = time.time()
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU (user + system) of ansible-playbook and every process it waited for (workers, modules); the emulators run
    # in this process, so the API's side is not in it. A loaded machine moves it far less than the wall time.
    cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(
            'play %s failed (forks %d %s):\n%s'
            % (os.path.basename(playbook), forks, ' '.join(args), result.stdout[-4000:])
        )
    with open(timings) as handle:
        timing = json.load(handle)
    # Start-up is Python's imports, the configuration and the inventory, before the playbook's first callback.
    phases = [('start-up + inventory', timing['started'] - started, 0)]
    phases += [(task['name'], task['seconds'], task['hosts']) for task in timing['tasks']]
    phases.append(('exit', ended - timing['ended'], 0))
    return ended - started, phases, cpu


def measure(fleet, workdir, inventory, forks, vpcs, with_check):
    fleet.reset()
    rows = []
    plays = [('converge from empty', (), vpcs), ('no-op re-run', (), 0)]
    if with_check:
        plays.append(('--check --diff (converged)', ('--check', '--diff'), 0))
    for scenario, args, expected_writes in plays:
        fleet.clear_calls()
        elapsed = run_play(workdir, inventory, forks, *args)[0]
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


def noop_vs_ping(fleet, workdir, inventory, forks_values, rounds, vpcs):
    """Per round and forks: the fleet play's no-op, then the ping play, over the same inventory and forks."""
    runs = []
    for round_index in range(rounds):
        for forks in forks_values:
            fleet.clear_calls()
            noop_s, noop_phases, noop_cpu = run_play(workdir, inventory, forks)
            calls = fleet.calls()
            writes = [call for call in calls if call['method'] in WRITES]
            if writes:
                raise SystemExit('the no-op over %d VPCs (forks %d) wrote %d times' % (vpcs, forks, len(writes)))
            ping_s, ping_phases, ping_cpu = run_play(workdir, inventory, forks, playbook=PING_PLAYBOOK)
            runs.append(
                {
                    'round': round_index + 1,
                    'forks': forks,
                    'noop_s': noop_s,
                    'noop_phases': noop_phases,
                    'noop_calls': len(calls),
                    'noop_cpu': noop_cpu,
                    'ping_cpu': ping_cpu,
                    'ping_s': ping_s,
                    'ping_phases': ping_phases,
                }
            )
    if fleet.rules() != vpcs:
        raise SystemExit('%d rules in the fleet after the no-op runs, expected %d' % (fleet.rules(), vpcs))
    return runs


def _verdict(ratio, target):
    if ratio <= target:
        return 'met'
    return 'missed by %.0f%%' % (100.0 * (ratio / target - 1))


def render_listing(listing, args):
    lines = [
        '## Inventory listing (target: plugin <= 1.5x static YAML)',
        '',
        '`ansible-inventory --list` of %d hosts, %d interleaved rounds, medians in seconds. The static files are the '
        "plugin's own listing written back as YAML: the same hosts, groups and variables, and the same hosts and "
        'groups without variables.' % (listing['hosts'], listing['rounds']),
        '',
        '| source | median (s) | every round (s) | plugin / source |',
        '|---|---|---|---|',
        '| static YAML, with the variables | %.2f | %s | |'
        % (median(listing['static_s']), ', '.join('%.2f' % v for v in listing['static_s'])),
        '| static YAML, names and groups only | %.2f | %s | |'
        % (median(listing['names_only_s']), ', '.join('%.2f' % v for v in listing['names_only_s'])),
    ]
    for row in listing['plugin']:
        lines.append(
            '| baiducloud.vpc.vpc, %g ms latency | %.2f | %s | %.2fx with variables (%s), %.2fx names only |'
            % (
                row['latency_ms'],
                median(row['plugin_s']),
                ', '.join('%.2f' % v for v in row['plugin_s']),
                row['ratio_to_static'],
                _verdict(row['ratio_to_static'], 1.5),
                row['ratio_to_names_only'],
            )
        )
    lines += [
        '',
        'The fair baseline is the static file with the variables: the fleet play needs each host\'s VPC id, region, '
        'endpoint and tags, so a static inventory that can run it carries them. The names-only file is shown for '
        'scale: it is what Ansible pays for hosts and groups alone. The plugin costs more than that file by its '
        'import (requests and the client), the listing calls (one page per region, the regions in parallel) and '
        'the variables (12 per host, marked unsafe and set one by one through the inventory, like the static '
        "file's), and `--list` then prints those variables, which the names-only run does not; the static file "
        'pays for the same variables in the YAML parser and the same output.',
    ]
    return lines


def render_plays(runs, args):
    lines = [
        '## No-op fleet play vs ping play (target: no-op <= 1.3x ping, same hosts and forks)',
        '',
        'examples/fleet_nat_default_route.yml over %d converged VPCs (%g ms latency per API request; '
        '`-e fleet_write_throttle=<forks>`) vs tests/bench/fleet_ping.yml (`ansible.builtin.ping`) over the same '
        'inventory file, plugin and forks; each pair runs back to back, %d round(s). Wall time of the whole '
        'ansible-playbook process, and its CPU time (user + system, with its workers and modules; the emulators run in '
        'the benchmark\'s process, outside it), which another load on the machine moves far less.'
        % (args.vpcs, args.latency_ms, args.rounds),
        '',
        '| forks | no-op (s) | ping (s) | no-op / ping, wall | CPU s, no-op / ping | API calls of the no-op |',
        '|---|---|---|---|---|---|',
    ]
    for forks in args.forks:
        mine = [run for run in runs if run['forks'] == forks]
        ratios = [run['noop_s'] / run['ping_s'] for run in mine]
        lines.append(
            '| %d | %s | %s | %s (%s) | %s | %d |'
            % (
                forks,
                ', '.join('%.1f' % run['noop_s'] for run in mine),
                ', '.join('%.1f' % run['ping_s'] for run in mine),
                ', '.join('%.2fx' % value for value in ratios),
                _verdict(median(ratios), 1.3),
                ', '.join(
                    '%.1f / %.1f = %.2fx' % (r['noop_cpu'], r['ping_cpu'], r['noop_cpu'] / r['ping_cpu']) for r in mine
                ),
                mine[-1]['noop_calls'],
            )
        )
    lines += [
        '',
        'Why: ping runs a module on every host, a new Python process that unpacks the module\'s payload; the fleet '
        'play runs two tasks per host (the assert and route_rule), each a forked worker, and route_rule runs '
        'in-process in that worker (plugins/action: the module\'s own validation, one signed table read, the plan, '
        'no write), so a host costs two forks, the templating of its variables and one API round trip. On 2 CPUs '
        "more forks add the controller's own work per host (polling the workers, results) to CPUs already full.",
        '',
        'Where the time goes (last round): wall time per phase (`tests/bench/callback_plugins/fleet_timer.py`; a '
        "task runs from its start to the next task's), and per host for the tasks that run on every VPC:",
        '',
        '| forks | play | phase | wall (s) | ms per host |',
        '|---|---|---|---|---|',
    ]
    for forks in args.forks:
        last = [run for run in runs if run['forks'] == forks][-1]
        for play, phases in (('no-op', last['noop_phases']), ('ping', last['ping_phases'])):
            for name, seconds, hosts in phases:
                # Per host only for the tasks that run on every VPC (not start-up, exit or the localhost check).
                per_host = '%.1f' % (1000.0 * seconds / hosts) if hosts > 1 else ''
                lines.append('| %d | %s | %s | %.1f | %s |' % (forks, play, name, seconds, per_host))
    return lines


def render_converge(rows, args):
    lines = [
        '## Converge and no-op, with API calls',
        '',
        '%d VPCs from empty, one rule each (%g ms latency).' % (args.converge_vpcs, args.latency_ms),
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
    if len(args.converge_forks) > 1:
        low, high = min(args.converge_forks), max(args.converge_forks)
        speedup = by_forks[(low, 'converge from empty')] / by_forks[(high, 'converge from empty')]
        lines += ['', 'Converge speed-up forks %d -> %d: %.1fx.' % (low, high, speedup)]
    return lines


def render(listing, runs, rows, args, seconds):
    lines = [
        '# Fleet benchmark',
        '',
        '%d VPCs over %d regions (one emulator each, in the benchmark\'s process), the baiducloud.vpc.vpc inventory; '
        '%s, Python %s, %d CPUs; the whole run took %.0f s. Generated by `make bench-fleet` '
        '(tests/bench/fleet.py); ratios compare runs of the same rounds.'
        % (
            args.vpcs,
            len(REGIONS),
            platform.platform(),
            platform.python_version(),
            os.cpu_count() or 0,
            seconds,
        ),
        '',
    ]
    if listing:
        lines += render_listing(listing, args) + ['']
    if runs:
        lines += render_plays(runs, args) + ['']
    if rows:
        lines += render_converge(rows, args) + ['']
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument('--vpcs', type=int, default=1000, help='VPCs of the listing and no-op vs ping parts')
    # One forks value by default: ping over 1,000 hosts costs about 0.35 CPU second per host (a Python process per
    # module run), so each forks value adds 3-5 minutes on 2 CPUs. 20 is the harder case for the fleet play (its
    # ratio to ping was 0.56x at 20 and 0.35x at 5); --forks 5 20 adds Ansible's default.
    parser.add_argument('--forks', type=int, nargs='+', default=[20], help='forks of the no-op vs ping part')
    parser.add_argument('--rounds', type=int, default=1, help='rounds of the no-op vs ping part')
    parser.add_argument('--listing-rounds', type=int, default=3, help='rounds of the listing part (0: skip it)')
    parser.add_argument('--listing-latency-ms', type=float, nargs='+', default=[0.0, 30.0])
    # BAIDUCLOUD_BENCH_LATENCY_MS may be bench.py's comma list (e.g. 0,30): the plays take the largest, since
    # the no-op waits for one table read per VPC, which is what a real account costs.
    env_latency = os.environ.get('BAIDUCLOUD_BENCH_LATENCY_MS') or '30'
    parser.add_argument('--latency-ms', type=float, default=max(float(v) for v in env_latency.split(',') if v.strip()))
    parser.add_argument('--converge-vpcs', type=int, default=50, help='VPCs of the converge part (0: skip it)')
    parser.add_argument('--converge-forks', type=int, nargs='+', default=[1, 10])
    parser.add_argument('--with-check', action='store_true', help='also time --check --diff on the converged fleet')
    parser.add_argument('--output', help='also write the Markdown report to this file')
    args = parser.parse_args(argv)
    if not 1 <= args.vpcs <= 3000 or not 0 <= args.converge_vpcs <= 1000:
        parser.error('--vpcs must be 1..3000 and --converge-vpcs 0..1000')
    if not all(1 <= forks <= 50 for forks in args.forks + args.converge_forks) or args.rounds < 0:
        parser.error('every forks value must be 1..50 and --rounds at least 0')
    started = time.time()
    listing, runs, rows = None, [], []
    workdir = tempfile.mkdtemp(prefix='baiducloud-fleet-bench.')
    try:
        os.makedirs(os.path.join(workdir, 'tmp'))
        if args.listing_rounds or args.rounds:
            fleet = Fleet(args.vpcs, args.latency_ms, seeded=True)
            try:
                fleet.reset()
                inventory = write_inventory(workdir, fleet)
                if args.listing_rounds:
                    listing = measure_listing(
                        fleet, workdir, inventory, args.listing_rounds, args.listing_latency_ms, play_env(workdir)
                    )
                fleet.set_latency(args.latency_ms)
                runs = noop_vs_ping(fleet, workdir, inventory, args.forks, args.rounds, args.vpcs)
            finally:
                fleet.stop()
        if args.converge_vpcs:
            fleet = Fleet(args.converge_vpcs, args.latency_ms)
            try:
                inventory = write_inventory(workdir, fleet)
                for forks in args.converge_forks:
                    rows.extend(measure(fleet, workdir, inventory, forks, args.converge_vpcs, args.with_check))
            finally:
                fleet.stop()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    report = render(listing, runs, rows, args, time.time() - started)
    sys.stdout.write(report)
    if args.output:
        with open(args.output, 'w') as handle:
            handle.write(report)
    return 0


if __name__ == '__main__':
    sys.exit(main())
