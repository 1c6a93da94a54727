# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Hostile input (issue 21): cloud data that tries to become code, names that pose as ids, bodies built to blow up.

Three groups of rows, each with an `ok` verdict:
- injection: tests/unit/plugins/inventory/injection_scenario.py on every ansible-core line installed here (the
  real ansible-inventory and ansible-playbook; a stub API answering Jinja in every string field; compose, groups,
  keyed_groups, exclude, the cache, a play using every host variable): no marker file, every value literal;
- names: route_rule against the emulator with a next hop named after another's id, an id-shaped name, and names
  with a trailing space: refused (no write) or resolved to the right id, candidates quoted;
- decode: peak memory (tracemalloc) of decoding hostile bodies, the bare json.loads the client used before against
  the client now, beside a real page of 1000 rules.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, HTTPServer

from tests.reliability.harness import REPO, VPC1, collections_path, default_fixture, run_module

SCENARIO = os.path.join(REPO, 'tests', 'unit', 'plugins', 'inventory', 'injection_scenario.py')
# The libraries the plugin needs, from the main venv, for the line venvs (which hold only ansible-core); each is pure
# Python or has a pure fallback (charset_normalizer), and none is ansible-core, so a line keeps its own ansible.
DEPENDENCIES = ('requests', 'urllib3', 'idna', 'certifi', 'charset_normalizer')
LINES = (('.venv', None), ('.venv-2.17', 'oldest'), ('.venv-2.21', 'newest'))
MIB = 1024.0 * 1024.0


def _dependencies_dir():
    import requests  # the main venv's

    site = os.path.dirname(os.path.dirname(os.path.abspath(requests.__file__)))
    target = os.path.join(REPO, 'tests', 'output', 'hostile-input-deps')
    if not os.path.isdir(target):
        os.makedirs(target)
    for name in DEPENDENCIES:
        link = os.path.join(target, name)
        if not os.path.lexists(link):
            os.symlink(os.path.join(site, name), link)
    return target


def _line_version(python):
    out = subprocess.run(
        [python, '-c', 'import ansible.release as r; print(r.__version__)'],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        universal_newlines=True,
        timeout=60,
        check=False,
    )
    return out.stdout.strip() or None


def run_injection():
    rows = []
    deps = _dependencies_dir()
    for venv, role in LINES:
        python = os.path.join(REPO, venv, 'bin', 'python')
        if not os.path.exists(python):
            continue
        version = _line_version(python)
        if not version:
            continue
        env = dict(os.environ)
        if venv != '.venv':
            env['PYTHONPATH'] = deps
        workdir = tempfile.mkdtemp(prefix='bce-injection-')
        started = time.monotonic()
        proc = subprocess.run(
            [python, SCENARIO, workdir],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
            env=env,
            timeout=600,
            check=False,
        )
        try:
            report = json.loads(proc.stdout)
        except ValueError:
            report = {'problems': ['the scenario did not report: %s' % proc.stderr[-500:]], 'runs': [], 'markers': []}
        rows.append(
            {
                'line': 'ansible-core %s%s' % (version, ' (%s line)' % role if role else ''),
                'steps': [(run['step'], run['status'], run['api_requests']) for run in report['runs']],
                'markers': report['markers'],
                'problems': report['problems'],
                'elapsed': time.monotonic() - started,
                'ok': proc.returncode == 0 and not report['problems'] and not report['markers'],
            }
        )
    return rows


# -- names that pose as ids -------------------------------------------------------------------------

NAME_CASES = (
    # (case, renames {nat id: new name}, next_hop_name, check: 'refused' (text) or 'resolved' (id))
    (
        'impostor named after the id of another NAT',
        {'nat-emu1demo0002': 'nat-emu1demo0001'},
        'nat-emu1demo0001',
        # The emulator's ids have the service's form, so the name is refused for its form before any list call.
        ('refused', "'nat-emu1demo0001' looks like the id of a nat next hop, not a name: give it as next_hop_id"),
    ),
    ('id-shaped name (no NAT has it)', {}, 'nat-b7ccr6bvpwez', ('refused', 'looks like the id of a nat next hop')),
    (
        'look-alike with a trailing space beside the real name',
        {'nat-emu1demo0003': 'nat-main '},
        'nat-main',
        ('resolved', 'nat-emu1demo0001'),
    ),
    (
        'unknown name: the candidates show the trailing space',
        {'nat-emu1demo0003': 'nat-main '},
        'nat-mian',
        ('refused', "nat-emu1demo0003 ('nat-main ', active)"),
    ),
)


def _fixture_with_names(renames):
    fixture = default_fixture()
    for vpc in fixture['vpcs']:
        for hop in vpc.get('nexthops', {}).get('nat', []):
            if hop['id'] in renames:
                hop['name'] = renames[hop['id']]
    return fixture


def run_names(emulator):
    rows = []
    for case, renames, name, (expect, text) in NAME_CASES:
        emulator.reset(copy.deepcopy(_fixture_with_names(renames)))
        emulator.clear_calls()
        args = emulator.base_args(
            vpc_id=VPC1, destination_address='198.18.77.0/24', next_hop_type='nat', next_hop_name=name
        )
        run = run_module('route_rule', args, check_mode=True)
        calls = emulator.calls()
        writes = [c for c in calls if c.get('method') in ('POST', 'PUT', 'DELETE')]
        listed = [c for c in calls if (c.get('path') or '').startswith('/v1/nat')]
        result = run['result']
        if expect == 'refused':
            ok = run['rc'] != 0 and text in (result.get('msg') or '')
            outcome = 'refused: %s' % (result.get('msg') or run['stderr'][-300:])
        else:
            hop = (result.get('route_rule') or {}).get('next_hop_id')
            ok = run['rc'] == 0 and result.get('changed') is True and hop == text
            outcome = 'resolved to %s (check mode: the plan creates the rule through it)' % hop
        rows.append(
            {
                'case': case,
                'name': repr(name),
                'outcome': outcome,
                'writes': len(writes),
                'list_calls': len(listed),
                'ok': ok and not writes,
            }
        )
    emulator.reset()
    return rows


# -- decode amplification -------------------------------------------------------------------------


class _Body(object):
    """A loopback server answering every GET with one fixed body."""

    def __init__(self):
        self.body = b'{}'
        body = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                self.send_response(200)
                self.send_header('Content-Type', 'application/json;charset=utf-8')
                self.send_header('Content-Length', str(len(body.body)))
                self.send_header('x-bce-request-id', 'decode-probe')
                self.end_headers()
                self.wfile.write(body.body)

        class Server(HTTPServer):
            def handle_error(self, request, client_address):
                pass  # the client hangs up on a body over its limit: expected, not worth a traceback

        self.server = Server(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever)
        self.thread.daemon = True
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def _peak(function):
    tracemalloc.start()
    try:
        try:
            outcome = function()
        except Exception as exc:  # pylint: disable=broad-except  # the outcome is reported
            outcome = exc
        return tracemalloc.get_traced_memory()[1], outcome
    finally:
        tracemalloc.stop()


def _rules_page(count):
    rules = [
        {
            'routeRuleId': 'rr-%012d' % n,
            'routeTableId': 'rt-emu1demo0001',
            'sourceAddress': '192.168.0.0/20',
            'destinationAddress': '10.%d.%d.0/24' % (n // 256, n % 256),
            'nexthopId': 'nat-emu1demo0001',
            'nexthopType': 'nat',
            'description': 'rule %d of a full page' % n,
            'pathType': 'normal',
        }
        for n in range(count)
    ]
    return json.dumps({'routeRules': rules, 'isTruncated': False, 'marker': '', 'maxKeys': 1000}).encode()


def _empty_objects(size):
    count = (size - 40) // 3
    return b'{"routeRules":[' + b','.join([b'{}'] * count) + b'],"isTruncated":false}'


def run_decode():
    if collections_path() not in sys.path:
        sys.path.insert(0, collections_path())
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _client

    server = _Body()
    rows = []
    try:
        client = _client.BceClient('ak', 'sk', endpoint=server.url, retries=0, timeout=60)
        cases = (
            ('a real page: 1000 rules', _rules_page(1000), 'paginate'),
            ('"{}," just under the page limit', _empty_objects(_client.MAX_PAGE_BODY_BYTES - 1024), 'paginate'),
            ('"{}," just under the body limit, one object read', _empty_objects(_client.MAX_BODY_BYTES - 1024), 'get'),
            ('"{}," just under the body limit, as a page', _empty_objects(_client.MAX_BODY_BYTES - 1024), 'paginate'),
        )
        for case, body, how in cases:
            server.body = body
            before, dummy = _peak(lambda: json.loads(body.decode('utf-8')))
            if how == 'paginate':
                after, outcome = _peak(lambda: client.paginate('/v1/route/rule', {}, 'routeRules'))
            else:
                after, outcome = _peak(lambda: client.get('/v1/route'))
            if isinstance(outcome, Exception):
                text = '%s: %s' % (getattr(outcome, 'code', type(outcome).__name__), outcome)
            else:
                text = 'decoded (%d items)' % len(outcome if isinstance(outcome, list) else outcome['routeRules'])
            rows.append(
                {
                    'case': case,
                    'bytes': len(body),
                    'json_loads_peak': before,
                    'client_peak': after,
                    'outcome': text,
                }
            )
    finally:
        server.stop()
    rows[0]['ok'] = rows[0]['outcome'] == 'decoded (1000 items)'
    for row in rows[1:]:
        # Bounded: reading a hostile body costs at most a few copies of its bytes, never what decoding would build.
        row['ok'] = row['client_peak'] <= 3 * row['bytes'] and not row['outcome'].startswith('decoded')
    return rows


def run_hostile_input(emulator):
    return {'injection': run_injection(), 'names': run_names(emulator), 'decode': run_decode()}


# -- report ---------------------------------------------------------------------------------------


def _cell(text):
    return str(text or '').replace('|', '\\|').replace('\n', ' ')


def status(groups):
    rows = [row for key in ('injection', 'names', 'decode') for row in groups[key]]
    failed = sum(1 for row in rows if not row['ok'])
    worst = max(row['client_peak'] for row in groups['decode']) / MIB
    text = (
        'template injection: %d ansible-core lines, %d payloads rendered; names posing as ids: %d/%d refused or '
        'resolved right, 0 writes; decoding: peak %.1f MiB at most'
        % (
            len(groups['injection']),
            sum(len(row['markers']) for row in groups['injection']),
            sum(row['ok'] for row in groups['names']),
            len(groups['names']),
            worst,
        )
    )
    return (text if not failed else '**%d FAILED** (see section 7); ' % failed + text), failed


def section(groups):
    lines = [
        '## 7. Hostile input: cloud data as code, names as ids, bodies built to blow up',
        '',
        '### 7.1 Template injection through the inventory',
        '',
        'A stub of the VPC API on 127.0.0.1 answers Jinja that would create a marker file in every string field (VPC name, '
        'CIDRs, description, tag keys and values, creation time, route rules), in expression and statement form. The real '
        '`ansible-inventory --list` lists it (API, then the jsonfile cache) with `compose`, `groups`, `keyed_groups` and '
        '`exclude` over those variables, then `ansible-playbook` runs a play that uses every host variable in a message, '
        'a fact, a file and conditionals (`tests/unit/plugins/inventory/injection_scenario.py`, also a unit test on every '
        'line). Before issue 21 the listing alone created 8 marker files on ansible-core 2.17 (code ran on the '
        'controller); registered module results and warnings are covered by the integration target `api_data_not_template`.',
        '',
        '| ansible-core | steps (exit status, API requests) | marker files | values literal | ok |',
        '|---|---|---|---|---|',
    ]
    for row in groups['injection']:
        lines.append(
            '| %s | %s | %s | %s | %s |'
            % (
                row['line'],
                _cell('; '.join('%s: %s, %d' % step for step in row['steps'])),
                _cell(', '.join(row['markers']) or 'none'),
                'yes' if not row['problems'] else _cell('; '.join(row['problems'])[:300]),
                'yes' if row['ok'] else '**NO**',
            )
        )
    lines += [
        '',
        '### 7.2 Next-hop names that pose as ids',
        '',
        '`route_rule` (check mode, module path) against the emulator with its NAT gateways renamed per case; a name of the '
        'form of an id of its type, or equal to the id of another listed next hop, is refused naming `next_hop_id`.',
        '',
        '| case | next_hop_name | outcome | list calls | writes | ok |',
        '|---|---|---|---|---|---|',
    ]
    for row in groups['names']:
        lines.append(
            '| %s | `%s` | %s | %d | %d | %s |'
            % (
                _cell(row['case']),
                _cell(row['name']),
                _cell(row['outcome'][:260]),
                row['list_calls'],
                row['writes'],
                'yes' if row['ok'] else '**NO**',
            )
        )
    lines += [
        '',
        '### 7.3 Decode amplification',
        '',
        'Peak Python memory (tracemalloc) of one read through `BceClient` against a loopback server answering the body, beside '
        'a bare `json.loads` of the same body (what the client did before issue 21, after reading it). A body is decoded only '
        'when it holds at most `MAX_JSON_VALUES` values; list pages are read with a smaller byte limit '
        '(`MAX_PAGE_BODY_BYTES`). The real page must decode; a hostile body must be refused with the client\'s peak '
        'within 3 times its bytes.',
        '',
        '| body | bytes | json.loads peak (before) | client peak (now) | outcome | ok |',
        '|---|---|---|---|---|---|',
    ]
    for row in groups['decode']:
        lines.append(
            '| %s | %d | %.1f MiB | %.1f MiB | %s | %s |'
            % (
                _cell(row['case']),
                row['bytes'],
                row['json_loads_peak'] / MIB,
                row['client_peak'] / MIB,
                _cell(row['outcome'][:200]),
                'yes' if row['ok'] else '**NO**',
            )
        )
    lines.append('')
    return lines
