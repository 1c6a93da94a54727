# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark of route_table and route_rule against the offline emulator; writes docs/benchmarks.md.

    .venv/bin/python -m tests.bench.bench                    # full run (make bench): 0 and 30 ms, amazon.aws reference
    .venv/bin/python -m tests.bench.bench --quick            # smoke run (N=10, one run; no-op plays of 3 tasks)
    .venv/bin/python -m tests.bench.bench --latency-ms 0     # one latency only (or BAIDUCLOUD_BENCH_LATENCY_MS=0)
    .venv/bin/python -m tests.bench.bench --no-reference     # without the amazon.aws reference (no .venv-ref)

Everything talks to 127.0.0.1 only: the emulator runs in this process (a background thread), moto_server (the
reference, tests/bench/reference.py) in a child process, and ansible-playbook runs localhost with the local
connection. See docs/benchmarks.md for the method.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import collections
import copy
import datetime
import glob
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from tests.bench import reference
from tests.emulator import server as emulator_server
from tests.emulator.admin_client import AdminClient

REPO = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
BENCH_DIR = os.path.join(REPO, 'tests', 'bench')
FIXTURE = os.path.join(REPO, 'tests', 'emulator', 'fixture.json')
VPC_ID = 'vpc-emu1demo0001'
TABLE_ID = 'rt-emu1demo0001'
CREDENTIALS = {'access_key': 'emulator-ak', 'secret_key': 'emulator-sk'}
SCENARIOS = ('converge', 'noop', 'change_one', 'check_diff', 'delete_all', 'read')
SCENARIO_TITLES = {
    'read': 'read the table',
    'converge': 'converge from empty',
    'noop': 'no-op re-run',
    'change_one': 'change one rule',
    'check_diff': '--check --diff, one pending change',
    'delete_all': 'delete all',
    'floor': 'the floor: set_fact of the same arguments',
}
# The floor (issue 25): what Ansible alone costs to template and return the arguments of the route_table task on the
# largest table, with ansible.builtin.set_fact, so that the report can say what route_table adds on top of it.
FLOOR = 'set_fact'
PLAY_TIMEOUT = 600
MODULES = ('route_table', 'route_rule', 'route_table_info')
WRITE_ALL = ('converge', 'delete_all')
# --quick measures every case at the first latency and only these at the others (a smoke run of the column).
QUICK_OTHER_LATENCY = ('noop', 'change_one')
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


def play(tasks, defaults=None):
    # JSON is YAML: the playbook is written with json.dump.
    return [
        {
            'name': 'bench',
            'hosts': 'localhost',
            'gather_facts': False,
            'module_defaults': defaults
            or {'group/baiducloud.vpc.vpc': dict(CREDENTIALS, endpoint='{{ bench_endpoint }}')},
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
    if module == FLOOR:
        # No API call: the same arguments as the route_table no-op, templated and returned by Ansible alone.
        return wanted, [{'name': 'floor', 'ansible.builtin.set_fact': {'bench_floor': table_task(wanted)[
            'baiducloud.vpc.route_table']}}], False, wanted, 0  # fmt: skip
    changed = desired(n, changed_index=0)
    before = {'converge': [], 'delete_all': wanted}.get(scenario, wanted)
    after = {'converge': wanted, 'change_one': changed, 'delete_all': []}.get(scenario, wanted)
    writes = {'converge': n, 'noop': 0, 'change_one': 1, 'check_diff': 0, 'delete_all': n, 'read': 0}[scenario]
    if module == 'route_table_info':
        return (
            before,
            [{'name': 'route table info', 'baiducloud.vpc.route_table_info': {'route_table_id': TABLE_ID}}],
            False,
            after,
            writes,
        )
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
    """Runs plays with the bench venv's ansible-playbook, or with another venv's (the amazon.aws reference)."""

    def __init__(self, workdir, emulator, python=None, collections_path=None, defaults=None):
        self.workdir = workdir
        self.emulator = emulator
        self.defaults = defaults
        python = python or sys.executable
        bindir = os.path.dirname(python)
        self.playbook_bin = os.path.join(bindir, 'ansible-playbook')
        collections_path = (
            collections_path
            or subprocess.check_output(
                [os.path.join(REPO, 'tools', 'collection_path.sh')], universal_newlines=True
            ).strip()
        )
        env = dict(
            (k, v)
            for k, v in os.environ.items()
            if not k.lower().endswith('_proxy')
            and not k.startswith('ANSIBLE_')
            and not k.startswith('AWS_')
            and k != 'BAIDUCLOUD_EXECUTION'
        )
        env.update(
            {
                'ANSIBLE_COLLECTIONS_PATH': collections_path,
                'ANSIBLE_CALLBACK_PLUGINS': os.path.join(BENCH_DIR, 'callback_plugins'),
                'ANSIBLE_CALLBACKS_ENABLED': 'bench_timer',
                'ANSIBLE_PYTHON_INTERPRETER': python,
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
            json.dump(play(tasks, self.defaults), handle)
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


def spread(runs, rounds):
    """The rounds (0-based) in which a case of `runs` runs takes part, spread evenly over `rounds`."""
    if runs >= rounds:
        return set(range(rounds))
    if runs <= 1:
        return {rounds // 2} if runs == 1 else set()
    return set(int(round(i * (rounds - 1) / float(runs - 1))) for i in range(runs))


class Case(object):
    def __init__(self, module, n, scenario, rule_tasks=10, rounds=None, execution='module', latency_ms=30.0):
        self.module, self.n, self.scenario, self.execution = module, n, scenario, execution
        self.latency_ms = latency_ms
        self.rounds = rounds
        self.before, self.tasks, self.check, self.after, self.writes_expected = case_definition(
            module, n, scenario, rule_tasks
        )
        self.walls, self.per_task, self.changing_task, self.server_s = [], [], [], []
        self.calls = None
        self.writes = None
        self.problems = []

    @property
    def key(self):
        return '%s N=%d %s %s %g ms' % (self.module, self.n, self.scenario, self.execution, self.latency_ms)

    def run(self, runner, base_fixture, quota):
        emulator = runner.emulator
        emulator.setup(fixture_with(base_fixture, self.before), quota, latency_ms=self.latency_ms)
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
        # Compared as counts per call, not in first-seen order: the reads of one round run together (issue 25), so
        # their order in the log varies from run to run; which calls, and how many of each, must not.
        elif dict(summary) != dict(self.calls) or writes != self.writes:
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
            'latency_ms': self.latency_ms,
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


class ReferenceCase(object):
    """One play of the amazon.aws reference (tests/bench/reference.py), run in the same rounds as our cases.

    It runs with its own runner (the reference venv's ansible-playbook) against moto_server; `run` takes the
    arguments of Case.run only to be interchangeable with it in the rounds."""

    def __init__(self, key, title, tasks, changed, rounds, runner, moto):
        self.name, self.title, self.tasks, self.expect_changed = key, title, tasks, changed
        self.rounds = rounds
        self.runner, self.moto = runner, moto
        self.walls, self.per_task, self.problems = [], [], []
        self.requests = None

    @property
    def key(self):
        return 'amazon.aws reference: %s' % self.name

    def run(self, runner=None, base_fixture=None, quota=None):
        offset = self.moto.log_size()
        try:
            wall, timings = self.runner.run_play(self.tasks)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            self.problems.append('the play failed: %s' % str(error)[-300:])
            self.walls.append(float('nan'))
            self.per_task.append(float('nan'))
            return
        requests = self.moto.requests_since(offset)
        self.walls.append(wall)
        self.per_task.append(timings[0]['seconds'])
        if self.requests is None:
            self.requests = requests
        elif requests != self.requests:
            self.problems.append('requests differ between runs: %s' % format_calls(requests))
        if any(t['status'] != 'ok' for t in timings) or any(t['changed'] != self.expect_changed for t in timings):
            self.problems.append('a task did not end ok%s' % ('' if self.expect_changed else ' and unchanged'))

    def row(self, ping):
        walls = [w for w in self.walls if not math.isnan(w)]
        per_task = [t for t in self.per_task if not math.isnan(t)]
        median = statistics.median(per_task) if per_task else None
        return {
            'key': self.name,
            'title': self.title,
            'runs': len(per_task),
            'wall_s': statistics.median(walls) if walls else None,
            'per_task_s': median,
            'ratio': median / ping['per_task_s'] if median is not None else None,
            'per_tasks': self.per_task,
            'requests': dict(self.requests or {}),
            'requests_text': format_calls(self.requests or {}),
            'problems': sorted(set(self.problems)),
        }


# -- the module's own cost ----------------------------------------------------------------


def import_profile(runner, module, repeats):
    """Fastest cumulative import time (ms) of a module and its heaviest imports, by python -X importtime."""
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


def bench_script(runner, script, *argv):
    """Run tests/bench/<script> in a fresh interpreter, with the collection importable, and return the JSON object
    it prints last."""
    proc = subprocess.run(
        [sys.executable, os.path.join(BENCH_DIR, script)] + list(argv),
        cwd=runner.workdir,
        env=dict(runner.env, PYTHONPATH=runner.collections_path + os.pathsep + REPO),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=300,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def drive(runner, module, args, repeats, setup=None):
    """Median import and main() time of a module in a fresh interpreter (no Ansible controller)."""
    path = os.path.join(runner.workdir, 'drive-args.json')
    with open(path, 'w') as handle:
        json.dump(args, handle)
    imports, runs, cpus = [], [], []
    for dummy in range(repeats):
        if setup is not None:
            setup()
        result = bench_script(runner, 'drive_module.py', module, path)
        if result['failed']:
            raise RuntimeError('%s failed: %s' % (module, result['msg']))
        imports.append(result['import_s'])
        runs.append(result['run_s'])
        cpus.append(result['cpu_s'])
    return min(imports), min(runs), min(cpus)


PHASES = ('start', 'logic', 'api', 'result')
PHASE_TITLES = {
    'start': 'AnsibleModule: read and validate the arguments',
    'logic': 'our logic (validation, planning, views; reads and writes less their waiting)',
    'api': 'waiting on the API (client side)',
    'result': 'AnsibleModule: mask no_log values in the result, print it as JSON',
}


def inprocess_phases(runner, emulator, base_fixture, quota, n, repeats):
    """Where the time of one in-process route_table task on an N-rule table goes (tests/bench/inprocess_phases.py,
    in a fresh interpreter, at 0 ms latency), for the no-op and the change of one rule: the run with the shortest
    total of `repeats`."""
    logic = 'ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_table.RouteTableModule'
    found = []
    for scenario, changed_index in (('noop', None), ('change_one', 0)):
        args = dict(
            CREDENTIALS, endpoint=emulator.url, **table_task(desired(n, changed_index))['baiducloud.vpc.route_table']
        )
        path = os.path.join(runner.workdir, 'phases-args.json')
        with open(path, 'w') as handle:
            json.dump(args, handle)
        runs = []
        for dummy in range(repeats):
            emulator.setup(fixture_with(base_fixture, desired(n)), quota, latency_ms=0)
            result = bench_script(runner, 'inprocess_phases.py', logic, path)
            if result['failed'] or bool(result['changed']) != (changed_index is not None):
                raise RuntimeError('in-process phases of %s: unexpected result %r' % (scenario, result))
            runs.append(result)
        fastest = min(runs, key=lambda r: r['total_s'])
        found.append(dict(fastest, scenario=scenario, n=n, runs=repeats))
    return found


def phases_section(add, phases, rows):
    """The in-process route_table task on the largest table, part by part (issue 25, row 2: profile first)."""
    if not phases:
        return
    by = dict(((r['module'], r['n'], r['scenario'], r['execution'], r['latency_ms']), r) for r in rows)
    n = phases[0]['n']
    add('### Where the time of the %d-rule `route_table` task goes' % n)
    add('')
    add(
        'The module run as the action plugin runs it in the worker (`run_in_process`: the module\'s own AnsibleModule), '
        'timed part by part in a fresh interpreter at 0 ms latency (`tests/bench/inprocess_phases.py`; the fastest of '
        '%d runs). The rest of the per-task time is outside the module run: templating the task\'s arguments, the '
        'worker, the action plugin reading the printed result back, and the controller handling a result that holds the '
        'table twice (as `invocation` and as `route_table`); the floor pays the templating and part of the result '
        'handling too.' % phases[0]['runs']
    )
    add('')
    add('| part | ' + ' | '.join(SCENARIO_TITLES[p['scenario']] + ' (ms)' for p in phases) + ' |')
    add('|---|' + '---:|' * len(phases))
    for key in PHASES:
        add('| %s | %s |' % (PHASE_TITLES[key], ' | '.join('%.0f' % (p[key + '_s'] * 1000) for p in phases)))
    add('| **the module run** | %s |' % ' | '.join('**%.0f**' % (p['total_s'] * 1000) for p in phases))
    per_task = []
    for p in phases:
        row = by.get(('route_table', n, p['scenario'], 'in-process', 0.0))
        per_task.append('%.0f' % (row['judged_s'] * 1000) if row else '-')
    add('| the task, measured with ansible-playbook (per task, 0 ms) | %s |' % ' | '.join(per_task))
    add('')


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
    by = dict(
        ((r['module'], r['n'], r['scenario']), r)
        for r in rows
        if r['execution'] == 'module' and r['latency_ms'] == latency_ms
    )
    row = by.get(('route_table', 50, 'noop')) or by.get(('route_table', 10, 'noop'))
    payload = costs['payloads']
    names = list(payload)
    if row is None or len(names) < 2:
        return
    gap = row['per_task_s'] - ping['per_task_s']
    module_side = payload[names[1]]['exec_s'] - payload[names[0]]['exec_s']
    imports = costs['imports']
    import_gap = (list(imports.values())[1]['total_ms'] - list(imports.values())[0]['total_ms']) / 1000.0
    add(
        'Where the module path\'s no-op time over ping goes (route_table, N=%d, one-task plays, %g ms latency; ms):'
        % (row['n'], latency_ms)
    )
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


def fmt_latencies(latencies):
    return ' and '.join('%g ms' % x for x in latencies)


def cell(row, key='judged_s', ratio=True):
    if row is None:
        return '-'
    if not ratio:
        return fmt_s(row[key])
    return '%s (**%.2f×**)' % (fmt_s(row['judged_s']), row['ratio'])


def grouped(rows):
    """Rows by (module, N, scenario), in the order they ran, each {(execution, latency): row}."""
    groups = collections.OrderedDict()
    for row in rows:
        key = (row['module'], row['n'], row['scenario'])
        groups.setdefault(key, collections.OrderedDict())[(row['execution'], row['latency_ms'])] = row
    return groups


def glance(add, meta, ping, rows, ref):
    """The one-task figures a reader compares first: ping, our two paths at each latency, amazon.aws."""
    by = dict(((r['module'], r['n'], r['scenario'], r['execution'], r['latency_ms']), r) for r in rows)
    n = 10 if 10 in meta['sizes'] else meta['sizes'][0]
    latencies = meta['latencies']
    refs = dict((r['key'], r) for r in (ref or {}).get('rows', []))
    add(
        'Per-task time (s, median) and its ratio to `ansible.builtin.ping` measured in the same rounds; N=%d rules in the '
        'table. amazon.aws runs against moto_server, which adds no latency: compare it with the 0 ms column.' % n
    )
    add('')
    add('| play | runs as | %s |' % ' | '.join('%g ms' % lat for lat in latencies))
    add('|---|---|' + '---:|' * len(latencies))
    add(
        '| `ansible.builtin.ping` (the baseline of every ratio) | module | %s |'
        % ' | '.join(['%s (1.00×)' % fmt_s(ping['per_task_s'])] * len(latencies))
    )
    for module, scenario, ref_key in (
        ('route_table_info', 'read', 'route_table_info'),
        ('route_table', 'noop', 'route_table_noop'),
        ('route_rule', 'noop', None),
        ('route_table', 'change_one', None),
        ('route_rule', 'change_one', None),
    ):
        title = '`baiducloud.vpc.%s`, %s' % (module, SCENARIO_TITLES[scenario])
        for execution in meta['executions']:
            cells = [by.get((module, n, scenario, execution, lat)) for lat in latencies]
            if not any(cells):
                continue
            tasks = [c for c in cells if c][0]['tasks']
            add(
                '| %s%s | %s | %s |'
                % (title, ' (per task of a %d-task play)' % tasks if tasks > 1 else '', execution,
                   ' | '.join(cell(c) for c in cells))
            )  # fmt: skip
        row = refs.get(ref_key)
        if row:
            figure = '%s (**%.2f×**)' % (fmt_s(row['per_task_s']), row['ratio']) if row['per_task_s'] else 'failed'
            add('| %s, amazon.aws %s | module | %s |' % (row['title'], ref['versions']['amazon.aws'], ' | '.join(
                figure if lat == 0 else '-' for lat in latencies)))  # fmt: skip
    add('')
    if not (ref or {}).get('measured'):
        add('The amazon.aws reference was **not measured** in this run: %s.' % (ref or {}).get('reason', 'unknown'))
        add('')


def reference_section(add, ping, ref):
    add('## amazon.aws reference')
    add('')
    if not ref or not ref.get('measured'):
        add('Not measured in this run: %s. `make bench` sets it up by itself where PyPI is reachable (see Method).'
            % (ref or {}).get('reason', 'unknown'))  # fmt: skip
        add('')
        return
    versions = ref['versions']
    add(
        'The field\'s reference collection, run (not copied) from its own virtualenv `.venv-ref`: %s. One-task plays, '
        'the same callback and the same controller version as our cases, in the same rounds as the ping baseline; '
        '`moto_server` on 127.0.0.1 as the EC2 endpoint (`endpoint_url`, fake credentials, region %s), with one VPC, '
        'an internet gateway and a route table holding one default route through it. amazon.aws has no in-process path: '
        'its modules always run as AnsiballZ module processes, like our module path.'
        % (', '.join('%s %s' % (k, v) for k, v in versions.items()), reference.REGION)
    )
    add('')
    add('| play | runs | play wall (s) | per task (s) | × ping | requests to moto_server (whole play) |')
    add('|---|---:|---:|---:|---:|---|')
    for row in ref['rows']:
        if row['per_task_s'] is None:
            add('| %s | 0 | - | - | - | failed |' % row['title'])
            continue
        add(
            '| %s | %d | %s | %s | **%.2f** | %s |'
            % (
                row['title'],
                row['runs'],
                fmt_s(row['wall_s']),
                fmt_s(row['per_task_s']),
                row['ratio'],
                row['requests_text'],
            )
        )
    add('')
    add(
        'Requests are counted from moto_server\'s request log (the EC2 query API posts every action to `/`, so the log '
        'gives their number, not their names). The ping row is `ansible.builtin.ping` run by the reference venv\'s '
        '`ansible-playbook`: it should match the baseline (%s s); the ratios use the baseline.'
        % fmt_s(ping['per_task_s'])
    )
    problems = [(r, p) for r in ref['rows'] for p in r['problems']]
    if problems:
        add('')
        add('**Reference problems seen** (not failures of this collection):')
        add('')
        for row, problem in problems:
            add('- %s: %s' % (row['title'], problem))
    add('')


def over_floor(rows):
    """Issue 25, row 2: the in-process cases on the table of the floor (route_table no-op and change one, route_rule
    no-op per task), each with the floor's per-task time and what it adds over the floor in pings; [] without a floor.

    The floor runs at the first latency only (set_fact makes no API call) and serves every latency."""
    floors = [r for r in rows if r['module'] == FLOOR]
    if not floors:
        return []
    floor = floors[0]
    found = []
    for module, scenario in (('route_table', 'noop'), ('route_table', 'change_one'), ('route_rule', 'noop')):
        for row in rows:
            if (row['module'], row['n'], row['scenario'], row['execution']) == (
                module,
                floor['n'],
                scenario,
                'in-process',
            ):
                added = (
                    (row['judged_s'] - floor['judged_s']) / floor['ping_task_s'] if module == 'route_table' else None
                )
                found.append(dict(row=row, floor=floor, added=added))
    return found


def floor_section(add, rows):
    """What the collection adds to what Ansible alone costs for the same arguments (issue 25, row 2)."""
    found = over_floor(rows)
    if not found:
        return
    floor = found[0]['floor']
    add('## The %d-rule table in-process: over the floor' % floor['n'])
    add('')
    add(
        'The floor is what Ansible alone costs for the same task arguments: a one-task play of `ansible.builtin.set_fact` '
        'with the %d-rule arguments of the `route_table` task (templating the task, returning them as a fact): %s s per '
        'task (**%.2f×** ping, %d run(s), at %g ms, which it does not depend on: it makes no API call). *Over the floor* is '
        'the case minus the floor, in pings (issue 25 target: ≤ 0.25×); the `route_rule` no-op (one rule of the table, per '
        'task of a %d-task play) is compared with ping directly (target ≤ 0.25×).'
        % (floor['n'], fmt_s(floor['judged_s']), floor['ratio'], floor['runs'], floor['latency_ms'],
           ([f['row']['tasks'] for f in found if f['row']['module'] == 'route_rule'] or [0])[0])
    )  # fmt: skip
    add('')
    add('| case | latency | per task (s) | × ping | over the floor (× ping) |')
    add('|---|---:|---:|---:|---:|')
    for item in found:
        row = item['row']
        add(
            '| %s, %s | %g ms | %s | %.2f× | %s |'
            % (row['module'], SCENARIO_TITLES[row['scenario']], row['latency_ms'], fmt_s(row['judged_s']),
               row['ratio'], '**%.2f×**' % item['added'] if item['added'] is not None else '-')
        )  # fmt: skip
    add('')


def render(meta, ping, rows, costs, targets, ref=None):
    out = []
    add = out.append
    latencies = meta['latencies']
    runs = dict(zip(latencies, meta['runs']))
    big = dict(zip(latencies, meta['big_write_runs']))
    add('<!-- Generated by `make bench` (tests/bench/bench.py); do not edit by hand. -->')
    add('# Benchmarks: route_table, route_rule and route_table_info against the emulator')
    add('')
    add(
        'Generated %s on %s (%s, %d CPUs, Python %s, ansible-core %s). Emulator latency **%s per API request**, '
        'every case at each, in the same rounds; %s runs per case (medians). Total bench time %.0f s.'
        % (
            meta['date'],
            meta['host'],
            meta['platform'],
            meta['cpus'],
            meta['python'],
            meta['ansible'],
            fmt_latencies(latencies),
            ' / '.join('%d at %g ms' % (runs[lat], lat) for lat in latencies),
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
            '**Quick (smoke) run**: N=%s, %s run(s) per case; at %s only %s; no amazon.aws reference; the numbers are '
            'indicative only.'
            % (
                ', '.join(str(n) for n in meta['sizes']),
                '/'.join(str(r) for r in meta['runs']),
                fmt_latencies(latencies[1:]) or '-',
                ' and '.join(SCENARIO_TITLES[s] for s in QUICK_OTHER_LATENCY),
            )
        )
    add('')
    add('## At a glance')
    add('')
    glance(add, meta, ping, rows, ref)
    add('## Method')
    add('')
    add(
        '- The emulator (`tests/emulator`) runs in the benchmark process on 127.0.0.1 with a fixed latency added to every '
        '`/v1` request (`POST /_emulator/config {"latency_ms": ...}`); its quota is raised for N=1,000. Each case starts '
        'from a fixture loaded with `POST /_emulator/reset` (no API calls for the setup), then runs one `ansible-playbook` '
        '(`-i localhost, -c local`, default settings, the venv interpreter) and reads `GET /_emulator/calls`.'
    )
    add(
        '- **Latencies in one run**: every case runs at %s of emulator latency. 0 ms shows what the collection itself '
        'costs (no time spent waiting for the API); 30 ms is close to a real regional endpoint. In a round, a case runs at '
        'each latency right after the other, between the same ping samples. Runs per case: %s; a latency with fewer runs '
        'than rounds takes part in rounds spread over the whole run. The 30 ms column has fewer runs to bound the run '
        'time (about 25 minutes on 2 CPUs, see above): it differs from the 0 ms one mostly by the waiting, which hardly '
        'varies.%s'
        % (
            fmt_latencies(latencies),
            ' / '.join('%d at %g ms' % (runs[lat], lat) for lat in latencies),
            ' The median of 2 runs is their mean.' if 2 in meta['runs'] else '',
        )
    )
    add(
        '- **Per-task time** is measured by a small callback (`tests/bench/callback_plugins/bench_timer.py`, the '
        '`profile_tasks` method): from `v2_playbook_on_task_start` to the host result. It covers everything a task costs '
        'on the controller and the target (fork, templating, AnsiballZ, interpreter start, module, result) and nothing of '
        'the per-play start of `ansible-playbook` (~%s s here), which is why it is the figure to compare with the baseline.'
        % fmt_s(ping['wall_s'] - ping['per_task_s'])
    )
    add(
        '- **Baseline**: a one-task `ansible.builtin.ping` play, run in the same rounds, before every third play (%d '
        'samples over %d rounds; the cases, both latencies and the amazon.aws reference are interleaved round by round, '
        'so drift hits every case alike). A play of 10 ping tasks at the start of each round cross-checks the callback: '
        'its wall-time slope per task is shown next to the callback figure.' % (ping['samples'], meta.get('rounds', 0))
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
        'N = %d: their per-task time is the same at N=50 and a 50-task write play costs ~45 s a run at 30 ms '
        '(`--rule-writes-max 50` runs them). A `route_rule` no-op play holds at most %d tasks (at N=50: the tasks of the '
        'first %d rules of the 50-rule table; every task reads the whole table, so its cost is that of any of the 50). '
        '`route_table_info` reads the whole table by `route_table_id` (N ≤ %d).'
        % (meta['rule_max'], meta['rule_writes_max'], meta['rule_tasks'], meta['rule_tasks'], meta['rule_max'])
    )
    add(
        '- The N=1,000 cases that write every rule (*converge*, *delete all*) run %s: at 30 ms each takes ~31 s, almost '
        'all of it the emulator latency (1,000 sequential calls); the spread between their runs is shown in the JSON '
        'output (`--json`).' % ', '.join('%d run(s) at %g ms' % (big[lat], lat) for lat in latencies)
    )
    add(
        '- **amazon.aws reference**: `tests/bench/reference.py` creates `.venv-ref` on first use (the same ansible-core as '
        'the bench venv; boto3, botocore and `moto[server]` from PyPI; the `amazon.aws` collection extracted from the '
        '`ansible` package\'s wheel, `pip download --no-deps`; versions pinned in `reference.PINS`), starts `moto_server` '
        'on 127.0.0.1 and times its plays in every round, with the same callback. It is not part of `--quick` (nor of '
        '`make test`); `--no-reference` skips it.'
    )
    add(
        '- The emulator sets `TCP_NODELAY` on its sockets, as production front ends do (before it did, every response '
        'with a body waited ~40 ms for the client\'s delayed ACK).'
    )
    add(
        '- API calls are exact (method and path; rule ids shown as `{id}`), identical in every run and at every latency; '
        '*writes* counts calls the emulator reports as `write: true` (state changed). Every case is also checked for the '
        'resulting table.'
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
    columns = [(e, lat) for e in meta['executions'] for lat in latencies]
    add(
        'Per task (s, median; for *change one rule* the task that changed) and **× ping**, for each way of running and '
        'each emulator latency. API calls and writes are those of the whole play, the same in every column unless shown '
        'per column.'
    )
    add('')
    add(
        '| module | N | scenario | tasks | %s | API calls (whole play) | writes |'
        % ' | '.join('%s %g ms' % column for column in columns)
    )
    add('|---|---:|---|---:|' + '---:|' * len(columns) + '---|---:|')
    for (module, n, scenario), variants in grouped(rows).items():
        first = list(variants.values())[0]
        texts = collections.OrderedDict()
        for column, row in variants.items():
            texts.setdefault((row['calls_text'], row['writes']), []).append('%s %g ms' % column)
        if len(texts) == 1:
            calls, writes = first['calls_text'], str(first['writes'])
        else:
            calls = '; '.join('%s: %s' % (', '.join(cols), key[0]) for key, cols in texts.items())
            writes = ' / '.join(str(key[1]) for key in texts)
        add(
            '| %s | %d | %s | %d | %s | %s | %s |'
            % (
                module,
                n,
                SCENARIO_TITLES[scenario],
                first['tasks'],
                ' | '.join(cell(variants.get(column)) for column in columns),
                calls,
                writes,
            )
        )
    add('')
    add('Play wall time (s, median; the whole `ansible-playbook` run, its start included):')
    add('')
    add('| module | N | scenario | %s |' % ' | '.join('%s %g ms' % column for column in columns))
    add('|---|---:|---|' + '---:|' * len(columns))
    for (module, n, scenario), variants in grouped(rows).items():
        add(
            '| %s | %d | %s | %s |'
            % (
                module,
                n,
                SCENARIO_TITLES[scenario],
                ' | '.join(cell(variants.get(column), 'wall_s', ratio=False) for column in columns),
            )
        )
    problems = [(r, p) for r in rows for p in r['problems']]
    if problems:
        add('')
        add('**Problems seen**:')
        add('')
        for row, problem in problems:
            add(
                '- %s N=%d %s (%s, %g ms): %s'
                % (row['module'], row['n'], row['scenario'], row['execution'], row['latency_ms'], problem)
            )
    add('')
    floor_section(add, rows)
    phases_section(add, (costs or {}).get('phases'), rows)
    reference_section(add, ping, ref)
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
    if costs:
        costs_section(add, meta, ping, rows, costs)
    else:
        add('## Module-side cost')
        add('')
        add('Not measured in this run (`--scenarios` filters the cases; the costs need every converge row).')
        add('')
    add('## Reproduce')
    add('')
    add('```')
    add('make bench                                          # this report (and docs/benchmarks-fleet.md)')
    add('.venv/bin/python -m tests.bench.bench --quick       # smoke run, report in tests/output/bench/')
    add('.venv/bin/python -m tests.bench.bench --latency-ms 0 --runs 5 --no-reference --output /tmp/bench.md')
    add('.venv/bin/python -m tests.bench.reference           # only set up .venv-ref (the amazon.aws reference)')
    add('```')
    add('')
    return '\n'.join(out)


def costs_section(add, meta, ping, rows, costs):
    """The module-side costs: per rule, CPU, drive, imports, payloads, planners."""
    add('## Module-side cost')
    add('')
    add(
        'Module-side time of `route_table` converging from empty (module path, %g ms latency): per-task time minus the '
        'ping per-task time minus the time the emulator spent on the calls (its call log `duration_ms`, which includes '
        'the latency), divided by N. It is what the module (client, signing, JSON, planning) adds per rule.'
        % meta['costs_latency_ms']
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
        % (meta['costs_latency_ms'], meta['micro_repeats'])
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
    breakdown(add, ping, rows, costs, meta['costs_latency_ms'])
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


def evaluate_targets(rows, costs, latencies):
    """Every target with what was measured and whether it is met; computed from the rows, never assumed."""
    low, high = min(latencies), max(latencies)
    by = dict(((r['module'], r['n'], r['scenario'], r['execution'], r['latency_ms']), r) for r in rows)
    targets = []

    def reads_only(row):
        return all(
            k.startswith('GET /v1/route/rule') or k.startswith('GET /v1/route ') or k == 'GET /v1/route'
            for k in row['calls']
        )

    def add(target, row, met, case=None):
        targets.append(
            {
                'target': target,
                'case': case or '%s N=%d, %s, %g ms' % (row['module'], row['n'], row['execution'], row['latency_ms']),
                'measured': '%.2f×; %s' % (row['ratio'], row['calls_text']),
                'met': bool(met),
            }
        )

    # The first targets (module path, measured at the emulator's 30 ms until the 0 ms column existed).
    for n in (50, 1000):
        row = by.get(('route_table', n, 'noop', 'module', high))
        if row:
            pages = row['calls'].get('GET /v1/route', 0) + row['calls'].get('GET /v1/route/rule', 0)
            add(
                'no-op ≤ 1.3× ping; only table reads (1 per 1,000 rules), 0 writes',
                row,
                row['ratio'] <= 1.3 and row['writes'] == 0 and reads_only(row) and pages <= (n + 2 + 999) // 1000,
            )
        row = by.get(('route_rule', n, 'noop', 'module', high))
        if row:
            add('no-op ≤ 1.3× ping per task; only table reads, 0 writes', row,
                row['ratio'] <= 1.3 and row['writes'] == 0 and reads_only(row))  # fmt: skip
    for module in ('route_table', 'route_rule'):
        for n in (10, 50, 1000):
            row = by.get((module, n, 'change_one', 'module', high))
            if row:
                add('change one ≤ 1.5× ping; table read(s) + validation reads + 1 write', row,
                    row['ratio'] <= 1.5 and row['writes'] == 1)  # fmt: skip
            row = by.get((module, n, 'check_diff', 'module', high))
            if row:
                add('--check --diff ≤ 1.3× ping, 0 writes', row, row['ratio'] <= 1.3 and row['writes'] == 0)
    # Issue 12 (module path at 0 ms) and issue 16 (in-process at 0 ms), on every N measured.
    limits = {
        'module': {'noop': 1.2, 'change_one': 1.25},
        'in-process': {'noop': 0.25, 'change_one': 0.25},
    }
    issue = {'module': 12, 'in-process': 16}
    if low == 0:
        for execution in ('module', 'in-process'):
            for scenario in ('noop', 'change_one'):
                for module in ('route_table', 'route_rule'):
                    for n in (10, 50, 1000):
                        row = by.get((module, n, scenario, execution, 0.0))
                        if row is None:
                            continue
                        writes = 0 if scenario == 'noop' else 1
                        limit = limits[execution][scenario]
                        add(
                            '%s path, %s ≤ %g× ping per task at 0 ms, %d write(s) (issue %d)'
                            % (execution, SCENARIO_TITLES[scenario], limit, writes, issue[execution]),
                            row,
                            row['ratio'] <= limit and row['writes'] == writes,
                        )
    # Issue 25, row 2: the largest table in-process, at every latency.
    for item in over_floor(rows):
        row = item['row']
        case = '%s N=%d, %s, in-process, %g ms' % (row['module'], row['n'], row['scenario'], row['latency_ms'])
        if item['added'] is None:
            if row['latency_ms'] == 0:
                continue  # the same measure and limit as issue 16's target at 0 ms, above
            add('in-process route_rule no-op on the %d-rule table ≤ 0.25× ping per task, 0 writes (issue 25)' % row['n'],
                row, row['ratio'] <= 0.25 and row['writes'] == 0, case)  # fmt: skip
            if not targets[-1]['met']:
                # A no-op's reads of one table follow each other (a page starts at the marker of the one before).
                reads = sum(row['calls'].values()) / float(row['tasks'])
                waiting = reads * row['latency_ms'] / 1000.0
                targets[-1]['measured'] += (
                    '. Why: each task makes %g reads one after the other (the table answer holds 1,000 entries or more, '
                    'so its rules are read again page by page): %.0f ms, %.2f× ping, are waiting alone'
                    % (reads, waiting * 1000, row['ratio'] * waiting / row['judged_s'])
                )
            continue
        targets.append(
            {
                'target': 'in-process route_table %s adds ≤ 0.25× ping to the floor (set_fact of the same arguments; '
                'issue 25)' % SCENARIO_TITLES[row['scenario']],
                'case': case,
                'measured': '%.2f× over the floor (%.2f× − floor %.2f×); %s%s'
                % (
                    item['added'],
                    row['ratio'],
                    item['floor']['ratio'],
                    row['calls_text'],
                    ''
                    if item['added'] <= 0.25
                    else '. Why: see where the time of the task goes, under the floor table',
                ),
                'met': item['added'] <= 0.25,
            }
        )
    # Issue 25, row 1: one change at an API latency close to a real endpoint, in-process. The waiting is the same
    # change's time at this latency less its time at 0 ms, both measured in this run.
    for module in ('route_rule', 'route_table'):
        row, base = (
            by.get((module, 10, 'change_one', 'in-process', high)),
            by.get((module, 10, 'change_one', 'in-process', low)),
        )
        if row is None or base is None or high == low:
            continue
        add('in-process, change one rule at %g ms ≤ 0.25× ping per task (issue 25)' % high, row, row['ratio'] <= 0.25)
        if not targets[-1]['met']:
            waiting = row['judged_s'] - base['judged_s']
            targets[-1]['measured'] += (
                '. Why: %.2f× is waiting on the API (this change at 0 ms: %.2f×), about %.0f round trips of %g ms one '
                'after the other (read, then the VPC and the next hops together, the write, the read-back: '
                'docs/api-reference.md §8); the read-back and the checks before a write are kept on purpose'
                % (row['ratio'] - base['ratio'], base['ratio'], waiting / (high / 1000.0), high)
            )
    # Issue 25, row 3: a no-op through the module path (per task of a play of several, at 0 ms).
    imports = (costs or {}).get('imports') or {}
    ping_import = (imports.get('ansible.modules.ping') or {}).get('total_ms')
    for n in (10, 50):
        row = by.get(('route_rule', n, 'noop', 'module', low))
        if row is None:
            continue
        add('module path, no-op re-run ≤ 1.25× ping per task at %g ms (issue 25)' % low, row, row['ratio'] <= 1.25)
        ours = imports.get('ansible_collections.baiducloud.vpc.plugins.modules.route_rule') or {}
        if not targets[-1]['met'] and ours and ping_import:
            targets[-1]['measured'] += (
                '. Why: the module process imports for %.0f ms, ping\'s for %.0f ms (requests %.0f ms; our module_utils, '
                'compiled from source in every module process: the costs below)'
                % (ours['total_ms'], ping_import, ours['parts'].get('requests', 0.0))
            )
    cpu = dict((row['n'], row['per_rule_ms']) for row in (costs or {}).get('cpu', []))
    for row in (costs or {}).get('per_rule', []):
        conv = by[('route_table', row['n'], 'converge', 'module', low)]
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
        default=os.environ.get('BAIDUCLOUD_BENCH_LATENCY_MS', '0,30'),
        help='emulator latencies per API request, comma-separated; every case runs at each, in the same rounds '
        '(default 0,30, or $BAIDUCLOUD_BENCH_LATENCY_MS)',
    )
    parser.add_argument(
        '--runs',
        help='runs per case at each latency, comma-separated, one per latency or one for all (default 5,2; quick 1)',
    )
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
        help='most tasks in a route_rule no-op play; at larger N they re-run the first rules of the table '
        '(default 10; quick 3)',
    )
    parser.add_argument(
        '--big-write-runs',
        help='runs of the N>=1000 cases that write every rule (converge, delete all) at each latency, comma-separated '
        '(default 3,1): ~31 s each at 30 ms, ~2 s at 0 ms',
    )
    parser.add_argument(
        '--big-rule-runs',
        help='runs of the route_rule no-op on tables larger than --rule-max at each latency, comma-separated '
        '(default 3,2)',
    )
    parser.add_argument(
        '--scenarios',
        help='only these scenarios, comma-separated, of %s (default all); a run with this filter skips the '
        'module-side cost section (it needs the converge rows)' % ', '.join(SCENARIOS + ('floor',)),
    )
    parser.add_argument(
        '--no-reference',
        action='store_true',
        help='skip the amazon.aws reference (never part of --quick; see tests/bench/reference.py)',
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
    args.rule_tasks = args.rule_tasks or (3 if args.quick else 10)
    args.latencies = [float(x) for x in str(args.latency_ms).split(',') if x.strip()]
    if not args.latencies or any(x < 0 for x in args.latencies):
        parser.error('--latency-ms wants one or more latencies >= 0')
    args.runs = per_latency(
        parser, '--runs', args.runs or ('1' if args.quick else '5,2'[: 2 * len(args.latencies) - 1]), args.latencies
    )

    def capped_runs(name, given, default):
        # Per latency, never more than --runs (the rounds); the default's first number for a run at one latency.
        text = given or default[: 2 * len(args.latencies) - 1]
        return [min(big, runs) for big, runs in zip(per_latency(parser, name, text, args.latencies), args.runs)]

    args.big_write_runs = capped_runs('--big-write-runs', args.big_write_runs, '3,1')
    args.big_rule_runs = capped_runs('--big-rule-runs', args.big_rule_runs, '3,2')
    args.reference = not (args.quick or args.no_reference)
    args.costs = args.scenarios is None
    args.scenarios = [x.strip() for x in (args.scenarios or ','.join(SCENARIOS + ('floor',))).split(',') if x.strip()]
    unknown = sorted(set(args.scenarios) - set(SCENARIOS + ('floor',)))
    if unknown:
        parser.error('--scenarios: unknown %s' % ', '.join(unknown))
    args.sizes = [int(s) for s in (args.sizes or ('10' if args.quick else '10,50,1000')).split(',')]
    # The module path's rows carry the existing targets and the module-side costs, so it always runs.
    # (A run filtered by --scenarios measures no costs, so there it runs only the executions asked for.)
    args.executions = [
        e for e in EXECUTIONS if (e == 'module' and args.costs) or e in args.executions.split(',')
    ] or list(EXECUTIONS)
    if args.output is None:
        args.output = (
            os.path.join(REPO, 'tests', 'output', 'bench', 'benchmarks-quick.md')
            if args.quick
            else os.path.join(REPO, 'docs', 'benchmarks.md')
        )
    return args


def wanted_case(module, n, scenario, args):
    """Which (module, N, scenario) the benchmark runs (see the Method section of the report)."""
    if scenario not in args.scenarios:
        return False
    if module == 'route_table_info':
        return scenario == 'read' and n <= args.rule_max
    if scenario == 'read':
        return False
    if module == 'route_rule':
        # The no-op play holds at most --rule-tasks tasks at any N, so it also runs on the largest table (issue 25).
        if scenario == 'noop':
            return True
        return n <= args.rule_max and (scenario not in WRITE_ALL or n <= args.rule_writes_max)
    return True


def per_latency(parser, name, text, latencies):
    """A comma-separated list of run counts, one per latency (the last repeats; '5' means 5 at every latency)."""
    try:
        values = [int(x) for x in str(text).split(',') if x.strip()]
    except ValueError:
        values = []
    if not values or any(v < 1 for v in values) or len(values) > len(latencies):
        parser.error('%s wants one to %d positive numbers, comma-separated' % (name, len(latencies)))
    return values + [values[-1]] * (len(latencies) - len(values))


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
            # The targets are computed again from the rows (the same rows give the same verdicts), so that a target
            # added since the run shows too.
            targets = evaluate_targets(data['rows'], data['costs'], data['meta']['latencies'])
            handle.write(
                render(data['meta'], data['ping'], data['rows'], data['costs'], targets, data.get('reference'))
            )
        return 0
    began = time.perf_counter()
    load_start = os.getloadavg()
    with open(FIXTURE) as handle:
        base_fixture = json.load(handle)
    quota = max(args.sizes) + 100
    # The costs section (module-side cost, drive, payloads) runs at the first latency (0 by default).
    emulator = Emulator(args.latencies[0])
    workdir = tempfile.mkdtemp(prefix='baiducloud-bench-')
    moto = None
    ref_info = {'measured': False, 'reason': 'not part of --quick' if args.quick else 'skipped (--no-reference)'}
    try:
        runner = Runner(workdir, emulator)
        rounds = max(args.runs)
        cases = []
        for n in args.sizes:
            for module in MODULES:
                for scenario in SCENARIOS:
                    if not wanted_case(module, n, scenario, args):
                        continue
                    for execution in args.executions:
                        for index, latency in enumerate(args.latencies):
                            if args.quick and index > 0 and scenario not in QUICK_OTHER_LATENCY:
                                continue
                            if n >= 1000 and scenario in WRITE_ALL:
                                runs = args.big_write_runs[index]
                            elif module == 'route_rule' and n > args.rule_max:
                                runs = args.big_rule_runs[index]
                            else:
                                runs = args.runs[index]
                            cases.append(
                                Case(
                                    module,
                                    n,
                                    scenario,
                                    args.rule_tasks,
                                    spread(runs, rounds),
                                    execution,
                                    latency,
                                )
                            )
        if 'floor' in args.scenarios:
            # Once per round, at the first latency: set_fact makes no API call, so the latency changes nothing; the
            # cases of every latency are compared with it.
            n = max(args.sizes)
            cases.append(Case(FLOOR, n, 'floor', args.rule_tasks, spread(args.runs[0], rounds), args.executions[0],
                              args.latencies[0]))  # fmt: skip
        ref_cases = []
        if args.reference:
            from ansible.release import __version__ as core_version  # pylint: disable=import-outside-toplevel

            log('amazon.aws reference: preparing %s' % reference.VENV)
            try:
                info = reference.prepare(core_version)
                moto = reference.MotoServer(info, workdir)
                ref_runner = Runner(
                    workdir,
                    emulator,
                    python=info['python'],
                    collections_path=info['collections_path'],
                    defaults=reference.module_defaults(moto.url),
                )
                ref_cases = [
                    ReferenceCase(key, title, tasks, changed, spread(args.runs[0], rounds), ref_runner, moto)
                    for key, title, tasks, changed in reference.plays(moto.ids)
                ]
                ref_info = {'measured': True, 'versions': info['versions']}
            except reference.ReferenceUnavailable as error:
                ref_info = {'measured': False, 'reason': ' '.join(str(error).split())}
                log('amazon.aws reference not measured: %s' % error)
        ping_task = [{'name': 'ping', 'ansible.builtin.ping': {}}]
        ping = {'walls': [], 'tasks': [], 'walls10': [], 'tasks10': []}
        ping_every = 3
        # Warm-up (page cache, __pycache__), not measured.
        runner.run_play(ping_task)
        for execution in args.executions:
            runner.run_play(
                Case('route_table', 10, 'noop').tasks, extra_env={'BAIDUCLOUD_EXECUTION': EXECUTIONS[execution]}
            )
        for case in ref_cases:
            case.runner.run_play(case.tasks)
        for round_no in range(rounds):
            log('round %d/%d' % (round_no + 1, rounds))
            wall, timings = runner.run_play(ping_task * 10)
            ping['walls10'].append(wall)
            ping['tasks10'].append(statistics.median(t['seconds'] for t in timings))
            played = 0
            for case in ref_cases + cases:
                if round_no not in case.rounds:
                    continue
                if played % ping_every == 0:
                    # The baseline is sampled all along the round, so load changes hit it like the cases.
                    wall, timings = runner.run_play(ping_task)
                    ping['walls'].append(wall)
                    ping['tasks'].append(timings[0]['seconds'])
                played += 1
                case.run(runner, base_fixture, quota)
                log('  %-48s wall %.2f s, per task %.3f s' % (case.key, case.walls[-1], case.per_task[-1]))
        if moto is not None:
            moto.stop()
            moto = None
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
        if ref_cases:
            ref_info['rows'] = [case.row(ping_summary) for case in ref_cases]

        costs = None
        repeats = 1 if args.quick else 5
        # The module-side costs need the converge rows of every size: a run filtered by --scenarios skips them.
        if args.costs:
            log('module-side cost')
            costs = {'per_rule': []}
            by = dict(
                ((r['module'], r['n'], r['scenario']), r)
                for r in rows
                if r['execution'] == 'module' and r['latency_ms'] == args.latencies[0]
            )
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
            noop_n = max(args.sizes)
            emulator.setup(fixture_with(base_fixture, desired(noop_n)), quota)
            connection = dict(CREDENTIALS, endpoint=emulator.url)
            costs['drive'] = []
            for module, case, module_args in (
                (
                    'route_table',
                    'no-op, N=%d' % noop_n,
                    dict(connection, **table_task(desired(noop_n))['baiducloud.vpc.route_table']),
                ),
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
                {
                    'module': 'ansible.builtin.ping',
                    'case': 'baseline',
                    'import_s': import_s,
                    'run_s': run_s,
                    'cpu_s': cpu_s,
                }
            )
            # CPU of the module process per rule written: converge from empty minus a no-op on the same N, at latency 0
            # (the latency is waiting, not work); the emulator runs in this process, so none of its work is counted.
            costs['cpu'] = []
            table_module = 'ansible_collections.baiducloud.vpc.plugins.modules.route_table'
            for n in sorted(set([10, max(args.sizes)])):
                # With the table's raised quota, as in the plays (table_task): beyond 50 rules the module refuses otherwise.
                table_args = dict(connection, **table_task(desired(n))['baiducloud.vpc.route_table'])
                cpu_runs = {}
                for scenario, before in (('converge', []), ('noop', desired(n))):
                    cpu_runs[scenario] = drive(
                        runner,
                        table_module,
                        table_args,
                        3 if n >= 1000 else repeats,
                        setup=lambda before=before: emulator.setup(
                            fixture_with(base_fixture, before), quota, latency_ms=0
                        ),
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
            log('in-process phases')
            costs['phases'] = inprocess_phases(runner, emulator, base_fixture, quota, max(args.sizes), repeats)

        targets = evaluate_targets(rows, costs, args.latencies)
        from ansible.release import __version__ as ansible_version  # pylint: disable=import-outside-toplevel

        meta = {
            'date': datetime.datetime.now().strftime('%Y-%m-%d %H:%M'),
            'host': platform.node() or 'localhost',
            'platform': platform.platform(terse=True),
            'cpus': os.cpu_count() or 1,
            'python': platform.python_version(),
            'ansible': ansible_version,
            'latencies': args.latencies,
            'costs_latency_ms': args.latencies[0],
            'runs': args.runs,
            'rounds': rounds,
            'rule_writes_max': args.rule_writes_max,
            'rule_tasks': args.rule_tasks,
            'big_write_runs': args.big_write_runs,
            'quick': args.quick,
            'sizes': args.sizes,
            'rule_max': args.rule_max,
            'executions': args.executions,
            'elapsed_s': time.perf_counter() - began,
            'micro_repeats': repeats,
            'load': os.getloadavg(),
            'load_start': load_start,
        }
        report = render(meta, ping_summary, rows, costs, targets, ref_info)
        os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
        with open(args.output, 'w') as handle:
            handle.write(report)
        # The raw results are always kept (tests/output/bench/last.json unless --json says where), so that the
        # report can be rendered again (--from-json) without a new run.
        json_path = args.json or os.path.join(REPO, 'tests', 'output', 'bench', 'last.json')
        os.makedirs(os.path.dirname(os.path.abspath(json_path)), exist_ok=True)
        with open(json_path, 'w') as handle:
            json.dump(
                {
                    'meta': meta,
                    'ping': ping_summary,
                    'rows': rows,
                    'costs': costs,
                    'targets': targets,
                    'reference': ref_info,
                },
                handle,
                indent=1,
            )
        log('report written to %s (%.0f s)' % (args.output, meta['elapsed_s']))
        problems = [p for r in rows for p in r['problems']]
        for row in rows:
            sys.stdout.write(
                '%-16s N=%-5d %-11s %-10s %4g ms ratio %5.2f  %s\n'
                % (
                    row['module'],
                    row['n'],
                    row['scenario'],
                    row['execution'],
                    row['latency_ms'],
                    row['ratio'],
                    row['calls_text'],
                )
            )
        for row in ref_info.get('rows', []):
            sys.stdout.write(
                'amazon.aws %-27s ratio %s  %s\n'
                % (row['key'], '%5.2f' % row['ratio'] if row['ratio'] is not None else '  n/a', row['requests_text'])
            )
        if problems:
            log('PROBLEMS: %s' % '; '.join(sorted(set(problems))))
            return 1
        return 0
    finally:
        if moto is not None:
            moto.stop()
        emulator.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
