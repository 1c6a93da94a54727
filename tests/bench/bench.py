# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark of route_table and route_rule against the offline emulator; writes docs/benchmarks.md.

    .venv/bin/python -m tests.bench.bench                 # full run (make bench), about 8-10 minutes
    .venv/bin/python -m tests.bench.bench --quick         # smoke run (N=10, one run), under 2 minutes
    .venv/bin/python -m tests.bench.bench --latency-ms 0  # or BAIDUCLOUD_BENCH_LATENCY_MS=0

Everything talks to 127.0.0.1 only: the emulator runs in this process (a background thread) and
ansible-playbook runs localhost with the local connection. See docs/benchmarks.md for the method.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import collections
import copy
import datetime
import glob
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from tests.emulator import server as emulator_server
from tests.emulator.admin_client import AdminClient

REPO = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
BENCH_DIR = os.path.join(REPO, 'tests', 'bench')
FIXTURE = os.path.join(REPO, 'tests', 'emulator', 'fixture.json')
VPC_ID = 'vpc-emu1demo0001'
TABLE_ID = 'rt-emu1demo0001'
CREDENTIALS = {'access_key': 'emulator-ak', 'secret_key': 'emulator-sk'}
SCENARIOS = ('converge', 'noop', 'change_one', 'check_diff', 'delete_all')
SCENARIO_TITLES = {
    'converge': 'converge from empty',
    'noop': 'no-op re-run',
    'change_one': 'change one rule',
    'check_diff': '--check --diff, one pending change',
    'delete_all': 'delete all',
}
PLAY_TIMEOUT = 600
# The two ways a task runs: the action plugin runs the logic in the controller's worker ('in-process', the default),
# or a module process (BAIDUCLOUD_EXECUTION=module). The value each case sets; the User-Agent tells which ran.
EXECUTIONS = collections.OrderedDict((('in-process', 'auto'), ('module', 'module')))
RULE_ID_RE = re.compile(r'/rr-[0-9a-z]+$')


# -- emulator (admin API over loopback HTTP) ----------------------------------------------


class Emulator(AdminClient):
    def __init__(self, latency_ms):
        self.handle = emulator_server.start_emulator()
        self.url = self.handle.base_url
        self.latency_ms = latency_ms
        # A longer admin timeout than the tests use: the benchmark loads fixtures of up to 1,000 rules.
        super().__init__(self.url, timeout=60)

    def setup(self, fixture, quota, latency_ms=None):
        """Fresh state from a fixture, then the latency and quota (a reset clears the config)."""
        self.reset(fixture)
        self.config(latency_ms=self.latency_ms if latency_ms is None else latency_ms, quota=quota)

    def custom_rules(self):
        return [r for r in self.table_rules(TABLE_ID) if r.get('routeRuleId')]

    def stop(self):
        self.handle.stop()


# -- desired state and fixtures -----------------------------------------------------------


def hop_of(index):
    return (('custom', 'i-emu1Ins1'), ('vpn', 'vpn-emu1demo0001'), ('nat', 'nat-emu1demo0001'))[index % 3]


def desired(n, changed_index=None):
    """N single-path rules 0.0.0.0/0 -> 10.x.y.0/24 (outside the VPC's 192.168.0.0/16)."""
    rules = []
    for index in range(n):
        hop_type, hop_id = hop_of(index)
        if index == changed_index:
            hop_id = 'i-emu1Ins2'  # rule 0 is a custom one: an in-place update (PUT)
        rules.append(
            {
                'destination_address': '10.%d.%d.0/24' % (index // 256, index % 256),
                'next_hop_type': hop_type,
                'next_hop_id': hop_id,
                'description': 'bench rule %d' % index,
            }
        )
    return rules


def fixture_with(base, rules):
    fixture = copy.deepcopy(base)
    for vpc in fixture['vpcs']:
        if vpc['vpcId'] == VPC_ID:
            vpc['routeTable']['quota'] = max(50, len(rules) + 10)
            vpc['routeTable']['rules'] = [
                {
                    'sourceAddress': '0.0.0.0/0',
                    'destinationAddress': r['destination_address'],
                    'nexthopType': r['next_hop_type'],
                    'nexthopId': r['next_hop_id'],
                    'description': r['description'],
                }
                for r in rules
            ]
    return fixture


# -- playbooks ----------------------------------------------------------------------------


def play(tasks):
    # JSON is YAML: the playbook is written with json.dump.
    return [
        {
            'name': 'bench',
            'hosts': 'localhost',
            'gather_facts': False,
            'module_defaults': {'group/baiducloud.vpc.vpc': dict(CREDENTIALS, endpoint='{{ bench_endpoint }}')},
            'tasks': tasks,
        }
    ]


def table_task(rules, purge=False):
    # The table's quota is raised for large N (as a user would have it raised); tell the module.
    args = {'route_table_id': TABLE_ID, 'rules': rules, 'rule_quota': max(50, len(rules) + 10)}
    if purge:
        args['purge'] = True
    return {'name': 'route table', 'baiducloud.vpc.route_table': args}


def rule_task(index, rule, state='present'):
    args = {'route_table_id': TABLE_ID, 'destination_address': rule['destination_address']}
    if state == 'present':
        args.update(
            next_hop_type=rule['next_hop_type'], next_hop_id=rule['next_hop_id'], description=rule['description']
        )
    else:
        args['state'] = 'absent'
    return {'name': 'rule %d' % index, 'baiducloud.vpc.route_rule': args}


def case_definition(module, n, scenario, rule_tasks):
    """(rules in the table before, playbook tasks, check_mode, rules expected after, writes expected)."""
    wanted = desired(n)
    changed = desired(n, changed_index=0)
    before = {'converge': [], 'delete_all': wanted}.get(scenario, wanted)
    after = {'converge': wanted, 'change_one': changed, 'delete_all': []}.get(scenario, wanted)
    writes = {'converge': n, 'noop': 0, 'change_one': 1, 'check_diff': 0, 'delete_all': n}[scenario]
    if module == 'route_rule' and scenario == 'noop' and n > rule_tasks:
        # Per-task figure only: re-run the tasks of the first rule_tasks rules of the N-rule table.
        wanted = wanted[:rule_tasks]
    if module == 'route_table':
        target = {'delete_all': []}.get(scenario, changed if scenario in ('change_one', 'check_diff') else wanted)
        tasks = [table_task(target, purge=scenario == 'delete_all')]
    elif scenario in ('change_one', 'check_diff'):
        # The other N-1 tasks of the play would be the no-op scenario; only the changing task is run.
        tasks = [rule_task(0, changed[0])]
    else:
        tasks = [rule_task(i, r, 'absent' if scenario == 'delete_all' else 'present') for i, r in enumerate(wanted)]
    return before, tasks, scenario == 'check_diff', after, writes


# -- running plays ------------------------------------------------------------------------


class Runner(object):
    def __init__(self, workdir, emulator):
        self.workdir = workdir
        self.emulator = emulator
        bindir = os.path.dirname(sys.executable)
        self.playbook_bin = os.path.join(bindir, 'ansible-playbook')
        collections_path = subprocess.check_output(
            [os.path.join(REPO, 'tools', 'collection_path.sh')], universal_newlines=True
        ).strip()
        env = dict(
            (k, v)
            for k, v in os.environ.items()
            if not k.lower().endswith('_proxy') and not k.startswith('ANSIBLE_') and k != 'BAIDUCLOUD_EXECUTION'
        )
        env.update(
            {
                'ANSIBLE_COLLECTIONS_PATH': collections_path,
                'ANSIBLE_CALLBACK_PLUGINS': os.path.join(BENCH_DIR, 'callback_plugins'),
                'ANSIBLE_CALLBACKS_ENABLED': 'bench_timer',
                'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
                'ANSIBLE_LOCALHOST_WARNING': 'false',
                'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
                'ANSIBLE_RETRY_FILES_ENABLED': 'false',
                'ANSIBLE_NOCOLOR': '1',
                'ANSIBLE_LOCAL_TEMP': os.path.join(workdir, 'local-tmp'),
                'ANSIBLE_REMOTE_TMP': os.path.join(workdir, 'remote-tmp'),
                'NO_PROXY': '127.0.0.1,localhost',
                'PATH': bindir + os.pathsep + os.environ.get('PATH', ''),
            }
        )
        self.env = env
        self.collections_path = collections_path
        self.counter = 0

    def run_play(self, tasks, check=False, diff=False, extra_env=None):
        """Run one playbook; return (wall seconds, [task timings], stdout tail)."""
        self.counter += 1
        path = os.path.join(self.workdir, 'play-%d.yml' % self.counter)
        timings = os.path.join(self.workdir, 'timings-%d.json' % self.counter)
        with open(path, 'w') as handle:
            json.dump(play(tasks), handle)
        command = [
            self.playbook_bin,
            '-i',
            'localhost,',
            '-c',
            'local',
            '-e',
            'bench_endpoint=%s' % self.emulator.url,
            path,
        ]
        if check:
            command.append('--check')
        if diff:
            command.append('--diff')
        env = dict(self.env, BAIDUCLOUD_BENCH_TIMINGS=timings, **(extra_env or {}))
        started = time.perf_counter()
        proc = subprocess.run(
            command,
            cwd=self.workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            universal_newlines=True,
            timeout=PLAY_TIMEOUT,
            check=False,
        )
        wall = time.perf_counter() - started
        if proc.returncode != 0:
            raise RuntimeError('ansible-playbook failed (%s):\n%s' % (proc.returncode, proc.stdout[-4000:]))
        with open(timings) as handle:
            tasks_done = json.load(handle)
        os.unlink(path)
        os.unlink(timings)
        return wall, tasks_done


def summarize_calls(calls):
    """Counter of 'METHOD /path' with rule ids written as {id}, in first-seen order."""
    counts = collections.OrderedDict()
    for call in calls:
        key = '%s %s' % (call['method'], RULE_ID_RE.sub('/{id}', call['path']))
        counts[key] = counts.get(key, 0) + 1
    return counts


def format_calls(counts):
    return ', '.join('%s ×%d' % (k, v) if v > 1 else k for k, v in counts.items()) or 'none'


class Case(object):
    def __init__(self, module, n, scenario, rule_tasks=10, runs=None, execution='module'):
        self.module, self.n, self.scenario, self.execution = module, n, scenario, execution
        self.runs = runs
        self.before, self.tasks, self.check, self.after, self.writes_expected = case_definition(
            module, n, scenario, rule_tasks
        )
        self.walls, self.per_task, self.changing_task, self.server_s = [], [], [], []
        self.calls = None
        self.writes = None
        self.problems = []

    @property
    def key(self):
        return '%s N=%d %s %s' % (self.module, self.n, self.scenario, self.execution)

    def run(self, runner, base_fixture, quota):
        emulator = runner.emulator
        emulator.setup(fixture_with(base_fixture, self.before), quota)
        wall, timings = runner.run_play(
            self.tasks,
            check=self.check,
            diff=self.check,
            extra_env={'BAIDUCLOUD_EXECUTION': EXECUTIONS[self.execution]},
        )
        calls = emulator.calls()
        # The client's User-Agent ends in the way it ran: a case must measure the path it names.
        ran = set((c.get('user_agent') or '').rsplit('execution/', 1)[-1] for c in calls)
        if calls and ran != {self.execution}:
            self.problems.append('ran as %s, not %s' % (', '.join(sorted(ran)), self.execution))
        self.walls.append(wall)
        self.per_task.append(statistics.median(t['seconds'] for t in timings))
        changing = [t['seconds'] for t in timings if t['changed']]
        if changing:
            self.changing_task.append(statistics.median(changing))
        self.server_s.append(sum(c['duration_ms'] for c in calls) / 1000.0)
        summary = summarize_calls(calls)
        writes = sum(1 for c in calls if c['write'])
        if self.calls is None:
            self.calls, self.writes = summary, writes
        elif summary != self.calls or writes != self.writes:
            self.problems.append('API calls differ between runs: %s' % format_calls(summary))
        if writes != self.writes_expected:
            self.problems.append('expected %d writes, saw %d' % (self.writes_expected, writes))
        if any(t['status'] != 'ok' for t in timings):
            self.problems.append('a task did not end ok')
        final = sorted((r['destinationAddress'], r['nexthopId']) for r in emulator.custom_rules())
        expected = sorted((r['destination_address'], r['next_hop_id']) for r in self.after)
        if final != expected:
            self.problems.append(
                'the table does not hold the expected %d rules afterwards (%d found)' % (len(expected), len(final))
            )

    def row(self, ping):
        # A play of several tasks builds the module payload once, so its tasks compare with the tasks of a
        # 10-task ping play; a one-task play (payload built in the task) with the one-task ping play.
        ping_task = ping['per_task10_s'] if len(self.tasks) > 1 and ping.get('per_task10_s') else ping['per_task_s']
        per_task = statistics.median(self.per_task)
        # For the change scenarios the figure that matters is the task that changed something.
        judged = (
            statistics.median(self.changing_task)
            if self.scenario in ('change_one',) and self.changing_task
            else per_task
        )
        return {
            'module': self.module,
            'n': self.n,
            'scenario': self.scenario,
            'execution': self.execution,
            'tasks': len(self.tasks),
            'runs': len(self.walls),
            'wall_s': statistics.median(self.walls),
            'per_task_s': per_task,
            'judged_s': judged,
            'ratio': judged / ping_task,
            'ping_task_s': ping_task,
            'server_s': statistics.median(self.server_s),
            'walls': self.walls,
            'per_tasks': self.per_task,
            'calls': dict(self.calls or {}),
            'calls_text': format_calls(self.calls or {}),
            'writes': self.writes,
            'problems': sorted(set(self.problems)),
        }


# -- the module's own cost ----------------------------------------------------------------


def import_profile(runner, module, repeats):
    """Median cumulative import time (ms) of a module and its heaviest imports, by python -X importtime."""
    env = dict(runner.env, PYTHONPATH=runner.collections_path)
    totals = collections.defaultdict(list)
    for dummy in range(repeats):
        proc = subprocess.run(
            [sys.executable, '-X', 'importtime', '-c', 'import %s' % module],
            cwd=runner.workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
            timeout=120,
            check=True,
        )
        for line in proc.stderr.splitlines():
            match = re.match(r'import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)', line)
            if match:
                totals[match.group(4)].append(int(match.group(2)) / 1000.0)
    medians = dict((name, min(values)) for name, values in totals.items())
    interesting = ('ansible.module_utils.basic', 'requests', 'ipaddress', 'uuid', 'json')
    return {'total_ms': medians.get(module), 'parts': dict((k, medians[k]) for k in interesting if k in medians)}


def drive(runner, module, args, repeats, setup=None):
    """Median import and main() time of a module in a fresh interpreter (no Ansible controller)."""
    path = os.path.join(runner.workdir, 'drive-args.json')
    with open(path, 'w') as handle:
        json.dump(args, handle)
    env = dict(runner.env, PYTHONPATH=runner.collections_path + os.pathsep + REPO)
    imports, runs, cpus = [], [], []
    for dummy in range(repeats):
        if setup is not None:
            setup()
        proc = subprocess.run(
            [sys.executable, os.path.join(BENCH_DIR, 'drive_module.py'), module, path],
            cwd=runner.workdir,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
            timeout=300,
            check=True,
        )
        result = json.loads(proc.stdout.strip().splitlines()[-1])
        if result['failed']:
            raise RuntimeError('%s failed: %s' % (module, result['msg']))
        imports.append(result['import_s'])
        runs.append(result['run_s'])
        cpus.append(result['cpu_s'])
    return min(imports), min(runs), min(cpus)


def payloads(runner, tasks_by_name, repeats):
    """Size of the AnsiballZ payload Ansible ships (ANSIBLE_KEEP_REMOTE_FILES=1) and the median wall time of
    running that payload directly (interpreter start + unzip + import + run, no controller)."""
    results = {}
    for number, (name, tasks) in enumerate(tasks_by_name.items()):
        remote = os.path.join(runner.workdir, 'keep-%d' % number)
        # The payload exists only on the module path.
        runner.run_play(
            tasks,
            extra_env={
                'ANSIBLE_KEEP_REMOTE_FILES': '1',
                'ANSIBLE_REMOTE_TMP': remote,
                'BAIDUCLOUD_EXECUTION': EXECUTIONS['module'],
            },
        )
        found = glob.glob(os.path.join(remote, '*', 'AnsiballZ_*.py'))
        if len(found) != 1:
            raise RuntimeError('expected one AnsiballZ payload in %s, found %s' % (remote, found))
        walls = []
        for dummy in range(repeats):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, found[0]],
                cwd=runner.workdir,
                env=runner.env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=300,
                check=True,
            )
            walls.append(time.perf_counter() - started)
        results[name] = {'bytes': os.path.getsize(found[0]), 'exec_s': min(walls)}
        shutil.rmtree(remote, ignore_errors=True)
    return results


def planner_profile(runner, n, repeats):
    """Milliseconds spent by the pure planners of route_table on a table of N rules (no I/O): one cold pass per
    fresh interpreter (as in a module run, where nothing is cached yet), the fastest of `repeats`."""
    env = dict(runner.env, PYTHONPATH=runner.collections_path + os.pathsep + REPO)
    passes = []
    for dummy in range(repeats):
        proc = subprocess.run(
            [sys.executable, '-m', 'tests.bench.bench', '--planner-pass', str(n)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            universal_newlines=True,
            timeout=300,
            check=True,
        )
        passes.append(json.loads(proc.stdout.strip().splitlines()[-1], object_pairs_hook=collections.OrderedDict))
    return collections.OrderedDict((step, min(p[step] for p in passes)) for step in passes[0])


def planner_pass(n):
    """One cold pass of the planners (run in a fresh interpreter by planner_profile); returns {step: ms}."""
    from ansible_collections.baiducloud.vpc.plugins.module_utils import (  # pylint: disable=import-outside-toplevel
        _route_api,
        _route_plan,
        _rule,
    )

    raw = [
        {
            'routeRuleId': 'rr-%012d' % i,
            'routeTableId': TABLE_ID,
            'sourceAddress': '0.0.0.0/0',
            'destinationAddress': r['destination_address'],
            'nexthopType': r['next_hop_type'],
            'nexthopId': r['next_hop_id'],
            'description': r['description'],
            'pathType': 'normal',
        }
        for i, r in enumerate(desired(n))
    ]
    params = [dict(r, source_address=None, next_hops=None, ip_version=None) for r in desired(n)]
    steps = collections.OrderedDict()

    def timed(name, func):
        started = time.perf_counter()
        out = func()
        steps[name] = (time.perf_counter() - started) * 1000.0
        return out

    wanted = timed('desired_rules (validate the task input)', lambda: _rule.desired_rules(params))
    current = timed('group_rules (normalise the API listing)', lambda: _route_api.group_rules(raw))
    plan = timed('plan_table (compare, no-op)', lambda: _route_plan.plan_table(TABLE_ID, current, wanted))
    timed('table_view x2 (diff before/after)', lambda: (_rule.table_view(current), _rule.table_view(plan[1])))
    empty = timed('plan_table (from empty: N creates)', lambda: _route_plan.plan_table(TABLE_ID, [], wanted))
    vpc = {
        'vpc_id': VPC_ID,
        'cidrs': ['192.168.0.0/16', '2400:da00:e003::/56'],
        'subnets': ['192.168.0.0/20', '192.168.16.0/20'],
    }
    rules = _route_plan.written_rules(empty[0])
    timed('check_against_vpc (N written rules)', lambda: [_route_plan.check_against_vpc(r, vpc) for r in rules])
    return steps


# -- report -------------------------------------------------------------------------------


def fmt_s(value):
    return '%.3f' % value


def breakdown(add, ping, rows, costs, latency_ms):
    """Split the per-task gap to ping of the no-op into the module process and the rest (controller side)."""
    by = dict(((r['module'], r['n'], r['scenario']), r) for r in rows if r.get('execution', 'module') == 'module')
    row = by.get(('route_table', 50, 'noop')) or by.get(('route_table', 10, 'noop'))
    payload = costs['payloads']
    names = list(payload)
    if row is None or len(names) < 2:
        return
    gap = row['per_task_s'] - ping['per_task_s']
    module_side = payload[names[1]]['exec_s'] - payload[names[0]]['exec_s']
    imports = costs['imports']
    import_gap = (list(imports.values())[1]['total_ms'] - list(imports.values())[0]['total_ms']) / 1000.0
    add('Where the no-op\'s extra time over ping goes (route_table, N=%d, one-task plays; ms):' % row['n'])
    add('')
    add('| part | ms | from |')
    add('|---|---:|---|')
    add('| per-task gap to ping | %.0f | results table |' % (gap * 1000.0))
    add(
        '| of which in the module process | %.0f | direct run of the AnsiballZ payloads (route_table N=50 no-op minus ping) |'
        % (module_side * 1000.0)
    )
    add(
        '| - imports beyond ping\'s | %.0f | `-X importtime` (`requests` alone: %.0f) |'
        % (import_gap * 1000.0, list(imports.values())[1]['parts'].get('requests', 0.0))
    )
    add(
        '| - the table read (one call, %g ms latency) and the run | %.0f | the rest of the module process |'
        % (latency_ms, (module_side - import_gap) * 1000.0)
    )
    add(
        '| of which on the controller (payload build of a collection module, collection loading, templating of a '
        'larger task, result processing) | %.0f | the rest |' % ((gap - module_side) * 1000.0)
    )
    add('')


def render(meta, ping, rows, costs, targets):
    out = []
    add = out.append
    add('<!-- Generated by `make bench` (tests/bench/bench.py); do not edit by hand. -->')
    add('# Benchmarks: route_table and route_rule against the emulator')
    add('')
    add(
        'Generated %s on %s (%s, %d CPUs, Python %s, ansible-core %s). Emulator latency **%g ms per API request**; '
        '%d runs per case (medians). Total bench time %.0f s.'
        % (
            meta['date'],
            meta['host'],
            meta['platform'],
            meta['cpus'],
            meta['python'],
            meta['ansible'],
            meta['latency_ms'],
            meta['runs'],
            meta['elapsed_s'],
        )
    )
    add(
        'Load average (1/5/15 min) at the start %s and at the end %s: other work on the machine adds noise, which is '
        'why every figure is compared with the ping baseline measured in the same rounds.'
        % ('/'.join('%.1f' % x for x in meta['load_start']), '/'.join('%.1f' % x for x in meta['load']))
    )
    if meta['quick']:
        add('')
        add(
            '**Quick (smoke) run**: N=%s, %d run(s) per case; the numbers are indicative only.'
            % (', '.join(str(n) for n in meta['sizes']), meta['runs'])
        )
    add('')
    add('## Method')
    add('')
    add(
        '- The emulator (`tests/emulator`) runs in the benchmark process on 127.0.0.1 with a fixed latency added to every '
        '`/v1` request (`POST /_emulator/config {"latency_ms": ...}`); its quota is raised for N=1,000. Each case starts '
        'from a fixture loaded with `POST /_emulator/reset` (no API calls for the setup), then runs one `ansible-playbook` '
        '(`-i localhost, -c local`, default settings, the venv interpreter) and reads `GET /_emulator/calls`.'
    )
    add(
        '- **Per-task time** is measured by a small callback (`tests/bench/callback_plugins/bench_timer.py`, the '
        '`profile_tasks` method): from `v2_playbook_on_task_start` to the host result. It covers everything a task costs '
        'on the controller and the target (fork, templating, AnsiballZ, interpreter start, module, result) and nothing of '
        'the per-play start of `ansible-playbook` (~%s s here), which is why it is the figure to compare with the baseline.'
        % fmt_s(ping['wall_s'] - ping['per_task_s'])
    )
    add(
        '- **Baseline**: a one-task `ansible.builtin.ping` play, run in the same rounds, before every third case (%d '
        'samples; the cases are interleaved round by round, so drift hits every case alike). A play of 10 ping tasks cross-checks the callback: its wall-time '
        'slope per task is shown next to the callback figure.' % ping['samples']
    )
    add(
        '- **Runs as**: every case runs both ways the collection can run a task (%s): *in-process*, the default, where '
        'the action plugin validates the arguments and runs the module\'s logic in the controller\'s worker (no AnsiballZ '
        'payload, no new interpreter), and *module*, the module process (`BAIDUCLOUD_EXECUTION=module`). Each case checks '
        'from the emulator\'s call log (the User-Agent ends in `execution/in-process` or `execution/module`) that it ran '
        'the way it names.' % ', '.join(meta.get('executions', ['module']))
    )
    add(
        '- **Ratio** = the case\'s per-task time / the ping per-task time, both medians of the same run. A one-task play is '
        'compared with the one-task ping play; a play of several tasks (`route_rule`) with the tasks of the 10-task ping play, '
        'because Ansible builds a module\'s payload (AnsiballZ) in the first task of a play and reuses it afterwards.'
    )
    add(
        '- `route_rule` uses one task per rule (not a loop), `route_table_id` as selector. Per-rule plays are capped at '
        'N ≤ %d (a 1,000-task play takes minutes and adds nothing: the per-task figure does not depend on N beyond the '
        'table read). For *change one rule* and *--check --diff* the `route_rule` play holds only the changing task '
        '(the other N-1 tasks are exactly the no-op case). The plays that write every rule (*converge*, *delete all*) run up to '
        'N = %d: their per-task time is the same at N=50 and a 50-task write play costs ~45 s a run '
        '(`--rule-writes-max 50` runs them). A `route_rule` no-op play holds at most %d tasks (at N=50: the tasks of the '
        'first %d rules of the 50-rule table; every task reads the whole table, so its cost is that of any of the 50).'
        % (meta['rule_max'], meta['rule_writes_max'], meta['rule_tasks'], meta['rule_tasks'])
    )
    add(
        '- The N=1,000 cases that write every rule (*converge*, *delete all*) run %d times, not %d: each takes ~31 s, '
        'almost all of it the emulator latency (1,000 sequential calls), and the whole benchmark has to stay well under '
        '15 minutes; the spread between their runs is shown in the JSON output (`--json`).'
        % (meta['big_write_runs'], meta['runs'])
    )
    add(
        '- The emulator sets `TCP_NODELAY` on its sockets, as production front ends do (before it did, every response '
        'with a body waited ~40 ms for the client\'s delayed ACK).'
    )
    add(
        '- API calls are exact (method and path; rule ids shown as `{id}`) and identical in every run; *writes* counts calls '
        'the emulator reports as `write: true` (state changed). Every case is also checked for the resulting table.'
    )
    add(
        '- Rules: `0.0.0.0/0 -> 10.x.y.0/24` (outside the VPC `192.168.0.0/16`), next hops cycling custom / vpn / nat; '
        'the change is the next hop of one custom rule (an in-place update, `PUT`).'
    )
    add('')
    add('## Baseline')
    add('')
    add('| play | wall median (s) | per-task median (s) |')
    add('|---|---:|---:|')
    add('| `ansible.builtin.ping`, 1 task | %s | %s |' % (fmt_s(ping['wall_s']), fmt_s(ping['per_task_s'])))
    if ping.get('wall10_s'):
        add(
            '| `ansible.builtin.ping`, 10 tasks | %s | %s (wall slope per task: %s) |'
            % (fmt_s(ping['wall10_s']), fmt_s(ping['per_task10_s']), fmt_s((ping['wall10_s'] - ping['wall_s']) / 9.0))
        )
    add('')
    add('## Results')
    add('')
    add(
        '| module | N | scenario | runs as | tasks | play wall (s) | per task (s) | × ping | API calls (whole play) | writes |'
    )
    add('|---|---:|---|---|---:|---:|---:|---:|---|---:|')
    for row in rows:
        judged = fmt_s(row['per_task_s'])
        if row['judged_s'] != row['per_task_s']:
            judged = '%s (changing task %s)' % (judged, fmt_s(row['judged_s']))
        add(
            '| %s | %d | %s | %s | %d | %s | %s | **%.2f** | %s | %d |'
            % (
                row['module'],
                row['n'],
                SCENARIO_TITLES[row['scenario']],
                row.get('execution', 'module'),
                row['tasks'],
                fmt_s(row['wall_s']),
                judged,
                row['ratio'],
                row['calls_text'],
                row['writes'],
            )
        )
    problems = [(r, p) for r in rows for p in r['problems']]
    if problems:
        add('')
        add('**Problems seen**:')
        add('')
        for row, problem in problems:
            add(
                '- %s N=%d %s (%s): %s'
                % (row['module'], row['n'], row['scenario'], row.get('execution', 'module'), problem)
            )
    add('')
    add('## Targets')
    add('')
    add('| target | case | measured | met |')
    add('|---|---|---|---|')
    for target in targets:
        add(
            '| %s | %s | %s | %s |'
            % (target['target'], target['case'], target['measured'], 'yes' if target['met'] else '**no**')
        )
    add('')
    add('## Module-side cost')
    add('')
    add(
        'Module-side time of `route_table` converging from empty: per-task time minus the ping per-task time minus the '
        'time the emulator spent on the calls (its call log `duration_ms`, which includes the %g ms latency), divided by N. '
        'It is what the module (client, signing, JSON, planning) adds per rule.' % meta['latency_ms']
    )
    add('')
    add('| N | per task (s) | emulator time (s) | module-side per rule (ms) |')
    add('|---:|---:|---:|---:|')
    for row in costs['per_rule']:
        add(
            '| %d | %s | %s | %.2f |' % (row['n'], fmt_s(row['per_task_s']), fmt_s(row['server_s']), row['per_rule_ms'])
        )
    add('')
    add(
        'That wall-clock figure also holds what the machine\'s load does to the emulator thread and the loopback round '
        'trips, and the fixed per-task cost divided by N. The **CPU time of the module process** isolates the module: '
        '`route_table` converging from empty minus a no-op on the same N, run by `tests/bench/drive_module.py` at latency 0 '
        '(fastest of the runs):'
    )
    add('')
    add('| N | converge: CPU (s) | converge: wall (s) | no-op: CPU (s) | module CPU per rule written (ms) |')
    add('|---:|---:|---:|---:|---:|')
    for row in costs['cpu']:
        add(
            '| %d | %s | %s | %s | %.2f |'
            % (
                row['n'],
                fmt_s(row['converge_cpu_s']),
                fmt_s(row['converge_run_s']),
                fmt_s(row['noop_cpu_s']),
                row['per_rule_ms'],
            )
        )
    add('')
    add(
        'Import and run of the module code in a fresh interpreter, without the controller, fork or AnsiballZ '
        '(`tests/bench/drive_module.py`; the run is a no-op against the emulator with its %g ms latency per call). '
        'These small figures are the fastest of %d runs (the minimum is the least noisy estimate of a fixed cost):'
        % (meta['latency_ms'], meta['micro_repeats'])
    )
    add('')
    add('| module | case | import (ms) | main() wall (ms) | main() CPU (ms) |')
    add('|---|---|---:|---:|---:|')
    for row in costs['drive']:
        add(
            '| %s | %s | %.1f | %.1f | %.1f |'
            % (row['module'], row['case'], row['import_s'] * 1000.0, row['run_s'] * 1000.0, row['cpu_s'] * 1000.0)
        )
    add('')
    add('`python -X importtime` (cumulative ms of each import where it is first imported; fastest run):')
    add('')
    add('| module | total | %s |' % ' | '.join(costs['import_parts']))
    add('|---|---:|' + '---:|' * len(costs['import_parts']))
    for name, profile in costs['imports'].items():
        add(
            '| `%s` | %.1f | %s |'
            % (
                name,
                profile['total_ms'] or 0.0,
                ' | '.join(
                    '%.1f' % profile['parts'][p] if p in profile['parts'] else '-' for p in costs['import_parts']
                ),
            )
        )
    add('')
    add(
        'AnsiballZ payload as Ansible ships it (`ANSIBLE_KEEP_REMOTE_FILES=1`), and the median wall time of running that '
        'file directly with the venv interpreter (interpreter start, unzip, imports, run; no controller; fastest run, s):'
    )
    add('')
    add('| payload | bytes | direct run (s) |')
    add('|---|---:|---:|')
    for name, info in costs['payloads'].items():
        add('| %s | %d | %s |' % (name, info['bytes'], fmt_s(info['exec_s'])))
    add('')
    breakdown(add, ping, rows, costs, meta['latency_ms'])
    add(
        'Pure planners of `route_table` at N=%d (no I/O; one cold pass per fresh interpreter, as in a module run; '
        'ms, fastest run):' % costs['planner_n']
    )
    add('')
    add('| step | ms |')
    add('|---|---:|')
    for step, value in costs['planner'].items():
        add('| %s | %.1f |' % (step, value))
    add('')
    add('## Reproduce')
    add('')
    add('```')
    add('make bench                                        # this report')
    add('.venv/bin/python -m tests.bench.bench --quick     # smoke run, report in tests/output/bench/')
    add('.venv/bin/python -m tests.bench.bench --latency-ms 0 --runs 5 --output /tmp/bench.md')
    add('```')
    add('')
    return '\n'.join(out)


def evaluate_targets(rows, costs):
    by = dict(((r['module'], r['n'], r['scenario']), r) for r in rows if r.get('execution', 'module') == 'module')
    targets = []

    def reads_only(row):
        return all(
            k.startswith('GET /v1/route/rule') or k.startswith('GET /v1/route ') or k == 'GET /v1/route'
            for k in row['calls']
        )

    for n in (50, 1000):
        row = by.get(('route_table', n, 'noop'))
        if row:
            pages = row['calls'].get('GET /v1/route/rule', 0)
            met = row['ratio'] <= 1.3 and row['writes'] == 0 and reads_only(row) and pages <= (n + 2 + 999) // 1000
            targets.append(
                {
                    'target': 'no-op ≤ 1.3× ping; only table reads (1 per 1,000 rules), 0 writes',
                    'case': 'route_table N=%d' % n,
                    'measured': '%.2f×; %s' % (row['ratio'], row['calls_text']),
                    'met': met,
                }
            )
        row = by.get(('route_rule', n, 'noop'))
        if row:
            met = row['ratio'] <= 1.3 and row['writes'] == 0 and reads_only(row)
            targets.append(
                {
                    'target': 'no-op ≤ 1.3× ping; only table reads, 0 writes',
                    'case': 'route_rule N=%d (per task)' % n,
                    'measured': '%.2f×; %s' % (row['ratio'], row['calls_text']),
                    'met': met,
                }
            )
    for module in ('route_table', 'route_rule'):
        for n in (10, 50, 1000):
            row = by.get((module, n, 'change_one'))
            if row:
                targets.append(
                    {
                        'target': 'change one ≤ 1.5× ping; table read(s) + validation reads + 1 write',
                        'case': '%s N=%d' % (module, n),
                        'measured': '%.2f×; %s' % (row['ratio'], row['calls_text']),
                        'met': row['ratio'] <= 1.5 and row['writes'] == 1,
                    }
                )
            row = by.get((module, n, 'check_diff'))
            if row:
                targets.append(
                    {
                        'target': '--check --diff ≤ 1.3× ping, 0 writes',
                        'case': '%s N=%d' % (module, n),
                        'measured': '%.2f×; %s' % (row['ratio'], row['calls_text']),
                        'met': row['ratio'] <= 1.3 and row['writes'] == 0,
                    }
                )
    # The in-process path (issue 16): a no-op and a one-rule change at a quarter of ping per task or less.
    for row in rows:
        if row.get('execution') == 'in-process' and row['scenario'] in ('noop', 'change_one'):
            writes = 0 if row['scenario'] == 'noop' else 1
            targets.append(
                {
                    'target': 'in-process %s ≤ 0.25× ping per task, %d write(s)'
                    % (SCENARIO_TITLES[row['scenario']], writes),
                    'case': '%s N=%d' % (row['module'], row['n']),
                    'measured': '%.2f×; %s' % (row['ratio'], row['calls_text']),
                    'met': row['ratio'] <= 0.25 and row['writes'] == writes,
                }
            )
    cpu = dict((row['n'], row['per_rule_ms']) for row in costs['cpu'])
    for row in costs['per_rule']:
        conv = by[('route_table', row['n'], 'converge')]
        per_rule_reads = [k for k in conv['calls'] if k.startswith('GET') and conv['calls'][k] >= row['n'] > 1]
        targets.append(
            {
                'target': 'route_table converge: N writes, no per-rule reads',
                'case': 'route_table N=%d' % row['n'],
                'measured': '%d writes; %s' % (conv['writes'], conv['calls_text']),
                'met': conv['writes'] == row['n'] and not per_rule_reads,
            }
        )
        if row['n'] in cpu:
            targets.append(
                {
                    'target': 'route_table converge: module-side overhead < 1 ms per rule beyond API latency',
                    'case': 'route_table N=%d' % row['n'],
                    'measured': 'module CPU %.2f ms/rule (wall-clock estimate under this load: %.2f ms/rule)'
                    % (cpu[row['n']], row['per_rule_ms']),
                    'met': cpu[row['n']] < 1.0,
                }
            )
    return targets


# -- main ---------------------------------------------------------------------------------


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split('\n', maxsplit=1)[0])
    parser.add_argument(
        '--quick', action='store_true', help='smoke run: N=10, one run, report under tests/output/bench/'
    )
    parser.add_argument(
        '--latency-ms',
        type=float,
        default=float(os.environ.get('BAIDUCLOUD_BENCH_LATENCY_MS', 30)),
        help='emulator latency per API request (default 30, or $BAIDUCLOUD_BENCH_LATENCY_MS)',
    )
    parser.add_argument('--runs', type=int, help='runs per case (default 5, quick 1)')
    parser.add_argument('--sizes', help='comma-separated table sizes (default 10,50,1000; quick 10)')
    parser.add_argument(
        '--rule-max', type=int, default=50, help='largest N for the one-task-per-rule route_rule plays (default 50)'
    )
    parser.add_argument(
        '--rule-writes-max',
        type=int,
        default=10,
        help='largest N for the route_rule plays that write every rule (converge, delete all; default 10)',
    )
    parser.add_argument(
        '--rule-tasks',
        type=int,
        default=10,
        help='most tasks in a route_rule no-op play; at larger N they re-run the first rules of the table (default 10)',
    )
    parser.add_argument(
        '--big-write-runs',
        type=int,
        default=3,
        help='runs of the N>=1000 cases that write every rule (converge, delete all; default 3): ~31 s each at 30 ms',
    )
    parser.add_argument(
        '--executions',
        default=','.join(EXECUTIONS),
        help='ways to run the tasks, of %s (default both; module always runs: it carries the costs)'
        % ', '.join(EXECUTIONS),
    )
    parser.add_argument(
        '--output', help='markdown report (default docs/benchmarks.md; quick: tests/output/bench/benchmarks-quick.md)'
    )
    parser.add_argument('--json', help='also write the raw results as JSON here')
    parser.add_argument('--planner-pass', type=int, help=argparse.SUPPRESS)
    parser.add_argument('--from-json', help='only render the report again from the --json output of an earlier run')
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 5)
    args.sizes = [int(s) for s in (args.sizes or ('10' if args.quick else '10,50,1000')).split(',')]
    # The module path's rows carry the existing targets and the module-side costs, so it always runs.
    args.executions = [e for e in EXECUTIONS if e == 'module' or e in args.executions.split(',')]
    if args.output is None:
        args.output = (
            os.path.join(REPO, 'tests', 'output', 'bench', 'benchmarks-quick.md')
            if args.quick
            else os.path.join(REPO, 'docs', 'benchmarks.md')
        )
    return args


def log(message):
    sys.stderr.write('[bench %s] %s\n' % (time.strftime('%H:%M:%S'), message))
    sys.stderr.flush()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.planner_pass:
        print(json.dumps(planner_pass(args.planner_pass)))
        return 0
    if args.from_json:
        with open(args.from_json) as handle:
            data = json.load(handle, object_pairs_hook=collections.OrderedDict)
        with open(args.output, 'w') as handle:
            handle.write(render(data['meta'], data['ping'], data['rows'], data['costs'], data['targets']))
        return 0
    began = time.perf_counter()
    load_start = os.getloadavg()
    with open(FIXTURE) as handle:
        base_fixture = json.load(handle)
    quota = max(args.sizes) + 100
    emulator = Emulator(args.latency_ms)
    workdir = tempfile.mkdtemp(prefix='baiducloud-bench-')
    try:
        runner = Runner(workdir, emulator)
        cases = [
            Case(
                module,
                n,
                scenario,
                args.rule_tasks,
                args.big_write_runs if n >= 1000 and scenario in ('converge', 'delete_all') else None,
                execution,
            )
            for n in args.sizes
            for module in ('route_table', 'route_rule')
            for scenario in SCENARIOS
            if module == 'route_table'
            or (n <= args.rule_max and (scenario not in ('converge', 'delete_all') or n <= args.rule_writes_max))
            for execution in args.executions
        ]
        ping_task = [{'name': 'ping', 'ansible.builtin.ping': {}}]
        ping = {'walls': [], 'tasks': [], 'walls10': [], 'tasks10': []}
        ping_every = 3
        # Warm-up (page cache, __pycache__), not measured.
        runner.run_play(ping_task)
        for execution in args.executions:
            runner.run_play(
                Case('route_table', 10, 'noop').tasks, extra_env={'BAIDUCLOUD_EXECUTION': EXECUTIONS[execution]}
            )
        for round_no in range(args.runs):
            log('round %d/%d' % (round_no + 1, args.runs))
            wall, timings = runner.run_play(ping_task * 10)
            ping['walls10'].append(wall)
            ping['tasks10'].append(statistics.median(t['seconds'] for t in timings))
            for index, case in enumerate(cases):
                if case.runs is not None and round_no >= case.runs:
                    continue
                if index % ping_every == 0:
                    # The baseline is sampled all along the round, so load changes hit it like the cases.
                    wall, timings = runner.run_play(ping_task)
                    ping['walls'].append(wall)
                    ping['tasks'].append(timings[0]['seconds'])
                case.run(runner, base_fixture, quota)
                log('  %-40s wall %.2f s, per task %.3f s' % (case.key, case.walls[-1], case.per_task[-1]))
        ping_summary = {
            'wall_s': statistics.median(ping['walls']),
            'per_task_s': statistics.median(ping['tasks']),
            'samples': len(ping['walls']),
        }
        if ping['walls10']:
            ping_summary.update(
                wall10_s=statistics.median(ping['walls10']), per_task10_s=statistics.median(ping['tasks10'])
            )
        rows = [case.row(ping_summary) for case in cases]

        log('module-side cost')
        costs = {'per_rule': []}
        by = dict(((r['module'], r['n'], r['scenario']), r) for r in rows if r.get('execution', 'module') == 'module')
        for n in args.sizes:
            row = by[('route_table', n, 'converge')]
            module_side = row['per_task_s'] - ping_summary['per_task_s'] - row['server_s']
            costs['per_rule'].append(
                {
                    'n': n,
                    'per_task_s': row['per_task_s'],
                    'server_s': row['server_s'],
                    'per_rule_ms': module_side / n * 1000.0,
                }
            )
        repeats = 2 if args.quick else 5
        noop_n = max(args.sizes)
        emulator.setup(fixture_with(base_fixture, desired(noop_n)), quota)
        connection = dict(CREDENTIALS, endpoint=emulator.url)
        costs['drive'] = []
        for module, case, module_args in (
            ('route_table', 'no-op, N=%d' % noop_n, dict(connection, route_table_id=TABLE_ID, rules=desired(noop_n))),
            (
                'route_rule',
                'no-op, one rule of N=%d' % noop_n,
                dict(connection, **rule_task(0, desired(1)[0])['baiducloud.vpc.route_rule']),
            ),
        ):
            import_s, run_s, cpu_s = drive(
                runner, 'ansible_collections.baiducloud.vpc.plugins.modules.%s' % module, module_args, repeats
            )
            costs['drive'].append(
                {'module': module, 'case': case, 'import_s': import_s, 'run_s': run_s, 'cpu_s': cpu_s}
            )
        import_s, run_s, cpu_s = drive(runner, 'ansible.modules.ping', {}, repeats)
        costs['drive'].append(
            {'module': 'ansible.builtin.ping', 'case': 'baseline', 'import_s': import_s, 'run_s': run_s, 'cpu_s': cpu_s}
        )
        # CPU of the module process per rule written: converge from empty minus a no-op on the same N, at latency 0
        # (the latency is waiting, not work); the emulator runs in this process, so none of its work is counted.
        costs['cpu'] = []
        table_module = 'ansible_collections.baiducloud.vpc.plugins.modules.route_table'
        for n in sorted(set([10, max(args.sizes)])):
            table_args = dict(connection, route_table_id=TABLE_ID, rules=desired(n))
            cpu_runs = {}
            for scenario, before in (('converge', []), ('noop', desired(n))):
                cpu_runs[scenario] = drive(
                    runner,
                    table_module,
                    table_args,
                    3 if n >= 1000 else repeats,
                    setup=lambda before=before: emulator.setup(fixture_with(base_fixture, before), quota, latency_ms=0),
                )
            costs['cpu'].append(
                {
                    'n': n,
                    'converge_cpu_s': cpu_runs['converge'][2],
                    'noop_cpu_s': cpu_runs['noop'][2],
                    'converge_run_s': cpu_runs['converge'][1],
                    'per_rule_ms': (cpu_runs['converge'][2] - cpu_runs['noop'][2]) / n * 1000.0,
                }
            )
        costs['import_parts'] = ['ansible.module_utils.basic', 'requests', 'ipaddress', 'uuid']
        costs['imports'] = collections.OrderedDict(
            (name, import_profile(runner, name, repeats))
            for name in (
                'ansible.modules.ping',
                'ansible_collections.baiducloud.vpc.plugins.modules.route_table',
                'ansible_collections.baiducloud.vpc.plugins.modules.route_rule',
            )
        )
        emulator.setup(fixture_with(base_fixture, desired(50)), quota)
        costs['payloads'] = payloads(
            runner,
            collections.OrderedDict(
                (
                    ('ansible.builtin.ping', ping_task),
                    ('route_table (no-op, N=50)', Case('route_table', 50, 'noop').tasks),
                    ('route_rule (no-op, one rule)', [rule_task(0, desired(1)[0])]),
                )
            ),
            repeats,
        )
        costs['planner_n'] = 1000
        costs['planner'] = planner_profile(runner, 1000, repeats)

        targets = evaluate_targets(rows, costs)
        from ansible.release import __version__ as ansible_version  # pylint: disable=import-outside-toplevel

        meta = {
            'date': datetime.datetime.now().strftime('%Y-%m-%d %H:%M'),
            'host': platform.node() or 'localhost',
            'platform': platform.platform(terse=True),
            'cpus': os.cpu_count() or 1,
            'python': platform.python_version(),
            'ansible': ansible_version,
            'latency_ms': args.latency_ms,
            'runs': args.runs,
            'rule_writes_max': args.rule_writes_max,
            'rule_tasks': args.rule_tasks,
            'big_write_runs': min(args.big_write_runs, args.runs),
            'quick': args.quick,
            'sizes': args.sizes,
            'rule_max': args.rule_max,
            'executions': args.executions,
            'elapsed_s': time.perf_counter() - began,
            'micro_repeats': repeats,
            'load': os.getloadavg(),
            'load_start': load_start,
        }
        report = render(meta, ping_summary, rows, costs, targets)
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with open(args.output, 'w') as handle:
            handle.write(report)
        if args.json:
            with open(args.json, 'w') as handle:
                json.dump(
                    {'meta': meta, 'ping': ping_summary, 'rows': rows, 'costs': costs, 'targets': targets},
                    handle,
                    indent=1,
                )
        log('report written to %s (%.0f s)' % (args.output, meta['elapsed_s']))
        problems = [p for r in rows for p in r['problems']]
        for row in rows:
            sys.stdout.write(
                '%-12s N=%-5d %-11s %-10s ratio %5.2f  %s\n'
                % (row['module'], row['n'], row['scenario'], row['execution'], row['ratio'], row['calls_text'])
            )
        if problems:
            log('PROBLEMS: %s' % '; '.join(sorted(set(problems))))
            return 1
        return 0
    finally:
        emulator.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
