# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Limits: every request has a timeout, and a run against an endpoint that never answers
ends within api_timeout * (api_retries + 1) plus the backoff, with a clear message."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys
import time

from tests.reliability.endpoints import SilentEndpoint, closed_port_url
from tests.reliability.harness import TABLE1, VPC1, collections_path, compare_rules, run_module

RETRY_BASE_DELAY = 0.3  # mirrors plugins/module_utils/_client.py; checked in requests_have_timeouts()


def backoff_bound(retries, max_delay):
    """Longest total sleep between tries (jitter only shortens it)."""
    return sum(min(max_delay, RETRY_BASE_DELAY * 2**attempt) for attempt in range(retries))


def time_bound(api_timeout, retries, max_delay):
    return api_timeout * (retries + 1) + backoff_bound(retries, max_delay)


def startup_overhead(emu):
    """Seconds a module run takes without any network wait (fails on settings before any request)."""
    runs = [run_module('route_table_info', emu.base_args(vpc_id=VPC1, api_timeout=0))['elapsed'] for dummy in range(3)]
    return min(runs)


def never_answering(emu, settings=((1, 2, 1.0), (2, 1, 1.0), (1, 0, 1.0))):
    """Measure runs against a loopback socket that accepts and never replies."""
    overhead = startup_overhead(emu)
    rows = []
    with SilentEndpoint() as silent:
        for api_timeout, retries, max_delay in settings:
            for module, args in (
                ('route_table_info', {'vpc_id': VPC1}),
                (
                    'route_rule',
                    {
                        'vpc_id': VPC1,
                        'destination_address': '10.10.0.0/16',
                        'next_hop_type': 'vpn',
                        'next_hop_id': 'vpn-emu1demo0001',
                    },
                ),
            ):
                first = len(silent.accepted_at)
                run = run_module(
                    module,
                    emu.base_args(
                        endpoint=silent.url,
                        api_timeout=api_timeout,
                        api_retries=retries,
                        api_retry_max_delay=max_delay,
                        **args,
                    ),
                )
                ended = time.monotonic()
                # Network time runs from the run's first connection to its end, so the interpreter's start-up
                # (slow and variable on a loaded machine) is not in it; without a connection it is the whole run
                # less the start-up measured above.
                if len(silent.accepted_at) > first:
                    network_time = ended - silent.accepted_at[first]
                else:
                    network_time = run['elapsed'] - overhead
                bound = time_bound(api_timeout, retries, max_delay)
                message = run['result'].get('msg') or ''
                rows.append(
                    {
                        'module': module,
                        'api_timeout': api_timeout,
                        'api_retries': retries,
                        'api_retry_max_delay': max_delay,
                        'elapsed': round(run['elapsed'], 2),
                        'network_time': round(network_time, 2),
                        'bound': round(bound, 2),
                        'message': message,
                        'connections': len(silent.accepted),
                        'ok': run['rc'] != 0
                        and network_time <= bound + 0.5
                        and 'api_timeout=%s' % api_timeout in message,
                    }
                )
    return {
        'overhead': round(overhead, 2),
        'rows': rows,
        'default_bound': round(time_bound(30, 3, 20.0), 1),
        'ok': all(r['ok'] for r in rows),
    }


def refused(emu):
    run = run_module(
        'route_table_info',
        emu.base_args(endpoint=closed_port_url(), vpc_id=VPC1, api_timeout=1, api_retries=2, api_retry_max_delay=1),
    )
    message = run['result'].get('msg') or ''
    return {
        'elapsed': round(run['elapsed'], 2),
        'message': message,
        'ok': run['rc'] != 0 and 'Connection refused' in message,
    }


def slow_writes(emu):
    """Every create takes 4 s with api_timeout=1: the task fails in bounded time; the timed-out tries
    still reach the service later and, sharing one clientToken, leave exactly one rule."""
    emu.reset()
    emu.faults({'method': 'POST', 'path': r'^/v1/route/rule$', 'times': 10, 'action': 'latency', 'seconds': 4})
    args = emu.base_args(
        vpc_id=VPC1,
        destination_address='10.10.0.0/16',
        next_hop_type='vpn',
        next_hop_id='vpn-emu1demo0001',
        description='slow',
        api_timeout=1,
        api_retries=2,
        api_retry_max_delay=1,
    )
    run = run_module('route_rule', args)
    deadline = time.monotonic() + 15
    posts = []
    while time.monotonic() < deadline:
        posts = [c for c in emu.calls() if c['method'] == 'POST']
        if len(posts) >= 3:
            break
        time.sleep(0.2)
    emu.clear_faults()
    final = emu.custom_rules(TABLE1)
    expected = [('0.0.0.0/0', '10.10.0.0/16', 'vpn', 'vpn-emu1demo0001', 'normal', 'slow')]
    duplicates, lost, unexpected = compare_rules(final, expected)
    again = run_module('route_rule', dict(args, api_timeout=5))
    tokens = set(c['client_token'] for c in posts)
    return {
        'elapsed': round(run['elapsed'], 2),
        'bound': round(time_bound(1, 2, 1.0), 2),
        'message': run['result'].get('msg'),
        'posts': len(posts),
        'distinct_tokens': len(tokens),
        'writes': sum(1 for c in posts if c.get('write')),
        'replayed': sum(1 for c in posts if c.get('replayed')),
        'duplicates': duplicates,
        'lost': lost,
        'unexpected': unexpected,
        'rerun_changed': again['result'].get('changed'),
        'rerun_rc': again['rc'],
        'ok': (
            run['rc'] != 0
            and len(tokens) == 1
            and duplicates == 0
            and lost == 0
            and unexpected == 0
            and again['rc'] == 0
            and again['result'].get('changed') is False
        ),
    }


class _RecordingSession(object):
    """Stands in for requests.Session: records the keyword arguments of every request."""

    def __init__(self):
        self.calls = []

    def request(self, method, url, **kwargs):
        self.calls.append((method, url, kwargs))
        return _Response()


class _Response(object):
    status_code = 200
    headers = {}
    content = b'{"routeRules": [], "isTruncated": false}'
    reason = 'OK'

    def iter_content(self, chunk_size):
        yield self.content[:chunk_size]

    def close(self):
        pass


def requests_have_timeouts():
    """Drive the collection's client through reads, pages and writes; every request must carry the timeout."""
    if collections_path() not in sys.path:
        sys.path.insert(0, collections_path())
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _client

    session = _RecordingSession()
    client = _client.BceClient('ak', 'sk', endpoint='http://127.0.0.1:9', timeout=7, session=session)
    client.get('/v1/route', {'vpcId': VPC1})
    client.paginate('/v1/route/rule', {'vpcId': VPC1}, 'routeRules')
    client.request('POST', '/v1/route/rule', body={'a': 1}, client_token='t')
    client.request('PUT', '/v1/route/rule/rr-1', body={'a': 1}, client_token='t')
    client.request('DELETE', '/v1/route/rule/rr-1', client_token='t')
    timeouts = [kwargs.get('timeout') for dummy, dummy2, kwargs in session.calls]
    return {
        'requests': len(session.calls),
        'timeouts': timeouts,
        'retry_base_delay': _client.RETRY_BASE_DELAY,
        'ok': bool(timeouts) and all(t == 7 for t in timeouts) and _client.RETRY_BASE_DELAY == RETRY_BASE_DELAY,
    }


def run_limits(emu):
    emu.reset()
    return {
        'never_answering': never_answering(emu),
        'refused': refused(emu),
        'slow_writes': slow_writes(emu),
        'timeouts': requests_have_timeouts(),
    }
