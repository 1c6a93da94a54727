# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Concurrent writers: one play, 10 inventory hosts (connection local), 10 forks, one table.

Each round is one ansible-playbook run in which all ten hosts write at the same time:
different rules (create, update, replace, delete, route_table), then all ten racing for
the same rule. After every round the emulator's table is compared with the intended one.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import tempfile

from tests.reliability.harness import (
    AK,
    PYTHON,
    SK,
    TABLE1,
    VPC1,
    compare_rules,
    rule_key,
    run_playbook,
    summarize_calls,
)

WRITERS = ['w%d' % i for i in range(10)]
ANY4 = '0.0.0.0/0'
VPN, NAT = 'vpn-emu1demo0001', 'nat-emu1demo0001'
RACE_DESTINATION = '10.99.0.0/16'

PLAYBOOK = '''---
- name: Concurrent writers
  hosts: writers
  gather_facts: false
  module_defaults:
    group/baiducloud.vpc.vpc:
      endpoint: "{{ rel_endpoint }}"
      access_key: "{{ rel_access_key }}"
      secret_key: "{{ rel_secret_key }}"
  tasks:
    - name: One rule per writer
      baiducloud.vpc.route_rule:
        vpc_id: "{{ rel.vpc_id | default(omit) }}"
        route_table_id: "{{ rel.route_table_id | default(omit) }}"
        source_address: "{{ rel.source_address | default(omit) }}"
        destination_address: "{{ rel.destination_address }}"
        next_hop_type: "{{ rel.next_hop_type | default(omit) }}"
        next_hop_id: "{{ rel.next_hop_id | default(omit) }}"
        description: "{{ rel.description | default(omit) }}"
        state: "{{ rel.state | default('present') }}"
      when: rel.module == 'route_rule'
      register: rel_rule
      ignore_errors: true

    - name: Whole-table writers (no purge)
      baiducloud.vpc.route_table:
        vpc_id: "{{ rel.vpc_id }}"
        rules: "{{ rel.rules }}"
      when: rel.module == 'route_table'
      register: rel_table
      ignore_errors: true

    - name: Keep the result
      ansible.builtin.copy:
        content: "{{ (rel_rule if rel.module == 'route_rule' else rel_table) | to_json }}"
        dest: "{{ rel_out }}/{{ inventory_hostname }}.json"
        mode: "0600"
'''


def _own(index):
    return '10.%d.0.0/16' % (100 + index)


def _rule(destination, description, hop_type='vpn', hop_id=VPN, state='present'):
    return {
        'module': 'route_rule',
        'vpc_id': VPC1,
        'destination_address': destination,
        'next_hop_type': hop_type,
        'next_hop_id': hop_id,
        'description': description,
        'state': state,
    }


def _entry(destination, hop_type, hop_id, description):
    return (ANY4, destination, hop_type, hop_id, 'normal', description)


def rounds(iteration):
    """[(name, {host: args}, expected entries after the round or a checker, race kind)] for one iteration."""
    tag = 'i%d' % iteration
    out = []
    create = dict((h, _rule(_own(i), '%s %s created' % (h, tag))) for i, h in enumerate(WRITERS))
    out.append(
        (
            '10 writers create 10 different rules',
            create,
            [_entry(_own(i), 'vpn', VPN, '%s %s created' % (h, tag)) for i, h in enumerate(WRITERS)],
            None,
        )
    )
    change, expected = {}, []
    for i, host in enumerate(WRITERS):
        if i < 4:  # update in place
            change[host] = _rule(_own(i), '%s %s updated' % (host, tag))
            expected.append(_entry(_own(i), 'vpn', VPN, '%s %s updated' % (host, tag)))
        elif i < 7:  # replace (next hop type changes)
            change[host] = _rule(_own(i), '%s %s replaced' % (host, tag), 'nat', NAT)
            expected.append(_entry(_own(i), 'nat', NAT, '%s %s replaced' % (host, tag)))
        else:  # delete
            change[host] = _rule(_own(i), '', state='absent')
            change[host].pop('next_hop_type')
            change[host].pop('next_hop_id')
            change[host].pop('description')
    out.append(('10 writers: 4 update, 3 replace, 3 delete (different rules)', change, expected, None))
    table = {}
    for i, host in enumerate(WRITERS):
        table[host] = {
            'module': 'route_table',
            'vpc_id': VPC1,
            'rules': [
                {
                    'destination_address': _own(i),
                    'next_hop_type': 'vpn',
                    'next_hop_id': VPN,
                    'description': '%s %s table' % (host, tag),
                }
            ],
        }
    out.append(
        (
            '10 route_table writers, one rule each (purge false)',
            table,
            [_entry(_own(i), 'vpn', VPN, '%s %s table' % (h, tag)) for i, h in enumerate(WRITERS)],
            None,
        )
    )
    same = dict((h, _rule(RACE_DESTINATION, 'race %s' % tag)) for h in WRITERS)
    out.append(
        (
            'race: 10 writers create the same rule',
            same,
            [_entry(_own(i), 'vpn', VPN, '%s %s table' % (h, tag)) for i, h in enumerate(WRITERS)]
            + [_entry(RACE_DESTINATION, 'vpn', VPN, 'race %s' % tag)],
            'create',
        )
    )
    conflict = dict(
        (h, _rule(RACE_DESTINATION, 'race %s by %s' % (tag, h), 'nat' if i % 2 else 'vpn', NAT if i % 2 else VPN))
        for i, h in enumerate(WRITERS)
    )
    out.append(('race: 10 writers want different next hops for the same rule', conflict, 'last-writer', 'conflict'))
    gone = {}
    for host in WRITERS:
        gone[host] = {
            'module': 'route_rule',
            'vpc_id': VPC1,
            'destination_address': RACE_DESTINATION,
            'state': 'absent',
        }
    out.append(
        (
            'race: 10 writers delete the same rule',
            gone,
            [_entry(_own(i), 'vpn', VPN, '%s %s table' % (h, tag)) for i, h in enumerate(WRITERS)],
            'delete',
        )
    )
    cleanup = {}
    for i, host in enumerate(WRITERS):
        cleanup[host] = {'module': 'route_rule', 'vpc_id': VPC1, 'destination_address': _own(i), 'state': 'absent'}
    out.append(('10 writers delete their own rules', cleanup, [], None))
    return out


def _returned_key(rule):
    """A rule as a module returned it, in the form of harness.rule_key (single-path rules only)."""
    return (
        rule['source_address'],
        rule['destination_address'],
        rule['next_hop_type'],
        rule['next_hop_id'],
        'normal',
        rule.get('description') or '',
    )


def _inventory(workdir, args_by_host, emu, outdir):
    host_vars = os.path.join(workdir, 'host_vars')
    os.makedirs(host_vars, exist_ok=True)
    for host, args in args_by_host.items():
        with open(os.path.join(host_vars, host + '.json'), 'w') as handle:
            json.dump({'rel': args}, handle)
    lines = (
        ['[writers]']
        + WRITERS
        + [
            '',
            '[writers:vars]',
            'ansible_connection=local',
            'ansible_python_interpreter=%s' % PYTHON,
            'rel_endpoint=%s' % emu.url,
            'rel_access_key=%s' % AK,
            'rel_secret_key=%s' % SK,
            'rel_out=%s' % outdir,
        ]
    )
    return '\n'.join(lines) + '\n'


def run_round(emu, name, args_by_host, expected, race, workdir):
    outdir = os.path.join(workdir, 'out')
    shutil.rmtree(outdir, ignore_errors=True)
    os.makedirs(outdir)
    emu.clear_calls()
    run = run_playbook(PLAYBOOK, workdir, _inventory(workdir, args_by_host, emu, outdir), extra_args=['-f', '10'])
    results = {}
    for host in WRITERS:
        path = os.path.join(outdir, host + '.json')
        results[host] = json.load(open(path)) if os.path.exists(path) else {'failed': True, 'msg': 'no result written'}
    calls = emu.calls()
    final = emu.custom_rules(TABLE1)
    failures = dict((h, r.get('msg')) for h, r in results.items() if r.get('failed'))
    changed = sum(1 for r in results.values() if r.get('changed'))
    if expected == 'last-writer':
        race_rules = [r for r in final if r['destinationAddress'] == RACE_DESTINATION]
        wanted = set(
            _entry(RACE_DESTINATION, a['next_hop_type'], a['next_hop_id'], a['description'])
            for a in args_by_host.values()
        )
        others = [rule_key(r) for r in final if r['destinationAddress'] != RACE_DESTINATION]
        duplicates = max(0, len(race_rules) - 1)
        lost = 0 if len(race_rules) == 1 and rule_key(race_rules[0]) in wanted else 1
        unexpected = 0
        reported = [r.get('route_rule') for r in results.values() if r.get('route_rule')]
        expected_note = 'exactly one rule for %s, holding one writer\'s values; others untouched (%d)' % (
            RACE_DESTINATION,
            len(others),
        )
    else:
        duplicates, lost, unexpected = compare_rules(final, expected)
        reported = []
        expected_note = '%d rules' % len(expected)
    race_codes = dict(
        (code, n)
        for code, n in summarize_calls(calls)['errors'].items()
        if code in ('RouteRuleRepeated', 'NoSuchObject')
    )
    tables_true = None
    if all(a.get('module') == 'route_table' for a in args_by_host.values()):
        # Issue 11: each writer returns the table as read back after its writes, never a predicted table that
        # never existed. Nobody deletes in this round, so every returned table lies within the final one, holds
        # the writer's own rule, and the writer that read back last returns exactly the final table.
        final_keys = set(rule_key(r) for r in final)
        returned = [
            set(
                _returned_key(r) for r in (res.get('route_table') or {}).get('route_rules') or [] if not r.get('system')
            )
            for res in results.values()
        ]
        own = [
            _entry(
                a['rules'][0]['destination_address'],
                a['rules'][0]['next_hop_type'],
                a['rules'][0]['next_hop_id'],
                a['rules'][0]['description'],
            )
            for a in args_by_host.values()
        ]
        tables_true = (
            all(table <= final_keys for table in returned)
            and all(key in table for key, table in zip(own, returned))
            and final_keys in returned
        )
    ok = run['rc'] == 0 and not failures and duplicates == 0 and lost == 0 and unexpected == 0
    truth = None
    if race in ('create', 'delete'):
        # Every writer, loser or not, reports the rule as it really is afterwards.
        final_ids = set(r['routeRuleId'] for r in final if r['destinationAddress'] == RACE_DESTINATION) or set([None])
        reported_ids = set((r.get('route_rule') or {}).get('route_rule_id') for r in results.values())
        truth = reported_ids == final_ids
        ok = ok and changed == 1 and truth
    return {
        'round': name,
        'rc': run['rc'],
        'failures': failures,
        'changed': changed,
        'duplicates': duplicates,
        'lost': lost,
        'unexpected': unexpected,
        'race_codes': race_codes,
        'tables_true': tables_true,
        'warnings': sum(1 for r in results.values() if r.get('warnings')),
        'calls': len(calls),
        'writes': summarize_calls(calls)['writes'],
        'elapsed': round(run['elapsed'], 1),
        'ok': ok,
        'losers_report_truth': truth,
        'expected': expected_note,
        'reported': len(reported),
        'stderr_tail': run['stderr'][-2000:] if run['rc'] not in (0,) else '',
    }


def run_concurrency(emu, iterations=3, latency_ms=50):
    """Run every round `iterations` times against one freshly reset emulator."""
    emu.reset()
    emu.config(latency_ms=latency_ms)
    workdir = tempfile.mkdtemp(prefix='bce-rel-conc-')
    os.makedirs(os.path.join(workdir, 'tmp'))
    results = []
    try:
        for iteration in range(iterations):
            for name, args_by_host, expected, race in rounds(iteration):
                result = run_round(emu, name, args_by_host, expected, race, workdir)
                result['iteration'] = iteration + 1
                results.append(result)
    finally:
        emu.config(latency_ms=0)
        shutil.rmtree(workdir, ignore_errors=True)
    return results
