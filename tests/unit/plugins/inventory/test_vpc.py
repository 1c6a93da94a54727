# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The baiducloud.vpc.vpc inventory plugin, parsed from real config files against an in-memory API."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import hashlib
import json
import threading
import time

import pytest

from ansible import constants as C
from ansible.errors import AnsibleParserError
from ansible.inventory.data import InventoryData
from ansible.parsing.dataloader import DataLoader
from ansible.plugins.loader import fragment_loader
from ansible.template import Templar
from ansible.utils.plugin_docs import get_docstring

from ansible_collections.baiducloud.vpc.plugins.inventory import vpc as plugin_module
from ansible_collections.baiducloud.vpc.plugins.module_utils._client import DOCUMENTED_REGIONS
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError

SECRET = 'unit-inventory-secret-value'
TOKEN = 'unit-inventory-session-token'
NAME = 'baiducloud.vpc.vpc'


def vpc(vpc_id, name='app', default=False, tags=None, cidr='10.0.0.0/16', **extra):
    item = {
        'vpcId': vpc_id,
        'name': name,
        'cidr': cidr,
        'description': '',
        'isDefault': default,
        'secondaryCidr': extra.pop('secondary', []),
        'ipv6Cidr': extra.pop('ipv6', ''),
        'tags': [{'tagKey': k, 'tagValue': v} for k, v in sorted((tags or {}).items())],
        'createdTime': extra.pop('created', '2026-01-02T03:04:05Z'),
    }
    item.update(extra)
    return item


class FakeApi(object):
    """VPC lists per endpoint; records every client and call; optional failures and delays."""

    def __init__(self, fleet):
        self.fleet = fleet
        self.failures = {}
        self.delay = 0.0
        self.clients = []
        self.calls = []
        self.lock = threading.Lock()
        self.in_flight = 0
        self.max_in_flight = 0

    def client_class(self):
        api = self

        class FakeClient(object):
            def __init__(self, **kwargs):
                self.kwargs = kwargs
                with api.lock:
                    api.clients.append(kwargs)

            def _enter(self, call):
                with api.lock:
                    api.calls.append(call)
                    api.in_flight += 1
                    api.max_in_flight = max(api.max_in_flight, api.in_flight)
                time.sleep(api.delay)
                with api.lock:
                    api.in_flight -= 1
                failure = api.failures.get(self.kwargs['endpoint'])
                if failure is not None:
                    raise failure

            def paginate(self, path, params, result_key):
                self._enter(('paginate', self.kwargs['endpoint'], path, tuple(sorted(params.items()))))
                assert path == '/v1/vpc' and result_key == 'vpcs'
                return copy.deepcopy(api.fleet.get(self.kwargs['endpoint'], []))

            def get(self, path, params=None):
                self._enter(('get', self.kwargs['endpoint'], path, tuple(sorted((params or {}).items()))))
                assert path == '/v1/route'
                return {'routeTableId': 'rt-' + params['vpcId'][4:], 'vpcId': params['vpcId'], 'routeRules': []}

        return FakeClient


BJ = 'http://127.0.0.1:9001'
GZ = 'http://127.0.0.1:9002'
SU = 'http://127.0.0.1:9003'
ENDPOINTS = {'bj': BJ, 'gz': GZ, 'su': SU}
FLEET = {
    BJ: [
        vpc('vpc-bj1', 'default', True, {'env': 'prod'}, ipv6='2400:da00::/56'),
        vpc('vpc-bj2', 'web', False, {'env': 'prod', 'team': 'search'}, secondary=['172.16.0.0/24']),
    ],
    GZ: [
        vpc('vpc-gz1', 'default', True, {'env': 'staging'}),
        vpc('vpc-gz2', 'batch', False, {'env': 'prod', 'tier': '1'}),
    ],
    SU: [vpc('vpc-su1', 'ml', False, {})],
}


@pytest.fixture(scope='module', autouse=True)
def plugin_definitions():
    doc = get_docstring(plugin_module.__file__, fragment_loader)[0]
    C.config.initialize_plugin_configuration_definitions('inventory', NAME, doc['options'])


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in (
        'BAIDUCLOUD_ACCESS_KEY',
        'BAIDUCLOUD_SECRET_KEY',
        'BAIDUCLOUD_SESSION_TOKEN',
        'BAIDUCLOUD_REGION',
        'BAIDUCLOUD_ENDPOINT',
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def api(monkeypatch):
    fake = FakeApi(json.loads(json.dumps(FLEET)))
    monkeypatch.setattr(plugin_module, 'BceClient', fake.client_class())
    return fake


class Run(object):
    def __init__(self, tmp_path):
        self.tmp_path = tmp_path
        self.plugin = plugin_module.InventoryModule()
        self.plugin._load_name = NAME
        # What the plugin loader sets on a plugin it loads (ansible-core 2.17 has no class default for it).
        self.plugin._redirected_names = [NAME]
        self.warnings = []
        self.plugin.display.warning = lambda msg, *a, **k: self.warnings.append(msg)
        self.inventory = None

    def parse(self, config, cache=False, name='fleet.baiducloud_vpc.yml'):
        settings = {
            'plugin': NAME,
            'access_key': 'unit-ak',
            'secret_key': SECRET,
            'endpoints': dict(ENDPOINTS),
            'regions': ['bj', 'gz', 'su'],
        }
        settings.update(config)
        settings = dict((key, value) for key, value in settings.items() if value is not None)
        path = self.tmp_path / name
        path.write_text(json.dumps(settings))
        self.inventory = InventoryData()
        loader = DataLoader()
        self.plugin.templar = Templar(loader=loader)
        self.plugin.parse(self.inventory, loader, str(path), cache=cache)
        # What the InventoryManager does after a successful parse: write the cache out.
        if getattr(self.plugin, '_cache', None) is not None and self.plugin.get_option('cache'):
            self.plugin.update_cache_if_changed()
        return self

    def hosts(self, group='all'):
        if group == 'all':
            return sorted(self.inventory.hosts)
        return sorted(host.name for host in self.inventory.groups[group].get_hosts())

    def host_vars(self, host):
        return dict(self.inventory.get_host(host).vars)


@pytest.fixture
def run(tmp_path, monkeypatch):
    return Run(tmp_path)


def test_one_host_per_vpc_with_every_documented_variable(api, run):
    run.parse({})
    assert run.hosts() == ['vpc-bj1', 'vpc-bj2', 'vpc-gz1', 'vpc-gz2', 'vpc-su1']
    assert run.host_vars('vpc-bj2') == {
        'baiducloud_vpc_id': 'vpc-bj2',
        'baiducloud_region': 'bj',
        'baiducloud_endpoint': BJ,
        'baiducloud_name': 'web',
        'baiducloud_cidr': '10.0.0.0/16',
        'baiducloud_secondary_cidrs': ['172.16.0.0/24'],
        'baiducloud_ipv6_cidr': '',
        'baiducloud_is_default': False,
        'baiducloud_tags': {'env': 'prod', 'team': 'search'},
        'baiducloud_created_time': '2026-01-02T03:04:05Z',
        'ansible_connection': 'local',
        'ansible_python_interpreter': '{{ ansible_playbook_python }}',
        'inventory_file': run.host_vars('vpc-bj2')['inventory_file'],
        'inventory_dir': run.host_vars('vpc-bj2')['inventory_dir'],
    }
    assert run.host_vars('vpc-bj1')['baiducloud_ipv6_cidr'] == '2400:da00::/56'
    # The interpreter is a template Ansible must render (trusted on ansible-core >= 2.19).
    assert (
        Templar(loader=DataLoader(), variables={'ansible_playbook_python': '/x/python'}).template(
            run.host_vars('vpc-bj1')['ansible_python_interpreter']
        )
        == '/x/python'
    )


def test_groups_per_region_and_default_all_under_the_root_group(api, run):
    run.parse({})
    assert run.hosts('baiducloud_region_bj') == ['vpc-bj1', 'vpc-bj2']
    assert run.hosts('baiducloud_region_gz') == ['vpc-gz1', 'vpc-gz2']
    assert run.hosts('baiducloud_region_su') == ['vpc-su1']
    assert run.hosts('baiducloud_default_vpc') == ['vpc-bj1', 'vpc-gz1']
    assert run.hosts('baiducloud_vpc') == run.hosts()
    children = sorted(group.name for group in run.inventory.groups['baiducloud_vpc'].child_groups)
    assert children == [
        'baiducloud_default_vpc',
        'baiducloud_region_bj',
        'baiducloud_region_gz',
        'baiducloud_region_su',
    ]


def test_keyed_groups_compose_and_groups_use_the_prefixed_variables(api, run):
    run.parse(
        {
            'prefix': 'bce_',
            'keyed_groups': [{'key': "bce_tags.env | default('none')", 'prefix': 'env'}],
            'compose': {'owner': "bce_tags.team | default('nobody')"},
            'groups': {'big': "bce_name in ['web', 'batch']"},
        }
    )
    assert run.hosts('env_prod') == ['vpc-bj1', 'vpc-bj2', 'vpc-gz2']
    assert run.hosts('env_staging') == ['vpc-gz1']
    assert run.hosts('env_none') == ['vpc-su1']
    assert run.hosts('big') == ['vpc-bj2', 'vpc-gz2']
    assert run.host_vars('vpc-bj2')['owner'] == 'search' and run.host_vars('vpc-su1')['owner'] == 'nobody'
    assert run.host_vars('vpc-bj2')['bce_region'] == 'bj' and 'baiducloud_region' not in run.host_vars('vpc-bj2')


@pytest.mark.parametrize(
    'config, expected',
    [
        ({'is_default': True}, ['vpc-bj1', 'vpc-gz1']),
        ({'is_default': False}, ['vpc-bj2', 'vpc-gz2', 'vpc-su1']),
        ({'vpc_ids': ['vpc-gz2', 'vpc-su1', 'vpc-none']}, ['vpc-gz2', 'vpc-su1']),
        ({'tags': {'env': 'prod'}}, ['vpc-bj1', 'vpc-bj2', 'vpc-gz2']),
        ({'tags': {'env': 'prod', 'team': 'search'}}, ['vpc-bj2']),
        ({'tags': {'env': 'prod', 'team': 'ml'}}, []),
        ({'tags': {'tier': 1}}, ['vpc-gz2']),
        ({'exclude': ["baiducloud_name == 'default'", 'baiducloud_region == "su"']}, ['vpc-bj2', 'vpc-gz2']),
        ({'is_default': False, 'tags': {'env': 'prod'}, 'exclude': ["'tier' in baiducloud_tags"]}, ['vpc-bj2']),
    ],
)
def test_filters(api, run, config, expected):
    run.parse(config)
    assert run.hosts() == expected


def test_is_default_is_also_sent_to_the_api(api, run):
    run.parse({'is_default': False})
    assert {call[3] for call in api.calls} == {(('isDefault', 'false'),)}


def test_a_filtered_out_vpc_is_in_no_group(api, run):
    run.parse({'tags': {'env': 'staging'}})
    assert run.hosts() == ['vpc-gz1']
    assert run.hosts('baiducloud_region_bj') == [] and run.hosts('baiducloud_default_vpc') == ['vpc-gz1']


def test_the_same_vpc_id_in_two_regions_fails_instead_of_overwriting(api, run):
    api.fleet[SU].append(vpc('vpc-bj2', 'impostor'))
    with pytest.raises(AnsibleParserError, match='VPC id vpc-bj2 is listed twice .regions bj and su.'):
        run.parse({})


def test_an_existing_host_of_another_source_is_never_overwritten(api, run, tmp_path):
    inventory = InventoryData()
    inventory.add_host('vpc-gz1')
    path = tmp_path / 'a.baiducloud_vpc.yml'
    path.write_text(
        json.dumps(
            {'plugin': NAME, 'access_key': 'unit-ak', 'secret_key': SECRET, 'regions': ['gz'], 'endpoints': ENDPOINTS}
        )
    )
    run.plugin.templar = Templar(loader=DataLoader())
    with pytest.raises(AnsibleParserError, match='host vpc-gz1 already exists'):
        run.plugin.parse(inventory, DataLoader(), str(path), cache=False)


def test_a_failing_region_fails_the_inventory_by_default(api, run):
    api.failures[GZ] = BceApiError(403, 'AccessDenied', 'no VPC read permission in gz', 'req-1')
    with pytest.raises(AnsibleParserError) as caught:
        run.parse({'session_token': TOKEN})
    message = str(caught.value)
    assert 'cannot list the VPCs of gz' in message and 'AccessDenied' in message and 'region_errors: warn' in message
    assert SECRET not in message and TOKEN not in message


def test_region_errors_warn_keeps_the_other_regions_and_names_the_failing_one(api, run):
    api.failures[GZ] = BceApiError(503, 'ServiceUnavailable', 'try later', 'req-2')
    run.parse({'region_errors': 'warn'})
    assert run.hosts() == ['vpc-bj1', 'vpc-bj2', 'vpc-su1']
    assert len(run.warnings) == 1 and 'skipped region gz' in run.warnings[0] and 'ServiceUnavailable' in run.warnings[0]


@pytest.mark.parametrize(
    'bad_item, rule',
    [
        ({'vpcId': 'vpc-x;rm -rf /'}, 'invalid vpcId'),
        ({'vpcId': ''}, 'invalid vpcId'),
        ({'vpcId': 'vpc-ok', 'tags': [{'key': 'x'}]}, 'tagKey'),
        ('vpc-string', 'not an object'),
    ],
)
def test_a_hostile_list_item_is_a_region_error(api, run, bad_item, rule):
    api.fleet[SU].append(bad_item)
    with pytest.raises(AnsibleParserError, match=rule):
        run.parse({})


def test_region_listing_is_parallel_and_bounded(api, run):
    api.delay = 0.05
    endpoints = dict(('r%d' % index, 'http://127.0.0.1:%d' % (9100 + index)) for index in range(8))
    run.parse({'regions': sorted(endpoints), 'endpoints': endpoints, 'concurrency': 3})
    assert len(api.calls) == 8
    assert 1 < api.max_in_flight <= 3


def test_default_regions_are_all_known_ones_and_baiducloud_region_does_not_narrow_them(api, run, monkeypatch):
    monkeypatch.setenv('BAIDUCLOUD_REGION', 'bj')
    run.parse({'regions': None, 'endpoints': {'bj': BJ, 'new-1': 'http://127.0.0.1:9009'}})
    listed = sorted(kwargs['endpoint'] for kwargs in api.clients)
    # The seven regions of Baidu's current endpoint page (not sin or fsh, from an older page only), plus new-1.
    assert DOCUMENTED_REGIONS == ('bj', 'bd', 'gz', 'su', 'hkg', 'fwh', 'cd')
    expected = sorted(
        [BJ, 'http://127.0.0.1:9009'] + ['https://bcc.%s.baidubce.com' % r for r in DOCUMENTED_REGIONS if r != 'bj']
    )
    assert listed == expected
    assert 'baiducloud_region_new_1' in run.inventory.groups


def test_credentials_from_the_environment_and_empty_variables_count_as_unset(api, run, monkeypatch):
    monkeypatch.setenv('BAIDUCLOUD_ACCESS_KEY', 'env-ak')
    monkeypatch.setenv('BAIDUCLOUD_SECRET_KEY', SECRET)
    monkeypatch.setenv('BAIDUCLOUD_SESSION_TOKEN', '')
    run.parse({'access_key': None, 'secret_key': None, 'regions': ['su']})
    assert api.clients[0]['access_key'] == 'env-ak' and api.clients[0]['secret_key'] == SECRET
    assert api.clients[0]['session_token'] is None
    monkeypatch.setenv('BAIDUCLOUD_ACCESS_KEY', '')
    with pytest.raises(AnsibleParserError, match='access_key is required .or set BAIDUCLOUD_ACCESS_KEY.'):
        run.parse({'access_key': None, 'secret_key': None, 'regions': ['su']})


def test_templated_credential_options_are_rendered(api, run):
    run.parse(
        {
            'access_key': "{{ 'unit' ~ '-ak' }}",
            'secret_key': "{{ ['unit-inventory', 'secret-value'] | join('-') }}",
            'regions': ['su'],
        }
    )
    assert (api.clients[0]['access_key'], api.clients[0]['secret_key']) == ('unit-ak', SECRET)


def test_client_options_reach_the_client(api, run):
    run.parse(
        {
            'regions': ['su'],
            'validate_certs': False,
            'api_timeout': 7,
            'api_retries': 5,
            'api_retry_max_delay': 2.5,
            'session_token': TOKEN,
        }
    )
    assert api.clients == [
        {
            'access_key': 'unit-ak',
            'secret_key': SECRET,
            'session_token': TOKEN,
            'endpoint': SU,
            'validate_certs': False,
            'timeout': 7,
            'retries': 5,
            'retry_max_delay': 2.5,
        }
    ]


def test_fetch_route_tables_adds_the_table_id_of_the_selected_vpcs_only(api, run):
    run.parse({'fetch_route_tables': True, 'tags': {'env': 'prod'}, 'concurrency': 2})
    assert run.host_vars('vpc-gz2')['baiducloud_route_table_id'] == 'rt-gz2'
    route_calls = sorted(call[3][0][1] for call in api.calls if call[0] == 'get')
    assert route_calls == ['vpc-bj1', 'vpc-bj2', 'vpc-gz2']
    run.parse({})
    assert 'baiducloud_route_table_id' not in run.host_vars('vpc-gz2')


@pytest.mark.parametrize(
    'config, message',
    [
        ({'regions': ['xx']}, 'regions: xx is not a region the collection knows'),
        ({'regions': ['BJ!']}, 'is not a region name'),
        ({'regions': ['bj', 'bj']}, 'bj is listed twice'),
        ({'regions': []}, 'regions must name at least one region'),
        ({'endpoints': {'bj': 'ftp://x'}}, 'endpoints.bj: endpoint must be a full URL'),
        ({'concurrency': 0}, 'concurrency must be between 1 and 32'),
        ({'prefix': '1x'}, 'prefix must be empty or start a valid variable name'),
        ({'tags': {'env': ['a']}}, 'tags.env must be a string'),
        ({'secret_key': None}, 'secret_key is required'),
    ],
)
def test_bad_options_fail_before_any_call_naming_the_option(api, run, config, message):
    with pytest.raises(AnsibleParserError, match=message.replace('(', '.').replace(')', '.')):
        run.parse(config)
    assert api.calls == []


def test_an_exclude_expression_that_breaks_names_itself(api, run):
    with pytest.raises(AnsibleParserError, match="exclude expression 'baiducloud_nope.x' failed for vpc-bj1"):
        run.parse({'exclude': ['baiducloud_nope.x']})


def test_cache_key_is_per_account_and_holds_a_hash_not_the_key(api, run):
    run.parse({'regions': ['su']})
    settings = run.plugin._settings()
    key_a = run.plugin.cache_key_for('/x/fleet.baiducloud_vpc.yml', 'account-a-key', settings)
    key_b = run.plugin.cache_key_for('/x/fleet.baiducloud_vpc.yml', 'account-b-key', settings)
    assert key_a != key_b
    assert 'account-a-key' not in key_a
    assert hashlib.sha256(b'account-a-key').hexdigest()[:16] in key_a


def test_cache_serves_the_second_parse_and_never_holds_a_secret(api, run, tmp_path):
    cache_dir = tmp_path / 'cache'
    config = {
        'cache': True,
        'cache_plugin': 'jsonfile',
        'cache_connection': str(cache_dir),
        'session_token': TOKEN,
        'fetch_route_tables': True,
    }
    run.parse(config, cache=False)
    first_calls = len(api.calls)
    assert first_calls == 3 + 5  # 3 regions listed, 5 route tables
    files = sorted(cache_dir.iterdir())
    assert len(files) == 1
    text = files[0].read_text()
    stored = json.loads(text)
    # ansible-core >= 2.19 wraps the value in a serialized payload.
    stored = json.loads(stored['__payload__']) if '__payload__' in stored else stored
    assert stored['regions']['gz']['route_tables'] == {'vpc-gz1': 'rt-gz1', 'vpc-gz2': 'rt-gz2'}
    assert stored['errors'] == {}
    for secret in (SECRET, TOKEN, 'unit-ak'):
        assert secret not in text and secret not in files[0].name
    run.parse(config, cache=True)
    assert len(api.calls) == first_calls
    assert run.hosts() == ['vpc-bj1', 'vpc-bj2', 'vpc-gz1', 'vpc-gz2', 'vpc-su1']
    # Another account never reads this account's cache.
    run.parse(dict(config, access_key='other-ak'), cache=True)
    assert len(api.calls) == 2 * first_calls


def test_a_partial_answer_is_never_cached(api, run, tmp_path):
    api.failures[SU] = BceApiError(500, 'InternalError', 'boom', 'req-3')
    config = {
        'cache': True,
        'cache_plugin': 'jsonfile',
        'cache_connection': str(tmp_path / 'cache'),
        'region_errors': 'warn',
    }
    run.parse(config, cache=False)
    assert not (tmp_path / 'cache').exists() or list((tmp_path / 'cache').iterdir()) == []
    del api.failures[SU]
    run.parse(config, cache=True)
    assert run.hosts() == ['vpc-bj1', 'vpc-bj2', 'vpc-gz1', 'vpc-gz2', 'vpc-su1']


def test_no_output_of_the_plugin_holds_a_secret(api, run):
    run.parse({'session_token': TOKEN, 'fetch_route_tables': True})
    dumped = json.dumps(dict((host, run.host_vars(host)) for host in run.hosts()), default=str)
    assert SECRET not in dumped and TOKEN not in dumped
    api.failures[BJ] = BceApiError(403, 'SignatureDoesNotMatch', 'signature mismatch', 'req-4')
    run.parse({'session_token': TOKEN, 'region_errors': 'warn'})
    assert run.warnings and not any(SECRET in w or TOKEN in w for w in run.warnings)


def test_verify_file_accepts_only_the_plugin_file_names(run, tmp_path):
    for name, expected in (
        ('a.baiducloud_vpc.yml', True),
        ('baiducloud_vpc.yaml', True),
        ('a.aws_ec2.yml', False),
        ('a.yml', False),
    ):
        path = tmp_path / name
        path.write_text('plugin: %s\n' % NAME)
        assert run.plugin.verify_file(str(path)) is expected, name


def test_use_extra_vars_feeds_the_expressions_but_adds_no_host_variable(api, run, monkeypatch):
    monkeypatch.setattr(plugin_module, 'load_extra_vars', lambda loader: {'wanted_env': 'staging', 'skip_region': 'bj'})
    run.parse(
        {
            'use_extra_vars': True,
            'groups': {'picked': 'baiducloud_tags.env | default("") == wanted_env'},
            'exclude': ['baiducloud_region == skip_region'],
        }
    )
    assert run.hosts() == ['vpc-gz1', 'vpc-gz2', 'vpc-su1']
    assert run.hosts('picked') == ['vpc-gz1']
    assert 'wanted_env' not in run.host_vars('vpc-gz1')
    with pytest.raises(AnsibleParserError, match='exclude expression'):
        run.parse({'use_extra_vars': False, 'exclude': ['baiducloud_region == skip_region']})


def test_a_plain_http_endpoint_off_this_machine_warns_and_loopback_stays_silent(api, run):
    api.fleet['http://10.0.0.9:8780'] = []
    run.parse({'endpoints': dict(ENDPOINTS, gz='http://10.0.0.9:8780')})
    assert run.warnings == [
        'baiducloud.vpc.vpc: endpoints.gz: http://10.0.0.9:8780 is plain http on a host that is not this machine: the '
        'signed requests, the session token of temporary credentials and every answer travel unencrypted and can be '
        'read or rewritten on the way; use https'
    ]
