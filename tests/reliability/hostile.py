# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hostile servers and malformed credentials (issue 11), measured at the client and, where cheap, a module.

Three groups, each a list of rows with an `ok` verdict:
- secrets: credentials with surrounding or inner whitespace against servers that echo every request
  header back (in an error body, or in a 200 that is not JSON): no credential, Authorization value or
  signature in any message;
- bounds: a server that drips its body or its headers one byte per 0.5 s, an endless body, endless
  pages: every case ends within the bound computed from the options (see docs/reliability.md);
- malformed: 2xx bodies of the wrong shape: a clean error of this collection's own classes, naming the
  call and the request id, never a Python traceback.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import sys
import time

from tests.reliability.harness import STS_AK, STS_SK, STS_TOKEN, VPC1, collections_path, find_secrets, run_module
from tests.reliability.hostile_server import REQUEST_ID, HostileServer
from tests.reliability.limits import time_bound

SLACK = 0.5  # seconds allowed above a computed bound (thread start, scheduling on a busy 2-core machine)
# A module run's network time runs from its first request to its end; module rows allow this much more for the
# module's own teardown on a loaded machine.
MODULE_SLACK = 2.0


def _client_module():
    if collections_path() not in sys.path:
        sys.path.insert(0, collections_path())
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _client, _errors

    return _client, _errors


def _texts_of(exc):
    return [
        str(exc),
        repr(exc),
        str(exc.to_dict()) if hasattr(exc, 'to_dict') else '',
        getattr(exc, 'message', '') or '',
    ]


def _sent_header_values(server):
    """Every Authorization / security-token value the server received, and each signature on its own."""
    values = set()
    for entry in server.log:
        headers = dict((k.lower(), v) for k, v in entry['headers'].items())
        for name in ('authorization', 'x-bce-security-token'):
            if headers.get(name):
                values.add(headers[name])
                if name == 'authorization':
                    values.add(headers[name].split('/')[-1])
    return values


# (case, access_key, secret_key, session_token, expected: 'accepted' = stripped and sent, 'refused' = BceConfigError)
CREDENTIAL_CASES = (
    ('session token with a trailing newline (YAML | block)', STS_AK, STS_SK, STS_TOKEN + '\n', 'accepted'),
    ('secret key with surrounding spaces and CRLF (pasted)', STS_AK, '  ' + STS_SK + '\r\n', STS_TOKEN, 'accepted'),
    ('access key with a trailing newline (env file)', STS_AK + '\n', STS_SK, STS_TOKEN, 'accepted'),
    ('session token with an inner newline', STS_AK, STS_SK, STS_TOKEN[:8] + '\n' + STS_TOKEN[8:], 'refused'),
    ('access key with an inner space', STS_AK[:5] + ' ' + STS_AK[5:], STS_SK, STS_TOKEN, 'refused'),
    ('secret key with a NUL inside', STS_AK, STS_SK[:4] + '\x00' + STS_SK[4:], STS_TOKEN, 'refused'),
)


def secrets_rows():
    _client, _errors = _client_module()
    rows = []
    with HostileServer() as server:
        for case, access_key, secret_key, token, expected in CREDENTIAL_CASES:
            messages, outcomes = [], []
            for mode, method in (('header echo', 'GET'), ('header echo 200', 'POST')):
                server.mode = mode
                try:
                    client = _client.BceClient(
                        access_key, secret_key, session_token=token, endpoint=server.url, timeout=2, retries=0
                    )
                    client.request(method, '/v1/route/rule', body={'a': 1} if method == 'POST' else None)
                    outcomes.append('no error')
                except _errors.BceError as exc:
                    outcomes.append(type(exc).__name__)
                    messages.extend(_texts_of(exc))
            forms = set(
                [
                    access_key,
                    secret_key,
                    token,
                    access_key.strip(),
                    secret_key.strip(),
                    token.strip(),
                    repr(token)[1:-1],
                    repr(secret_key)[1:-1],
                ]
            ) | _sent_header_values(server)
            forms.discard(STS_AK)  # the access key is not secret, but its header form is checked via Authorization
            leaked = [form for form in forms if any(form in text for text in messages)]
            refused = outcomes == ['BceConfigError', 'BceConfigError']
            if expected == 'accepted':
                verdict = outcomes == ['BceApiError', 'BceUnknownOutcomeError']
            else:
                verdict = refused and all('not shown' in text for text in messages[::4])
            rows.append(
                {
                    'case': case,
                    'expected': expected,
                    'outcomes': outcomes,
                    'leaked': len(leaked),
                    'message': messages[0] if messages else '',
                    'ok': verdict and not leaked,
                }
            )
            server.log[:] = []
    return rows


def module_secrets_rows(emu):
    """A module run with a newline-terminated STS token: against the emulator it works (the token is
    stripped), against the header-echo server it fails; neither output holds a credential."""
    rows = []
    args = {'access_key': STS_AK, 'secret_key': ' ' + STS_SK + '\n', 'session_token': STS_TOKEN + '\n', 'vpc_id': VPC1}
    ok_run = run_module('route_table_info', dict(args, endpoint=emu.url))
    with HostileServer('header echo') as server:
        echo_run = run_module('route_table_info', dict(args, endpoint=server.url, api_timeout=2, api_retries=0))
        sent = _sent_header_values(server)
    for name, run, want_rc in (
        ('emulator (token accepted once stripped)', ok_run, 0),
        ('header-echo server', echo_run, 1),
    ):
        texts = {'stdout': run['stdout'], 'stderr': run['stderr']}
        leaked = find_secrets(texts, (STS_SK, STS_TOKEN) + tuple(sent))
        rows.append(
            {
                'case': 'module route_table_info, ' + name,
                'rc': run['rc'],
                'leaked': len(leaked),
                'message': run['result'].get('msg') or '',
                'traceback': 'Traceback' in run['stdout'] + run['stderr'],
                'ok': run['rc'] == want_rc and not leaked and 'Traceback' not in run['stdout'] + run['stderr'],
            }
        )
    return rows


BOUND_CASES = (
    # (mode, call, api_timeout, api_retries, api_retry_max_delay)
    ('drip body', 'get', 1, 0, 0.5),
    ('drip body', 'get', 1, 2, 0.5),
    ('drip headers', 'get', 1, 1, 0.5),
    ('endless body', 'get', 1, 1, 0.5),
    ('drip body', 'post', 1, 2, 0.5),
    ('endless pages', 'paginate', 1, 0, 0.5),
)


def bounds_rows():
    _client, _errors = _client_module()
    rows = []
    with HostileServer() as server:
        for mode, call, api_timeout, retries, max_delay in BOUND_CASES:
            server.mode = mode
            server.log[:] = []
            client = _client.BceClient(
                STS_AK,
                STS_SK,
                session_token=STS_TOKEN,
                endpoint=server.url,
                timeout=api_timeout,
                retries=retries,
                retry_max_delay=max_delay,
            )
            bound = time_bound(api_timeout, retries, max_delay)
            if call == 'paginate':
                pages = _client.MAX_LISTED_ITEMS // _client.MAX_PAGE_SIZE + 1
                bound = pages * bound
            started = time.monotonic()
            error = None
            try:
                if call == 'get':
                    client.get('/v1/route', {'vpcId': VPC1})
                elif call == 'post':
                    client.request('POST', '/v1/route/rule', body={'a': 1}, client_token='token-1')
                else:
                    client.paginate('/v1/route/rule', {'vpcId': VPC1}, 'routeRules')
            except _errors.BceError as exc:
                error = exc
            elapsed = time.monotonic() - started
            rows.append(
                {
                    'case': '%s, client %s' % (mode, call),
                    'api_timeout': api_timeout,
                    'api_retries': retries,
                    'api_retry_max_delay': max_delay,
                    'elapsed': round(elapsed, 2),
                    'bound': round(bound, 2),
                    'requests': len(server.log),
                    'error': type(error).__name__ if error else None,
                    'message': getattr(error, 'message', '') or str(error or ''),
                    'maybe_written': getattr(error, 'maybe_written', None),
                    # A write the server received but never answered may have been applied: outcome unknown.
                    'ok': error is not None
                    and elapsed <= bound + SLACK
                    and (call != 'post' or getattr(error, 'maybe_written', None) is True),
                }
            )
    return rows


MODULE_BOUND_MODES = ('drip body', 'drip headers', 'endless pages')


def module_bounds_rows(overhead, modes=MODULE_BOUND_MODES):
    """The run of issue 11 (api_timeout: 1, api_retries: 0 against a 1 byte / 0.5 s server held a module
    almost 4 minutes) and an endless listing, as a module run."""
    _client, dummy = _client_module()
    rows = []
    with HostileServer() as server:
        for mode in modes:
            retries = 0
            server.mode = mode
            server.log[:] = []
            run = run_module(
                'route_table_info',
                {
                    'access_key': STS_AK,
                    'secret_key': STS_SK,
                    'endpoint': server.url,
                    'vpc_id': VPC1,
                    'api_timeout': 1,
                    'api_retries': retries,
                },
            )
            bound = time_bound(1, retries, 20.0)
            if mode == 'endless pages':
                bound *= _client.MAX_LISTED_ITEMS // _client.MAX_PAGE_SIZE + 1
            ended = time.monotonic()
            # From the first request to the end of the run (the interpreter's start-up, slow and variable on a
            # loaded machine, is not in it); without a request, the whole run less the start-up measured apart.
            network = ended - server.log[0]['at'] if server.log else run['elapsed'] - overhead
            rows.append(
                {
                    'case': '%s, module route_table_info' % mode,
                    'api_timeout': 1,
                    'api_retries': retries,
                    'api_retry_max_delay': 20.0,
                    'elapsed': round(run['elapsed'], 2),
                    'network_time': round(network, 2),
                    'bound': round(bound, 2),
                    'requests': len(server.log),
                    'message': run['result'].get('msg') or '',
                    'ok': run['rc'] != 0
                    and network <= bound + MODULE_SLACK
                    and 'Traceback' not in run['stdout'] + run['stderr'],
                }
            )
    return rows


MALFORMED_CASES = (
    # (mode, call, expected exception class name, expected code)
    ('json list', 'get', 'BceResponseError', 'MalformedResponse'),
    ('json string', 'get', 'BceResponseError', 'MalformedResponse'),
    ('json number', 'get', 'BceResponseError', 'MalformedResponse'),
    ('empty body', 'get', 'BceResponseError', 'MalformedResponse'),
    ('non-JSON 200', 'get', 'BceResponseError', 'MalformedJSON'),
    ('empty object', 'paginate', 'BceResponseError', 'MalformedResponse'),
    ('rules string', 'paginate', 'BceResponseError', 'MalformedResponse'),
    ('rules dict', 'paginate', 'BceResponseError', 'MalformedResponse'),
    ('rules non-objects', 'paginate', 'BceResponseError', 'MalformedResponse'),
    ('wrong types', 'paginate', 'BceResponseError', 'MalformedResponse'),
    ('json list', 'post', 'BceUnknownOutcomeError', 'MalformedResponse'),
    ('non-JSON 200', 'post', 'BceUnknownOutcomeError', 'MalformedJSON'),
    ('non-JSON 200', 'delete', 'BceUnknownOutcomeError', 'MalformedJSON'),
    ('empty 404', 'get', 'BceApiError', 'NoSuchObject'),
)


def malformed_rows():
    _client, _errors = _client_module()
    rows = []
    with HostileServer() as server:
        for mode, call, expected_class, expected_code in MALFORMED_CASES:
            server.mode = mode
            client = _client.BceClient(STS_AK, STS_SK, endpoint=server.url, timeout=2, retries=0)
            error = None
            try:
                if call == 'get':
                    client.get('/v1/route', {'vpcId': VPC1})
                elif call == 'paginate':
                    client.paginate('/v1/route/rule', {'vpcId': VPC1}, 'routeRules')
                elif call == 'post':
                    client.request('POST', '/v1/route/rule', body={'a': 1}, client_token='token-1')
                else:
                    client.request('DELETE', '/v1/route/rule/rr-1', client_token='token-1')
            except Exception as exc:  # pylint: disable=broad-except  # anything but our own classes is a failure of the row
                error = exc
            name = type(error).__name__ if error else None
            message = getattr(error, 'message', '') or ''
            if mode == 'empty 404':
                # Not from a BCE service (no JSON code, no request id): the route layer must not read it as "gone".
                verdict = name == expected_class and getattr(error, 'bce_shaped', None) is False
            else:
                verdict = (
                    name == expected_class
                    and getattr(error, 'code', None) == expected_code
                    and getattr(error, 'request_id', None) == REQUEST_ID
                    and call.upper()[:3] in message.upper()
                    and (expected_class != 'BceUnknownOutcomeError' or getattr(error, 'maybe_written', False) is True)
                )
            rows.append(
                {
                    'case': '%s, client %s' % (mode, call),
                    'error': name,
                    'code': getattr(error, 'code', None),
                    'bce_shaped': getattr(error, 'bce_shaped', None),
                    'maybe_written': getattr(error, 'maybe_written', None),
                    'message': message,
                    'ok': verdict,
                }
            )
    return rows


def module_malformed_rows():
    """route_table_info against answers of the wrong shape: a failure with a message, no traceback."""
    rows = []
    with HostileServer() as server:
        for mode in (
            'json list',
            'json string',
            'non-JSON 200',
            'empty object',
            'rules string',
            'rules non-objects',
            'wrong types',
            'rule id with a path',
            'rule fields of the wrong type',
        ):
            server.mode = mode
            run = run_module(
                'route_table_info',
                {
                    'access_key': STS_AK,
                    'secret_key': STS_SK,
                    'endpoint': server.url,
                    'vpc_id': VPC1,
                    'api_timeout': 2,
                    'api_retries': 0,
                },
            )
            message = run['result'].get('msg') or ''
            traceback = 'Traceback' in run['stdout'] + run['stderr'] or 'exception' in run['result']
            rows.append(
                {
                    'case': '%s, module route_table_info' % mode,
                    'rc': run['rc'],
                    'message': message,
                    'traceback': traceback,
                    'ok': run['rc'] != 0 and not traceback and REQUEST_ID in message + str(run['result'].get('error')),
                }
            )
    return rows


def module_path_safety_rows():
    """route_rule state=absent over a listing whose rule id holds a path (issue 11): a clean failure, and not one
    request other than GET reaches the server (the id never becomes a DELETE path)."""
    rows = []
    with HostileServer() as server:
        for mode in ('rule id with a path', 'rule fields of the wrong type'):
            server.mode = mode
            run = run_module(
                'route_rule',
                {
                    'access_key': STS_AK,
                    'secret_key': STS_SK,
                    'endpoint': server.url,
                    'vpc_id': VPC1,
                    'destination_address': '10.10.0.0/16',
                    'state': 'absent',
                    'api_timeout': 2,
                    'api_retries': 0,
                },
            )
            writes = [entry['method'] + ' ' + entry['path'] for entry in server.log if entry['method'] != 'GET']
            message = run['result'].get('msg') or ''
            traceback = 'Traceback' in run['stdout'] + run['stderr'] or 'exception' in run['result']
            rows.append(
                {
                    'case': '%s, module route_rule absent' % mode,
                    'rc': run['rc'],
                    'message': message,
                    'writes': writes,
                    'traceback': traceback,
                    'ok': run['rc'] != 0
                    and not traceback
                    and not writes
                    and 'malformed rule item' in message
                    and REQUEST_ID in message + str(run['result'].get('error')),
                }
            )
    return rows


def run_hostile(emu, overhead):
    groups = {
        'secrets': secrets_rows() + module_secrets_rows(emu),
        'bounds': bounds_rows() + module_bounds_rows(overhead),
        'malformed': malformed_rows() + module_malformed_rows() + module_path_safety_rows(),
    }
    groups['ok'] = all(row['ok'] for key in ('secrets', 'bounds', 'malformed') for row in groups[key])
    return groups
