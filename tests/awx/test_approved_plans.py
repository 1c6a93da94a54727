# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Approved plans, as an AWX workflow runs them: a check job with recording on, an approval, a run job.

Each job goes through ansible-runner, the engine automation controller uses. The controller takes the aggregated
custom stats of a job (`artifact_data` of the `playbook_on_stats` event, which is what ansible-runner's awx_display
callback puts there) as the job's artifacts, and gives them to the next workflow node as extra variables; the run
job below receives exactly that. The emulator's call log (admin API) says what was written.

Run: make plan-tests (or .venv/bin/python -m pytest -q tests/awx/test_approved_plans.py)
"""

import copy
import json
import os
import subprocess
import sys

import pytest
import yaml

import ansible_runner

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from tests.awx.harness import collections_path  # noqa: E402  pylint: disable=wrong-import-position

FIXTURE = os.path.join(REPO, 'tests', 'emulator', 'fixture.json')
HELPER = os.path.join(REPO, 'docs', 'awx', 'approved_plans.py')
TABLE = 'rt-emu1demo0001'
NAT_A, NAT_B, VPN = 'nat-emu1demo0001', 'nat-emu1demo0002', 'vpn-emu1demo0001'
EGRESS = ('192.168.0.0/20', '0.0.0.0/0')
OFFICES = ['10.1.0.0/16', '10.2.0.0/16']

EGRESS_TASK = {
    'name': 'Egress of subnet-a through NAT B',
    'baiducloud.vpc.route_rule': {
        'route_table_id': TABLE,
        'source_address': EGRESS[0],
        'destination_address': EGRESS[1],
        'next_hop_type': 'nat',
        'next_hop_id': NAT_B,
    },
}
OFFICE_TASK = {
    'name': 'Office routes of subnet-b',
    'baiducloud.vpc.route_rule': {
        'route_table_id': TABLE,
        'source_address': '192.168.16.0/20',
        'destination_address': '{{ item }}',
        'next_hop_type': 'vpn',
        'next_hop_id': VPN,
        'description': 'office',
    },
    'loop': OFFICES,
    'loop_control': {'label': 'office {{ item }}'},
}
READ_TASK = {'name': 'Read the table', 'baiducloud.vpc.route_table_info': {'route_table_id': TABLE}}
EXTRA_TASK = {
    'name': 'A route nobody approved',
    'baiducloud.vpc.route_rule': dict(OFFICE_TASK['baiducloud.vpc.route_rule'], destination_address='10.9.0.0/16'),
}


def playbook(*tasks):
    return [{'name': 'Routes', 'hosts': 'vpc_demo', 'connection': 'local', 'gather_facts': False, 'tasks': list(tasks)}]


PLAYBOOK = playbook(EGRESS_TASK, OFFICE_TASK, READ_TASK)


def rule(rule_id, source, destination, hop_type, hop_id, description=''):
    return {
        'routeRuleId': rule_id,
        'sourceAddress': source,
        'destinationAddress': destination,
        'nexthopType': hop_type,
        'nexthopId': hop_id,
        'description': description,
    }


def fixture_with(*rules):
    """The bundled fixture with the demo table holding `rules`."""
    with open(FIXTURE) as handle:
        fixture = json.load(handle)
    fixture = copy.deepcopy(fixture)
    fixture['vpcs'][0]['routeTable']['rules'] = list(rules)
    return fixture


EGRESS_VIA_A = rule('rr-egress000001', EGRESS[0], EGRESS[1], 'nat', NAT_A, 'egress')
# Everything as the playbook wants it: its plan is a no-op.
CONVERGED = [rule('rr-egress000001', EGRESS[0], EGRESS[1], 'nat', NAT_B, 'egress')] + [
    rule('rr-office00000%d' % i, '192.168.16.0/20', office, 'vpn', VPN, 'office') for i, office in enumerate(OFFICES)
]


@pytest.fixture
def jobs(emulator, tmp_path, monkeypatch):
    for name in list(os.environ):
        if name.startswith('BAIDUCLOUD_') and name != 'BAIDUCLOUD_EMULATOR_URL':
            monkeypatch.delenv(name)
    monkeypatch.setenv('PATH', os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    env = {
        'BAIDUCLOUD_ACCESS_KEY': 'emulator-ak',
        'BAIDUCLOUD_SECRET_KEY': 'emulator-sk',
        'BAIDUCLOUD_ENDPOINT': emulator.base_url,
        'ANSIBLE_COLLECTIONS_PATH': collections_path(),
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_NOCOLOR': 'true',
    }
    counter = []

    def run(plays, extravars=None, check=False, module_path=False):
        """One job in its own private data dir (as the controller gives each job its own project checkout)."""
        counter.append(1)
        private = tmp_path / ('job%d' % len(counter))
        (private / 'project').mkdir(parents=True)
        (private / 'project' / 'site.yml').write_text(yaml.safe_dump(plays))
        job_env = dict(env, BAIDUCLOUD_EXECUTION='module' if module_path else 'auto')
        runner = ansible_runner.run(
            private_data_dir=str(private),
            playbook='site.yml',
            inventory='[vpc_demo]\nvpc-emu1demo0001 ansible_python_interpreter=%s\n' % sys.executable,
            envvars=job_env,
            extravars=extravars or {},
            cmdline='--check --diff' if check else '--diff',
            quiet=True,
            suppress_env_files=True,
            timeout=300,
        )
        return runner

    run.env = env
    yield run
    emulator.reset()


def artifacts(runner):
    """What the controller keeps as the job's artifacts: the run-wide custom stats of the stats event."""
    stats = [event for event in runner.events if event.get('event') == 'playbook_on_stats']
    assert len(stats) == 1
    return stats[0]['event_data']['artifact_data']


def results(runner, event_name='runner_on_ok'):
    return [event['event_data'] for event in runner.events if event.get('event') == event_name]


def tokens(runner):
    """{task (and loop label): plan_token} of the job's results."""
    found = {}
    for data in results(runner) + results(runner, 'runner_item_on_ok'):
        token = data['res'].get('plan_token')
        if token:
            found['%s [%s]' % (data['task'], data['res'].get('_ansible_item_label', ''))] = token
    return found


def failures(runner):
    return [
        data['res']['msg'] for data in results(runner, 'runner_on_failed') + results(runner, 'runner_item_on_failed')
    ]


def writes(emulator):
    return [(call['method'], call['path']) for call in emulator.calls() if call['write']]


def table(emulator):
    return sorted(
        (r['sourceAddress'], r['destinationAddress'], r['nexthopType'], r['nexthopId'], r.get('description') or '')
        for r in emulator.table_rules(TABLE)
        if r['nexthopType'] != 'sys'
    )


def record(jobs, emulator, module_path=False):
    """Job 1 of the workflow: check mode with recording on; returns its artifacts."""
    runner = jobs(PLAYBOOK, {'baiducloud_plan': 'record'}, check=True, module_path=module_path)
    assert runner.status == 'successful', runner.stdout.read()
    assert writes(emulator) == []
    plans = artifacts(runner)['baiducloud_approved_plans']
    # One entry per host and task, loop items by their label; the read-only task has one too.
    assert sorted(plans) == ['vpc-emu1demo0001']
    assert sorted(plans['vpc-emu1demo0001']) == [
        'Egress of subnet-a through NAT B',
        'Office routes of subnet-b [office 10.1.0.0/16]',
        'Office routes of subnet-b [office 10.2.0.0/16]',
        'Read the table',
    ]
    return artifacts(runner), tokens(runner)


def test_the_run_job_writes_exactly_the_approved_plan(emulator, jobs):
    emulator.reset(fixture_with(EGRESS_VIA_A))
    # The check job on the module path, the run job in-process: the tokens do not depend on the path.
    approved, check_tokens = record(jobs, emulator, module_path=True)
    entry = approved['baiducloud_approved_plans']['vpc-emu1demo0001']['Egress of subnet-a through NAT B']
    assert entry['count'] == 1 and entry['changes'][0]['action'] == 'update'
    assert entry['token'] == check_tokens['Egress of subnet-a through NAT B []']
    # Nothing of the connection in the artifacts.
    assert 'emulator-sk' not in json.dumps(approved) and emulator.base_url not in json.dumps(approved)

    runner = jobs(PLAYBOOK, approved)
    assert runner.status == 'successful', runner.stdout.read()
    assert tokens(runner) == check_tokens
    assert sorted(writes(emulator)) == sorted(
        [('PUT', '/v1/route/rule/rr-egress000001')] + [('POST', '/v1/route/rule')] * 2
    )
    assert table(emulator) == sorted(
        [EGRESS + ('nat', NAT_B, 'egress')] + [('192.168.16.0/20', office, 'vpn', VPN, 'office') for office in OFFICES]
    )


def test_a_table_changed_since_the_approval_is_refused_with_no_write(emulator, jobs):
    emulator.reset(fixture_with(EGRESS_VIA_A))
    approved, dummy = record(jobs, emulator)
    # Another team points the rule elsewhere between the approval and the run (reset also clears the call log).
    emulator.reset(fixture_with(rule('rr-egress000001', EGRESS[0], EGRESS[1], 'nat', NAT_A, 'changed by hand')))
    runner = jobs(PLAYBOOK, approved)
    assert runner.status == 'failed'
    assert writes(emulator) == []
    (message,) = failures(runner)
    assert 'Egress of subnet-a through NAT B on vpc-emu1demo0001 differs from the approved plan' in message
    assert 'route rule 192.168.0.0/20 -> 0.0.0.0/0: approved update (before: description=egress' in message
    assert 'now update (before: description=changed by hand' in message


def test_a_task_added_to_the_playbook_is_refused(emulator, jobs):
    emulator.reset(fixture_with(EGRESS_VIA_A))
    approved, dummy = record(jobs, emulator)
    emulator.clear_calls()
    runner = jobs(playbook(EXTRA_TASK, EGRESS_TASK, OFFICE_TASK, READ_TASK), approved)
    assert runner.status == 'failed'
    assert writes(emulator) == []
    (message,) = failures(runner)
    assert message.startswith(
        'A route nobody approved on vpc-emu1demo0001 is not approved (no approved plan for this task (4 approved '
        'for the host)); it would make 1 change(s): route rule 192.168.16.0/20 -> 10.9.0.0/16: create'
    )


def test_an_approved_no_op_refuses_to_become_a_change(emulator, jobs):
    emulator.reset(fixture_with(*CONVERGED))
    approved, dummy = record(jobs, emulator)
    assert all(not entry['changes'] for entry in approved['baiducloud_approved_plans']['vpc-emu1demo0001'].values())
    # The rule drifts back to NAT A: the run would now update it, which nobody approved.
    emulator.reset(fixture_with(EGRESS_VIA_A, *CONVERGED[1:]))
    runner = jobs(PLAYBOOK, approved)
    assert runner.status == 'failed'
    assert writes(emulator) == []
    (message,) = failures(runner)
    assert 'route rule 192.168.0.0/20 -> 0.0.0.0/0: approved no change, now update' in message


def test_a_loop_item_not_in_the_approved_plan_is_refused(emulator, jobs):
    emulator.reset(fixture_with(*CONVERGED))
    approved, dummy = record(jobs, emulator)
    del approved['baiducloud_approved_plans']['vpc-emu1demo0001']['Office routes of subnet-b [office 10.2.0.0/16]']
    runner = jobs(PLAYBOOK, approved)
    assert runner.status == 'failed'
    # The first item runs (it is approved, and a no-op), the second is refused.
    (message,) = [data['res']['msg'] for data in results(runner, 'runner_item_on_failed')]
    assert message.startswith('Office routes of subnet-b [office 10.2.0.0/16] on vpc-emu1demo0001 is not approved')
    assert writes(emulator) == []


def test_the_command_line_way_with_the_helper(emulator, jobs, tmp_path):
    """ansible-playbook --check through the helper, which saves the recorded plans; then -e @file applies them."""
    emulator.reset(fixture_with(EGRESS_VIA_A))
    (tmp_path / 'site.yml').write_text(yaml.safe_dump(PLAYBOOK))
    (tmp_path / 'hosts').write_text('[vpc_demo]\nvpc-emu1demo0001 ansible_python_interpreter=%s\n' % sys.executable)
    env = dict(os.environ, **jobs.env)
    playbook_command = ['ansible-playbook', '-i', str(tmp_path / 'hosts'), str(tmp_path / 'site.yml')]
    saved = tmp_path / 'approved.yml'
    check = subprocess.run(
        [sys.executable, HELPER, str(saved), '--'] + playbook_command + ['--check'],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert '4 approved task plan(s) for 1 host(s)' in check.stderr
    assert writes(emulator) == []
    text = saved.read_text()
    assert "!unsafe 'Egress of subnet-a through NAT B'" in text
    run = subprocess.run(
        playbook_command + ['-e', '@%s' % saved],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout
    assert len(writes(emulator)) == 3


def test_a_role_passes_approved_plans_through(emulator, jobs):
    """The roles call the modules, so their tasks record and enforce like any other (keys carry the role's name)."""
    emulator.reset(fixture_with())
    role_play = playbook(
        {
            'name': 'NAT default route',
            'ansible.builtin.include_role': {'name': 'baiducloud.vpc.nat_default_route'},
            'vars': {
                'nat_default_route_vpc_id': 'vpc-emu1demo0001',
                'nat_default_route_nat_gateway_id': NAT_A,
                'nat_default_route_source_addresses': ['192.168.0.0/20', '192.168.16.0/20'],
            },
        }
    )
    check = jobs(role_play, {'baiducloud_plan': 'record'}, check=True)
    assert check.status == 'successful', check.stdout.read()
    approved = artifacts(check)
    keys = sorted(approved['baiducloud_approved_plans']['vpc-emu1demo0001'])
    assert len(keys) == 2 and all(key.startswith('baiducloud.vpc.nat_default_route : ') for key in keys), keys
    run = jobs(role_play, approved)
    assert run.status == 'successful', run.stdout.read()
    assert tokens(run) == tokens(check)
    assert writes(emulator) == [('POST', '/v1/route/rule')] * 2
