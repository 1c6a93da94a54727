# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: vpc
short_description: Baidu AI Cloud VPCs of every region as inventory hosts
version_added: 0.1.0
description:
  - One host per VPC, named by its VPC id, listed from every selected region in parallel through the
    signed BCE OpenAPI (C(GET /v1/vpc), every page).
  - Built for fleet plays that run the collection's modules once per VPC (V(hosts=baiducloud_vpc)), so that
    AWX / Automation Platform job slicing can spread a fleet over execution nodes.
  - Hosts get C(ansible_connection=local), so the modules run on the controller; they re-read the live state of
    each VPC, so nothing is ever written from cached inventory data.
  - Groups C(baiducloud_region_<region>) per region and C(baiducloud_default_vpc), all under C(baiducloud_vpc);
    build others with O(keyed_groups), O(groups) and O(compose).
  - The configuration file name must end with C(baiducloud_vpc.yml) or C(baiducloud_vpc.yaml).
author:
  - baiducloud.vpc maintainers (@baiducloud-ansible)
extends_documentation_fragment:
  - constructed
  - inventory_cache
requirements:
  - requests
options:
  plugin:
    description: Marks the file as a configuration of this plugin.
    type: str
    required: true
    choices: [baiducloud.vpc.vpc]
  access_key:
    description:
      - Baidu AI Cloud access key ID (AK). May be a template, for example a C(lookup).
      - An empty environment variable counts as unset.
    type: str
    env:
      - name: BAIDUCLOUD_ACCESS_KEY
  secret_key:
    description:
      - Baidu AI Cloud secret access key (SK). May be a template. Never shown in any output or stored in the cache.
      - An empty environment variable counts as unset.
    type: str
    env:
      - name: BAIDUCLOUD_SECRET_KEY
  session_token:
    description:
      - Session token of temporary (STS) credentials. May be a template.
      - An empty environment variable counts as unset.
    type: str
    env:
      - name: BAIDUCLOUD_SESSION_TOKEN
  regions:
    description:
      - Regions to list. The default is every region of Baidu's current VPC endpoint page
        (V(bj), V(bd), V(gz), V(su), V(hkg), V(fwh), V(cd)) plus every other region named in O(endpoints).
        V(sin) and V(fsh) (on an older page only) are listed only when named here or in O(endpoints).
      - The E(BAIDUCLOUD_REGION) variable of a credential does B(not) narrow this list.
      - A region the collection does not know needs an entry in O(endpoints).
    type: list
    elements: str
  endpoints:
    description:
      - Base URL per region, to reach a new region, a proxy or the offline emulator; for example a key V(bj) with
        the value V(https://bcc.bj.baidubce.com). Regions without an entry use C(https://bcc.<region>.baidubce.com).
    type: dict
    default: {}
  validate_certs:
    description: Whether to verify the TLS certificate of an C(https) endpoint.
    type: bool
    default: true
  api_timeout:
    description: Seconds to wait for each HTTP request.
    type: int
    default: 30
  api_retries:
    description: How many times a failed read is retried, with capped exponential backoff and jitter.
    type: int
    default: 3
  api_retry_max_delay:
    description: Upper bound in seconds of the wait between two tries.
    type: float
    default: 20
  concurrency:
    description:
      - Most API calls in flight at once, for listing regions and for O(fetch_route_tables).
      - Keep it low enough for the account's API rate limit; throttled calls are retried with backoff.
    type: int
    default: 4
  is_default:
    description: Keep only default VPCs (V(true)) or only non-default ones (V(false)). Unset keeps both.
    type: bool
  vpc_ids:
    description: Keep only these VPC ids.
    type: list
    elements: str
  tags:
    description:
      - Keep only VPCs that carry every one of these tag key/value pairs (values compare as strings).
      - The VPC list returns tags but cannot filter by them, so this filter runs on the controller.
    type: dict
  exclude:
    description:
      - Jinja2 conditionals evaluated with the host variables (prefixed, see O(prefix)); a VPC for which any
        is true is left out, for example V(baiducloud_name == 'scratch').
    type: list
    elements: str
  region_errors:
    description:
      - What a region that cannot be listed does to the inventory.
      - V(fail) stops the inventory. This is the default because in AWX an inventory update that silently skips a
        region deletes that region's hosts.
      - V(warn) prints a warning naming the region and the error, and returns the other regions.
      - An error about the credentials (unknown access key, wrong secret key or session token, clock skew) names
        the setting to check instead.
    type: str
    choices: [fail, warn]
    default: fail
  fetch_route_tables:
    description:
      - Also read each VPC's route table (C(GET /v1/route?vpcId=)), one call per VPC, and set its id as the
        C(route_table_id) host variable.
    type: bool
    default: false
  prefix:
    description: Prefix of every host variable this plugin sets, except the C(ansible_*) ones.
    type: str
    default: baiducloud_
notes:
  - Host variables (with the default prefix) C(baiducloud_vpc_id), C(baiducloud_region), C(baiducloud_endpoint),
    C(baiducloud_name), C(baiducloud_cidr), C(baiducloud_secondary_cidrs), C(baiducloud_ipv6_cidr),
    C(baiducloud_is_default), C(baiducloud_tags) (a dict), C(baiducloud_created_time) and, with
    O(fetch_route_tables), C(baiducloud_route_table_id); plus C(ansible_connection=local) and
    C(ansible_python_interpreter={{ ansible_playbook_python }}).
  - Two VPCs with the same id fail the inventory; a host is never overwritten.
  - The cache key holds a hash of the access key, never the key; the cache holds only what the API returned.
  - Every value read from the API is marked unsafe before it becomes a host variable or meets O(compose),
    O(groups), O(keyed_groups) or O(exclude) (from the cache too), so a VPC name or tag that holds Jinja is data,
    never a template, on every supported ansible-core release.
  - An C(http://) URL in O(endpoints) for a host other than this machine is accepted with a warning (requests and
    answers travel unencrypted); C(https://) or loopback (the offline emulator) is silent.
'''

EXAMPLES = r'''
---
# prod.baiducloud_vpc.yml -- every VPC tagged env=prod, credentials from BAIDUCLOUD_* variables
plugin: baiducloud.vpc.vpc
regions: [bj, gz, su]
tags:
  env: prod
keyed_groups:
  - key: baiducloud_tags.team | default('none')
    prefix: team

---
# emulator.baiducloud_vpc.yml -- the offline emulator, one process per region
plugin: baiducloud.vpc.vpc
access_key: emulator-ak
secret_key: "{{ lookup('ansible.builtin.env', 'EMULATOR_SK') }}"
regions: [bj, gz, su]
endpoints:
  bj: http://127.0.0.1:8781
  gz: http://127.0.0.1:8782
  su: http://127.0.0.1:8783
fetch_route_tables: true
region_errors: warn
exclude:
  - baiducloud_is_default
'''

import hashlib
import json
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.text.converters import to_native
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.vars import combine_vars, load_extra_vars

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client
from ansible_collections.baiducloud.vpc.plugins.module_utils._client import (
    DOCUMENTED_REGIONS,
    REGIONS,
    BceClient,
    cleartext_warning,
    endpoint_for,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError, BceError
from ansible_collections.baiducloud.vpc.plugins.module_utils._module import CONNECTION_ERROR_HINTS

try:
    # ansible-core >= 2.19 renders only trusted templates; older versions render every string.
    from ansible.template import trust_as_template
except ImportError:  # pragma: no cover - ansible-core < 2.19

    def trust_as_template(value):
        return value


try:
    # Every value from the API is data, never a template. Before ansible-core 2.19 a plain string is a template
    # wherever Ansible meets it (compose, groups, keyed_groups, exclude, and every use of a host variable), so a VPC
    # named or tagged "{{ lookup('pipe', ...) }}" would run code on the controller; wrap_var marks it unsafe
    # (recursively, dict keys included). From 2.19 on it removes any trust mark, which plain JSON never has.
    from ansible.utils.unsafe_proxy import wrap_var as make_unsafe
except ImportError:  # pragma: no cover - a future ansible-core without unsafe_proxy has data tagging

    def make_unsafe(value):
        return value


PLUGIN_NAME = 'baiducloud.vpc.vpc'
ROOT_GROUP = 'baiducloud_vpc'
DEFAULT_GROUP = 'baiducloud_default_vpc'
REGION_GROUP = 'baiducloud_region_%s'
MAX_CONCURRENCY = 32
# Host names come from the service: anything else is refused rather than made a host.
VPC_ID_PATTERN = re.compile(r'^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$')
REGION_PATTERN = re.compile(r'^[a-z][a-z0-9-]{0,31}$')
PREFIX_PATTERN = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$|^$')
CREDENTIAL_OPTIONS = ('access_key', 'secret_key', 'session_token')
# The hints the modules give for credential errors; a region error that ends in one is about the account.
CREDENTIAL_HINTS = re.compile('; (%s)$' % '|'.join(re.escape(hint) for dummy, hint in CONNECTION_ERROR_HINTS.values()))


class RegionError(Exception):
    """A region could not be listed; the message never holds a credential."""

    def __init__(self, region, message, credential_hint=None):
        super(RegionError, self).__init__(message)
        self.region = region
        # What to check when the error is about the credentials (the same hint the modules give): such an
        # error is the account's, not the region's, so region_errors: warn is no advice for it.
        self.credential_hint = credential_hint


def cache_account_id(access_key):
    """What the cache key holds of the account: a hash, so the key never appears in a cache file name."""
    return hashlib.sha256(access_key.encode('utf-8')).hexdigest()[:16]


def tags_to_dict(tags):
    """[{tagKey, tagValue}] as the API returns them -> {key: value}."""
    result = {}
    for tag in tags or []:
        if not isinstance(tag, dict) or not isinstance(tag.get('tagKey'), str):
            raise ValueError('a tag is not {tagKey, tagValue}: %r' % (tag,))
        value = tag.get('tagValue')
        result[tag['tagKey']] = '' if value is None else str(value)
    return result


def check_vpc_item(item):
    """Refuse a listed VPC the inventory could not represent safely."""
    if not isinstance(item, dict):
        raise ValueError('a VPC list item is not an object: %r' % (item,))
    vpc_id = item.get('vpcId')
    if not isinstance(vpc_id, str) or not VPC_ID_PATTERN.match(vpc_id):
        raise ValueError('a VPC has an invalid vpcId %r' % (vpc_id,))
    tags_to_dict(item.get('tags'))
    return item


def vpc_matches(item, is_default=None, vpc_ids=None, tags=None):
    """The server-independent filters: default flag, ids, and every tag pair."""
    if is_default is not None and bool(item.get('isDefault')) != is_default:
        return False
    if vpc_ids is not None and item['vpcId'] not in vpc_ids:
        return False
    if tags:
        have = tags_to_dict(item.get('tags'))
        for key, value in tags.items():
            if key not in have or have[key] != ('' if value is None else str(value)):
                return False
    return True


def host_vars(item, region, endpoint, prefix, route_table_id=None):
    """The variables of one VPC host (without the ansible_* ones)."""
    values = {
        'vpc_id': item['vpcId'],
        'region': region,
        'endpoint': endpoint,
        'name': item.get('name') or '',
        'cidr': item.get('cidr') or '',
        'secondary_cidrs': list(item.get('secondaryCidr') or []),
        'ipv6_cidr': item.get('ipv6Cidr') or '',
        'is_default': bool(item.get('isDefault')),
        'tags': tags_to_dict(item.get('tags')),
        'created_time': item.get('createdTime') or '',
    }
    if route_table_id is not None:
        values['route_table_id'] = route_table_id
    # Marked here, the one place API data becomes variables, so a cached answer is marked exactly like a fresh one.
    return dict((prefix + key, make_unsafe(value)) for key, value in values.items())


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = PLUGIN_NAME

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(
            ('baiducloud_vpc.yml', 'baiducloud_vpc.yaml')
        )

    # ------------------------------------------------------------------ options

    def _credential(self, name):
        value = self.get_option(name)
        if value and self.templar.is_template(value):
            value = self.templar.template(value)
        # AWX injects optional credential fields as empty variables: empty means unset.
        return value or None

    def _settings(self):
        endpoints = self.get_option('endpoints') or {}
        if not isinstance(endpoints, dict):
            raise AnsibleParserError('endpoints must be a mapping of region to URL')
        regions = self.get_option('regions')
        if regions is None:
            regions = list(DOCUMENTED_REGIONS) + sorted(set(endpoints) - set(DOCUMENTED_REGIONS))
        if not regions:
            raise AnsibleParserError('regions must name at least one region')
        seen = set()
        for region in regions:
            if not isinstance(region, str) or not REGION_PATTERN.match(region):
                raise AnsibleParserError(
                    'regions: %r is not a region name (lower-case letters, digits and "-")' % (region,)
                )
            if region in seen:
                raise AnsibleParserError('regions: %s is listed twice' % region)
            seen.add(region)
            if region not in REGIONS and region not in endpoints:
                raise AnsibleParserError(
                    'regions: %s is not a region the collection knows (%s); give its URL in endpoints'
                    % (region, ', '.join(REGIONS))
                )
        resolved = {}
        for region in regions:
            try:
                resolved[region] = endpoint_for(
                    region=None if region in endpoints else region, endpoint=endpoints.get(region)
                )
            except BceError as exc:
                raise AnsibleParserError('endpoints.%s: %s' % (region, to_native(exc)))
            cleartext = cleartext_warning(resolved[region], 'endpoints.%s:' % region)
            if cleartext:
                self.display.warning('%s: %s' % (PLUGIN_NAME, cleartext))
        concurrency = self.get_option('concurrency')
        if concurrency is None or not 1 <= concurrency <= MAX_CONCURRENCY:
            raise AnsibleParserError('concurrency must be between 1 and %d, got %r' % (MAX_CONCURRENCY, concurrency))
        prefix = self.get_option('prefix')
        if prefix is None or not PREFIX_PATTERN.match(prefix):
            raise AnsibleParserError(
                'prefix must be empty or start a valid variable name (letters, digits, "_"), got %r' % (prefix,)
            )
        tags = self.get_option('tags') or {}
        if not isinstance(tags, dict) or not all(isinstance(key, str) and key for key in tags):
            raise AnsibleParserError('tags must be a mapping of tag key to value')
        for key, value in tags.items():
            if isinstance(value, (dict, list)):
                raise AnsibleParserError('tags.%s must be a string, got a %s' % (key, type(value).__name__))
        vpc_ids = self.get_option('vpc_ids')
        return {
            'regions': list(regions),
            'endpoints': resolved,
            'concurrency': concurrency,
            'prefix': prefix,
            'tags': tags,
            'vpc_ids': None if vpc_ids is None else set(vpc_ids),
            'is_default': self.get_option('is_default'),
            'exclude': self.get_option('exclude') or [],
            'fetch_route_tables': self.get_option('fetch_route_tables'),
            'region_errors': self.get_option('region_errors'),
        }

    def _client_factory(self, access_key, secret_key, session_token):
        options = dict(
            access_key=access_key,
            secret_key=secret_key,
            session_token=session_token,
            validate_certs=self.get_option('validate_certs'),
            timeout=self.get_option('api_timeout'),
            retries=self.get_option('api_retries'),
            retry_max_delay=self.get_option('api_retry_max_delay'),
        )

        def factory(endpoint):
            return BceClient(endpoint=endpoint, **options)

        return factory

    # ------------------------------------------------------------------ reading the API

    def _list_region(self, new_client, region, endpoint, is_default):
        """Every VPC of one region (all pages), validated."""
        params = {} if is_default is None else {'isDefault': 'true' if is_default else 'false'}
        try:
            items = new_client(endpoint).paginate('/v1/vpc', params, 'vpcs')
            return [check_vpc_item(item) for item in items]
        except BceApiError as exc:
            hint = CONNECTION_ERROR_HINTS.get(exc.code)
            raise RegionError(region, to_native(exc), hint[1] if hint else None)
        except (BceError, ValueError) as exc:
            raise RegionError(region, to_native(exc))

    def _route_table_ids(self, new_client, wanted, concurrency):
        """{vpcId: routeTableId} for [(region, endpoint, vpcId)], concurrency calls at a time."""
        local = threading.local()

        def one(entry):
            region, endpoint, vpc_id = entry
            clients = local.__dict__.setdefault('clients', {})
            if endpoint not in clients:
                clients[endpoint] = new_client(endpoint)
            try:
                table = clients[endpoint].get('/v1/route', {'vpcId': vpc_id}) or {}
            except BceError as exc:
                raise RegionError(region, 'route table of %s: %s' % (vpc_id, to_native(exc)))
            table_id = table.get('routeTableId') if isinstance(table, dict) else None
            if not isinstance(table_id, str) or not VPC_ID_PATTERN.match(table_id):
                raise RegionError(region, 'route table of %s: the answer has no valid routeTableId' % vpc_id)
            return vpc_id, table_id

        return dict(_run_bounded(one, wanted, concurrency))

    def fetch(self, settings, new_client):
        """{'regions': {region: {'endpoint', 'vpcs', 'route_tables'}}, 'errors': {region: message}}.

        Everything in it comes from the API (no credential), so it can be cached as it is."""
        regions = settings['regions']
        results = {}
        errors = {}

        def list_one(region):
            endpoint = settings['endpoints'][region]
            try:
                return region, self._list_region(new_client, region, endpoint, settings['is_default']), None
            except RegionError as exc:
                message = to_native(exc)
                if exc.credential_hint:
                    message = '%s; %s' % (message, exc.credential_hint)
                return region, None, message

        for region, vpcs, error in _run_bounded(list_one, regions, settings['concurrency']):
            if error is not None:
                errors[region] = error
            else:
                results[region] = {'endpoint': settings['endpoints'][region], 'vpcs': vpcs, 'route_tables': {}}
        if settings['fetch_route_tables']:
            for region in sorted(results):
                wanted = [
                    (region, results[region]['endpoint'], item['vpcId'])
                    for item in results[region]['vpcs']
                    if vpc_matches(item, settings['is_default'], settings['vpc_ids'], settings['tags'])
                ]
                try:
                    results[region]['route_tables'] = self._route_table_ids(new_client, wanted, settings['concurrency'])
                except RegionError as exc:
                    errors[region] = to_native(exc)
                    del results[region]
        return {'regions': results, 'errors': errors}

    # ------------------------------------------------------------------ building the inventory

    def _excluded(self, expressions, variables, host):
        for expression in expressions:
            try:
                if self._compose(expression, variables):
                    return True
            except Exception as exc:  # pylint: disable=broad-except  # any template error names the expression
                raise AnsibleParserError('exclude expression %r failed for %s: %s' % (expression, host, to_native(exc)))
        return False

    def populate(self, data, settings):
        for region, error in sorted(data['errors'].items()):
            if settings['region_errors'] == 'fail':
                # Skipping the region is no advice when the credentials are wrong: the error says what to check.
                advice = '' if CREDENTIAL_HINTS.search(error) else ' (set region_errors: warn to skip a failing region)'
                raise AnsibleParserError('%s: cannot list the VPCs of %s%s: %s' % (PLUGIN_NAME, region, advice, error))
            self.display.warning('%s: skipped region %s, which cannot be listed: %s' % (PLUGIN_NAME, region, error))
        prefix = settings['prefix']
        strict = self.get_option('strict')
        extra_vars = load_extra_vars(self.loader) if self.get_option('use_extra_vars') else {}
        selected = {}
        for region in sorted(data['regions']):
            listed = data['regions'][region]
            for item in listed['vpcs']:
                vpc_id = item['vpcId']
                if vpc_id in selected:
                    raise AnsibleParserError(
                        '%s: VPC id %s is listed twice (regions %s and %s); a host is never overwritten'
                        % (PLUGIN_NAME, vpc_id, selected[vpc_id][0], region)
                    )
                selected[vpc_id] = (region, listed, item)
        self.inventory.add_group(ROOT_GROUP)
        self.inventory.add_group(DEFAULT_GROUP)
        self.inventory.add_child(ROOT_GROUP, DEFAULT_GROUP)
        for region in sorted(data['regions']):
            group = self.inventory.add_group(REGION_GROUP % region.replace('-', '_'))
            self.inventory.add_child(ROOT_GROUP, group)
        # Sorted by id, so that every run (and every AWX slice) sees the same order.
        for vpc_id in sorted(selected):
            region, listed, item = selected[vpc_id]
            if not vpc_matches(item, settings['is_default'], settings['vpc_ids'], settings['tags']):
                continue
            variables = host_vars(
                item,
                region,
                listed['endpoint'],
                prefix,
                listed['route_tables'].get(vpc_id) if settings['fetch_route_tables'] else None,
            )
            # Extra vars (use_extra_vars) are seen by the expressions but never become host variables.
            seen = combine_vars(variables, extra_vars) if extra_vars else variables
            if self._excluded(settings['exclude'], seen, vpc_id):
                continue
            if vpc_id in self.inventory.hosts:
                raise AnsibleParserError(
                    '%s: host %s already exists in the inventory; a host is never overwritten' % (PLUGIN_NAME, vpc_id)
                )
            self.inventory.add_host(vpc_id, group=REGION_GROUP % region.replace('-', '_'))
            if variables[prefix + 'is_default']:
                self.inventory.add_host(vpc_id, group=DEFAULT_GROUP)
            for name, value in sorted(variables.items()):
                self.inventory.set_variable(vpc_id, name, value)
            self.inventory.set_variable(vpc_id, 'ansible_connection', 'local')
            self.inventory.set_variable(
                vpc_id, 'ansible_python_interpreter', trust_as_template('{{ ansible_playbook_python }}')
            )
            self._set_composite_vars(self.get_option('compose'), seen, vpc_id, strict=strict)
            self._add_host_to_composed_groups(self.get_option('groups'), seen, vpc_id, strict=strict)
            self._add_host_to_keyed_groups(self.get_option('keyed_groups'), seen, vpc_id, strict=strict)

    def cache_key_for(self, path, access_key, settings):
        """Per file, per account (a hash of the access key) and per region/endpoint set."""
        scope = json.dumps(
            [
                settings['regions'],
                [settings['endpoints'][r] for r in settings['regions']],
                settings['is_default'],
                settings['fetch_route_tables'],
            ],
            sort_keys=True,
        )
        scope_hash = hashlib.sha256(scope.encode('utf-8')).hexdigest()[:12]
        return '%s_%s_%s' % (self.get_cache_key(path), cache_account_id(access_key), scope_hash)

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        if not _client.HAS_REQUESTS:
            # The plugin runs in the Python of ansible-playbook / ansible-inventory (in AWX, the execution
            # environment's), which is not always the one `pip` on PATH installs into.
            raise AnsibleParserError(
                '%s: the Python library requests is not installed for %s, the Python that runs Ansible here; '
                'install it with: %s -m pip install requests' % (PLUGIN_NAME, sys.executable, sys.executable)
            )
        self._read_config_data(path)
        settings = self._settings()
        credentials = dict((name, self._credential(name)) for name in CREDENTIAL_OPTIONS)
        if not credentials['access_key']:
            raise AnsibleParserError('%s: access_key is required (or set BAIDUCLOUD_ACCESS_KEY)' % PLUGIN_NAME)
        if not credentials['secret_key']:
            raise AnsibleParserError('%s: secret_key is required (or set BAIDUCLOUD_SECRET_KEY)' % PLUGIN_NAME)
        new_client = self._client_factory(**credentials)

        cache_key = self.cache_key_for(path, credentials['access_key'], settings)
        use_cache = self.get_option('cache') and cache
        update_cache = self.get_option('cache') and not cache
        data = None
        if use_cache:
            try:
                data = self._cache[cache_key]
            except KeyError:
                update_cache = True
        if data is None:
            data = self.fetch(settings, new_client)
        # A partial answer (a region failed) is never cached: the next run must try that region again.
        if update_cache and not data['errors']:
            self._cache[cache_key] = data
        self.populate(data, settings)


def _run_bounded(function, items, workers):
    """function(item) for every item, at most `workers` at a time; results in the order of items."""
    items = list(items)
    if not items:
        return []
    pool = ThreadPoolExecutor(max_workers=min(workers, len(items)))
    try:
        return list(pool.map(function, items))
    finally:
        pool.shutdown(wait=True)
