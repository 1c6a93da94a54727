# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A small in-memory stand-in for BceClient, raw API rules, and helpers to build desired rules and run a module's main()."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import json

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import desired_rule

TABLE = 'rt-unit00000001'
VPC = 'vpc-unit00000001'
SECRET = 'unit-secret-key-value'
BASE_ARGS = {'access_key': 'ak', 'secret_key': SECRET, 'endpoint': 'http://127.0.0.1:1'}


class ExitJson(Exception):
    pass


class FailJson(Exception):
    pass


def _exit_json(self, **kwargs):
    kwargs.setdefault('changed', False)
    raise ExitJson(kwargs)


def _fail_json(self, **kwargs):
    raise FailJson(kwargs)


@contextlib.contextmanager
def module_args(args, base=True):
    args = dict(BASE_ARGS, **args) if base else dict(args)
    args.setdefault('_ansible_remote_tmp', '/tmp')
    args.setdefault('_ansible_keep_remote_files', False)
    try:
        from ansible.module_utils.testing import patch_module_args
    except ImportError:  # ansible-core < 2.19
        basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))
        yield
        return
    with patch_module_args(args):
        yield


def rule(rule_id, src, dst, hop_type, hop_id, path='normal', description=''):
    return {
        'routeRuleId': rule_id,
        'routeTableId': TABLE,
        'sourceAddress': src,
        'destinationAddress': dst,
        'nexthopType': hop_type,
        'nexthopId': hop_id,
        'pathType': path,
        'description': description,
    }


SYSTEM_RULE = {
    'routeRuleId': '',
    'routeTableId': TABLE,
    'sourceAddress': '0.0.0.0/0',
    'destinationAddress': '192.168.0.0/16',
    'nexthopType': 'sys',
    'nexthopId': '',
    'description': '',
}


# The next-hop list APIs the fake answers: path -> (result key, id field, name field, VPC field), written
# out from reference 7.1 independently of _next_hop_api.py; None: one object, not a list.
NEXT_HOP_APIS = {
    '/v1/nat': ('nats', 'id', 'name', 'vpcId'),
    '/v1/vpn': ('vpns', 'vpnId', 'vpnName', 'vpcId'),
    '/v1/etGateway': ('etGateways', 'etGatewayId', 'name', 'vpcId'),
    # A peering route names the local interface (localIfId, qpif-), not the connection (peerConnId): reference 8.1.
    '/v1/peerconn': ('peerConns', 'localIfId', 'localIfName', 'localVpcId'),
    '/v1/eni': ('enis', 'eniId', 'name', 'vpcId'),
    '/v1/havip': ('haVips', 'haVipId', 'name', 'vpcId'),
    '/v1/IPv6Gateway': (None, 'gatewayId', 'name', 'vpcId'),
    '/v2/instance': ('instances', 'id', 'name', 'vpcId'),
}
# Every next hop the unit tests point at exists in VPC by default, named after its id, in a routing status.
DEFAULT_NEXT_HOPS = {
    '/v1/nat': ['nat-1', 'nat-a', 'nat-b', 'nat-aaaa', 'nat-x'],
    '/v1/vpn': ['vpn-1', 'vpn-2', 'vpn-aaaa', 'vpn-old'],
    '/v1/etGateway': ['dcgw-a', 'dcgw-b', 'dcgw-x'],
    '/v1/peerconn': ['qpif-x'],
    '/v1/eni': [],
    '/v1/havip': [],
    '/v1/IPv6Gateway': ['gw-x'],
    '/v2/instance': ['i-abc', 'i-node1'],
}
ROUTING_STATUS = {'/v1/etGateway': 'running', '/v2/instance': 'Running'}


def next_hop_item(path, hop_id, name=None, status=None, vpc=VPC):
    """One item of a next-hop list API in its own field names."""
    dummy, id_field, name_field, vpc_field = NEXT_HOP_APIS[path]
    item = {id_field: hop_id, name_field: hop_id if name is None else name, vpc_field: vpc}
    if path != '/v1/IPv6Gateway':
        item['status'] = status or ROUTING_STATUS.get(path, 'active')
    if path == '/v1/peerconn':
        item['peerConnId'] = hop_id.replace('qpif-', 'peerconn-', 1)
    return item


def default_next_hops():
    return dict((path, [next_hop_item(path, hop_id) for hop_id in ids]) for path, ids in DEFAULT_NEXT_HOPS.items())


def want(**params):
    """The desired rule of route_rule's rule options; unset options are None, as AnsibleModule passes them."""
    base = dict.fromkeys(('source_address', 'next_hop_type', 'next_hop_id', 'next_hops', 'description', 'ip_version'))
    base['destination_address'] = '0.0.0.0/0'
    base.update(params)
    return desired_rule(base)


class FakeClient(object):
    """Answers the route API from a list of raw rules and records every call."""

    def __init__(self, rules=None, table_exists=True, next_hops=None):
        self.rules = [dict(r) for r in [SYSTEM_RULE] + list(rules or [])]
        # {list API path: [items]} (see next_hop_item); the default knows every next hop the tests use.
        self.next_hops = default_next_hops() if next_hops is None else next_hops
        self.warnings = []
        self.table_exists = table_exists
        self.calls = []
        self.counter = 0
        self.faults = []

    def inject(self, method, error, times=1, commit=False):
        """The next `times` writes with `method` ('*' = any write) raise `error`; with commit=True
        the write is applied first (another writer got there, or the answer was lost)."""
        self.faults.append({'method': method, 'error': error, 'left': times, 'commit': commit})

    @property
    def writes(self):
        return [c for c in self.calls if c[0] != 'GET']

    def _not_found(self):
        return BceApiError(404, 'NoSuchObject', 'route table not found', 'rid')

    def paginate(self, path, params, key):
        self.calls.append(('GET', path, dict(params), None, None))
        if path == '/v2/instance':
            return self._instances(params, key)
        if path in NEXT_HOP_APIS:
            return self._next_hop_answer(path, key)
        if not self.table_exists:
            raise self._not_found()
        return [dict(r) for r in self.rules]

    def get(self, path, params=None):
        self.calls.append(('GET', path, dict(params or {}), None, None))
        if path == '/v1/route':
            if not self.table_exists:
                raise self._not_found()
            return {'routeTableId': TABLE, 'vpcId': VPC, 'name': 'default', 'routeRules': [dict(r) for r in self.rules]}
        if path == '/v1/IPv6Gateway':
            return self._next_hop_answer(path, None)
        if path.startswith('/v1/vpc/'):
            return {
                'vpc': {
                    'vpcId': VPC,
                    'cidr': '192.168.0.0/16',
                    'subnets': [{'cidr': '192.168.0.0/20'}, {'cidr': '192.168.16.0/20'}],
                }
            }
        raise AssertionError('unexpected GET %s' % path)

    def _next_hop_answer(self, path, key):
        assert key == NEXT_HOP_APIS[path][0], 'wrong result key %r for %s' % (key, path)
        items = self.next_hops.get(path, [])
        if isinstance(items, Exception):
            raise items
        if key is None:
            if not items:
                raise BceApiError(404, 'NoSuchObject', 'no IPv6 gateway', 'rid')
            return items[0]
        return items

    def _instances(self, params, key):
        # The BCC list takes vpcId only with privateIps (reference 8.2): a lone vpcId is a collection bug here.
        assert set(params) in ({'instanceIds'}, {'instanceNames'}), 'BCC list queried with %r' % (params,)
        field = 'id' if 'instanceIds' in params else 'name'
        wanted = params.get('instanceIds') or params.get('instanceNames')
        assert len(wanted.split(',')) <= 100
        items = self._next_hop_answer('/v2/instance', key)
        return [item for item in items if item[field] in wanted.split(',')]

    def _new_id(self):
        self.counter += 1
        return 'rr-new%08d' % self.counter

    def request(self, method, path, params=None, body=None, client_token=None):
        for fault in self.faults:
            if fault['left'] and fault['method'] in (method, '*'):
                fault['left'] -= 1
                if fault['commit']:
                    self._apply(method, path, params, body, client_token)
                raise fault['error']
        return self._apply(method, path, params, body, client_token)

    def _apply(self, method, path, params=None, body=None, client_token=None):
        self.calls.append((method, path, dict(params or {}), body, client_token))
        rule_id = path.rsplit('/', 1)[-1]
        if method == 'POST':
            if body.get('nextHopList'):
                ids = []
                for hop in body['nextHopList']:
                    ids.append(self._new_id())
                    self.rules.append(
                        rule(
                            ids[-1],
                            body['sourceAddress'],
                            body['destinationAddress'],
                            hop['nexthopType'],
                            hop['nexthopId'],
                            hop['pathType'],
                            body['description'],
                        )
                    )
                return {'routeRuleIds': ids}
            new = self._new_id()
            self.rules.append(
                rule(
                    new,
                    body['sourceAddress'],
                    body['destinationAddress'],
                    body['nexthopType'],
                    body['nexthopId'],
                    description=body['description'],
                )
            )
            return {'routeRuleId': new}
        if method == 'DELETE':
            self.rules = [r for r in self.rules if r['routeRuleId'] != rule_id]
            return None
        if method == 'PUT' and params and 'switchRouteHA' in params:
            target = [r for r in self.rules if r['routeRuleId'] == rule_id][0]
            for r in self.rules:
                if (r['sourceAddress'], r['destinationAddress']) == (
                    target['sourceAddress'],
                    target['destinationAddress'],
                ):
                    r['pathType'] = 'ha:standby' if r['pathType'] == 'ha:active' else 'ha:active'
            return None
        if method == 'PUT':
            for r in self.rules:
                if r['routeRuleId'] == rule_id:
                    r.update(body)
            return None
        raise AssertionError('unexpected %s %s' % (method, path))


def run_module(monkeypatch, module, args, client=None, check_mode=False, diff=False, base=True):
    """Run module.main() with `client` in place of BceClient (None: leave BceClient alone, e.g.
    when a test patched it itself); `base=False` leaves out the default connection options.
    Returns (result, failed)."""
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _client

    if client is not None:
        monkeypatch.setattr(_client, 'BceClient', lambda **kwargs: client)
    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', _exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', _fail_json)
    args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
    with module_args(args, base):
        try:
            module.main()
        except ExitJson as exc:
            return exc.args[0], False
        except FailJson as exc:
            return exc.args[0], True
    raise AssertionError('module returned without exit_json or fail_json')
