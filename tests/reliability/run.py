# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Run the reliability suite against in-process emulators and write docs/reliability.md.

usage (from the repository root):
    .venv/bin/python -m tests.reliability.run [--out docs/reliability.md] [--workers 3] [--iterations 3] [--quick] [--no-runner]

Exit status 0 when every check holds (known limitations excepted), 1 otherwise.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import datetime
import json
import os
import platform
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from tests.reliability import (
    badinput,
    concurrency,
    hostile,
    hostile_input,
    hostile_report,
    limits,
    matrix,
    secrets_scan,
)
from tests.reliability.harness import REPO, Emulator

SECTIONS = (
    'fault matrix',
    'concurrent writers',
    'bad input',
    'secrets',
    'TLS',
    'limits',
    'hostile servers',
    'hostile input',
)


def _cell_text(cell):
    calls = cell['calls']
    counts = '%d calls, %d writes' % (calls['calls'], calls['writes'])
    if calls['replayed']:
        counts += ', %d replayed' % calls['replayed']
    if cell['converged']:
        state = 'converged'
    elif cell['failed'] and cell.get('unrouted_declared'):
        state = 'clear failure, says destination unrouted'
    elif cell['failed'] and cell['clear_message']:
        state = 'clear failure' + (', table untouched' if cell['untouched'] else '')
    else:
        state = 'NOT OK'
    return '%s%s (%s)' % ('' if cell['ok'] else '**FAIL** ', state, counts)


def _md_escape(text):
    return (text or '').replace('|', '\\|').replace('\n', ' ')


def matrix_section(cells):
    faults = list(dict.fromkeys(c['fault'] for c in cells))
    operations = list(dict.fromkeys(c['operation'] for c in cells))
    by_key = dict(((c['operation'], c['fault']), c) for c in cells)
    lines = [
        '## 1. Fault matrix',
        '',
        'Each cell: fresh table (5 custom rules incl. an HA pair), one fault rule per write method (`POST`, `PUT`, `DELETE` of '
        '`/v1/route/rule...`; `times` 1 unless "persistent"), one module run with default retry settings unless noted, then the '
        'emulator\'s table is compared with the intended one. Calls are counted from the emulator\'s call log (reads included; '
        '"writes" = calls that changed state; "replayed" = retries the service answered from the clientToken store).',
        '',
    ]
    lines.append('| fault | what is injected |')
    lines.append('|---|---|')
    for fault in faults:
        lines.append('| %s | %s |' % (fault, matrix.FAULTS[fault][0]))
    lines.append('')
    for fault_chunk in (faults[:6], faults[6:]):
        if not fault_chunk:
            continue
        lines.append('| operation (writes) | ' + ' | '.join(fault_chunk) + ' |')
        lines.append('|---' * (len(fault_chunk) + 1) + '|')
        for op in operations:
            row = ['%s (%s)' % (op, matrix.OPERATIONS[op][3])]
            for fault in fault_chunk:
                cell = by_key.get((op, fault))
                row.append(_cell_text(cell) if cell else '-')
            lines.append('| ' + ' | '.join(row) + ' |')
        lines.append('')
    total = len(cells)
    unrouted = [c for c in cells if c.get('unrouted_declared')]
    lines.append(
        'Cells: %d; as required: %d; converged: %d; clear failures: %d; duplicates: %d; lost rules: %d; unexpected rules: %d; '
        'destinations left unrouted, and said so in the message: %d (%s).'
        % (
            total,
            sum(c['ok'] for c in cells),
            sum(c['converged'] for c in cells),
            sum(1 for c in cells if c['failed']),
            sum(c['duplicates'] for c in cells),
            sum(c['lost'] for c in cells if not c.get('unrouted_declared')),
            sum(c['unexpected'] for c in cells),
            len(unrouted),
            '; '.join('%s under %s' % (c['operation'], c['fault']) for c in unrouted) or 'none',
        )
    )
    lines.append('')
    lines.append(
        'A replace deletes before it creates, because the API keeps (source, destination) unique per table; when the create '
        'keeps failing after the delete went through, the destination has no route until the task is run again, and the '
        'failure message says exactly that.'
    )
    lines.append('')
    lines.append('### Failure messages (cells that do not converge by design)')
    lines.append('')
    lines.append('| operation | fault | message |')
    lines.append('|---|---|---|')
    for cell in cells:
        if cell['failed']:
            lines.append('| %s | %s | %s |' % (cell['operation'], cell['fault'], _md_escape(cell['message'])))
    lines.append('')
    lines.append('### drop_after_commit: the retry reused the clientToken')
    lines.append('')
    lines.append(
        '| operation | dropped call | clientToken | first call wrote | later calls with that token | all replayed, none wrote |'
    )
    lines.append('|---|---|---|---|---|---|')
    for cell in cells:
        for ev in cell['token_reuse']:
            lines.append(
                '| %s | %s %s | `%s...` | %s | %d | %s |'
                % (
                    cell['operation'],
                    ev['method'],
                    ev['path'],
                    (ev['client_token'] or '')[:20],
                    ev['first_write'],
                    ev['retries_same_token'],
                    ev['replayed'],
                )
            )
    lines.append('')
    return lines


def concurrency_section(rounds):
    lines = [
        '## 2. Concurrent writers',
        '',
        'One play, 10 inventory hosts (`ansible_connection=local`), `-f 10`, all writing to `rt-emu1demo0001` at once; the '
        'emulator adds 50 ms to every call to widen the read-to-write window. Each round is one `ansible-playbook` run; after '
        'each round the table is compared with the intended one. "race codes" are the `RouteRuleRepeated` / `NoSuchObject` '
        'answers in the call log: races that really happened and that the modules absorbed (re-read, report the truth). In the '
        'same-rule create and delete races exactly one writer may report a change, and every writer must report the rule id '
        'the table really holds afterwards (none after the delete).',
        '',
        '| iter | round | ok | failed hosts | changed | duplicates | lost | unexpected | race codes seen | calls (writes) | s |',
        '|---|---|---|---|---|---|---|---|---|---|---|',
    ]
    for r in rounds:
        codes = ', '.join('%s x%d' % kv for kv in sorted(r['race_codes'].items())) or '-'
        lines.append(
            '| %d | %s | %s | %d | %d | %d | %d | %d | %s | %d (%d) | %.1f |'
            % (
                r['iteration'],
                r['round'],
                'yes' if r['ok'] else '**NO**',
                len(r['failures']),
                r['changed'],
                r['duplicates'],
                r['lost'],
                r['unexpected'],
                codes,
                r['calls'],
                r['writes'],
                r['elapsed'],
            )
        )
    failures = [(r['round'], h, m) for r in rounds for h, m in sorted(r['failures'].items())]
    lines.append('')
    lines.append(
        'Rounds: %d, as required: %d; host failures: %d; duplicates: %d; race answers absorbed: %d.'
        % (
            len(rounds),
            sum(r['ok'] for r in rounds),
            len(failures),
            sum(r['duplicates'] for r in rounds),
            sum(sum(r['race_codes'].values()) for r in rounds),
        )
    )
    for name, host, message in failures:
        lines.append('- %s, %s: %s' % (name, host, _md_escape(message)))
    lines.append('')
    return lines


def badinput_section(results):
    lines = [
        '## 3. Bad input',
        '',
        'Each case runs one module (or a role through `ansible-playbook`) on a fresh emulator. Required: the task fails, the '
        'message (or the `parameter` field) contains the listed words (the parameter and, where there is one, the rule), and the '
        'emulator logs 0 writes.',
        '',
        '| # | case | ok | parameter | writes | message |',
        '|---|---|---|---|---|---|',
    ]
    for index, r in enumerate(results, 1):
        state = (
            'yes'
            if r['ok']
            else ('known limit' if r.get('known_limit') else '**NO** (missing %s)' % ', '.join(r['missing_words']))
        )
        lines.append(
            '| %d | %s | %s | %s | %d | %s |'
            % (index, _md_escape(r['case']), state, r['parameter'] or '', r['writes'], _md_escape(r['message'][:240]))
        )
    lines.append('')
    lines.append(
        'Cases: %d; as required: %d; known limitations: %d; writes in failing cases: %d.'
        % (
            len(results),
            sum(r['ok'] for r in results),
            sum(1 for r in results if not r['ok'] and r.get('known_limit')),
            sum(r['writes'] for r in results),
        )
    )
    for r in results:
        if not r['ok'] and r.get('known_limit'):
            lines.append('- known limitation, %s: %s' % (r['case'], r['known_limit']))
    lines.append('')
    return lines


def secrets_section(secrets, tls):
    s = secrets['summary']
    lines = [
        '## 4. Secrets and TLS',
        '',
        'Credentials: the STS key (`emulator-sts-ak`) with its secret key and session token, passed through `module_defaults`, '
        'as role variables, and through `BAIDUCLOUD_*` environment variables. Searched for: the secret keys and the session '
        'token, verbatim.',
        '',
        '| output scanned | size |',
        '|---|---|',
        '| `ansible-playbook -vvvv --diff` (10 tasks: success, check-mode diff, API failure, validation failure, TLS refusal, '
        'no answer, wrong token, roles with credentials as variables), modules run in-process (%d tasks), stdout + stderr '
        '| %d bytes |' % (s['playbook']['in_process_tasks'], s['playbook']['bytes']),
        '| same play with `BAIDUCLOUD_EXECUTION=module` (%d tasks as module processes) | %d bytes |'
        % (s['playbook_(module)']['module_tasks'], s['playbook_(module)']['bytes']),
        '| same at -vvvv with credentials from the environment, in-process and as modules | %d bytes |'
        % (s['env_playbook']['bytes'] + s['env_playbook_(module)']['bytes']),
    ]
    if 'files' in s.get('runner', {}):
        lines.append(
            '| ansible-runner artifacts of the first play at verbosity 4 (job events, stdout, status) | %d files, %d bytes |'
            % (s['runner']['files'], s['runner']['bytes'])
        )
    lines += [
        '| 8 direct module runs (success with diff, API error, TLS refused / unverified, no answer, bad token, bad option, '
        'check-mode diff), stdout + stderr | included |',
        '| emulator admin API: call log, state, config, faults | included |',
        '| Ansible local temp directory after the runs | included |',
        '',
        'Sources scanned: %d, %d bytes; secret or token found: **%d** %s; masked mentions (`********` / '
        '`VALUE_SPECIFIED_IN_NO_LOG_PARAMETER`): %d.'
        % (
            secrets['sources'],
            secrets['bytes'],
            len(secrets['found']),
            ('(' + '; '.join('%s in %s' % f for f in secrets['found']) + ')') if secrets['found'] else '',
            secrets['masked_mentions'],
        ),
        '',
        '### TLS',
        '',
        'An HTTPS front on 127.0.0.1 with a freshly generated self-signed certificate (cryptography), forwarding to the emulator.',
        '',
        '| validate_certs | result |',
        '|---|---|',
        '| default (true) | rc %s in %.2f s: %s |'
        % (tls['refused_rc'], tls['refused_elapsed'], _md_escape(tls['refused_msg'])),
        '| false | rc %s, table found: %s, %d rules read |'
        % (tls['accepted_rc'], tls['accepted_found'], tls['accepted_rules']),
        '',
    ]
    return lines


def limits_section(lim):
    na = lim['never_answering']
    lines = [
        '## 5. Limits',
        '',
        'Endpoint: a loopback socket that accepts connections and never replies. Bound = api_timeout x (api_retries + 1) + '
        'the longest backoff (sum of min(api_retry_max_delay, 0.3 x 2^n); jitter only shortens it). Measured: the whole run, and '
        'in brackets from its first connection to its end (module start-up without any network wait, %.2f s here, is not '
        'in it). With the defaults (api_timeout 30, api_retries 3, api_retry_max_delay 20) the bound '
        'is %.1f s.' % (na['overhead'], na['default_bound']),
        '',
        '| module | api_timeout | api_retries | max delay | connections so far | measured s (from the first connection) | bound s | ok | message |',
        '|---|---|---|---|---|---|---|---|---|',
    ]
    for r in na['rows']:
        lines.append(
            '| %s | %s | %s | %s | %d | %.2f (%.2f) | %.2f | %s | %s |'
            % (
                r['module'],
                r['api_timeout'],
                r['api_retries'],
                r['api_retry_max_delay'],
                r['connections'],
                r['elapsed'],
                r['network_time'],
                r['bound'],
                'yes' if r['ok'] else '**NO**',
                _md_escape(r['message']),
            )
        )
    ref, slow, to = lim['refused'], lim['slow_writes'], lim['timeouts']
    lines += [
        '',
        '- Connection refused (closed loopback port, api_retries 2): failed in %.2f s: %s'
        % (ref['elapsed'], _md_escape(ref['message'])),
        '- Every create answered after 4 s, api_timeout 1, api_retries 2: failed in %.2f s (bound %.2f s): %s. The %d timed-out '
        'POSTs still reached the service later, all with one clientToken (%d distinct): %d wrote, %d replayed; duplicates %d, '
        'lost %d. A re-run reported changed=%s.'
        % (
            slow['elapsed'],
            slow['bound'],
            _md_escape(slow['message']),
            slow['posts'],
            slow['distinct_tokens'],
            slow['writes'],
            slow['replayed'],
            slow['duplicates'],
            slow['lost'],
            slow['rerun_changed'],
        ),
        '- Every request carries the timeout: the client, driven through get, paginate, POST, PUT and DELETE with a recording '
        'session, passed `timeout=%s` on %d of %d requests.'
        % (to['timeouts'][0] if to['timeouts'] else None, sum(1 for t in to['timeouts'] if t == 7), to['requests']),
        '',
    ]
    return lines


def hostile_section(groups):
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _client  # importable once hostile.py ran

    return hostile_report.section(
        groups, _client.MAX_LISTED_ITEMS // _client.MAX_PAGE_SIZE + 1, _client.MAX_BODY_BYTES, _client.MAX_LISTED_ITEMS
    )


def build_report(results, started, elapsed, options):
    status = results['status']
    lines = [
        '# Reliability of baiducloud.vpc, measured',
        '',
        '<!-- Generated by tests/reliability/run.py; do not edit by hand. -->',
        '',
        'Generated by `.venv/bin/python -m tests.reliability.run%s` on %s (Python %s, %s) in %.0f s, against in-process '
        'instances of the offline emulator (`tests/emulator`) on 127.0.0.1.'
        % (
            ' --quick' if options.quick else '',
            started.strftime('%Y-%m-%d %H:%M UTC'),
            platform.python_version(),
            platform.system(),
            elapsed,
        ),
        '',
        '| check | result |',
        '|---|---|',
    ]
    for name in SECTIONS:
        if name in status:
            lines.append('| %s | %s |' % (name, status[name]))
    lines.append('')
    lines += matrix_section(results['matrix'])
    if results.get('concurrency'):
        lines += concurrency_section(results['concurrency'])
    lines += badinput_section(results['badinput'])
    lines += secrets_section(results['secrets'], results['tls'])
    lines += limits_section(results['limits'])
    if results.get('hostile'):
        lines += hostile_section(results['hostile'])
    if results.get('hostile_input'):
        lines += hostile_input.section(results['hostile_input'])
    lines += [
        '## Reproduce',
        '',
        '```',
        '.venv/bin/python -m tests.reliability.run            # this report (docs/reliability.md)',
        '.venv/bin/python -m pytest -q -p no:cacheprovider tests/reliability   # the fast subset',
        '```',
        '',
    ]
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--out', default=os.path.join(REPO, 'docs', 'reliability.md'))
    parser.add_argument('--json', default=os.path.join(REPO, 'tests', 'output', 'reliability.json'))
    parser.add_argument('--workers', type=int, default=3)
    parser.add_argument('--iterations', type=int, default=3, help='repetitions of the concurrent-writer rounds')
    parser.add_argument('--quick', action='store_true', help='a representative subset (a few minutes less)')
    parser.add_argument('--no-runner', action='store_true', help='skip the ansible-runner artifact scan')
    options = parser.parse_args(argv)
    started = datetime.datetime.now(datetime.timezone.utc)
    clock = time.monotonic()
    results, status, failures = {}, {}, 0
    emulators = [Emulator() for dummy in range(max(1, options.workers))]
    try:
        with ThreadPoolExecutor(len(emulators)) as pool:
            print('fault matrix...', file=sys.stderr)
            cells = matrix.run_matrix(
                emulators,
                matrix.QUICK_OPERATIONS if options.quick else None,
                matrix.QUICK_FAULTS if options.quick else None,
                pool,
            )
            results['matrix'] = cells
            bad = [c for c in cells if not c['ok']]
            status['fault matrix'] = (
                '%d/%d cells as required; %d duplicates, %d lost; %d replace(s) left a destination unrouted '
                '(persistent create failure, declared in the message)'
                % (
                    len(cells) - len(bad),
                    len(cells),
                    sum(c['duplicates'] for c in cells),
                    sum(c['lost'] for c in cells if not c.get('unrouted_declared')),
                    sum(1 for c in cells if c.get('unrouted_declared')),
                )
            )
            failures += len(bad)
            print('bad input...', file=sys.stderr)
            cases = badinput.run_cases(emulators, badinput.QUICK_CASES if options.quick else None, pool)
            if not options.quick:
                cases += [badinput.run_role_case(emulators[0], case) for case in badinput.ROLE_CASES]
            results['badinput'] = cases
            bad = [r for r in cases if not r['ok'] and not r.get('known_limit')]
            status['bad input'] = '%d/%d cases as required, %d known limitations, %d unexpected failures' % (
                sum(r['ok'] for r in cases),
                len(cases),
                sum(1 for r in cases if not r['ok'] and r.get('known_limit')),
                len(bad),
            )
            failures += len(bad)
        if not options.quick:
            print('concurrent writers...', file=sys.stderr)
            rounds = concurrency.run_concurrency(emulators[0], iterations=options.iterations)
            results['concurrency'] = rounds
            status['concurrent writers'] = '%d/%d rounds as required, %d host failures, %d duplicates' % (
                sum(r['ok'] for r in rounds),
                len(rounds),
                sum(len(r['failures']) for r in rounds),
                sum(r['duplicates'] for r in rounds),
            )
            failures += sum(not r['ok'] for r in rounds)
        print('secrets...', file=sys.stderr)
        results['secrets'] = secrets_scan.run_secrets(emulators[0], use_runner=not options.no_runner)
        status['secrets'] = '%d sources, %d bytes scanned, %d secrets found' % (
            results['secrets']['sources'],
            results['secrets']['bytes'],
            len(results['secrets']['found']),
        )
        failures += len(results['secrets']['found'])
        results['tls'] = secrets_scan.tls_check(emulators[0])
        status['TLS'] = (
            'self-signed refused by default, accepted with validate_certs=false'
            if results['tls']['ok']
            else '**FAILED**'
        )
        failures += not results['tls']['ok']
        print('limits...', file=sys.stderr)
        results['limits'] = limits.run_limits(emulators[0])
        lim = results['limits']
        lim_ok = all(lim[k]['ok'] for k in ('never_answering', 'refused', 'slow_writes', 'timeouts'))
        status['limits'] = (
            'never-answering endpoint: every run within its bound; timeouts on every request'
            if lim_ok
            else '**FAILED** (see section 5)'
        )
        failures += not lim_ok
        print('hostile servers...', file=sys.stderr)
        results['hostile'] = hostile.run_hostile(emulators[0], lim['never_answering']['overhead'])
        status['hostile servers'], failed = hostile_report.status(results['hostile'])
        failures += failed
        print('hostile input...', file=sys.stderr)
        results['hostile_input'] = hostile_input.run_hostile_input(emulators[0])
        status['hostile input'], failed = hostile_input.status(results['hostile_input'])
        failures += failed
    finally:
        for emu in emulators:
            emu.stop()
    results['status'] = status
    report = build_report(results, started, time.monotonic() - clock, options)
    os.makedirs(os.path.dirname(options.out), exist_ok=True)
    with open(options.out, 'w') as handle:
        handle.write(report)
    if options.json:
        os.makedirs(os.path.dirname(options.json), exist_ok=True)
        with open(options.json, 'w') as handle:
            json.dump(results, handle, indent=1, default=str)
    print('wrote %s (%d checks failed)' % (options.out, failures), file=sys.stderr)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
