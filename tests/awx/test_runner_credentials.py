# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The AWX / Automation Platform story, tested without a controller.

The example job template playbook (docs/awx/playbooks/nat_default_route.yml) runs through
ansible-runner, the engine automation controller uses, against the offline emulator. The
credentials reach it only as environment variables, rendered from the injectors of
docs/awx/credential_type.yml the way the controller renders them, so a passing run proves the
credential type itself. The secret key must then appear in no output, event or artifact.

Run: .venv/bin/python -m pytest -q tests/awx
The emulator is the one at $BAIDUCLOUD_EMULATOR_URL (tools/with_emulator.sh sets it), or one
started in-process for the session.
"""

import ast
import copy
import json
import os
import re
import shutil
import sys
import uuid

import jinja2
import pytest
import yaml
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

import ansible_runner

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from tests.awx.harness import collections_path  # noqa: E402  pylint: disable=wrong-import-position

CREDENTIAL_TYPE = os.path.join(REPO, 'docs', 'awx', 'credential_type.yml')
PLAYBOOK = os.path.join(REPO, 'docs', 'awx', 'playbooks', 'nat_default_route.yml')
EE_DEFINITION = os.path.join(REPO, 'meta', 'execution-environment.yml')
MODULE_BASE = os.path.join(REPO, 'plugins', 'module_utils', '_module.py')
CLIENT = os.path.join(REPO, 'plugins', 'module_utils', '_client.py')
FIXTURE = os.path.join(REPO, 'tests', 'emulator', 'fixture.json')

VPC = 'vpc-emu1demo0001'
NAT = 'nat-emu1demo0001'
SOURCE = '192.168.0.0/20'


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def load_yaml(path):
    with open(path) as handle:
        return yaml.safe_load(handle)


def render_injectors(credential_type, inputs):
    """The environment the controller gives a job for a credential with these inputs.

    Like automation controller: only inputs with a value are in the template namespace, the
    templates render in an immutable sandbox, and a field left empty renders as ''. Every
    injector is rendered, so the empty ones reach the job too, as they would in a real job."""
    namespace = dict((key, value) for key, value in inputs.items() if value not in (None, ''))
    env = ImmutableSandboxedEnvironment(undefined=jinja2.Undefined)
    return dict(
        (name, env.from_string(template).render(**namespace))
        for name, template in credential_type['injectors']['env'].items()
    )


def injector_fields(credential_type):
    """{ENV_VAR: field id} from the injectors; each template must use exactly one field."""
    env = ImmutableSandboxedEnvironment()
    result = {}
    for name, template in credential_type['injectors']['env'].items():
        used = meta.find_undeclared_variables(env.parse(template))
        assert len(used) == 1, 'injector %s must use exactly one field, uses %s' % (name, sorted(used))
        result[name] = used.pop()
    return result


def module_env_fallbacks():
    """{option: [ENV_VAR, ...]} of the connection options, read from bce_argument_spec() in
    plugins/module_utils/_module.py by parsing it (importing it would need ansible)."""
    with open(MODULE_BASE) as handle:
        tree = ast.parse(handle.read())
    function = next(
        node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef) and node.name == 'bce_argument_spec'
    )
    fallbacks = {}
    for node in ast.walk(function):
        if not (isinstance(node, ast.keyword) and isinstance(node.value, ast.Call)):
            continue
        for option_kw in node.value.keywords:
            if option_kw.arg != 'fallback':
                continue
            handler, names = option_kw.value.elts
            assert isinstance(handler, ast.Name) and handler.id == 'env_fallback_nonempty', ast.dump(option_kw.value)
            fallbacks[node.arg] = ast.literal_eval(names)
    return fallbacks


def client_documented_regions():
    with open(CLIENT) as handle:
        tree = ast.parse(handle.read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'DOCUMENTED_REGIONS' for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError('DOCUMENTED_REGIONS not found in %s' % CLIENT)


@pytest.fixture
def account(emulator):
    """A fresh emulator whose account has a key pair made for this test, so that the secret is
    a string that cannot turn up in any output by coincidence."""
    with open(FIXTURE) as handle:
        fixture = json.load(handle)
    fixture = copy.deepcopy(fixture)
    access_key = 'awx-ak-%s' % uuid.uuid4().hex[:12]
    secret_key = 'awx-sk-%s' % uuid.uuid4().hex
    fixture['credentials'].append({'access_key_id': access_key, 'secret_access_key': secret_key})
    emulator.reset(fixture)
    try:
        yield {'access_key': access_key, 'secret_key': secret_key}
    finally:
        emulator.reset()


def run_job(tmp_path, name, env, extravars, cmdline=None, verbosity=0):
    """One job the way the controller starts it: project checkout, inventory, extra variables,
    credential environment; ansible-runner does the rest."""
    private = tmp_path / name
    (private / 'project').mkdir(parents=True)
    shutil.copy(PLAYBOOK, str(private / 'project' / 'nat_default_route.yml'))
    runner = ansible_runner.run(
        private_data_dir=str(private),
        playbook='nat_default_route.yml',
        inventory='localhost ansible_connection=local ansible_python_interpreter=%s' % sys.executable,
        envvars=env,
        extravars=extravars,
        cmdline=cmdline,
        verbosity=verbosity,
        quiet=True,
        suppress_env_files=True,  # as the controller does: the environment is not written to env/
        timeout=300,
    )
    return private, runner


def assert_secret_not_leaked(private, runner, secret):
    """The secret is in no stdout, event or file of the job.

    The only place allowed is ansible-runner's own record of the process environment it was
    given (artifacts/<ident>/command, key env): that is the credential injection itself, which the
    controller keeps out of the job output. It must hold exactly the injected value there."""
    stdout = runner.stdout.read()
    assert stdout, 'the job printed nothing'
    assert secret not in stdout, 'secret in the job output'
    events = list(runner.events)
    assert events, 'the job produced no event'
    for event in events:
        assert secret not in json.dumps(event), 'secret in event %s' % event.get('event')
    command_files = 0
    for directory, dummy, files in os.walk(str(private)):
        for filename in files:
            path = os.path.join(directory, filename)
            with open(path, 'rb') as handle:
                content = handle.read().decode('utf-8', 'replace')
            if filename == 'command' and os.path.basename(os.path.dirname(os.path.dirname(path))) == 'artifacts':
                command = json.loads(content)
                assert command['env'].pop('BAIDUCLOUD_SECRET_KEY') == secret
                content = json.dumps(command)
                command_files += 1
            assert secret not in content, 'secret in %s' % os.path.relpath(path, str(private))
    assert command_files == 1


def task_results(runner, task_name):
    """The per-item results of a loop task."""
    return [
        event['event_data']
        for event in runner.events
        if event.get('event') == 'runner_item_on_ok' and event.get('event_data', {}).get('task') == task_name
    ]


# ---------------------------------------------------------------------------------------------
# The credential type
# ---------------------------------------------------------------------------------------------


def test_credential_type_fields():
    credential_type = load_yaml(CREDENTIAL_TYPE)
    assert credential_type['kind'] == 'cloud'
    assert credential_type['name']
    fields = dict((field['id'], field) for field in credential_type['inputs']['fields'])
    assert sorted(fields) == ['access_key', 'endpoint', 'region', 'secret_key', 'session_token']
    for field in fields.values():
        assert field['type'] == 'string'
        assert field['label']
    assert fields['secret_key'].get('secret') is True
    assert fields['session_token'].get('secret') is True
    assert not fields['access_key'].get('secret')
    required = credential_type['inputs']['required']
    assert set(required) <= set(fields)
    assert {'access_key', 'secret_key'} <= set(required)
    # Only the key pair is required: blank optional fields are injected as empty variables,
    # which the modules' env_fallback_nonempty treats as unset.
    assert sorted(required) == ['access_key', 'secret_key']
    # Any well-formed region is accepted (issue 22: a region newer than our list, or one behind a proxy), so the
    # field is free text, not a closed list; its help names every region Baidu's endpoint page documents.
    assert 'choices' not in fields['region']
    for region in client_documented_regions():
        assert re.search(r'\b%s\b' % region, fields['region']['help_text']), region


def test_injectors_match_module_env_fallbacks():
    """Each injected variable is the env fallback of the module option named like the field."""
    credential_type = load_yaml(CREDENTIAL_TYPE)
    fallbacks = module_env_fallbacks()
    assert set(fallbacks) == {'access_key', 'secret_key', 'session_token', 'region', 'endpoint'}
    injected = injector_fields(credential_type)
    assert set(injected) == set(name for names in fallbacks.values() for name in names)
    for env_name, field in injected.items():
        assert env_name in fallbacks[field], '%s injects field %s, whose option reads %s' % (
            env_name,
            field,
            fallbacks[field],
        )
    assert set(injected.values()) == set(field['id'] for field in credential_type['inputs']['fields'])
    assert credential_type['injectors'].keys() == {'env'}


def test_injectors_render_like_the_controller():
    credential_type = load_yaml(CREDENTIAL_TYPE)
    env = render_injectors(credential_type, {'access_key': 'ak', 'secret_key': 'sk', 'region': 'gz'})
    assert env == {
        'BAIDUCLOUD_ACCESS_KEY': 'ak',
        'BAIDUCLOUD_SECRET_KEY': 'sk',
        'BAIDUCLOUD_SESSION_TOKEN': '',
        'BAIDUCLOUD_REGION': 'gz',
        'BAIDUCLOUD_ENDPOINT': '',
    }


def test_example_playbook_carries_no_credentials():
    """No connection option, credential variable or environment lookup in the plays (comments aside)."""
    text = json.dumps(load_yaml(PLAYBOOK)).lower()
    for word in (
        'access_key',
        'secret_key',
        'session_token',
        'region',
        'endpoint',
        'baiducloud_',
        'lookup(',
        'module_defaults',
        'password',
        'vault',
    ):
        assert word not in text, word


def test_execution_environment_definition():
    definition = load_yaml(EE_DEFINITION)
    assert definition['version'] == 3
    dependencies = definition['dependencies']
    # In a collection's metadata ansible-builder (and Galaxy's importer, which runs its introspection) reads python
    # as the path of a requirements file relative to the collection root; an inline list fails it (issue 27). It
    # reads nothing else here: ansible_core is asserted on the complete definitions (test_execution_environment.py).
    assert dependencies == {'python': 'requirements.txt'}
    with open(os.path.join(REPO, dependencies['python'])) as handle:
        requirements = [line.split('#')[0].strip() for line in handle]
    assert 'requests' in [requirement.split('>')[0].split('=')[0].strip() for requirement in requirements]
    # ansible-builder reads the files from the built collection: they must not be excluded from it.
    galaxy = load_yaml(os.path.join(REPO, 'galaxy.yml'))
    for pattern in galaxy.get('build_ignore', []):
        for path in ('meta/execution-environment.yml', dependencies['python']):
            assert not path.startswith(pattern.rstrip('*')), pattern


# ---------------------------------------------------------------------------------------------
# A job through ansible-runner with the credential injected
# ---------------------------------------------------------------------------------------------


def test_job_with_injected_credential(emulator, account, tmp_path, monkeypatch):
    # ansible-runner hands the job its own environment plus envvars: make sure no credential
    # can come from anywhere but the injectors.
    for name in list(os.environ):
        if name.startswith('BAIDUCLOUD_') and name != 'BAIDUCLOUD_EMULATOR_URL':
            monkeypatch.delenv(name)
    # ansible-runner looks ansible-playbook up on PATH: use the one next to this interpreter.
    monkeypatch.setenv('PATH', os.path.dirname(sys.executable) + os.pathsep + os.environ.get('PATH', ''))
    credential_type = load_yaml(CREDENTIAL_TYPE)
    inputs = dict(account, endpoint=emulator.base_url)
    env = render_injectors(credential_type, inputs)
    assert env['BAIDUCLOUD_SECRET_KEY'] == account['secret_key']
    env.update(
        {
            'ANSIBLE_COLLECTIONS_PATH': collections_path(),
            'ANSIBLE_LOCALHOST_WARNING': 'false',
            'ANSIBLE_INVENTORY_UNPARSED_WARNING': 'false',
            'ANSIBLE_NOCOLOR': 'true',
        }
    )
    extravars = {
        'nat_default_route_vpc_id': VPC,
        'nat_default_route_nat_gateway_id': NAT,
        'nat_default_route_source_addresses': [SOURCE],
    }
    rule_task = 'Route 0.0.0.0/0 through the NAT gateway'

    # The "check" job template: --check --diff, no write.
    private, runner = run_job(tmp_path, 'check', env, extravars, cmdline='--check --diff')
    assert runner.status == 'successful', runner.stdout.read()
    results = task_results(runner, rule_task)
    assert len(results) == 1 and results[0]['res']['changed'] is True
    assert results[0]['res']['plan'][0]['action'] == 'create'
    assert results[0]['res']['diff']['after']['next_hop_id'] == NAT
    assert emulator.rules() == []
    assert emulator.writes() == []
    assert_secret_not_leaked(private, runner, account['secret_key'])

    # The "run" job template, verbose as a debugging operator would set it.
    private, runner = run_job(tmp_path, 'run', env, extravars, verbosity=3)
    assert runner.status == 'successful', runner.stdout.read()
    rules = [rule for rule in emulator.rules() if rule['sourceAddress'] == SOURCE]
    assert len(rules) == 1
    assert rules[0]['destinationAddress'] == '0.0.0.0/0'
    assert rules[0]['nexthopType'] == 'nat'
    assert rules[0]['nexthopId'] == NAT
    assert len(emulator.writes()) == 1
    assert all(call['access_key'] == account['access_key'] for call in emulator.writes())
    assert_secret_not_leaked(private, runner, account['secret_key'])

    # Running the job again changes nothing.
    private, runner = run_job(tmp_path, 'rerun', env, extravars)
    assert runner.status == 'successful', runner.stdout.read()
    assert not runner.stats['changed']
    assert len(emulator.writes()) == 1
    assert_secret_not_leaked(private, runner, account['secret_key'])
