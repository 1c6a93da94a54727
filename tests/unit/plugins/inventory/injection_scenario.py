# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Template injection through the inventory plugin (issue 21, finding 1), end to end.

A loopback stub of the VPC API answers Jinja that would create a marker file in every string field it returns
(VPC name, CIDRs, description, tags keys and values, creation time, and the route rules of the table read).
The real `ansible-inventory --list` and `ansible-playbook` of the Python that runs this file then list the
inventory with every constructed option (compose, groups, keyed_groups, exclude) and the jsonfile cache, and
a play uses every host variable. Nothing may be rendered: no marker file appears, and every value the play
writes out is the literal text the API sent.

It needs no pytest, so it runs as a script on any ansible-core line (`python injection_scenario.py <dir>` prints
the report as JSON); test_vpc_injection.py runs it under pytest, and the reliability suite on several lines.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import threading

try:
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from socketserver import ThreadingMixIn
    from urllib.parse import parse_qs, urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported by any ansible-core line tested
    raise

ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..', '..'))
TIMEOUT = 240
VPC_ID = 'vpc-hostile0001'
VPC_ID_2 = 'vpc-hostile0002'
TABLE_ID = 'rt-hostile0001'
# The host variables the plugin documents (default prefix), and the compose results built from them.
HOST_VARS = (
    'baiducloud_vpc_id',
    'baiducloud_region',
    'baiducloud_endpoint',
    'baiducloud_name',
    'baiducloud_cidr',
    'baiducloud_secondary_cidrs',
    'baiducloud_ipv6_cidr',
    'baiducloud_is_default',
    'baiducloud_tags',
    'baiducloud_created_time',
    'baiducloud_route_table_id',
)
COMPOSED = ('composed_name', 'composed_tags', 'composed_joined')


def collections_base():
    """A directory holding ansible_collections/baiducloud/vpc for this checkout (or the ansible-test tree)."""
    parts = ROOT.split(os.sep)
    if parts[-3:] == ['ansible_collections', 'baiducloud', 'vpc']:
        return os.sep.join(parts[:-3]) or os.sep
    base = os.path.join(tempfile.gettempdir(), 'ansible-coll-%s' % hashlib.sha1(ROOT.encode('utf-8')).hexdigest()[:12])
    link = os.path.join(base, 'ansible_collections', 'baiducloud', 'vpc')
    if os.path.realpath(link) != ROOT:
        if not os.path.isdir(os.path.dirname(link)):
            os.makedirs(os.path.dirname(link))
        tmp = '%s.%d' % (link, os.getpid())
        os.symlink(ROOT, tmp)
        os.rename(tmp, link)
    return base


def payloads(markers):
    """field -> a Jinja text that, if ever rendered, creates markers/pwned-<field>."""

    def jinja(field):
        return "{{ lookup('ansible.builtin.pipe', 'touch %s/pwned-%s') }}" % (markers, field)

    def statement(field):
        return "{%% set _ = lookup('ansible.builtin.pipe', 'touch %s/pwned-%s') %%}x" % (markers, field)

    return jinja, statement


def hostile_vpcs(markers):
    jinja, statement = payloads(markers)
    return [
        {
            'vpcId': VPC_ID,
            'name': jinja('name'),
            'cidr': jinja('cidr'),
            'description': jinja('description'),
            'isDefault': False,
            'secondaryCidr': [jinja('secondary')],
            'ipv6Cidr': jinja('ipv6'),
            'tags': [
                {'tagKey': 'env', 'tagValue': jinja('tag-value')},
                {'tagKey': jinja('tag-key'), 'tagValue': statement('tag-value-statement')},
            ],
            'createdTime': jinja('created'),
        },
        {
            'vpcId': VPC_ID_2,
            'name': statement('name-statement'),
            'cidr': '10.1.0.0/16',
            'description': '',
            'isDefault': True,
            'secondaryCidr': [],
            'ipv6Cidr': '',
            'tags': [{'tagKey': 'env', 'tagValue': '{# comment #}{{ 7 * 6 }}'}],
            'createdTime': '2026-01-02T03:04:05Z',
        },
    ]


class _Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class Stub(object):
    """GET /v1/vpc and GET /v1/route on 127.0.0.1, counting requests. Signatures are not checked: the
    plugin's signing is tested elsewhere; this stub only plays a service that answers hostile data."""

    def __init__(self, markers):
        self.vpcs = hostile_vpcs(markers)
        self.jinja = payloads(markers)[0]
        self.requests = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                stub.requests.append(parts.path)
                if parts.path == '/v1/vpc':
                    body = {'vpcs': stub.vpcs, 'isTruncated': False, 'marker': '', 'maxKeys': 1000}
                elif parts.path == '/v1/nat':
                    # A NAT gateway named with Jinja, in a status that cannot route: route_rule warns, quoting it.
                    nat = {'id': 'nat-hostile01', 'name': stub.jinja('nat-name'), 'status': 'down'}
                    body = {'nats': [dict(nat, vpcId=query.get('vpcId', [''])[0])], 'isTruncated': False}
                elif parts.path.startswith('/v1/vpc/'):
                    body = {'vpc': {'vpcId': parts.path[8:], 'cidr': '10.0.0.0/16', 'subnets': []}}
                elif parts.path == '/v1/route':
                    body = {
                        'routeTableId': TABLE_ID if query.get('vpcId') == [VPC_ID] else 'rt-hostile0002',
                        'vpcId': query.get('vpcId', [''])[0],
                        'routeRules': [
                            {
                                'routeRuleId': 'rr-hostile1',
                                'sourceAddress': '0.0.0.0/0',
                                'destinationAddress': '198.18.1.0/24',
                                'nexthopType': 'nat',
                                'nexthopId': 'nat-hostile01',
                                'pathType': 'normal',
                                'description': stub.jinja('rule'),
                            }
                        ],
                    }
                else:
                    body, status = {'code': 'NoSuchObject', 'message': stub.jinja('error')}, 404
                    return self._answer(status, body)
                return self._answer(200, body)

            def _answer(self, status, body):
                data = json.dumps(body).encode('utf-8')
                self.send_response(status)
                self.send_header('Content-Type', 'application/json;charset=utf-8')
                self.send_header('Content-Length', str(len(data)))
                self.send_header('x-bce-request-id', 'stub-request-id')
                self.end_headers()
                self.wfile.write(data)

        self.server = _Server(('127.0.0.1', 0), Handler)
        self.url = 'http://127.0.0.1:%d' % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever)
        self.thread.daemon = True

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


PLAY = """---
- name: Use every host variable of the hostile inventory
  hosts: baiducloud_vpc
  gather_facts: false
  tasks:
    - name: Every variable in one message
      ansible.builtin.debug:
        msg: "{{ [%(all)s] }}"

    - name: A fact copied from the variables
      ansible.builtin.set_fact:
        copied: "{{ baiducloud_name }}/{{ baiducloud_tags }}"

    - name: Each variable, then the copy, written as JSON (what the strings became)
      ansible.builtin.copy:
        content: "{{ {%(pairs)s, 'copied': copied} | to_json }}"
        dest: "%(out)s/rendered-{{ inventory_hostname }}.json"
        mode: '0600'

    - name: A module whose warning quotes API data, on each execution path
      baiducloud.vpc.route_rule:
        endpoint: "{{ baiducloud_endpoint }}"
        access_key: stub-ak
        secret_key: stub-sk
        vpc_id: "{{ baiducloud_vpc_id }}"
        destination_address: 198.18.9.0/24
        next_hop_type: nat
        next_hop_id: nat-hostile01
      environment:
        BAIDUCLOUD_EXECUTION: "{{ item }}"
      loop: [auto, module]
      check_mode: true
      register: warned

    - name: The registered results, used in a later task
      ansible.builtin.copy:
        content: "{{ warned.results | map(attribute='warnings', default=[]) | list | to_json }}"
        dest: "%(out)s/warnings-{{ inventory_hostname }}.json"
        mode: '0600'

    - name: Conditionals over the variables
      ansible.builtin.assert:
        that:
          - baiducloud_name is string
          - baiducloud_tags is mapping
          - baiducloud_cidr | length > 0
        quiet: true
"""


def inventory_config(url, cache_dir):
    return {
        'plugin': 'baiducloud.vpc.vpc',
        'access_key': 'stub-ak',
        'secret_key': 'stub-sk',
        'regions': ['bj'],
        'endpoints': {'bj': url},
        'fetch_route_tables': True,
        'compose': {
            'composed_name': 'baiducloud_name',
            'composed_tags': 'baiducloud_tags',
            'composed_joined': "baiducloud_name ~ '|' ~ baiducloud_cidr ~ '|' ~ baiducloud_created_time",
        },
        'groups': {
            'named': 'baiducloud_name is string',
            'lookalike': "'lookup' in baiducloud_name or 'lookup' in (baiducloud_tags | string)",
        },
        'keyed_groups': [
            {'key': 'baiducloud_tags', 'prefix': 'tag'},
            {'key': 'baiducloud_name', 'prefix': 'name'},
            {'key': 'baiducloud_created_time', 'prefix': 'created'},
            {'key': 'baiducloud_secondary_cidrs', 'prefix': 'secondary'},
        ],
        'exclude': [
            "baiducloud_name == 'never'",
            "baiducloud_ipv6_cidr == 'never' or baiducloud_tags.env == 'never'",
        ],
        'strict': False,
        'cache': True,
        'cache_plugin': 'ansible.builtin.jsonfile',
        'cache_connection': cache_dir,
        'cache_timeout': 3600,
    }


def _run(python, args, workdir, env):
    proc = subprocess.run(
        [python, '-m'] + args,
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=TIMEOUT,
        check=False,
    )
    return proc.returncode, proc.stdout


def run_scenario(python, workdir):
    """Run the three commands with `python`; return a report dict (see `verdict`)."""
    workdir = os.path.abspath(workdir)
    markers = os.path.join(workdir, 'markers')
    out = os.path.join(workdir, 'out')
    for folder in (markers, out):
        if not os.path.isdir(folder):
            os.makedirs(folder)
    env = dict(os.environ)
    for name in list(env):
        if name.startswith(('ANSIBLE_', 'BAIDUCLOUD_')):
            del env[name]
    config_file = os.path.join(workdir, 'ansible.cfg')
    with open(config_file, 'w') as handle:
        handle.write('[defaults]\n')
    env.update(
        ANSIBLE_CONFIG=config_file,
        ANSIBLE_COLLECTIONS_PATH=collections_base(),
        ANSIBLE_LOCALHOST_WARNING='false',
        ANSIBLE_NOCOLOR='1',
        ANSIBLE_HOST_KEY_CHECKING='false',
        ANSIBLE_RETRY_FILES_ENABLED='false',
        ANSIBLE_DEPRECATION_WARNINGS='false',
    )
    report = {'runs': [], 'python': python}
    with Stub(markers) as stub:
        inventory = os.path.join(workdir, 'hostile.baiducloud_vpc.yml')
        with open(inventory, 'w') as handle:
            json.dump(inventory_config(stub.url, os.path.join(workdir, 'cache')), handle)
        playbook = os.path.join(workdir, 'play.yml')
        with open(playbook, 'w') as handle:
            handle.write(
                PLAY
                % {
                    'all': ', '.join(HOST_VARS + COMPOSED),
                    'pairs': ', '.join("'%s': %s" % (name, name) for name in HOST_VARS + COMPOSED),
                    'out': out,
                }
            )
        steps = [
            ('ansible-inventory --list (API, fills the cache)', ['ansible.cli.inventory', '-i', inventory, '--list']),
            ('ansible-inventory --list (from the cache)', ['ansible.cli.inventory', '-i', inventory, '--list']),
            ('ansible-playbook (from the cache)', ['ansible.cli.playbook', '-i', inventory, playbook]),
        ]
        for label, args in steps:
            before = len(stub.requests)
            status, output = _run(python, args, workdir, env)
            report['runs'].append(
                {
                    'step': label,
                    'status': status,
                    # The inventory's own reads (the play's route_rule tasks read the stub too).
                    'api_requests': len([p for p in stub.requests[before:] if p == '/v1/vpc']),
                    'markers_after': sorted(os.listdir(markers)),
                    'output': output,
                }
            )
        report['expected'] = dict((vpc['vpcId'], vpc) for vpc in stub.vpcs)
    report['markers'] = sorted(os.listdir(markers))
    report['rendered'], report['warnings'] = {}, {}
    for name in sorted(os.listdir(out)):
        with open(os.path.join(out, name)) as handle:
            report['warnings' if name.startswith('warnings-') else 'rendered'][name] = json.load(handle)
    # Compared without whitespace: the default callback wraps long warnings, at spaces and hyphens.
    report['warning_printed'] = ''.join(payloads(markers)[0]('nat-name').split()) in ''.join(
        report['runs'][-1]['output'].split()
    )
    report['problems'] = verdict(report)
    return report


def verdict(report):
    """Everything wrong with a report: [] when nothing was rendered and every step did its job."""
    problems = []
    if report['markers']:
        problems.append('a payload was rendered: marker files %s were created' % ', '.join(report['markers']))
    listed = []
    for run in report['runs']:
        if run['status'] != 0:
            problems.append('%s exited %s: %s' % (run['step'], run['status'], run['output'][-2000:]))
    if not problems:
        fresh, cached, play = report['runs']
        if fresh['api_requests'] == 0 or cached['api_requests'] or play['api_requests']:
            problems.append(
                'the cache was not used as expected (API requests per step: %s)'
                % [run['api_requests'] for run in report['runs']]
            )
        for run in (fresh, cached):
            text = run['output']
            listed.append(json.loads(text[text.index('{') :]))
    for step, data in zip(('fresh', 'cached'), listed):
        problems.extend(_check_listing(step, data, report['expected']))
    problems.extend(_check_rendered(report['rendered'], report['expected']))
    problems.extend(_check_warnings(report))
    return problems


def _check_warnings(report):
    """route_rule's warning quotes the NAT name the API sent: printed, and registered on both paths where the line
    keeps warnings in results (ansible-core < 2.19 drops them once shown), never rendered."""
    problems = []
    name = [vpc['name'] for vpc in report['expected'].values()][0]
    jinja = name.replace('pwned-name', 'pwned-nat-name')
    for host in sorted(report['expected']):
        per_path = report['warnings'].get('warnings-%s.json' % host)
        if per_path is None or len(per_path) != 2 or not all(all(jinja in w for w in ws) for ws in per_path):
            problems.append('registered warnings of %s do not quote the NAT name literally: %r' % (host, per_path))
    if not report['warning_printed']:
        problems.append('the printed warning does not quote the NAT name literally')
    return problems


def _plain(value):
    """A listing as text: ansible-inventory writes a string it must not template as {"__ansible_unsafe": text}."""
    if isinstance(value, dict):
        if list(value) == ['__ansible_unsafe']:
            return value['__ansible_unsafe']
        return dict((_plain(key), _plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _tags(vpc):
    return dict((tag['tagKey'], tag['tagValue']) for tag in vpc['tags'])


def _check_listing(step, data, expected):
    problems = []
    hostvars = data.get('_meta', {}).get('hostvars', {})
    if sorted(hostvars) != sorted(expected):
        return ['%s listing: hosts %s, expected %s' % (step, sorted(hostvars), sorted(expected))]
    for vpc_id, vpc in expected.items():
        got = _plain(hostvars[vpc_id])
        want = {
            'baiducloud_name': vpc['name'],
            'baiducloud_cidr': vpc['cidr'],
            'baiducloud_secondary_cidrs': vpc['secondaryCidr'],
            'baiducloud_ipv6_cidr': vpc['ipv6Cidr'],
            'baiducloud_tags': _tags(vpc),
            'baiducloud_created_time': vpc['createdTime'],
            'composed_name': vpc['name'],
            'composed_tags': _tags(vpc),
            'composed_joined': '%s|%s|%s' % (vpc['name'], vpc['cidr'], vpc['createdTime']),
        }
        for key, value in want.items():
            if got.get(key) != value:
                problems.append(
                    '%s listing: %s of %s is %r, the API sent %r' % (step, key, vpc_id, got.get(key), value)
                )
    children = data.get('all', {}).get('children', [])
    for group in ('named', 'lookalike'):
        if group not in children or sorted(data.get(group, {}).get('hosts', [])) != sorted(expected):
            problems.append('%s listing: group %s does not hold both hosts' % (step, group))
    if not any(name.startswith('tag_env_') for name in children):
        problems.append('%s listing: no keyed group from the tags (%s)' % (step, children))
    return problems


def _check_rendered(rendered, expected):
    problems = []
    if sorted(rendered) != sorted('rendered-%s.json' % vpc_id for vpc_id in expected):
        return ['the play wrote %s, expected one file per host' % sorted(rendered)]
    for vpc_id, vpc in expected.items():
        got = rendered['rendered-%s.json' % vpc_id]
        for key, value in (
            ('baiducloud_name', vpc['name']),
            ('baiducloud_cidr', vpc['cidr']),
            ('baiducloud_secondary_cidrs', vpc['secondaryCidr']),
            ('baiducloud_ipv6_cidr', vpc['ipv6Cidr']),
            ('baiducloud_tags', _tags(vpc)),
            ('baiducloud_created_time', vpc['createdTime']),
            ('composed_name', vpc['name']),
            ('composed_joined', '%s|%s|%s' % (vpc['name'], vpc['cidr'], vpc['createdTime'])),
        ):
            if got.get(key) != value:
                problems.append('play: %s of %s became %r, the API sent %r' % (key, vpc_id, got.get(key), value))
        if not got.get('copied', '').startswith(vpc['name'] + '/'):
            problems.append('play: a fact copied from baiducloud_name became %r' % (got.get('copied'),))
    return problems


def main(argv):
    workdir = argv[1] if len(argv) > 1 else tempfile.mkdtemp(prefix='baiducloud-injection-')
    report = run_scenario(sys.executable, workdir)
    for run in report['runs']:
        run['output'] = run['output'][-3000:]
    print(json.dumps(report, indent=2, sort_keys=True))
    return 1 if report['problems'] else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
