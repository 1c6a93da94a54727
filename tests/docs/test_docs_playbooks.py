# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Docs as tests: every playbook we ship for users to copy runs against the emulator the way the docs say.

Covered: examples/ (the demo, the fleet play with its emulator inventory), docs/awx/playbooks/ (with the AWX
guide's job template variables and the environment its credential type injects), the example playbook of each
role README, and every YAML block of the README that is a play. Each runs as a user would run it: the file as
shipped (a README block is written to a file as it is), the venv's ansible-playbook, the documented command and
variables; in check mode (no write), for real (the documented rules, exactly), and again (nothing changes, no
write). The only edit is the emulator's port in a file that names `make emulator`'s 8780.

One emulator for the session (in this process, port 0), seeded with the default fixture plus the VPC the docs
name (documented_vpc.json), reset through its admin API before each playbook.

Run: .venv/bin/python -m pytest -q -p no:cacheprovider tests/docs   (make docs-tests)
"""

import ast
import json
import os
import re
import shlex
import subprocess
import sys

import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from tests.emulator.admin_client import AdminClient  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator.server import start_emulator  # noqa: E402  pylint: disable=wrong-import-position

BIN = os.path.dirname(sys.executable)
HERE = os.path.dirname(os.path.abspath(__file__))
README = os.path.join(REPO, 'README.md')
ROLE_READMES = dict(
    (role, os.path.join(REPO, 'roles', role, 'README.md')) for role in ('nat_default_route', 'vpn_default_route')
)
AWX_GUIDE = os.path.join(REPO, 'docs', 'awx', 'README.md')
AWX_PLAYBOOK = os.path.join(REPO, 'docs', 'awx', 'playbooks', 'nat_default_route.yml')
CREDENTIAL_TYPE = os.path.join(REPO, 'docs', 'awx', 'credential_type.yml')
FLEET_PLAYBOOK = os.path.join(REPO, 'examples', 'fleet_nat_default_route.yml')
EMULATOR_INVENTORY = os.path.join(REPO, 'examples', 'emulator.baiducloud_vpc.yml')
DEMO = os.path.join(REPO, 'examples', 'demo.yml')
DOCUMENTED_PORT = '8780'  # make emulator's default, which the emulator examples name
ACCESS_KEY, SECRET = 'emulator-ak', 'emulator-sk'
DOCS_TABLE = 'rt-docs00000001'  # of vpc-56rj0s4ha42a, the VPC the README and the role READMEs use
DEMO_TABLE = 'rt-emu1demo0001'
K8S_TABLE = 'rt-emu2demo0001'
NAT_DEFAULT = ('0.0.0.0/0', '0.0.0.0/0')


# ------------------------------------------------------------------------------------------ the emulator


def load_json(path):
    with open(path) as handle:
        return json.load(handle)


def read(path):
    with open(path) as handle:
        return handle.read()


@pytest.fixture(scope='session')
def emulator():
    fixture = load_json(os.path.join(REPO, 'tests', 'emulator', 'fixture.json'))
    documented = dict(
        (k, v) for k, v in load_json(os.path.join(HERE, 'documented_vpc.json')).items() if k != '_comment'
    )
    fixture['vpcs'].append(documented)
    handle = start_emulator(fixture=fixture, port=0)
    try:
        yield handle
    finally:
        handle.stop()


class Emulator(object):
    def __init__(self, handle):
        self.url = handle.base_url
        self.port = self.url.rsplit(':', 1)[1]
        self.admin = AdminClient(self.url)

    def writes(self):
        return [call for call in self.admin.calls() if call['method'] in ('POST', 'PUT', 'DELETE')]

    def rules(self, table_id):
        """{(source, destination): (next hop type, next hop id, description)} of the table's custom rules."""
        return dict(
            ((r['sourceAddress'], r['destinationAddress']), (r['nexthopType'], r['nexthopId'], r.get('description')))
            for r in self.admin.table_rules(table_id)
            if r['nexthopType'] != 'sys'
        )

    def tables(self):
        return dict((t['routeTableId'], t) for t in self.admin.state()['state']['tables'])


@pytest.fixture
def emu(emulator):
    """The session's emulator, reset to its fixture through the admin API."""
    emu = Emulator(emulator)
    emu.admin.reset()
    return emu


# ------------------------------------------------------------------------------------------ running ansible


def user_env(tmp_path, **extra):
    """A user's shell after the README's setup: the venv on PATH, the collection found through
    ANSIBLE_COLLECTIONS_PATH (tools/collection_path.sh), nothing of this test run's own environment."""
    env = dict(
        (k, v)
        for k, v in os.environ.items()
        if not k.startswith(('ANSIBLE_', 'BAIDUCLOUD_')) and not k.lower().endswith('_proxy')
    )
    collections = subprocess.check_output([os.path.join(REPO, 'tools', 'collection_path.sh')], universal_newlines=True)
    env.update(
        {
            'ANSIBLE_COLLECTIONS_PATH': collections.strip(),
            'ANSIBLE_LOCAL_TEMP': str(tmp_path / 'ansible-tmp'),
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            'PATH': BIN + os.pathsep + os.environ.get('PATH', ''),
        }
    )
    env.update(extra)
    return env


def ansible_playbook(args, env, cwd=REPO):
    if args[0] in ('ansible-playbook', '.venv/bin/ansible-playbook'):
        args = args[1:]
    result = subprocess.run(
        [os.path.join(BIN, 'ansible-playbook')] + list(args),
        env=env,
        cwd=str(cwd),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=300,
        check=False,
    )
    result.output = result.stdout + result.stderr
    assert SECRET not in result.output
    return result


def recap(output):
    """{host: {'ok': n, 'changed': n, 'failed': n, ...}} from the PLAY RECAP."""
    stats = {}
    for host, counts in re.findall(r'^(\S+)\s+:\s+(ok=.*)$', output, re.M):
        stats[host] = dict((k, int(v)) for k, v in re.findall(r'(\w+)=(\d+)', counts))
    assert stats, output
    return stats


def converges(emu, run, tables, expected, must_change=True):
    """The documented life cycle: --check --diff writes nothing and plans a change, the real run leaves exactly the
    documented rules, the re-run changes nothing and writes nothing. `run(extra_args)` runs the playbook."""
    before = dict((table, emu.rules(table)) for table in tables)
    check = run(['--check', '--diff'])
    assert check.returncode == 0, check.output
    assert emu.writes() == [], check.output
    assert dict((table, emu.rules(table)) for table in tables) == before
    if must_change:
        assert any(s['changed'] for s in recap(check.stdout).values()), check.output
    assert '--- before' in check.stdout  # the diff a reviewer approves

    apply = run([])
    assert apply.returncode == 0, apply.output
    assert dict((table, emu.rules(table)) for table in tables) == expected, apply.output
    if must_change:
        assert emu.writes(), apply.output

    emu.admin.clear_calls()
    again = run([])
    assert again.returncode == 0, again.output
    assert all(s['changed'] == 0 for s in recap(again.stdout).values()), again.output
    assert emu.writes() == [], again.output
    assert dict((table, emu.rules(table)) for table in tables) == expected
    return check, apply, again


# ------------------------------------------------------------------------------------------ README blocks


def yaml_blocks(path):
    """Every fenced ```yaml block of a Markdown file, parsed."""
    return [yaml.safe_load(block) for block in re.findall(r'^```yaml\n(.*?)^```', read(path), re.M | re.S)]


def is_play(block):
    return isinstance(block, list) and bool(block) and all(isinstance(p, dict) and 'hosts' in p for p in block)


def plays_of(path):
    return dict((block[0]['name'], block) for block in yaml_blocks(path) if is_play(block))


def write_play(tmp_path, play, name='site.yml'):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(play, sort_keys=False))
    return path


def on_emulator_port(emu, text):
    return text.replace('127.0.0.1:' + DOCUMENTED_PORT, '127.0.0.1:' + emu.port)


# What each README play does when run as documented: (play name, how to run it, the tables it writes, the rules
# those tables hold afterwards). A play added to a README without an entry here fails
# test_every_readme_play_is_run.
README_PLAYS = {
    'README.md': ['Routes of the app subnet', 'My routes'],
    'nat_default_route': ['Internet egress through the NAT gateway'],
    'vpn_default_route': ['Reach the data centre through the VPN gateway'],
}


def test_every_readme_play_is_run():
    """Every play in a README (and only plays: the other YAML blocks are inventory files) has its test below."""
    found = {'README.md': sorted(plays_of(README))}
    for role, path in ROLE_READMES.items():
        found[role] = sorted(plays_of(path))
    assert found == dict((k, sorted(v)) for k, v in README_PLAYS.items())
    others = [b for b in yaml_blocks(README) if not is_play(b)]
    assert others and all(isinstance(b, dict) and b.get('plugin') == 'baiducloud.vpc.vpc' for b in others), others


def test_readme_inventory_blocks_use_documented_options():
    """The README's inventory files only use options the plugin documents (ansible-doc -t inventory)."""
    source = ast.parse(read(os.path.join(REPO, 'plugins', 'inventory', 'vpc.py')))
    (documentation,) = [
        node.value.value
        for node in source.body
        if isinstance(node, ast.Assign) and [t.id for t in node.targets] == ['DOCUMENTATION']
    ]
    options = set(yaml.safe_load(documentation)['options']) | {'plugin'}
    for block in yaml_blocks(README):
        if not is_play(block):
            assert set(block) <= options, set(block) - options


def test_readme_credentials_play(emu, tmp_path):
    """README, Authentication: the play with module_defaults; the vault variables given with -e, the endpoint of the
    emulator from BAIDUCLOUD_ENDPOINT (it overrides the play's region, as the table says)."""
    play = write_play(tmp_path, plays_of(README)['Routes of the app subnet'])
    env = user_env(tmp_path, BAIDUCLOUD_ENDPOINT=emu.url)
    secrets = ['-e', 'vault_bce_access_key=' + ACCESS_KEY, '-e', 'vault_bce_secret_key=' + SECRET]
    converges(
        emu,
        lambda extra: ansible_playbook([str(play)] + secrets + extra, env, cwd=tmp_path),
        [DOCS_TABLE],
        {DOCS_TABLE: {('192.168.0.0/20', '0.0.0.0/0'): ('nat', 'nat-bdidwhwfwc6p', '')}},
    )


def test_readme_own_playbook_on_the_emulator(emu, tmp_path):
    """README, Run your own playbook: my_playbook.yml with the documented commands, the venv's ansible-playbook."""
    play = write_play(tmp_path, yaml.safe_load(on_emulator_port(emu, yaml.safe_dump(plays_of(README)['My routes']))))
    commands = documented_commands(README, 'my_playbook.yml')
    assert commands == ['.venv/bin/ansible-playbook my_playbook.yml --check --diff']
    args = shlex.split(commands[0])[:2]
    assert args == ['.venv/bin/ansible-playbook', 'my_playbook.yml']
    env = user_env(tmp_path)
    converges(
        emu,
        lambda extra: ansible_playbook(['ansible-playbook', str(play)] + extra, env, cwd=tmp_path),
        [DEMO_TABLE],
        {DEMO_TABLE: {('0.0.0.0/0', '10.10.0.0/16'): ('vpn', 'vpn-emu1demo0001', 'office')}},
    )


def documented_commands(path, needle):
    """The shell lines of a Markdown file's ```bash blocks that contain needle, comments stripped."""
    lines = []
    for block in re.findall(r'^```bash\n(.*?)^```', read(path), re.M | re.S):
        for line in block.splitlines():
            line = line.split('  #')[0].strip()
            if needle in line and not line.startswith('export'):
                lines.append(line)
    return lines


@pytest.mark.parametrize('role', sorted(ROLE_READMES))
def test_role_readme_example(emu, tmp_path, role):
    """The role README's example playbook, credentials from the environment as it says."""
    (name,) = README_PLAYS[role]
    play = write_play(tmp_path, plays_of(ROLE_READMES[role])[name])
    env = user_env(
        tmp_path, BAIDUCLOUD_ACCESS_KEY=ACCESS_KEY, BAIDUCLOUD_SECRET_KEY=SECRET, BAIDUCLOUD_ENDPOINT=emu.url
    )
    expected = {
        'nat_default_route': {
            ('192.168.0.0/20', '0.0.0.0/0'): ('nat', 'nat-bdidwhwfwc6p', 'internet egress'),
            ('192.168.16.0/20', '0.0.0.0/0'): ('nat', 'nat-bdidwhwfwc6p', 'internet egress'),
        },
        'vpn_default_route': {
            ('192.168.0.0/20', '10.10.0.0/16'): ('vpn', 'vpn-snx074964j9d', ''),
            ('192.168.0.0/20', '172.16.0.0/12'): ('vpn', 'vpn-snx074964j9d', ''),
            NAT_DEFAULT: ('vpn', 'vpn-snx074964j9d', ''),
        },
    }[role]
    converges(
        emu,
        lambda extra: ansible_playbook([str(play)] + extra, env, cwd=tmp_path),
        [DOCS_TABLE],
        {DOCS_TABLE: expected},
    )


# ------------------------------------------------------------------------------------------ AWX


def awx_job_env(tmp_path, emu):
    """The environment the credential type's injectors give a job (every injector, empty fields as '')."""
    injectors = yaml.safe_load(read(CREDENTIAL_TYPE))['injectors']['env']
    inputs = {'access_key': ACCESS_KEY, 'secret_key': SECRET, 'endpoint': emu.url}
    env = {}
    for name, template in injectors.items():
        field = re.match(r'^\{\{\s*(\w+)\s*\}\}$', template).group(1)
        env[name] = inputs.get(field, '')
    return user_env(tmp_path, **env)


def guide_extra_vars():
    """extra_vars of the AWX guide's job template task."""
    for block in yaml_blocks(AWX_GUIDE):
        for task in block if isinstance(block, list) else []:
            if 'ansible.controller.job_template' in task:
                return task['ansible.controller.job_template']['extra_vars']
    raise AssertionError('the AWX guide has no job_template task')


def guide_by_name(extra_vars):
    """The guide's sentence "replace `a: b` with `c: d`" applied to its extra_vars."""
    found = re.search(r'replace `(\w+): (\S+)`\s+with `(\w+): (\S+)`', read(AWX_GUIDE))
    assert found, 'the AWX guide no longer says how to give the gateway by name'
    old_key, old_value, new_key, new_value = found.groups()
    assert extra_vars.pop(old_key) == old_value
    extra_vars[new_key] = new_value
    return extra_vars


@pytest.mark.parametrize('gateway', ['id', 'name'])
def test_awx_job_playbook_with_the_guides_variables(emu, tmp_path, gateway):
    """docs/awx/playbooks/nat_default_route.yml: a Check job with Show Changes, then Run jobs, with the guide's
    extra_vars (and its by-name variant), the environment the credential injects, on the implicit localhost."""
    extra_vars = guide_extra_vars()
    if gateway == 'name':
        extra_vars = guide_by_name(extra_vars)
    vars_file = tmp_path / 'extra_vars.json'
    vars_file.write_text(json.dumps(extra_vars))
    env = awx_job_env(tmp_path, emu)
    check, apply, again = converges(
        emu,
        lambda extra: ansible_playbook([AWX_PLAYBOOK, '-e', '@' + str(vars_file)] + extra, env),
        [DOCS_TABLE],
        {
            DOCS_TABLE: dict(
                ((source, '0.0.0.0/0'), ('nat', 'nat-bdidwhwfwc6p', ''))
                for source in extra_vars['nat_default_route_source_addresses']
            )
        },
    )
    gateway_text = 'nat-bdidwhwfwc6p' if gateway == 'id' else 'nat-egress'
    for run in (check, apply, again):
        assert '2 rule(s) through NAT gateway %s from 192.168.0.0/20, 192.168.16.0/20' % gateway_text in run.stdout


def test_awx_guide_agrees_with_the_credential_type():
    """The guide calls a field required exactly when the credential type requires it."""
    credential_type = yaml.safe_load(read(CREDENTIAL_TYPE))
    fields = [field['id'] for field in credential_type['inputs']['fields']]
    sentence = re.search(r'^Fields: (.*?)\.\s', read(AWX_GUIDE), re.M | re.S).group(1)
    said = dict(re.findall(r'`(\w+)` \((required|optional)', sentence))
    assert sorted(said) == sorted(fields)
    assert sorted(k for k, v in said.items() if v == 'required') == sorted(credential_type['inputs']['required'])


# ------------------------------------------------------------------------------------------ the fleet


def fleet_inventory(emu, directory, **changes):
    """examples/emulator.baiducloud_vpc.yml as shipped, on the session emulator's port (and with changes)."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / 'emulator.baiducloud_vpc.yml'
    text = on_emulator_port(emu, read(EMULATOR_INVENTORY))
    if changes:
        config = yaml.safe_load(text)
        config.update(changes)
        text = yaml.safe_dump(config)
    path.write_text(text)
    return str(path)


def fleet_env(tmp_path, **extra):
    """The README's fleet setup: the variables its fleet block exports (ANSIBLE_COLLECTIONS_PATH is user_env's)."""
    exported = {}
    for block in re.findall(r'^```bash\n(.*?)^```', read(README), re.M | re.S):
        if 'examples/emulator.baiducloud_vpc.yml' in block:
            for line in block.splitlines():
                if line.startswith('export '):
                    exported.update(word.split('=', 1) for word in shlex.split(line)[1:])
    assert exported.pop('ANSIBLE_COLLECTIONS_PATH') == '$(tools/collection_path.sh)'
    assert exported == {
        'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true',
        'BAIDUCLOUD_ACCESS_KEY': ACCESS_KEY,
        'BAIDUCLOUD_SECRET_KEY': SECRET,
    }
    exported.update(extra)
    return user_env(tmp_path, **exported)


def fleet_commands():
    commands = [
        shlex.split(line) for line in documented_commands(README, '-i examples/emulator.baiducloud_vpc.yml examples/')
    ]
    assert [c[-2:] for c in commands] == [['--check', '--diff'], ['--forks', '10']], commands
    return commands


def run_fleet_command(command, inventory, env, *extra):
    """A documented fleet command with the inventory file swapped for the port-adjusted copy."""
    args = [inventory if arg == 'examples/emulator.baiducloud_vpc.yml' else arg for arg in command]
    return ansible_playbook(args + list(extra), env)


TAGGED = {
    DEMO_TABLE: 'nat-emu1demo0001',
    K8S_TABLE: 'nat-emu2demo0001',
    DOCS_TABLE: 'nat-bdidwhwfwc6p',
}


def fleet_expected(emu, gateways):
    """The fixture's rules of each VPC's main table plus the default route through its gateway."""
    tables = {}
    for table, gateway in gateways.items():
        rules = dict(emu.rules(table))
        rules[NAT_DEFAULT] = ('nat', gateway, 'default route through the NAT gateway')
        tables[table] = rules
    return tables


def test_fleet_readme_commands_on_the_emulator(emu, tmp_path):
    """README, A fleet of VPCs: the two documented commands on the emulator inventory; every VPC routes through
    the gateway of its nat-gateway tag."""
    check_command, apply_command = fleet_commands()
    inventory = fleet_inventory(emu, tmp_path / 'inv')
    env = fleet_env(tmp_path)
    expected = fleet_expected(emu, TAGGED)

    check = run_fleet_command(check_command, inventory, env)
    assert check.returncode == 0, check.output
    assert emu.writes() == []
    changed = sorted(host for host, stats in recap(check.stdout).items() if stats['changed'])
    assert changed == ['vpc-56rj0s4ha42a', 'vpc-emu1demo0001', 'vpc-emu2demo0001'], check.output
    apply = run_fleet_command(apply_command, inventory, env)
    assert apply.returncode == 0, apply.output
    assert dict((t, emu.rules(t)) for t in TAGGED) == expected
    emu.admin.clear_calls()
    again = run_fleet_command(apply_command, inventory, env)
    assert again.returncode == 0, again.output
    assert all(s['changed'] == 0 for s in recap(again.stdout).values()) and emu.writes() == []


def test_fleet_gateway_per_host_wins_over_the_tag(emu, tmp_path):
    """fleet_nat_gateway_id in host_vars next to the inventory file wins over the VPC's tag, as the play says."""
    (tmp_path / 'inv' / 'host_vars').mkdir(parents=True)
    (tmp_path / 'inv' / 'host_vars' / 'vpc-emu1demo0001.yml').write_text('fleet_nat_gateway_id: nat-emu1demo0002\n')
    inventory = fleet_inventory(emu, tmp_path / 'inv')
    dummy, apply_command = fleet_commands()
    expected = fleet_expected(emu, dict(TAGGED, **{DEMO_TABLE: 'nat-emu1demo0002'}))
    apply = run_fleet_command(apply_command, inventory, fleet_env(tmp_path))
    assert apply.returncode == 0, apply.output
    assert dict((t, emu.rules(t)) for t in TAGGED) == expected


def test_fleet_fails_on_an_empty_inventory_unless_told(emu, tmp_path):
    """An inventory that yields no VPC fails the play (rc 2), unless fleet_allow_empty is set."""
    inventory = fleet_inventory(emu, tmp_path / 'inv', tags={'env': 'nowhere'})
    dummy, apply_command = fleet_commands()
    empty = run_fleet_command(apply_command, inventory, fleet_env(tmp_path))
    assert empty.returncode == 2, empty.output
    assert 'The inventory yields no VPC' in empty.stdout and 'fleet_allow_empty=true' in empty.stdout
    allowed = run_fleet_command(apply_command, inventory, fleet_env(tmp_path), '-e', 'fleet_allow_empty=true')
    assert allowed.returncode == 0, allowed.output
    assert emu.writes() == []


@pytest.mark.parametrize('unparsed_failed', [False, True])
def test_fleet_with_a_wrong_secret_fails_and_names_the_credential(emu, tmp_path, unparsed_failed):
    """A wrong secret key never exits 0: the play fails on the empty fleet, or (as the README advises for the CLI)
    ANSIBLE_INVENTORY_UNPARSED_FAILED=true fails the inventory itself; either way the output says what to check."""
    inventory = fleet_inventory(emu, tmp_path / 'inv')
    # As the README exports it, and without it (a shell that did not): both must fail.
    env = fleet_env(tmp_path, ANSIBLE_INVENTORY_UNPARSED_FAILED='true' if unparsed_failed else 'false')
    env['BAIDUCLOUD_SECRET_KEY'] = 'not-the-secret'
    dummy, apply_command = fleet_commands()
    result = run_fleet_command(apply_command, inventory, env)
    assert result.returncode != 0, result.output
    flat = ' '.join(result.output.split())
    assert 'check that secret_key (or BAIDUCLOUD_SECRET_KEY) is the secret of access_key' in flat
    assert 'set region_errors: warn' not in flat
    if unparsed_failed:
        assert 'PLAY [' not in result.stdout
    else:
        assert 'The inventory yields no VPC' in result.stdout
    assert 'ANSIBLE_INVENTORY_UNPARSED_FAILED=true' in read(README)
    assert emu.writes() == []


# ------------------------------------------------------------------------------------------ the demo


def test_demo_as_make_demo_runs_it(emu, tmp_path):
    """examples/demo.yml with make demo's settings: every step's call counts, short loop labels, the final table."""
    env = user_env(
        tmp_path,
        BAIDUCLOUD_EMULATOR_URL=emu.url,
        ANSIBLE_LOCALHOST_WARNING='false',
        ANSIBLE_INVENTORY_UNPARSED_WARNING='false',
        ANSIBLE_STDOUT_CALLBACK='default',
        ANSIBLE_CALLBACK_RESULT_FORMAT='yaml',
    )
    result = ansible_playbook([DEMO], env)
    assert result.returncode == 0, result.output
    out = ' '.join(result.stdout.split())
    for step in ('dry run (must write nothing)', 're-apply (0 changes, reads only)'):
        assert re.search(re.escape(step) + r': \d+ API calls, 0 writes', out), step
    assert re.search(r'apply \(one write per route\): \d+ API calls, 3 writes', out)
    # Loop items are named by their rule, not printed as whole dicts.
    for label in ('192.168.0.0/20 -> 0.0.0.0/0', '0.0.0.0/0 -> 10.10.0.0/16', '0.0.0.0/0 -> 10.20.0.0/16'):
        assert '(item=%s)' % label in result.stdout, label
    assert '(item={' not in result.stdout
    rules = emu.rules(DEMO_TABLE)
    assert rules[('192.168.0.0/20', '0.0.0.0/0')] == ('nat', 'nat-emu1demo0001', 'internet egress of subnet-a')
    assert rules[('0.0.0.0/0', '10.10.0.0/16')] == ('vpn', 'vpn-emu1demo0001', 'on-premises office')
    assert ('0.0.0.0/0', '172.16.0.0/12') in rules


# ------------------------------------------------------------------------------------------ the docs site


def test_docs_site_pages_and_links(tmp_path):
    """tools/docs_pages.py (make docs): the README, the AWX guides, the role READMEs and the copied files are
    pages, and every relative link of a page points at another page of the site (the rest go to the repository)."""
    rst = tmp_path / 'rst'
    listed = subprocess.check_output(
        [sys.executable, os.path.join(REPO, 'tools', 'docs_pages.py'), REPO, str(rst)], universal_newlines=True
    ).split()
    for page in (
        'readme',
        'awx/README',
        'awx/inventory',
        'awx/approved-changes',
        'awx/execution-environment/tarball/execution-environment',
        'awx/execution-environment/galaxy/execution-environment',
        'awx/credential_type',
        'awx/playbooks/nat_default_route',
        'roles/nat_default_route',
        'roles/vpn_default_route',
        'examples/fleet_nat_default_route',
    ):
        assert page in listed and (rst / (page + '.md')).is_file(), page
    for page in listed:
        text = (rst / (page + '.md')).read_text()
        prose = re.sub(r'^```.*?^```', '', text, flags=re.M | re.S)
        for target in re.findall(r'\]\(([^)\s]+)\)', prose):
            if re.match(r'^[a-z][a-z0-9+.-]*:|#', target):
                continue
            linked = os.path.normpath(os.path.join(os.path.dirname(page), target.split('#')[0]))
            assert os.path.splitext(linked)[0] in listed, (page, target)
    awx = (rst / 'awx' / 'README.md').read_text()
    assert '[`inventory.md`](inventory.md)' in awx
