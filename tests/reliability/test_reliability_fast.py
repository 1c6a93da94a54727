# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The fast part of the reliability suite (the whole of it: python -m tests.reliability.run).

Runs the collection's modules as Ansible does (args file in, JSON out) against an in-process
emulator with injected faults, and checks the emulator's state and call log afterwards.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shutil
import tempfile

import pytest

from tests.reliability import badinput, concurrency, limits, matrix, secrets_scan
from tests.reliability.endpoints import SilentEndpoint
from tests.reliability.harness import SECRETS, STS_AK, STS_SK, STS_TOKEN, VPC1, find_secrets, run_module


@pytest.mark.parametrize(
    'operation,fault',
    [
        ('create single-path', 'drop after commit'),
        ('replace', 'drop after commit'),
        ('create single-path', 'HTTP 503'),
        ('update', '400 RateLimit'),
        ('delete', 'conn reset'),
        ('switch', 'HTTP 429'),
        ('route_table converge', 'HTTP 500'),
        ('create multi-path', 'RequestExpired (skew)'),
        ('replace', 'HTTP 503 persistent, creates only'),
    ],
)
def test_fault_cell(emu, operation, fault):
    cell = matrix.run_cell(emu, operation, fault)
    assert cell['duplicates'] == 0, cell
    assert cell['ok'], cell
    if fault == 'drop after commit':
        # The dropped write was committed, retried with the same clientToken and replayed, not applied twice.
        assert cell['token_reuse'] and all(
            e['first_write'] and e['retries_same_token'] >= 1 and e['replayed'] for e in cell['token_reuse']
        )
        assert cell['calls']['writes'] == len(cell['token_reuse'])
    if fault == 'HTTP 503':
        assert cell['converged'] and cell['calls']['faulted'] == 1 and cell['calls']['writes'] == 1
    if fault == 'RequestExpired (skew)':
        assert 'clock' in cell['message'] and cell['untouched'] and cell['calls']['writes'] == 0
    if fault == 'HTTP 503 persistent, creates only':
        # The old rule is gone and the create kept failing: the message must say so.
        assert (
            cell['lost'] == 1 and 'which was already deleted' in cell['message'] and 'after 3 tries' in cell['message']
        )


@pytest.mark.parametrize('case', badinput.QUICK_CASES)
def test_bad_input(emu, case):
    result = badinput.run_cases([emu], [case])[0]
    assert result['failed'] and result['writes'] == 0, result
    assert not result['missing_words'], result
    assert result['ok'], result


def test_secrets_do_not_leak_from_a_failing_vvvv_run(emu):
    texts, summary = secrets_scan.scan_playbooks(emu, use_runner=False)
    texts.update(dict(('emulator %d' % i, t) for i, t in enumerate(emu.raw_admin_texts())))
    assert summary['playbook']['failed_tasks'] >= 5
    # Both paths were scanned: every collection task of the default run ran in-process, of the other as a module.
    assert summary['playbook']['in_process_tasks'] >= 8 and summary['playbook']['module_tasks'] == 0
    assert summary['playbook_(module)']['module_tasks'] >= 8 and summary['playbook_(module)']['in_process_tasks'] == 0
    assert summary['env_playbook']['in_process_tasks'] == 2 and summary['env_playbook_(module)']['module_tasks'] == 2
    assert sum(len(t) for t in texts.values()) > 20000
    assert find_secrets(texts, SECRETS) == []


def test_module_results_and_exceptions_do_not_leak(emu):
    creds = {'endpoint': emu.url, 'access_key': STS_AK, 'secret_key': STS_SK, 'session_token': STS_TOKEN}
    with SilentEndpoint() as silent:
        runs = [
            run_module(
                'route_rule',
                dict(
                    creds, vpc_id=VPC1, destination_address='10.67.0.0/16', next_hop_type='nat', next_hop_id='nat-nope'
                ),
            ),
            run_module('route_table_info', dict(creds, vpc_id=VPC1, endpoint=silent.url, api_timeout=1, api_retries=0)),
        ]
    assert all(r['rc'] != 0 for r in runs)
    assert (
        find_secrets(
            dict(('run %d %s' % (i, k), r[k]) for i, r in enumerate(runs) for k in ('stdout', 'stderr')), SECRETS
        )
        == []
    )


def test_self_signed_certificate_refused_unless_validation_is_off(emu):
    result = secrets_scan.tls_check(emu)
    assert result['ok'], result


def test_never_answering_endpoint_is_bounded(emu):
    result = limits.never_answering(emu, settings=((1, 2, 1.0),))
    assert result['ok'], result
    for row in result['rows']:
        assert row['network_time'] <= row['bound'] + 0.5
        assert 'after 3 tries' in row['message'] and 'api_timeout=1' in row['message']


def test_every_request_has_a_timeout():
    assert limits.requests_have_timeouts()['ok']


def test_ten_writers_racing_for_one_rule(emu):
    """10 forks create the same rule at once, then delete it at once: one writer changes it, the
    others re-read and report the true state, nobody fails, no duplicate."""
    emu.reset()
    emu.config(latency_ms=50)
    workdir = tempfile.mkdtemp(prefix='bce-rel-race-')
    os.makedirs(os.path.join(workdir, 'tmp'))
    try:
        rounds = dict(
            (race, (name, args, expected))
            for name, args, expected, race in concurrency.rounds(0)
            if race in ('create', 'delete')
        )
        for race in ('create', 'delete'):
            name, args, dummy = rounds[race]
            expected = (
                [concurrency._entry(concurrency.RACE_DESTINATION, 'vpn', concurrency.VPN, 'race i0')]
                if race == 'create'
                else []
            )
            result = concurrency.run_round(emu, name, args, expected, race, workdir)
            assert result['ok'] and result['losers_report_truth'], result
            assert result['changed'] == 1 and not result['failures'] and result['duplicates'] == 0
    finally:
        emu.config(latency_ms=0)
        shutil.rmtree(workdir, ignore_errors=True)


def test_concurrent_route_tables_return_tables_that_exist(emu):
    """10 route_table runs with different rules at once (issue 11): each returns the table as read back
    after its writes; before, each returned its own prediction, a table that never existed."""
    emu.reset()
    emu.config(latency_ms=50)
    workdir = tempfile.mkdtemp(prefix='bce-rel-tables-')
    os.makedirs(os.path.join(workdir, 'tmp'))
    try:
        name, args, expected, dummy = [r for r in concurrency.rounds(0) if r[0].startswith('10 route_table writers')][0]
        result = concurrency.run_round(emu, name, args, expected, None, workdir)
        assert result['ok'] and result['tables_true'], result
        # The writers overlapped (the emulator answers after 50 ms), so some saw another writer's rule appear.
        assert result['warnings'] >= 1, result
    finally:
        emu.config(latency_ms=0)
        shutil.rmtree(workdir, ignore_errors=True)
