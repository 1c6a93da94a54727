# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Fault matrix: every mutating operation under every injected fault.

Each cell starts from the same seeded table, injects one fault on every write method
(the first POST, PUT and DELETE of a rule each get it once, or persistently), runs the
module once, and checks the emulator's final table against the intended one:
0 duplicates, 0 lost rules, and either converged or a clear failure message.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from tests.reliability.harness import (
    TABLE1,
    VPC1,
    compare_rules,
    fixture_with_rules,
    rule_key,
    run_module,
    summarize_calls,
)

ANY4 = '0.0.0.0/0'
VPN, NAT = 'vpn-emu1demo0001', 'nat-emu1demo0001'
DCGW1, DCGW2 = 'dcgw-emu1demo0001', 'dcgw-emu1demo0002'

# The table every cell starts from.
SEED_RULES = [
    {
        'routeRuleId': 'rr-relupd000001',
        'sourceAddress': ANY4,
        'destinationAddress': '10.20.0.0/16',
        'nexthopType': 'vpn',
        'nexthopId': VPN,
        'description': 'old',
    },
    {
        'routeRuleId': 'rr-relrep000001',
        'sourceAddress': ANY4,
        'destinationAddress': '10.30.0.0/16',
        'nexthopType': 'vpn',
        'nexthopId': VPN,
        'description': 'to replace',
    },
    {
        'routeRuleId': 'rr-reldel000001',
        'sourceAddress': ANY4,
        'destinationAddress': '10.40.0.0/16',
        'nexthopType': 'nat',
        'nexthopId': NAT,
        'description': 'to delete',
    },
    {
        'routeRuleIds': ['rr-relha0000001', 'rr-relha0000002'],
        'sourceAddress': ANY4,
        'destinationAddress': '172.16.0.0/12',
        'nextHopList': [
            {'nexthopId': DCGW1, 'nexthopType': 'dcGateway', 'pathType': 'ha:active'},
            {'nexthopId': DCGW2, 'nexthopType': 'dcGateway', 'pathType': 'ha:standby'},
        ],
        'description': 'ha pair',
    },
    {
        'routeRuleId': 'rr-relkeep00001',
        'sourceAddress': '192.168.0.0/20',
        'destinationAddress': ANY4,
        'nexthopType': 'nat',
        'nexthopId': NAT,
        'description': 'bystander',
    },
]


def _entries(rules):
    """Seed-rule dicts -> rule_key tuples (multi-path rules give one per member)."""
    keys = []
    for rule in rules:
        if rule.get('nextHopList'):
            for hop in rule['nextHopList']:
                keys.append(
                    (
                        rule['sourceAddress'],
                        rule['destinationAddress'],
                        hop['nexthopType'],
                        hop['nexthopId'],
                        hop['pathType'],
                        rule.get('description') or '',
                    )
                )
        else:
            keys.append(
                (
                    rule['sourceAddress'],
                    rule['destinationAddress'],
                    rule['nexthopType'],
                    rule['nexthopId'],
                    'normal',
                    rule.get('description') or '',
                )
            )
    return keys


INITIAL = _entries(SEED_RULES)
NEW_SINGLE = (ANY4, '10.10.0.0/16', 'vpn', VPN, 'normal', 'new single')
NEW_MULTI = [
    (ANY4, '172.20.0.0/16', 'dcGateway', DCGW1, 'ecmp', 'new ecmp'),
    (ANY4, '172.20.0.0/16', 'dcGateway', DCGW2, 'ecmp', 'new ecmp'),
]
UPDATED = (ANY4, '10.20.0.0/16', 'vpn', VPN, 'normal', 'new')
REPLACED = (ANY4, '10.30.0.0/16', 'nat', NAT, 'normal', 'to replace')
SWITCHED = [
    (ANY4, '172.16.0.0/12', 'dcGateway', DCGW1, 'ha:standby', 'ha pair'),
    (ANY4, '172.16.0.0/12', 'dcGateway', DCGW2, 'ha:active', 'ha pair'),
]


def _without(keys, *removed):
    keys = list(keys)
    for key in removed:
        keys.remove(key)
    return keys


def _expected(add=(), remove=()):
    return _without(INITIAL, *remove) + list(add)


TABLE_RULES = [
    {'destination_address': '10.20.0.0/16', 'next_hop_type': 'vpn', 'next_hop_id': VPN, 'description': 'new'},
    {'destination_address': '10.30.0.0/16', 'next_hop_type': 'nat', 'next_hop_id': NAT},
    {
        'destination_address': '172.16.0.0/12',
        'next_hops': [
            {'next_hop_id': DCGW1, 'path_type': 'ha:active'},
            {'next_hop_id': DCGW2, 'path_type': 'ha:standby'},
        ],
    },
    {'source_address': '192.168.0.0/20', 'destination_address': ANY4, 'next_hop_type': 'nat', 'next_hop_id': NAT},
    {'destination_address': '10.10.0.0/16', 'next_hop_type': 'vpn', 'next_hop_id': VPN, 'description': 'new single'},
    {
        'destination_address': '172.20.0.0/16',
        'description': 'new ecmp',
        'next_hops': [{'next_hop_id': DCGW1, 'path_type': 'ecmp'}, {'next_hop_id': DCGW2, 'path_type': 'ecmp'}],
    },
]

# name -> (module, args, expected final entries, writes the operation needs)
OPERATIONS = {
    'create single-path': (
        'route_rule',
        {
            'vpc_id': VPC1,
            'destination_address': '10.10.0.0/16',
            'next_hop_type': 'vpn',
            'next_hop_id': VPN,
            'description': 'new single',
        },
        _expected(add=[NEW_SINGLE]),
        'POST',
    ),
    'create multi-path': (
        'route_rule',
        {
            'vpc_id': VPC1,
            'destination_address': '172.20.0.0/16',
            'description': 'new ecmp',
            'next_hops': [{'next_hop_id': DCGW1, 'path_type': 'ecmp'}, {'next_hop_id': DCGW2, 'path_type': 'ecmp'}],
        },
        _expected(add=NEW_MULTI),
        'POST',
    ),
    'update': (
        'route_rule',
        {
            'route_table_id': TABLE1,
            'destination_address': '10.20.0.0/16',
            'next_hop_type': 'vpn',
            'next_hop_id': VPN,
            'description': 'new',
        },
        _expected(add=[UPDATED], remove=[INITIAL[0]]),
        'PUT',
    ),
    'replace': (
        'route_rule',
        {'vpc_id': VPC1, 'destination_address': '10.30.0.0/16', 'next_hop_type': 'nat', 'next_hop_id': NAT},
        _expected(add=[REPLACED], remove=[INITIAL[1]]),
        'DELETE+POST',
    ),
    'delete': (
        'route_rule',
        {'vpc_id': VPC1, 'destination_address': '10.40.0.0/16', 'state': 'absent'},
        _expected(remove=[INITIAL[2]]),
        'DELETE',
    ),
    'switch': (
        'route_switch',
        {'vpc_id': VPC1, 'destination_address': '172.16.0.0/12', 'active_next_hop_id': DCGW2},
        _expected(add=SWITCHED, remove=[INITIAL[3], INITIAL[4]]),
        'PUT',
    ),
    'route_table converge': (
        'route_table',
        {'vpc_id': VPC1, 'purge': True, 'rules': TABLE_RULES},
        _expected(add=[UPDATED, REPLACED, NEW_SINGLE] + NEW_MULTI, remove=[INITIAL[0], INITIAL[1], INITIAL[2]]),
        'DELETE,PUT,DELETE+POST,POST,POST',
    ),
}

WRITE_TARGETS = [('POST', r'^/v1/route/rule$'), ('PUT', r'^/v1/route/rule/'), ('DELETE', r'^/v1/route/rule/')]


def _on_writes(spec, times=1):
    return [dict(spec, method=method, path=path, times=times) for method, path in WRITE_TARGETS]


# name -> (description, faults, config, module args, expect converge)
FAULTS = {
    'HTTP 500': (
        '500 InternalError once per write method',
        _on_writes({'action': 'error', 'status': 500, 'code': 'InternalError'}),
        {},
        {},
        True,
    ),
    'HTTP 502': (
        '502 BadGateway once per write method',
        _on_writes({'action': 'error', 'status': 502, 'code': 'BadGateway'}),
        {},
        {},
        True,
    ),
    'HTTP 503': (
        '503 ServiceUnavailable once per write method',
        _on_writes({'action': 'error', 'status': 503, 'code': 'ServiceUnavailable'}),
        {},
        {},
        True,
    ),
    'HTTP 429': (
        '429 TooManyRequests once per write method',
        _on_writes({'action': 'error', 'status': 429, 'code': 'TooManyRequests'}),
        {},
        {},
        True,
    ),
    '400 RateLimit': (
        '400 with throttling code RateLimit once per write method',
        _on_writes({'action': 'error', 'status': 400, 'code': 'RateLimit', 'message': 'slow down'}),
        {},
        {},
        True,
    ),
    'conn reset': (
        'connection closed before handling, once per write method',
        _on_writes({'action': 'close'}),
        {},
        {},
        True,
    ),
    'timeout': (
        '2 s latency once per write method, api_timeout=1',
        _on_writes({'action': 'latency', 'seconds': 2}),
        {},
        {'api_timeout': 1},
        True,
    ),
    'drop after commit': (
        'committed, then the response dropped, once per write method',
        _on_writes({'action': 'drop_after_commit'}),
        {},
        {},
        True,
    ),
    'RequestExpired (skew)': (
        'emulator clock 20 min ahead (clock_skew_seconds=1200)',
        [],
        {'clock_skew_seconds': 1200},
        {},
        False,
    ),
    'RequestExpired once': (
        'one 400 RequestExpired per write method (re-signed try)',
        _on_writes({'action': 'error', 'status': 400, 'code': 'RequestExpired', 'message': 'Request has expired.'}),
        {},
        {},
        True,
    ),
    'HTTP 503 persistent': (
        '503 on every write, api_retries=2, api_retry_max_delay=1',
        _on_writes({'action': 'error', 'status': 503, 'code': 'ServiceUnavailable'}, times=50),
        {},
        {'api_retries': 2, 'api_retry_max_delay': 1},
        False,
    ),
    'HTTP 503 persistent, creates only': (
        '503 on every create (POST), api_retries=2, api_retry_max_delay=1',
        [dict(_on_writes({'action': 'error', 'status': 503, 'code': 'ServiceUnavailable'}, times=50)[0])],
        {},
        {'api_retries': 2, 'api_retry_max_delay': 1},
        False,
    ),
}

QUICK_FAULTS = ('HTTP 503', 'drop after commit')
QUICK_OPERATIONS = ('create single-path',)


def token_reuse(calls):
    """Evidence from the call log that a write whose response was dropped was retried with the same clientToken.

    Returns a list of {method, path, client_token, first_write, replayed} per dropped write."""
    evidence = []
    for index, call in enumerate(calls):
        if call.get('fault') != 'drop_after_commit':
            continue
        again = [
            c
            for c in calls[index + 1 :]
            if c.get('client_token') == call.get('client_token') and c['method'] == call['method']
        ]
        evidence.append(
            {
                'method': call['method'],
                'path': call['path'],
                'client_token': call.get('client_token'),
                'first_write': call.get('write'),
                'retries_same_token': len(again),
                'replayed': bool(again) and all(c.get('replayed') and not c.get('write') for c in again),
            }
        )
    return evidence


def _message(result):
    return (result.get('msg') or '').strip()


def _clear(message):
    """A failure message is clear when it is one sentence naming what failed and why (no traceback)."""
    return bool(message) and 'Traceback' not in message and message.startswith(('Failed to', 'Invalid connection'))


def run_cell(emu, operation, fault):
    """Run one operation under one fault on a freshly reset emulator; return the measured cell."""
    module, args, expected, dummy = OPERATIONS[operation]
    dummy, faults, config, extra_args, expect_converge = FAULTS[fault]
    emu.reset(fixture_with_rules(SEED_RULES))
    if config:
        emu.config(**config)
    if faults:
        emu.faults(*faults)
    module_args = emu.base_args(**args)
    module_args.update(extra_args)
    run = run_module(module, module_args)
    if fault == 'timeout':
        # The timed-out request is still being handled by the server; let it finish (it replays).
        time.sleep(2.3)
    emu.config(clock_skew_seconds=0)
    emu.clear_faults()
    calls = emu.calls()
    final = emu.custom_rules(TABLE1)
    duplicates, lost, unexpected = compare_rules(final, expected)
    result = run['result']
    failed = bool(run['rc'] != 0 or result.get('failed'))
    converged = not failed and lost == 0 and unexpected == 0
    untouched = compare_rules(final, INITIAL)[1:] == (0, 0)
    if failed:
        # A failed run may stop part-way, but must not unroute a destination that was routed
        # before and should stay routed (e.g. the delete half of a replace without its create).
        final_pairs = set((r['sourceAddress'], r['destinationAddress']) for r in final)
        keep_pairs = set(k[:2] for k in INITIAL) & set(k[:2] for k in expected)
        lost = len(keep_pairs - final_pairs)
        unexpected = 0 if (untouched or compare_rules(final, expected)[1:] == (0, 0)) else unexpected
    cell = {
        'operation': operation,
        'fault': fault,
        'rc': run['rc'],
        'failed': failed,
        'converged': converged,
        'changed': result.get('changed'),
        'message': _message(result) if failed else '',
        'clear_message': _clear(_message(result)) if failed else None,
        'untouched': untouched,
        'duplicates': duplicates,
        'lost': lost,
        'unexpected': unexpected,
        'elapsed': round(run['elapsed'], 2),
        'expect_converge': expect_converge,
        'calls': summarize_calls(calls),
        'token_reuse': token_reuse(calls) if fault == 'drop after commit' else [],
        'final': sorted(rule_key(r) for r in final),
    }
    # A replace deletes before it creates (the API keeps (source, destination) unique), so a create
    # that keeps failing leaves the destination unrouted; the message must then say so.
    cell['unrouted_declared'] = bool(failed and lost and 'which was already deleted' in cell['message'])
    cell['ok'] = (
        duplicates == 0
        and (lost == 0 or cell['unrouted_declared'])
        and unexpected == 0
        and (converged if expect_converge else (converged or (failed and cell['clear_message'])))
    )
    if fault == 'drop after commit':
        cell['ok'] = (
            cell['ok']
            and bool(cell['token_reuse'])
            and all(e['replayed'] and e['first_write'] for e in cell['token_reuse'])
        )
    return cell


def run_matrix(emulators, operations=None, faults=None, pool=None):
    """Every (operation, fault) cell; `emulators` is a list of Emulator, one per parallel worker."""
    cells = [(op, fault) for op in (operations or list(OPERATIONS)) for fault in (faults or list(FAULTS))]
    if pool is None or len(emulators) < 2:
        return [run_cell(emulators[0], op, fault) for op, fault in cells]
    chunks = [cells[i :: len(emulators)] for i in range(len(emulators))]
    futures = [
        pool.submit(lambda emu, chunk: [run_cell(emu, op, fault) for op, fault in chunk], emu, chunk)
        for emu, chunk in zip(emulators, chunks)
    ]
    results = [cell for future in futures for cell in future.result()]
    order = dict((cell, index) for index, cell in enumerate(cells))
    return sorted(results, key=lambda c: order[(c['operation'], c['fault'])])
