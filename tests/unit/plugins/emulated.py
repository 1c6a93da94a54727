# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The module unit tests' API: the emulator (tests/emulator), on loopback, reached by the real BceClient.

One emulator serves the whole test run (started on first use, port 0). A test describes the account it needs
(`Api(rules, table_exists, next_hops)`): the emulator is reset to that fixture when the test's module first runs,
so resets are the only per-test cost. What the collection sent is recorded on its side of the wire (`calls`,
`writes`: method, path, query, JSON body, clientToken); faults are the emulator's own (`fail`, `close`, `drop`);
`before()` lets another writer act on the emulator's state when a request arrives, before it is handled; `mangle`
breaks an answer on its way back (Baidu's documented examples, broken in the test). Nothing here answers an API
call itself."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import atexit
import copy
import io
import json
import os
import re
import threading
from urllib.parse import parse_qsl, unquote, urlsplit

import requests

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client
from ansible_collections.baiducloud.vpc.tests.emulator.faults import FaultSet
from ansible_collections.baiducloud.vpc.tests.emulator.nexthops import load_nexthops
from ansible_collections.baiducloud.vpc.tests.emulator.server import start_emulator
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import BASE_ARGS, SECRET, TABLE, VPC

# The class the modules would build, kept before any test patches _client.BceClient to reach the emulator.
_REAL_CLIENT = _client.BceClient
OTHER_VPC = 'vpc-elsewhere'
EXAMPLES_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'baidu_examples')
# The path of every route write (create, update, delete, switch); reads of the table go to /v1/route.
WRITES = '^/v1/route/rule'

# Every next hop the unit tests point at exists in VPC, named after its id, in its type's routing status (keyed by
# the emulator's fixture type names: tests/emulator/README.md, Bundled fixture).
DEFAULT_NEXT_HOPS = {
    'nat': ['nat-1', 'nat-a', 'nat-b', 'nat-aaaa', 'nat-x'],
    'vpn': ['vpn-1', 'vpn-2', 'vpn-aaaa', 'vpn-old'],
    'dcGateway': ['dcgw-a', 'dcgw-b', 'dcgw-x'],
    'peerConn': ['qpif-x'],
    'ipv6gateway': ['gw-x'],
    'custom': ['i-abc', 'i-node1'],
}


def hop(hop_id, name=None, status=None, vpc=VPC, **fields):
    """One next hop of the fixture (the emulator renders it in its type's API model)."""
    entry = dict(fields, id=hop_id, vpc=vpc)
    if name is not None:
        entry['name'] = name
    if status is not None:
        entry['status'] = status
    return entry


def documented(api):
    """The response body of Baidu's documented example of `api` (tests/baidu_examples/<api>.json), a fresh copy
    for a test to break (what the emulator never answers: a malformed item, a wrong type)."""
    with open(os.path.join(EXAMPLES_DIR, api + '.json')) as handle:
        return copy.deepcopy(json.load(handle)['response']['body'])


def default_next_hops():
    """{type: [hop]}: what every Api has unless the test gives its own."""
    return dict((hop_type, [hop(hop_id) for hop_id in ids]) for hop_type, ids in DEFAULT_NEXT_HOPS.items())


def _type_of(hop_id):
    prefixes = (('nat-', 'nat'), ('vpn-', 'vpn'), ('dcgw-', 'dcGateway'), ('qpif-', 'peerConn'), ('eni-', 'enic'))
    prefixes += (('havip-', 'havip'), ('gw-', 'ipv6gateway'), ('i-', 'custom'))
    return next((hop_type for prefix, hop_type in prefixes if hop_id.startswith(prefix)), None)


def fixture(
    rules=(),
    table_exists=True,
    next_hops=None,
    subnets=('192.168.0.0/20', '192.168.16.0/20'),
    quota=50,
    options=None,
    ipv6_cidr='',
    session_token=None,
):
    """The emulator fixture of one unit test: VPC (192.168.0.0/16) with TABLE and `rules` (raw API rules; the
    members of a multi-path rule are rows with the same addresses), a second VPC for next hops elsewhere;
    `table_exists=False`: neither VPC nor TABLE."""
    hops = {VPC: {}, OTHER_VPC: {}}
    for hop_type, entries in (default_next_hops() if next_hops is None else next_hops).items():
        for entry in entries:
            entry = dict(entry)
            hops[entry.pop('vpc', VPC)].setdefault(hop_type, []).append(entry)
    known = set(entry['id'] for per_vpc in hops.values() for entries in per_vpc.values() for entry in entries)
    table_rules, groups, gone = [], {}, []
    for raw in rules:
        hop_id = raw['nexthopId']
        if hop_id and hop_id not in known and _type_of(hop_id) == raw['nexthopType']:
            # A rule through a next hop the test does not list: the next hop existed when the rule was written
            # (the emulator checks it) and is gone since (Api removes it after the reset).
            hops[VPC].setdefault(raw['nexthopType'], []).append({'id': hop_id})
            known.add(hop_id)
            gone.append(hop_id)
        if raw.get('pathType', 'normal') in ('normal', '', None):
            table_rules.append(_fixture_rule(raw))
            continue
        key = (raw['sourceAddress'], raw['destinationAddress'])
        if key not in groups:
            groups[key] = dict(_fixture_rule(raw), routeRuleIds=[], nextHopList=[])
            for name in ('routeRuleId', 'nexthopType', 'nexthopId'):
                groups[key].pop(name)
            table_rules.append(groups[key])
        groups[key]['routeRuleIds'].append(raw['routeRuleId'])
        groups[key]['nextHopList'].append(
            {'nexthopType': raw['nexthopType'], 'nexthopId': raw['nexthopId'], 'pathType': raw['pathType']}
        )
    # A subnet is a CIDR of VPC, or {subnetId, cidr, ipv6Cidr?, vpc?} (another VPC's subnet: vpc=OTHER_VPC).
    subnets = [
        dict(entry) if isinstance(entry, dict) else {'subnetId': 'sbn-unit0000000%d' % index, 'cidr': entry}
        for index, entry in enumerate(subnets, 1)
    ]
    for entry in subnets:
        entry.setdefault('zoneName', 'cn-bj-a')
    vpc = {
        'vpcId': VPC,
        'name': 'unit',
        'cidr': '192.168.0.0/16',
        'ipv6Cidr': ipv6_cidr,
        'subnets': [entry for entry in subnets if entry.get('vpc', VPC) == VPC],
        'routeTable': {'routeTableId': TABLE, 'rules': table_rules},
        'nexthops': hops[VPC],
    }
    other = {
        'vpcId': OTHER_VPC,
        'name': 'elsewhere',
        'cidr': '10.0.0.0/16',
        'subnets': [entry for entry in subnets if entry.get('vpc', VPC) == OTHER_VPC],
        'routeTable': {'routeTableId': 'rt-unit00000002', 'rules': []},
        'nexthops': hops[OTHER_VPC],
    }
    return {
        'seed': 1,
        'default_quota': quota,
        # The tests' key pair (an STS one when `session_token` is given), and another for tests that change keys.
        'credentials': [
            dict(
                {'access_key_id': BASE_ARGS['access_key'], 'secret_access_key': SECRET},
                **({'session_token': session_token} if session_token else {}),
            ),
            {'access_key_id': 'another-ak', 'secret_access_key': SECRET},
        ],
        # Without TABLE there is no VPC either: a VPC always has its default table, so by vpc_id too the route
        # API answers NoSuchObject (reference 1).
        'vpcs': [vpc, other] if table_exists else [other],
        # Behaviour options for what the sources leave open (tests/emulator/options.py).
        'options': dict(options or {}),
        '_gone': gone,
    }


def _fixture_rule(raw):
    """A listed rule as the fixture's create body (the emulator validates it as it would a create)."""
    body = dict(
        (key, raw[key])
        for key in ('routeRuleId', 'sourceAddress', 'destinationAddress', 'nexthopType', 'nexthopId', 'description')
        if key in raw
    )
    if not body.get('nexthopId') and raw['nexthopType'] == 'defaultGateway':
        body.pop('nexthopId', None)
    return body


class _Faults(FaultSet):
    """The emulator's FaultSet, plus the tests' `before` hooks: they run as a request arrives, before the
    emulator picks its fault and handles it (another writer acting between the collection's read and write)."""

    def __init__(self):
        FaultSet.__init__(self)
        self.hooks = []

    def pick(self, method, path):
        for entry in list(self.hooks):
            if entry['left'] and entry['method'] in ('*', method) and re.search(entry['path'], path):
                entry['left'] -= 1
                entry['action']()
        return FaultSet.pick(self, method, path)


_SERVER = {}
_LOCK = threading.Lock()


def _server():
    with _LOCK:
        if 'handle' not in _SERVER:
            handle = start_emulator(fixture=fixture())
            handle.emulator.faults = _Faults()
            atexit.register(handle.stop)
            _SERVER['handle'] = handle
            _SERVER['owner'] = None
        return _SERVER['handle']


def endpoint():
    """The running emulator's address (started on first use)."""
    return _server().base_url


class _Recording(object):
    """The BceClient's requests session, recording each request as it goes on the wire (and mangling an answer on
    its way back when the test asks: `Api.mangle`)."""

    def __init__(self, session, calls, mangles):
        self._session = session
        self._calls = calls
        self._mangles = mangles

    def __getattr__(self, name):
        return getattr(self._session, name)

    def __setattr__(self, name, value):
        if name.startswith('_'):
            object.__setattr__(self, name, value)
        else:
            setattr(self._session, name, value)

    def request(self, method, url, data=None, **kwargs):
        parts = urlsplit(url)
        params = dict(parse_qsl(parts.query, keep_blank_values=True))
        token = params.pop('clientToken', None)
        body = json.loads(data) if data else None
        self._calls.append((method, unquote(parts.path), params, body, token))
        response = self._session.request(method, url, data=data, **kwargs)
        for entry in self._mangles:
            if entry['left'] and entry['method'] == method and re.search(entry['path'], unquote(parts.path)):
                entry['left'] -= 1
                return _mangled(response, entry['status'], entry['body'])
        return response


def _mangled(response, status, body):
    """`response` with another status and body, its headers (x-bce-request-id) kept: what a proxy that broke the
    answer would hand the client."""
    response.content  # pylint: disable=pointless-statement  # read the real answer off the connection
    response.close()
    broken = requests.models.Response()
    broken.status_code = status
    broken.reason = 'OK' if status == 200 else response.reason
    broken.headers = requests.structures.CaseInsensitiveDict(response.headers)
    broken.headers['Content-Length'] = str(len(body))
    broken.raw = io.BytesIO(body.encode('utf-8'))
    broken.url = response.url
    broken.request = response.request
    return broken


class Api(object):
    """One test's view of the emulated account (see the module docstring)."""

    def __init__(self, rules=None, table_exists=True, next_hops=None, **options):
        self.handle = _server()
        self.emulator = self.handle.emulator
        self.fixture = fixture(list(rules or []), table_exists, next_hops, **options)
        self.sent = []
        self._log = []
        # Warnings the client has gathered before the module reads them (e.g. about a retry), for masking tests.
        self.client_warnings = []
        self._clients = []
        self._mangles = []
        self._pending = []

    # -- wiring ----------------------------------------------------------------------------------
    def _own(self):
        if _SERVER['owner'] is not self:
            previous = _SERVER['owner']
            if previous is not None:
                # Another Api takes the emulator over: the previous one keeps what its runs left in the log.
                previous._log = self.emulator.calls.list()
            _SERVER['owner'] = self
            self.emulator.reset(self.fixture)
            with self.emulator.state.lock:
                for hop_id in self.fixture['_gone'] if VPC in self.emulator.state.nexthops else ():
                    del self.emulator.state.nexthops[VPC][hop_id]
            self.emulator.faults.hooks = []
            for setup in self._pending:
                setup()
            self._pending = []

    def _later(self, setup):
        """Faults and hooks are set on the emulator once it holds this test's fixture."""
        if _SERVER['owner'] is self:
            setup()
        else:
            self._pending.append(setup)

    def client(self, **kwargs):
        """The real BceClient on the emulator (kwargs: BceClient's own), recording into `sent`."""
        self._own()
        options = dict(access_key=BASE_ARGS['access_key'], secret_key=SECRET, endpoint=self.handle.base_url)
        options.update(kwargs)
        options['endpoint'] = self.handle.base_url
        client = _REAL_CLIENT(**options)
        client.session = _Recording(client.session, self.sent, self._mangles)
        client.warnings.extend(self.client_warnings)
        self._clients.append(client)
        return client

    def attach(self, monkeypatch):
        """The modules' BceClient (built from their options) talks to the emulator and records into `sent`."""
        self._own()
        monkeypatch.setattr(_client, 'BceClient', self.client)

    # -- what the collection did ---------------------------------------------------------------
    @property
    def calls(self):
        """What the collection sent (method, path, query, JSON body, clientToken), in order, less the writes an
        injected fault turned away before the API handled them (they changed nothing); reads are all there."""
        refused = [c['fault'] in ('error', 'close', 'bare') for c in self.log() if c['method'] != 'GET']
        writes = [c for c in self.sent if c[0] != 'GET']
        assert len(refused) == len(writes), 'the emulator saw %d writes, the client sent %d' % (
            len(refused),
            len(writes),
        )
        turned_away = set(id(c) for c, no in zip(writes, refused) if no)
        return [c for c in self.sent if id(c) not in turned_away]

    @property
    def warnings(self):
        """The warnings the module runs' clients collected."""
        return [text for client in self._clients for text in client.warnings]

    @property
    def writes(self):
        return [c for c in self.calls if c[0] != 'GET']

    def forget(self):
        """Start the record afresh (a second run's calls only)."""
        del self.sent[:]
        self.emulator.calls.clear()

    def log(self):
        """The emulator's own call log (status, code, request_id, fault of each call it saw)."""
        return self.emulator.calls.list() if _SERVER['owner'] is self else list(self._log)

    @property
    def rules(self):
        """The custom rules of TABLE as the emulator holds them (every member of a multi-path rule)."""
        state = self.emulator.state
        with state.lock:
            return [dict(rule) for rule in state.rules.get(TABLE, {}).values()]

    def new_ids(self):
        """Ids of the rules in TABLE that the fixture did not have (the creates' rules), oldest first."""
        seeded = set()
        for raw in self.fixture['vpcs'][0]['routeTable']['rules']:
            seeded.update(raw.get('routeRuleIds') or [raw.get('routeRuleId')])
        return [rule['routeRuleId'] for rule in self.rules if rule['routeRuleId'] not in seeded]

    # -- steering --------------------------------------------------------------------------------
    def _fault(self, **spec):
        self._later(lambda: self.emulator.faults.add([spec]))

    def fail(self, method, code, message='Injected fault.', status=400, times=1, path=WRITES):
        """The next `times` requests with `method` ('*': any) to `path` answer this BCE error, unhandled."""
        self._fault(method=method, path=path, action='error', status=status, code=code, message=message, times=times)

    def drop(self, method, path=WRITES, times=1):
        """The next request is handled (committed) and its connection closed without an answer."""
        self._fault(method=method, path=path, action='drop_after_commit', times=times)

    def close(self, method, path=WRITES, times=1):
        """The next `times` matching requests lose their connection, unhandled (nothing committed)."""
        self._fault(method=method, path=path, action='close', times=times)

    def mangle(self, method, path, body, status=200, times=1):
        """The emulator's next answer to a matching request reaches the client with `status` and `body` instead of
        its own (its headers kept); the emulator handled the request as usual. For answers the emulator would
        never give (reference 7: what a proxy or a broken service may send)."""
        self._mangles.append({'method': method, 'path': path, 'body': body, 'status': status, 'left': times})

    def before(self, method, path, action, times=1):
        """Run `action()` when a matching request arrives, before the emulator handles it."""
        entry = {'method': method, 'path': path, 'action': action, 'left': times}
        self._later(lambda: self.emulator.faults.hooks.append(entry))
        return entry

    def create(self, src, dst, hop_type, hop_id, description='', rule_id=None):
        """Another writer creates a rule in TABLE (straight into the emulator's state, under `rule_id` if given);
        returns its id."""
        body = {
            'routeTableId': TABLE,
            'sourceAddress': src,
            'destinationAddress': dst,
            'nexthopType': hop_type,
            'nexthopId': hop_id,
            'description': description,
        }
        return self.emulator.state.create_rule(body, [rule_id] if rule_id else None)['routeRuleId']

    def update(self, rule_id, **fields):
        """Another writer updates a rule in place (straight into the emulator's state)."""
        self.emulator.state.update_rule(rule_id, fields)

    def add_hop(self, hop_type, hop_id, name=None, status=None, vpc=VPC):
        """A next hop appears in `vpc` (someone created it), as the fixture would hold it."""

        def setup():
            entry = hop(hop_id, name, status)
            del entry['vpc']
            subnets = [sub for sub in self.emulator.state.subnets if sub['vpcId'] == vpc]
            record = load_nexthops(vpc, {hop_type: [entry]}, subnets)[hop_id]
            with self.emulator.state.lock:
                self.emulator.state.nexthops[vpc][hop_id] = record

        self._later(setup)

    def fault_hits(self):
        """How often each injected fault has fired, in the order they were added."""
        return [rule['hits'] for rule in self.emulator.faults.describe()]
