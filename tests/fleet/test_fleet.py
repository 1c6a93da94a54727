# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The VPC fleet end to end: the baiducloud.vpc.vpc inventory against one emulator per region, the
fleet play over it with forks, and the same play split into AWX-style job slices by ansible-runner.

Run: .venv/bin/python -m pytest -q tests/fleet   (make fleet-tests)
The emulators run in this process (port 0), one per region, each seeded from tests/emulator/fleet/<region>.json;
the writes are counted from their call logs.
"""

import copy
import json
import os
import re
import shutil
import subprocess
import sys

import ansible_runner
import pytest
import yaml

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from tests.emulator.fleet.make_fleet import COMMITTED_SIZES, fleet_fixtures  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator.server import start_emulator  # noqa: E402  pylint: disable=wrong-import-position

BIN = os.path.dirname(sys.executable)
PLAYBOOK = os.path.join(REPO, 'examples', 'fleet_nat_default_route.yml')
FIXTURES = dict(
    (region, os.path.join(REPO, 'tests', 'emulator', 'fleet', '%s.json' % region)) for region in COMMITTED_SIZES
)
SECRET = 'emulator-sk'
WRITES = ('POST', 'PUT', 'DELETE')


def load(path):
    with open(path) as handle:
        return json.load(handle)


def collections_path():
    return subprocess.check_output([os.path.join(REPO, 'tools', 'collection_path.sh')], universal_newlines=True).strip()


@pytest.fixture(scope='session')
def emulators():
    handles = dict((region, start_emulator(fixture=path, port=0)) for region, path in sorted(FIXTURES.items()))
    try:
        yield handles
    finally:
        for handle in handles.values():
            handle.stop()


@pytest.fixture
def fleet(emulators):
    """The emulators, freshly reset to their committed fixtures."""
    for region, handle in emulators.items():
        handle.emulator.reset(load(FIXTURES[region]))
    return emulators


def base_env(tmp_path):
    env = dict(
        (k, v)
        for k, v in os.environ.items()
        if not k.startswith(('ANSIBLE_', 'BAIDUCLOUD_')) and not k.lower().endswith('_proxy')
    )
    env.update(
        {
            'ANSIBLE_COLLECTIONS_PATH': collections_path(),
            'ANSIBLE_INVENTORY_ENABLED': 'baiducloud.vpc.vpc',
            # A source that does not parse must fail the command, as an AWX inventory update does.
            'ANSIBLE_INVENTORY_UNPARSED_FAILED': 'true',
            'ANSIBLE_LOCAL_TEMP': str(tmp_path / 'ansible-tmp'),
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_RETRY_FILES_ENABLED': 'false',
            # The credential type's injectors, with the optional fields left empty as AWX renders them.
            'BAIDUCLOUD_ACCESS_KEY': 'emulator-ak',
            'BAIDUCLOUD_SECRET_KEY': SECRET,
            'BAIDUCLOUD_SESSION_TOKEN': '',
            'BAIDUCLOUD_REGION': 'bj',
            'BAIDUCLOUD_ENDPOINT': '',
            'PATH': BIN + os.pathsep + os.environ.get('PATH', ''),
        }
    )
    return env


def write_inventory(directory, emulators, **options):
    config = {
        'plugin': 'baiducloud.vpc.vpc',
        'regions': sorted(emulators),
        'endpoints': dict((region, handle.base_url) for region, handle in emulators.items()),
        'api_retries': 0,
    }
    config.update(options)
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / 'fleet.baiducloud_vpc.yml'
    path.write_text(yaml.safe_dump(config))
    return str(path)


def inventory_list(tmp_path, inventory):
    result = subprocess.run(
        [os.path.join(BIN, 'ansible-inventory'), '-i', inventory, '--list'],
        env=base_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=120,
        check=False,
    )
    return result


def plain(value):
    """ansible-inventory marks strings from inventory plugins as unsafe in its JSON: unwrap them."""
    if isinstance(value, dict):
        if set(value) == {'__ansible_unsafe'}:
            return value['__ansible_unsafe']
        return dict((key, plain(item)) for key, item in value.items())
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def expected_fleet(emulators, tags=None):
    """Hosts, variables and groups computed from the fixture files themselves."""
    hostvars, groups = {}, {}
    for region, path in sorted(FIXTURES.items()):
        for vpc in load(path)['vpcs']:
            vpc_tags = dict((tag['tagKey'], tag['tagValue']) for tag in vpc['tags'])
            if tags and any(vpc_tags.get(key) != value for key, value in tags.items()):
                continue
            hostvars[vpc['vpcId']] = {
                'ansible_connection': 'local',
                'ansible_python_interpreter': '{{ ansible_playbook_python }}',
                'baiducloud_vpc_id': vpc['vpcId'],
                'baiducloud_region': region,
                'baiducloud_endpoint': emulators[region].base_url,
                'baiducloud_name': vpc['name'],
                'baiducloud_cidr': vpc['cidr'],
                'baiducloud_secondary_cidrs': vpc['secondaryCidr'],
                'baiducloud_ipv6_cidr': vpc['ipv6Cidr'],
                'baiducloud_is_default': vpc['isDefault'],
                'baiducloud_tags': vpc_tags,
                'baiducloud_created_time': vpc['createdTime'],
            }
            groups.setdefault('baiducloud_region_' + region, []).append(vpc['vpcId'])
            if vpc['isDefault']:
                groups.setdefault('baiducloud_default_vpc', []).append(vpc['vpcId'])
    return hostvars, groups


def writes(emulators):
    return dict(
        (region, [call for call in handle.emulator.calls.list() if call['method'] in WRITES])
        for region, handle in emulators.items()
    )


def clear_calls(emulators):
    for handle in emulators.values():
        handle.emulator.calls.clear()


def nat_rules(emulators):
    """{vpcId: [(source, destination, next hop type, next hop id)]} of every custom rule in the fleet."""
    rules = {}
    for handle in emulators.values():
        state = handle.emulator.state.snapshot()
        for table in state['tables']:
            rules[table['vpcId']] = [
                (r['sourceAddress'], r['destinationAddress'], r['nexthopType'], r['nexthopId'])
                for r in table['routeRules']
                if r['nexthopType'] != 'sys'
            ]
    return rules


# ------------------------------------------------------------------------------------------ inventory


def test_fixture_is_a_real_fleet():
    vpcs = [vpc for path in FIXTURES.values() for vpc in load(path)['vpcs']]
    assert len(FIXTURES) >= 3 and len(vpcs) >= 20
    assert all(vpc['tags'] for vpc in vpcs)
    assert sorted(v['name'] for v in vpcs).count('default') == len(FIXTURES)  # names collide, ids do not
    # The committed files are what the generator writes.
    assert dict((region, load(path)) for region, path in FIXTURES.items()) == json.loads(json.dumps(fleet_fixtures()))


def test_inventory_list_gives_exactly_the_fleet(fleet, tmp_path):
    result = inventory_list(tmp_path, write_inventory(tmp_path / 'inv', fleet, fetch_route_tables=True, concurrency=3))
    assert result.returncode == 0, result.stderr
    listed = plain(json.loads(result.stdout))
    hostvars, groups = expected_fleet(fleet)
    for path in FIXTURES.values():
        for vpc in load(path)['vpcs']:
            hostvars[vpc['vpcId']]['baiducloud_route_table_id'] = vpc['routeTable']['routeTableId']
    assert len(hostvars) == sum(COMMITTED_SIZES.values())
    assert listed['_meta']['hostvars'] == hostvars
    for group, hosts in groups.items():
        assert listed[group]['hosts'] == sorted(hosts), group
    assert sorted(listed['baiducloud_vpc']['children']) == sorted(groups)
    assert 'baiducloud_vpc' in listed['all']['children']
    assert SECRET not in result.stdout + result.stderr
    # One listing per region and one route table read per VPC, nothing else, no write.
    calls = [call for handle in fleet.values() for call in handle.emulator.calls.list()]
    assert sorted(call['path'] for call in calls if call['path'] != '/v1/route') == ['/v1/vpc'] * len(FIXTURES)
    assert sorted(call['query']['vpcId'] for call in calls if call['path'] == '/v1/route') == sorted(hostvars)
    assert all(call['method'] == 'GET' for call in calls)


def test_inventory_filters_by_tags_and_follows_pages(emulators, tmp_path):
    """One region with 1,005 VPCs: two pages of maxKeys=1000, every VPC a host."""
    big = fleet_fixtures({'bj': 1005})['bj']
    emulators['bj'].emulator.reset(big)
    try:
        only_bj = {'bj': emulators['bj']}
        result = inventory_list(tmp_path, write_inventory(tmp_path / 'inv', only_bj, tags={'env': 'staging'}))
        assert result.returncode == 0, result.stderr
        listed = plain(json.loads(result.stdout))
        staging = sorted(v['vpcId'] for v in big['vpcs'] if {'tagKey': 'env', 'tagValue': 'staging'} in v['tags'])
        assert sorted(listed['_meta']['hostvars']) == staging and len(staging) == 335
        pages = [call for call in emulators['bj'].emulator.calls.list() if call['path'] == '/v1/vpc']
        assert [(call['query'].get('maxKeys'), 'marker' in call['query']) for call in pages] == [
            ('1000', False),
            ('1000', True),
        ]
    finally:
        emulators['bj'].emulator.reset(load(FIXTURES['bj']))


def test_a_failing_region_fails_the_inventory(fleet, tmp_path):
    fleet['gz'].emulator.faults.add(
        [
            {
                'path': '^/v1/vpc$',
                'action': 'error',
                'status': 403,
                'code': 'AccessDenied',
                'message': 'no VPC read permission',
                'times': 10,
            }
        ]
    )
    result = inventory_list(tmp_path, write_inventory(tmp_path / 'inv', fleet))
    assert result.returncode != 0
    assert 'cannot list the VPCs of gz' in result.stderr and 'AccessDenied' in result.stderr
    assert SECRET not in result.stdout + result.stderr


def test_region_errors_warn_lists_the_other_regions(fleet, tmp_path):
    fleet['gz'].emulator.faults.add(
        [
            {
                'path': '^/v1/vpc$',
                'action': 'error',
                'status': 403,
                'code': 'AccessDenied',
                'message': 'no VPC read permission',
                'times': 10,
            }
        ]
    )
    result = inventory_list(tmp_path, write_inventory(tmp_path / 'inv', fleet, region_errors='warn'))
    assert result.returncode == 0, result.stderr
    assert 'skipped region gz' in result.stderr and 'AccessDenied' in result.stderr
    hosts = sorted(plain(json.loads(result.stdout))['_meta']['hostvars'])
    hostvars, dummy = expected_fleet(fleet)
    assert hosts == sorted(h for h, v in hostvars.items() if v['baiducloud_region'] != 'gz')


# ------------------------------------------------------------------------------------------ fleet play


def run_playbook(tmp_path, inventory, *args):
    command = [os.path.join(BIN, 'ansible-playbook'), '-i', inventory, PLAYBOOK] + list(args)
    return subprocess.run(
        command,
        env=base_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=600,
        check=False,
    )


def prod_hosts(emulators):
    hostvars, dummy = expected_fleet(emulators, tags={'env': 'prod'})
    return sorted(hostvars)


def expected_rules(emulators):
    """Every prod VPC routes 0.0.0.0/0 through its tagged NAT gateway; every other VPC is untouched."""
    hostvars, dummy = expected_fleet(emulators)
    return dict(
        (
            vpc_id,
            [('0.0.0.0/0', '0.0.0.0/0', 'nat', v['baiducloud_tags']['nat-gateway'])]
            if v['baiducloud_tags']['env'] == 'prod'
            else [],
        )
        for vpc_id, v in hostvars.items()
    )


def test_fleet_play_checks_converges_and_is_idempotent(fleet, tmp_path):
    inventory = write_inventory(tmp_path / 'inv', fleet, tags={'env': 'prod'})
    hosts = prod_hosts(fleet)
    assert len(hosts) >= 15

    check = run_playbook(tmp_path, inventory, '--forks', '10', '--check', '--diff')
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count('changed=1') == len(hosts)
    assert sum(len(calls) for calls in writes(fleet).values()) == 0

    apply = run_playbook(tmp_path, inventory, '--forks', '10')
    assert apply.returncode == 0, apply.stdout + apply.stderr
    assert apply.stdout.count('changed=1') == len(hosts)
    created = [call for calls in writes(fleet).values() for call in calls]
    assert len(created) == len(hosts) and all(c['method'] == 'POST' and c['path'] == '/v1/route/rule' for c in created)
    assert nat_rules(fleet) == expected_rules(fleet)

    clear_calls(fleet)
    again = run_playbook(tmp_path, inventory, '--forks', '10')
    assert again.returncode == 0, again.stdout + again.stderr
    # Every VPC, and localhost, where the play's first play checks that the inventory is not empty.
    assert again.stdout.count('changed=0') == len(hosts) + 1 and 'changed=1' not in again.stdout
    assert re.search(r'^localhost\s+: ok=1\s+changed=0', again.stdout, re.M)
    assert sum(len(calls) for calls in writes(fleet).values()) == 0
    assert nat_rules(fleet) == expected_rules(fleet)
    assert SECRET not in check.stdout + apply.stdout + again.stdout + check.stderr + apply.stderr + again.stderr


def test_awx_job_slices_converge_the_union_exactly_once(fleet, tmp_path):
    """AWX job slicing: slice k of n runs the inventory's hosts[k::n] (hosts ordered by name) as its own job."""
    inventory = write_inventory(tmp_path / 'inv', fleet, tags={'env': 'prod'})
    listed = inventory_list(tmp_path, inventory)
    assert listed.returncode == 0, listed.stderr
    hosts = sorted(json.loads(listed.stdout)['_meta']['hostvars'])
    assert hosts == prod_hosts(fleet)
    slices = [hosts[offset::3] for offset in range(3)]
    assert sorted(sum(slices, [])) == hosts and all(slices)

    env = base_env(tmp_path)
    ran = []
    for number, hosts_of_slice in enumerate(slices, 1):
        private = tmp_path / ('slice%d' % number)
        (private / 'project').mkdir(parents=True)
        shutil.copy(PLAYBOOK, str(private / 'project' / 'fleet.yml'))
        (private / 'inventory').mkdir()
        shutil.copy(inventory, str(private / 'inventory' / 'fleet.baiducloud_vpc.yml'))
        runner = ansible_runner.run(
            private_data_dir=str(private),
            playbook='fleet.yml',
            envvars=copy.deepcopy(env),
            limit=','.join(hosts_of_slice),
            forks=5,
            quiet=True,
            suppress_env_files=True,
            timeout=600,
        )
        assert runner.status == 'successful', runner.stdout.read()
        stats = runner.stats
        ran.extend(sorted(stats['ok']))
        assert sorted(stats['changed']) == sorted(hosts_of_slice)
    assert sorted(ran) == hosts

    created = [call for calls in writes(fleet).values() for call in calls]
    assert len(created) == len(hosts)
    assert nat_rules(fleet) == expected_rules(fleet)


def test_a_region_known_only_through_endpoints_converges(emulators, tmp_path):
    """A region the collection has never heard of (new, or a proxy), named only in the inventory's endpoints: the
    inventory passes it to every task as region, beside the endpoint, and the modules accept it (reference 8)."""
    handle = emulators['gz']
    handle.emulator.reset(load(FIXTURES['gz']))
    try:
        # regions: [xy-new1], endpoints: {xy-new1: the emulator}; no documented region is contacted (offline).
        inventory = write_inventory(tmp_path / 'inv', {'xy-new1': handle}, tags={'env': 'prod'})
        hosts = sorted(
            v['vpcId'] for v in load(FIXTURES['gz'])['vpcs'] if {'tagKey': 'env', 'tagValue': 'prod'} in v['tags']
        )
        assert hosts
        apply = run_playbook(tmp_path, inventory, '--forks', '10')
        assert apply.returncode == 0, apply.stdout + apply.stderr
        assert apply.stdout.count('changed=1') == len(hosts)
        created = [c for c in handle.emulator.calls.list() if c['method'] in WRITES]
        assert len(created) == len(hosts)
        handle.emulator.calls.clear()
        again = run_playbook(tmp_path, inventory, '--forks', '10')
        assert again.returncode == 0, again.stdout + again.stderr
        # Every VPC, and localhost, where the play's first play checks that the inventory is not empty.
        assert again.stdout.count('changed=0') == len(hosts) + 1 and 'changed=1' not in again.stdout
        assert [c for c in handle.emulator.calls.list() if c['method'] in WRITES] == []
    finally:
        handle.emulator.reset(load(FIXTURES['gz']))


HELPER = os.path.join(REPO, 'docs', 'awx', 'approved_plans.py')
TASK = 'Route 0.0.0.0/0 through the NAT gateway'


def refusals(stdout):
    """{host: msg} of every failed task in an ansible-playbook output (default callback, one JSON per failure)."""
    found = {}
    for match in re.finditer(r'^fatal: \[([^\]]+)\]: FAILED! => (.*)$', stdout, re.M):
        found[match.group(1)] = json.loads(match.group(2))['msg']
    return found


def writes_per_region(emulators):
    return dict((region, len(calls)) for region, calls in writes(emulators).items() if calls)


def regions_of(hostvars, hosts):
    """{region: how many of hosts are in it}: one write per host expected."""
    counts = {}
    for host in hosts:
        counts[hostvars[host]['baiducloud_region']] = counts.get(hostvars[host]['baiducloud_region'], 0) + 1
    return counts


def test_approved_plans_over_the_fleet_and_job_slices(fleet, tmp_path):
    """Issue 26: one check over the whole fleet records every VPC's plan (the documented command-line way); job
    slices, each given the same whole approved dict, write exactly their own hosts' approved changes and ignore the
    other hosts' entries; a slice run on a VPC whose table drifted after the approval is refused on that VPC only."""
    inventory = write_inventory(tmp_path / 'inv', fleet, tags={'env': 'prod'})
    hosts = prod_hosts(fleet)
    saved = tmp_path / 'approved.yml'
    check = subprocess.run(
        [sys.executable, HELPER, str(saved), '--', os.path.join(BIN, 'ansible-playbook'), '-i', inventory, PLAYBOOK]
        + ['--check', '--diff', '--forks', '10'],
        env=base_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
        timeout=600,
        check=False,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert '%d approved task plan(s) for %d host(s)' % (len(hosts), len(hosts)) in check.stderr
    assert sum(len(calls) for calls in writes(fleet).values()) == 0
    approved = yaml.load(saved.read_text(), Loader=yaml.BaseLoader)['baiducloud_approved_plans']  # !unsafe as str
    assert sorted(approved) == hosts and all(list(approved[host]) == [TASK] for host in hosts)
    assert all([c['action'] for c in approved[host][TASK]['changes']] == ['create'] for host in hosts)

    # Two slices (hosts[k::2], as AWX slices), each with the whole file: each writes its own VPCs, once each.
    slices = [hosts[0::2], hosts[1::2]]
    assert all(len(hosts_of_slice) > 1 for hosts_of_slice in slices)  # the drifted VPC has neighbours in its slice
    hostvars, dummy = expected_fleet(fleet)
    done = []
    for hosts_of_slice in slices:
        clear_calls(fleet)
        run = run_playbook(
            tmp_path, inventory, '--forks', '10', '--limit', ','.join(hosts_of_slice), '-e', '@%s' % saved
        )
        assert run.returncode == 0, run.stdout + run.stderr
        assert run.stdout.count('changed=1') == len(hosts_of_slice)
        assert writes_per_region(fleet) == regions_of(hostvars, hosts_of_slice)
        done.extend(hosts_of_slice)
        assert nat_rules(fleet) == dict((h, r if h in done else []) for h, r in expected_rules(fleet).items())
    assert nat_rules(fleet) == expected_rules(fleet)

    # Back to the table the plans were recorded against, then a hand-made rule 0.0.0.0/0 on one VPC of slice 2.
    for region, handle in fleet.items():
        handle.emulator.reset(load(FIXTURES[region]))
    drifted = slices[1][0]
    region = hostvars[drifted]['baiducloud_region']
    table = approved[drifted][TASK]['scope']['route_table_id']
    fleet[region].emulator.state.create_rule(
        {
            'routeTableId': table,
            'sourceAddress': '0.0.0.0/0',
            'destinationAddress': '0.0.0.0/0',
            'nexthopType': 'nat',
            'nexthopId': hostvars[drifted]['baiducloud_tags']['nat-gateway'],
            'description': 'changed by hand',
        }
    )
    clear_calls(fleet)
    run = run_playbook(tmp_path, inventory, '--forks', '10', '--limit', ','.join(slices[1]), '-e', '@%s' % saved)
    assert run.returncode != 0
    failed = refusals(run.stdout)
    assert list(failed) == [drifted], run.stdout
    assert failed[drifted].startswith('the plan of %s on %s differs from the approved plan' % (TASK, drifted))
    assert 'route rule 0.0.0.0/0 -> 0.0.0.0/0: approved create' in failed[drifted]
    assert 'now update' in failed[drifted] and failed[drifted].endswith('Refused before any write.')
    assert writes_per_region(fleet) == regions_of(hostvars, [h for h in slices[1] if h != drifted])
    hand_made = [('0.0.0.0/0', '0.0.0.0/0', 'nat', hostvars[drifted]['baiducloud_tags']['nat-gateway'])]
    assert nat_rules(fleet) == dict(
        (h, hand_made if h == drifted else r if h in slices[1] else []) for h, r in expected_rules(fleet).items()
    )
    rule = [r for r in fleet[region].emulator.state.snapshot()['tables'] if r['routeTableId'] == table]
    assert [r['description'] for r in rule[0]['routeRules'] if r['nexthopType'] == 'nat'] == ['changed by hand']
    assert SECRET not in check.stdout + check.stderr + saved.read_text() + run.stdout + run.stderr
