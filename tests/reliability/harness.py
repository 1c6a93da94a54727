# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plumbing of the reliability suite: emulators, the admin API, running modules and playbooks.

Everything talks to 127.0.0.1 only, and every wait is bounded (subprocess timeouts,
socket timeouts, loops with a fixed number of turns).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import copy
import json
import os
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from tests.emulator.admin_client import AdminClient  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator.server import start_emulator  # noqa: E402  pylint: disable=wrong-import-position

PYTHON = sys.executable
BIN = os.path.dirname(PYTHON)
FIXTURE_PATH = os.path.join(REPO, 'tests', 'emulator', 'fixture.json')
ADMIN_TIMEOUT = 15
MODULE_TIMEOUT = 180

VPC1 = 'vpc-emu1demo0001'
TABLE1 = 'rt-emu1demo0001'
VPC2 = 'vpc-emu2demo0001'
TABLE2 = 'rt-emu2demo0001'

AK, SK = 'emulator-ak', 'emulator-sk'
STS_AK, STS_SK, STS_TOKEN = 'emulator-sts-ak', 'emulator-sts-sk', 'emulator-sts-token'
SECRETS = (SK, STS_SK, STS_TOKEN)

_COLLECTIONS_PATH = []


def collections_path():
    """The directory tools/collection_path.sh prints (ansible_collections/baiducloud/vpc -> this checkout)."""
    if not _COLLECTIONS_PATH:
        out = subprocess.run(
            [os.path.join(REPO, 'tools', 'collection_path.sh')],
            check=True,
            timeout=30,
            stdout=subprocess.PIPE,
            universal_newlines=True,
        ).stdout
        _COLLECTIONS_PATH.append(out.strip())
    return _COLLECTIONS_PATH[0]


def default_fixture():
    with open(FIXTURE_PATH) as handle:
        return json.load(handle)


def fixture_with_rules(rules, table_id=TABLE1):
    """The bundled fixture with `rules` (create-body fields + routeRuleId/routeRuleIds) added to one table."""
    fixture = default_fixture()
    for vpc in fixture['vpcs']:
        if vpc['routeTable']['routeTableId'] == table_id:
            vpc['routeTable']['rules'] = list(vpc['routeTable']['rules']) + copy.deepcopy(rules)
    return fixture


class Emulator(AdminClient):
    """One in-process emulator on a free loopback port, driven through its HTTP admin API."""

    def __init__(self):
        self.handle = start_emulator(port=0)
        self.url = self.handle.base_url
        super().__init__(self.url, timeout=ADMIN_TIMEOUT)

    def stop(self):
        self.handle.stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.stop()

    def raw_admin_texts(self):
        """The call log and the state exactly as the admin API serves them (for the secrets scan)."""
        return [self.text('GET', name)[1] for name in ('calls', 'state', 'config', 'faults')]

    def custom_rules(self, table_id=TABLE1):
        return [r for r in self.table_rules(table_id) if r.get('routeRuleId') and r.get('nexthopType') != 'sys']

    def base_args(self, **extra):
        args = {'endpoint': self.url, 'access_key': AK, 'secret_key': SK}
        args.update(extra)
        return args


def rule_key(raw):
    """What a rule entry is, without its generated id."""
    return (
        raw['sourceAddress'],
        raw['destinationAddress'],
        raw['nexthopType'],
        raw['nexthopId'],
        raw.get('pathType') or 'normal',
        raw.get('description') or '',
    )


def compare_rules(final_raw, expected_keys):
    """(duplicates, lost, unexpected) of a table's custom rules against the expected entries.

    duplicates: extra entries for a (source, destination) pair beyond what is expected;
    lost: expected entries missing; unexpected: entries present that nobody asked for."""
    final = collections.Counter(rule_key(r) for r in final_raw)
    expected = collections.Counter(expected_keys)
    per_pair_final = collections.Counter((k[0], k[1]) for k in final.elements())
    per_pair_expected = collections.Counter((k[0], k[1]) for k in expected.elements())
    duplicates = sum(max(0, n - max(1, per_pair_expected.get(pair, 0))) for pair, n in per_pair_final.items())
    lost = sum((expected - final).values())
    unexpected = sum((final - expected).values())
    return duplicates, lost, unexpected


def summarize_calls(calls):
    """Counts of one run's API calls from the emulator log."""
    return {
        'calls': len(calls),
        'writes': sum(1 for c in calls if c.get('write')),
        'mutating': sum(1 for c in calls if c['method'] in ('POST', 'PUT', 'DELETE')),
        'replayed': sum(1 for c in calls if c.get('replayed')),
        'faulted': sum(1 for c in calls if c.get('fault')),
        'errors': collections.Counter(c.get('code') for c in calls if c.get('code')),
    }


def write_json(directory, name, data):
    path = os.path.join(directory, name)
    with open(path, 'w') as handle:
        json.dump(data, handle)
    return path


def module_env(extra=None):
    env = dict(os.environ)
    for name in list(env):
        if name.startswith('BAIDUCLOUD_') or name.startswith('ANSIBLE_'):
            del env[name]
    env['PYTHONPATH'] = collections_path()
    env['ANSIBLE_COLLECTIONS_PATH'] = collections_path()
    env['PYTHONDONTWRITEBYTECODE'] = '1'
    env.update(extra or {})
    return env


def run_module(module, args, env=None, check_mode=False, diff=False, timeout=MODULE_TIMEOUT):
    """Run one module of the collection the way Ansible's module runner does (args file, JSON out).

    Returns {rc, result, stdout, stderr, elapsed}; result is the module's JSON answer."""
    module_args = dict(args)
    if check_mode:
        module_args['_ansible_check_mode'] = True
    if diff:
        module_args['_ansible_diff'] = True
    workdir = tempfile.mkdtemp(prefix='bce-rel-')
    path = write_json(workdir, 'args.json', {'ANSIBLE_MODULE_ARGS': module_args})
    started = time.monotonic()
    try:
        proc = subprocess.run(
            [PYTHON, '-m', 'ansible_collections.baiducloud.vpc.plugins.modules.' + module, path],
            check=False,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            universal_newlines=True,
            cwd=workdir,
            env=module_env(env),
            timeout=timeout,
        )
    finally:
        os.unlink(path)
        os.rmdir(workdir)
    elapsed = time.monotonic() - started
    result = None
    for line in reversed(proc.stdout.strip().splitlines()):
        try:
            result = json.loads(line)
            break
        except ValueError:
            continue
    return {
        'rc': proc.returncode,
        'result': result or {},
        'stdout': proc.stdout,
        'stderr': proc.stderr,
        'elapsed': elapsed,
    }


def run_playbook(playbook_text, workdir, inventory_text=None, extra_args=(), env=None, timeout=600):
    """Run ansible-playbook on a playbook given as text; returns {rc, stdout, stderr, elapsed}."""
    playbook = os.path.join(workdir, 'play.yml')
    with open(playbook, 'w') as handle:
        handle.write(playbook_text)
    command = [os.path.join(BIN, 'ansible-playbook'), playbook]
    if inventory_text is not None:
        inventory = os.path.join(workdir, 'inventory.ini')
        with open(inventory, 'w') as handle:
            handle.write(inventory_text)
        command += ['-i', inventory]
    command += list(extra_args)
    base = {
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'ANSIBLE_PYTHON_INTERPRETER': PYTHON,
        'ANSIBLE_RETRY_FILES_ENABLED': 'false',
        'ANSIBLE_HOST_KEY_CHECKING': 'false',
        'ANSIBLE_LOCAL_TEMP': os.path.join(workdir, 'tmp'),
        'ANSIBLE_REMOTE_TEMP': os.path.join(workdir, 'tmp'),
        'ANSIBLE_NOCOLOR': '1',
        'PATH': BIN + os.pathsep + os.environ.get('PATH', ''),
    }
    base.update(env or {})
    started = time.monotonic()
    proc = subprocess.run(
        command,
        check=False,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        cwd=workdir,
        env=module_env(base),
        timeout=timeout,
    )
    return {'rc': proc.returncode, 'stdout': proc.stdout, 'stderr': proc.stderr, 'elapsed': time.monotonic() - started}


def find_secrets(texts, secrets=SECRETS):
    """[(secret, where)] for every secret found in any of the named texts {where: text}."""
    found = []
    for where, text in sorted(texts.items()):
        for secret in secrets:
            if secret in (text or ''):
                found.append((secret, where))
    return found
