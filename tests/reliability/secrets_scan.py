# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secrets: nothing written anywhere contains the secret key or the session token, and TLS
certificates are verified unless validate_certs is turned off."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import shutil
import tempfile

from tests.reliability.endpoints import SilentEndpoint, TlsFront
from tests.reliability.harness import (
    BIN,
    SECRETS,
    STS_AK,
    STS_SK,
    STS_TOKEN,
    VPC1,
    collections_path,
    find_secrets,
    run_module,
    run_playbook,
)

PLAY = '''---
- name: Secrets scan (-vvvv, --diff, failures)
  hosts: localhost
  gather_facts: false
  connection: local
  module_defaults:
    group/baiducloud.vpc.vpc: "{{ rel_creds }}"
  tasks:
    - name: Read (succeeds)
      baiducloud.vpc.route_table_info:
        vpc_id: %(vpc)s
      ignore_errors: true

    - name: Create with diff (succeeds)
      baiducloud.vpc.route_rule:
        vpc_id: %(vpc)s
        destination_address: 10.77.0.0/16
        next_hop_type: vpn
        next_hop_id: vpn-emu1demo0001
      diff: true
      ignore_errors: true

    - name: Check mode replace with diff
      baiducloud.vpc.route_rule:
        vpc_id: %(vpc)s
        destination_address: 10.77.0.0/16
        next_hop_type: nat
        next_hop_id: nat-emu1demo0001
      check_mode: true
      diff: true
      ignore_errors: true

    - name: API failure (next hop does not exist)
      baiducloud.vpc.route_rule:
        vpc_id: %(vpc)s
        destination_address: 10.78.0.0/16
        next_hop_type: nat
        next_hop_id: nat-doesnotexist
      ignore_errors: true

    - name: Validation failure
      baiducloud.vpc.route_table:
        vpc_id: %(vpc)s
        rules: [{destination_address: 10.79.0.1/16, next_hop_type: vpn, next_hop_id: vpn-emu1demo0001}]
      ignore_errors: true

    - name: TLS refusal (self-signed certificate)
      baiducloud.vpc.route_table_info:
        vpc_id: %(vpc)s
        endpoint: "{{ rel_tls }}"
        api_retries: 0
      ignore_errors: true

    - name: Transport failure (endpoint never answers)
      baiducloud.vpc.route_table_info:
        vpc_id: %(vpc)s
        endpoint: "{{ rel_silent }}"
        api_timeout: 1
        api_retries: 0
      ignore_errors: true

    - name: Wrong session token
      baiducloud.vpc.route_table_info:
        vpc_id: %(vpc)s
        session_token: "{{ rel_creds.session_token }}-stale"
      ignore_errors: true

    - name: Role failing inside a module, credentials as role variables
      ansible.builtin.include_role:
        name: baiducloud.vpc.nat_default_route
      vars:
        nat_default_route_vpc_id: %(vpc)s
        nat_default_route_nat_gateway_id: nat-doesnotexist
        nat_default_route_endpoint: "{{ rel_creds.endpoint }}"
        nat_default_route_access_key: "{{ rel_creds.access_key }}"
        nat_default_route_secret_key: "{{ rel_creds.secret_key }}"
        nat_default_route_session_token: "{{ rel_creds.session_token }}"
      ignore_errors: true

    # Last: a role's argument validation failure ends the play even with ignore_errors.
    - name: Role with a bad argument and the credentials as role variables
      ansible.builtin.include_role:
        name: baiducloud.vpc.nat_default_route
      vars:
        nat_default_route_vpc_id: %(vpc)s
        nat_default_route_nat_gateway_id: nat-emu1demo0001
        nat_default_route_state: gone
        nat_default_route_endpoint: "{{ rel_creds.endpoint }}"
        nat_default_route_access_key: "{{ rel_creds.access_key }}"
        nat_default_route_secret_key: "{{ rel_creds.secret_key }}"
        nat_default_route_session_token: "{{ rel_creds.session_token }}"
      ignore_errors: true
''' % {'vpc': VPC1}

# How each task ran, from the -vvv line of the action plugin (plugins/plugin_utils/_action.py).
EXECUTIONS = (('in-process', 'auto'), ('module', 'module'))
IN_PROCESS_MARK = "runs in the controller's worker"
MODULE_MARK = ': runs as a module ('

ENV_PLAY = '''---
- name: Secrets scan, credentials from the environment
  hosts: localhost
  gather_facts: false
  connection: local
  tasks:
    - name: Create (succeeds)
      baiducloud.vpc.route_rule:
        vpc_id: %(vpc)s
        destination_address: 10.88.0.0/16
        next_hop_type: vpn
        next_hop_id: vpn-emu1demo0001
      diff: true
      ignore_errors: true

    - name: API failure
      baiducloud.vpc.route_rule:
        vpc_id: %(vpc)s
        destination_address: 10.89.0.0/16
        next_hop_type: nat
        next_hop_id: nat-doesnotexist
      ignore_errors: true
''' % {'vpc': VPC1}


def _read_tree(root):
    texts = {}
    for base, dummy, files in os.walk(root):
        for name in files:
            path = os.path.join(base, name)
            with open(path, 'rb') as handle:
                texts[os.path.relpath(path, root)] = handle.read().decode('utf-8', 'replace')
    return texts


def _creds(emu):
    return {'endpoint': emu.url, 'access_key': STS_AK, 'secret_key': STS_SK, 'session_token': STS_TOKEN}


def scan_playbooks(emu, use_runner=True):
    """Run the plays at -vvvv (and through ansible-runner); return ({where: text}, summary)."""
    texts, summary = {}, {}
    emu.reset()
    workdir = tempfile.mkdtemp(prefix='bce-rel-secrets-')
    os.makedirs(os.path.join(workdir, 'tmp'))
    try:
        with TlsFront(emu.handle.port) as tls, SilentEndpoint() as silent:
            extra = {'rel_creds': _creds(emu), 'rel_tls': tls.url, 'rel_silent': silent.url}
            with open(os.path.join(workdir, 'vars.json'), 'w') as handle:
                json.dump(extra, handle)
            # Both ways a task runs: in the controller's worker (the default) and as a module process.
            for execution, setting in EXECUTIONS:
                label = '' if execution == 'in-process' else ' (%s)' % execution
                run_env = {'BAIDUCLOUD_EXECUTION': setting}
                run = run_playbook(
                    PLAY,
                    workdir,
                    extra_args=['-vvvv', '--diff', '-e', '@' + os.path.join(workdir, 'vars.json')],
                    env=run_env,
                )
                texts['ansible-playbook -vvvv --diff%s: stdout' % label] = run['stdout']
                texts['ansible-playbook -vvvv --diff%s: stderr' % label] = run['stderr']
                summary['playbook' + label.replace(' ', '_')] = {
                    'rc': run['rc'],
                    'bytes': len(run['stdout']) + len(run['stderr']),
                    'failed_tasks': run['stdout'].count('...ignoring'),
                    'elapsed': round(run['elapsed'], 1),
                    'in_process_tasks': run['stdout'].count(IN_PROCESS_MARK),
                    'module_tasks': run['stdout'].count(MODULE_MARK),
                }
                env = {
                    'BAIDUCLOUD_ENDPOINT': emu.url,
                    'BAIDUCLOUD_ACCESS_KEY': STS_AK,
                    'BAIDUCLOUD_SECRET_KEY': STS_SK,
                    'BAIDUCLOUD_SESSION_TOKEN': STS_TOKEN,
                }
                run = run_playbook(ENV_PLAY, workdir, extra_args=['-vvvv', '--diff'], env=dict(env, **run_env))
                texts['ansible-playbook -vvvv, env credentials%s: stdout' % label] = run['stdout']
                texts['ansible-playbook -vvvv, env credentials%s: stderr' % label] = run['stderr']
                summary['env_playbook' + label.replace(' ', '_')] = {
                    'rc': run['rc'],
                    'bytes': len(run['stdout']) + len(run['stderr']),
                    'failed_tasks': run['stdout'].count('...ignoring'),
                    'in_process_tasks': run['stdout'].count(IN_PROCESS_MARK),
                    'module_tasks': run['stdout'].count(MODULE_MARK),
                }
            if use_runner:
                texts.update(_runner(emu, workdir, extra, summary))
        for name, text in _read_tree(os.path.join(workdir, 'tmp')).items():
            texts['ansible local temp: ' + name] = text
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return texts, summary


def _runner(emu, workdir, extravars, summary):
    try:
        import ansible_runner
    except ImportError:
        summary['runner'] = {'skipped': 'ansible-runner is not installed'}
        return {}
    private = os.path.join(workdir, 'runner')
    os.makedirs(os.path.join(private, 'project'))
    with open(os.path.join(private, 'project', 'play.yml'), 'w') as handle:
        handle.write(PLAY)
    envvars = {
        'ANSIBLE_COLLECTIONS_PATH': collections_path(),
        'PYTHONPATH': collections_path(),
        'ANSIBLE_LOCALHOST_WARNING': 'false',
        'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
        'PATH': BIN + os.pathsep + os.environ.get('PATH', ''),
        'ANSIBLE_PYTHON_INTERPRETER': os.path.join(BIN, 'python'),
    }
    result = ansible_runner.run(
        private_data_dir=private,
        playbook='play.yml',
        extravars=extravars,
        envvars=envvars,
        verbosity=4,
        quiet=True,
        timeout=300,
        cmdline='--diff',
    )
    summary['runner'] = {'status': result.status, 'rc': result.rc}
    texts = {}
    for name, text in _read_tree(os.path.join(private, 'artifacts')).items():
        texts['ansible-runner artifacts: ' + name] = text
    summary['runner']['files'] = len(texts)
    summary['runner']['bytes'] = sum(len(t) for t in texts.values())
    return texts


def scan_modules(emu):
    """Direct module runs that succeed or fail every way; return {where: text}."""
    texts = {}
    emu.reset()
    creds = _creds(emu)
    with TlsFront(emu.handle.port) as tls, SilentEndpoint() as silent:
        cases = [
            (
                'create',
                'route_rule',
                dict(
                    creds,
                    vpc_id=VPC1,
                    destination_address='10.66.0.0/16',
                    next_hop_type='vpn',
                    next_hop_id='vpn-emu1demo0001',
                ),
                {'diff': True},
            ),
            (
                'api error',
                'route_rule',
                dict(
                    creds, vpc_id=VPC1, destination_address='10.67.0.0/16', next_hop_type='nat', next_hop_id='nat-nope'
                ),
                {},
            ),
            ('tls refused', 'route_table_info', dict(creds, vpc_id=VPC1, endpoint=tls.url, api_retries=0), {}),
            (
                'tls unverified',
                'route_table_info',
                dict(creds, vpc_id=VPC1, endpoint=tls.url, validate_certs=False),
                {},
            ),
            (
                'no answer',
                'route_table_info',
                dict(creds, vpc_id=VPC1, endpoint=silent.url, api_timeout=1, api_retries=0),
                {},
            ),
            ('bad token', 'route_table_info', dict(creds, vpc_id=VPC1, session_token='x' + STS_TOKEN), {}),
            (
                'bad option',
                'route_rule',
                dict(creds, vpc_id=VPC1, destination_address='10.68.0.0/16', next_hop_type='bogus', next_hop_id='x'),
                {},
            ),
            (
                'check diff',
                'route_table',
                dict(creds, vpc_id=VPC1, purge=True, rules=[]),
                {'check_mode': True, 'diff': True},
            ),
        ]
        for name, module, args, flags in cases:
            run = run_module(module, args, **flags)
            texts['module %s (%s): stdout' % (module, name)] = run['stdout']
            texts['module %s (%s): stderr' % (module, name)] = run['stderr']
    for index, text in enumerate(emu.raw_admin_texts()):
        texts['emulator admin API %s' % ('calls', 'state', 'config', 'faults')[index]] = text
    return texts


def tls_check(emu):
    """validate_certs default (true) refuses a self-signed certificate; false accepts it."""
    emu.reset()
    with TlsFront(emu.handle.port) as tls:
        refused = run_module('route_table_info', emu.base_args(endpoint=tls.url, vpc_id=VPC1))
        accepted = run_module('route_table_info', emu.base_args(endpoint=tls.url, vpc_id=VPC1, validate_certs=False))
    return {
        'refused_rc': refused['rc'],
        'refused_msg': refused['result'].get('msg'),
        'refused_elapsed': round(refused['elapsed'], 2),
        'accepted_rc': accepted['rc'],
        'accepted_found': accepted['result'].get('found'),
        'accepted_rules': len((accepted['result'].get('route_table') or {}).get('route_rules') or []),
        'ok': (
            refused['rc'] != 0
            and 'certificate verif' in (refused['result'].get('msg') or '')
            and 'validate_certs' in refused['result'].get('msg', '')
            and accepted['rc'] == 0
            and accepted['result'].get('found') is True
        ),
    }


def run_secrets(emu, use_runner=True):
    texts, summary = scan_playbooks(emu, use_runner)
    texts.update(scan_modules(emu))
    found = find_secrets(texts, SECRETS)
    # The scan must have looked at something real: the masked value shows up where no_log worked.
    masked = sum(t.count('VALUE_SPECIFIED_IN_NO_LOG_PARAMETER') + t.count('********') for t in texts.values())
    return {
        'sources': len(texts),
        'bytes': sum(len(t or '') for t in texts.values()),
        'found': found,
        'masked_mentions': masked,
        'summary': summary,
        'ok': not found,
    }
