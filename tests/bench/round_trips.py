# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Sequential round trips and wall time of one route_rule change, in-process, at an emulator latency (issue 25).

    .venv/bin/python -m tests.bench.round_trips                  # 30 ms, 10 creates (each undone between runs)
    .venv/bin/python -m tests.bench.round_trips --latency-ms 0 --runs 20
    .venv/bin/python -m tests.bench.round_trips --by-name        # the NAT gateway by name (next_hop_name)

Runs the module the way the action plugin does (plugin_utils/_inprocess.run_in_process) against the emulator in
this process, and times every HTTP exchange on the client side: calls whose times overlap are one round trip.
Prints, per selector (vpc_id, route_table_id), the calls in order with their round, the rounds, and the median wall
time of the task. Timing only: what the calls must be is asserted by the tests.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import argparse
import json
import statistics
import threading
import time

import requests

import tests.unit.conftest  # noqa: F401  # pylint: disable=unused-import  # makes ansible_collections importable
from tests.emulator import server as emulator_server
from tests.emulator.admin_client import AdminClient

from ansible_collections.baiducloud.vpc.plugins.module_utils._logic.route_rule import RouteRuleModule
from ansible_collections.baiducloud.vpc.plugins.plugin_utils._inprocess import run_in_process

VPC, TABLE = 'vpc-emu1demo0001', 'rt-emu1demo0001'


def rounds_of(spans):
    """[(round, method path)] in start order: a call that starts after every earlier call ended opens a round."""
    numbered, end, count = [], None, 0
    for start, stop, call in sorted(spans):
        if end is None or start >= end:
            count += 1
            end = stop
        else:
            end = max(end, stop)
        numbered.append((count, call))
    return numbered


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--latency-ms', type=float, default=30.0)
    parser.add_argument('--runs', type=int, default=10)
    parser.add_argument('--by-name', action='store_true', help='give the NAT gateway as next_hop_name: nat-main')
    options = parser.parse_args()
    handle = emulator_server.start_emulator()
    admin = AdminClient(handle.base_url)
    spans, lock = [], threading.Lock()
    original = requests.Session.request

    def timed(session, method, url, *args, **kwargs):
        start = time.monotonic()
        try:
            return original(session, method, url, *args, **kwargs)
        finally:
            with lock:
                spans.append((start, time.monotonic(), '%s %s' % (method, url.split('?')[0].split('/', 3)[-1])))

    requests.Session.request = timed
    base = dict(
        access_key='emulator-ak',
        secret_key='emulator-sk',
        endpoint=handle.base_url,
        destination_address='10.77.0.0/16',
        next_hop_type='nat',
    )
    base.update({'next_hop_name': 'nat-main'} if options.by_name else {'next_hop_id': 'nat-emu1demo0001'})
    try:
        for selector in ({'vpc_id': VPC}, {'route_table_id': TABLE}):
            walls, shown = [], None
            for dummy in range(options.runs):
                admin.reset()
                admin.config(latency_ms=options.latency_ms)
                del spans[:]
                args = dict(base, **selector)
                start = time.monotonic()
                result = json.loads(run_in_process(RouteRuleModule, args))
                walls.append(time.monotonic() - start)
                assert result.get('changed') and not result.get('failed'), result
                shown = rounds_of(list(spans))
            print('%s, %g ms latency:' % (list(selector)[0], options.latency_ms))
            for number, call in shown:
                print('  round %d  %s' % (number, call))
            print(
                '  %d calls in %d sequential round trips; wall time median %.1f ms (min %.1f, %d runs)'
                % (len(shown), shown[-1][0], statistics.median(walls) * 1000, min(walls) * 1000, len(walls))
            )
    finally:
        requests.Session.request = original
        handle.stop()


if __name__ == '__main__':
    main()
