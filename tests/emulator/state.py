# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""In-memory model of VPCs, subnets, next hops and route tables, with the route business rules.

Everything mutable sits behind ``State.lock`` (one re-entrant lock); the HTTP layer also holds
it around clientToken handling so that "check token, change state, record token" is atomic.
Rule ids come from a seeded RNG that is re-created with the state, so a reset replays the
same id sequence (deterministic tests).
"""

import collections
import hashlib
import ipaddress
import random
import string
import threading

from .auth import Credential
from .errors import ApiError
from .idempotency import TokenStore
from .nexthops import SPECS as HOP_SPECS, load_nexthops, require_vpc, select as select_hops
from .options import BEHAVIOUR_DEFAULTS
from .validate import check_description, check_fields, check_strings, is_any, paginate, parse_cidr

NEXTHOP_TYPES = ('custom', 'vpn', 'nat', 'dcGateway', 'peerConn', 'ipv6gateway', 'enic', 'havip')
DEFAULT_GATEWAY = 'defaultGateway'  # only with the default_gateway option (reference 7 item 5)
CREATE_FIELDS = (
    'routeTableId',
    'sourceAddress',
    'destinationAddress',
    'nexthopId',
    'nexthopType',
    'nextHopList',
    'description',
    'ipVersion',
)
UPDATE_FIELDS = ('sourceAddress', 'destinationAddress', 'nexthopId', 'description')
HOP_FIELDS = ('nexthopId', 'nexthopType', 'pathType')
RULE_FIELDS = (
    'routeRuleId',
    'routeTableId',
    'sourceAddress',
    'destinationAddress',
    'nexthopId',
    'nexthopType',
    'description',
    'pathType',
)
VPC_FIELDS = ('vpcId', 'name', 'cidr', 'ipv6Cidr', 'description', 'isDefault', 'secondaryCidr')
SUBNET_FIELDS = ('subnetId', 'name', 'zoneName', 'cidr', 'ipv6Cidr', 'vpcId', 'subnetType', 'description')
ID_ALPHABET = string.ascii_lowercase + string.digits
DEFAULT_QUOTA = 50


def _fixture_error(message):
    return ValueError('invalid fixture: ' + message)


class State(object):
    """The whole emulated account.  Public methods raise ApiError for API-visible failures."""

    def __init__(self, fixture, behaviour=None):
        self.lock = threading.RLock()
        self.quota_override = None
        # Set before loading: fixture rules are created under the same options as API calls.
        self.behaviour = dict(BEHAVIOUR_DEFAULTS, **(behaviour or {}))
        self.tokens = TokenStore()
        self._load(fixture)

    # ------------------------------------------------------------------ fixture loading
    def _load(self, fixture):
        if not isinstance(fixture, dict):
            raise _fixture_error('top level must be a JSON object')
        self.rng = random.Random(fixture.get('seed', 20240601))
        self.default_quota = int(fixture.get('default_quota', DEFAULT_QUOTA))
        self.credentials = {}
        for item in fixture.get('credentials', []):
            cred = Credential(
                item['access_key_id'],
                item['secret_access_key'],
                item.get('session_token'),
                bool(item.get('readonly', False)),
            )
            self.credentials[cred.access_key_id] = cred
        self.vpcs = collections.OrderedDict()
        self.subnets = []
        self.tables = collections.OrderedDict()
        self.table_of_vpc = {}
        self.nexthops = {}
        self.rules = {}
        self.rule_table = {}
        pending_rules = []
        for vpc in fixture.get('vpcs', []):
            pending_rules.extend(self._load_vpc(vpc))
        for table_id, rule in pending_rules:
            if not isinstance(rule, dict):
                raise _fixture_error('rule %r of %s is not an object' % (rule, table_id))
            body = dict(rule)
            ids = body.pop('routeRuleIds', None) or ([body.pop('routeRuleId')] if 'routeRuleId' in body else None)
            body['routeTableId'] = table_id
            try:
                self.create_rule(body, ids)
            except ApiError as exc:
                raise _fixture_error('rule %r: %s' % (rule, exc.message))

    def _load_vpc(self, vpc):
        try:
            vpc_id = vpc['vpcId']
            public = dict((key, vpc.get(key, '')) for key in VPC_FIELDS)
            public['isDefault'] = bool(vpc.get('isDefault', False))
            public['secondaryCidr'] = list(vpc.get('secondaryCidr', []))
            # Listed only when the fixture has them, so older fixtures keep their exact shape.
            for key in ('tags', 'createdTime'):
                if key in vpc:
                    public[key] = list(vpc[key]) if key == 'tags' else vpc[key]
            table = vpc['routeTable']
        except (KeyError, TypeError) as exc:
            raise _fixture_error('vpc entry %r lacks %s' % (vpc, exc))
        if vpc_id in self.vpcs:
            raise _fixture_error('duplicate vpc %s' % vpc_id)
        for cidr in [public['cidr'], public['ipv6Cidr']] + public['secondaryCidr']:
            if cidr:
                ipaddress.ip_network(cidr)
        self.vpcs[vpc_id] = public
        for subnet in vpc.get('subnets', []):
            entry = dict((key, subnet.get(key, '')) for key in SUBNET_FIELDS)
            entry['vpcId'] = vpc_id
            if not any(ipaddress.ip_network(entry['cidr']).subnet_of(net) for net in self._networks(vpc_id, 4)):
                raise _fixture_error('subnet %s is outside vpc %s' % (entry['subnetId'], vpc_id))
            self.subnets.append(entry)
        hops = load_nexthops(vpc_id, vpc.get('nexthops', {}), [sub for sub in self.subnets if sub['vpcId'] == vpc_id])
        for hop_id in hops:
            if any(hop_id in other for other in self.nexthops.values()):
                raise _fixture_error('next hop %s belongs to two vpcs' % hop_id)
        self.nexthops[vpc_id] = hops
        # ``routeTable`` is the VPC's default table; ``customRouteTables`` are the others
        # (reference 7 item 1: a VPC may hold several tables).
        customs = vpc.get('customRouteTables', [])
        if not isinstance(customs, list):
            raise _fixture_error('customRouteTables of %s must be a list' % vpc_id)
        pending = []
        for index, entry in enumerate([table] + customs):
            table_id = entry['routeTableId']
            if table_id in self.tables:
                raise _fixture_error('duplicate route table %s' % table_id)
            self.tables[table_id] = {
                'routeTableId': table_id,
                'name': entry.get('name', 'default' if index == 0 else table_id),
                'vpcId': vpc_id,
                'quota': entry.get('quota'),
                'default': index == 0,
            }
            self.rules[table_id] = collections.OrderedDict()
            pending.extend((table_id, rule) for rule in entry.get('rules', []))
        self.table_of_vpc[vpc_id] = table['routeTableId']
        return pending

    # ------------------------------------------------------------------ helpers
    def _networks(self, vpc_id, version):
        vpc = self.vpcs[vpc_id]
        cidrs = [vpc['cidr']] + vpc['secondaryCidr'] if version == 4 else [vpc['ipv6Cidr']]
        return [ipaddress.ip_network(cidr) for cidr in cidrs if cidr]

    def _new_rule_id(self):
        while True:
            rule_id = 'rr-' + ''.join(self.rng.choice(ID_ALPHABET) for dummy in range(12))
            if rule_id not in self.rule_table:
                return rule_id

    def _resolve_table(self, route_table_id, vpc_id):
        if not route_table_id and not vpc_id:
            raise ApiError('InvalidParameter', 'routeTableId and vpcId cannot both be empty.')
        if route_table_id:
            table = self.tables.get(route_table_id)
            if table is None:
                raise ApiError('NoSuchObject', 'The route table %s does not exist.' % route_table_id)
            if vpc_id and table['vpcId'] != vpc_id:
                raise ApiError(
                    'NoSuchObject', 'The route table %s does not belong to vpc %s.' % (route_table_id, vpc_id)
                )
            return table
        if vpc_id not in self.table_of_vpc:
            raise ApiError('NoSuchObject', 'The vpc %s does not exist.' % vpc_id)
        return self.tables[self.table_of_vpc[vpc_id]]

    def _find_rule(self, rule_id):
        if not rule_id:
            raise ApiError(
                'OperationNotAllowed', 'System route rules (empty routeRuleId) cannot be updated, deleted or switched.'
            )
        table_id = self.rule_table.get(rule_id)
        if table_id is None and self.behaviour['system_rule_ids']:
            for table in self.tables.values():
                if any(rule['routeRuleId'] == rule_id for rule in self._system_rules(table, True)):
                    raise ApiError(
                        'OperationNotAllowed',
                        'Route rule %s is a system route rule; it cannot be updated, deleted or switched.' % rule_id,
                    )
        if table_id is None:
            raise ApiError('NoSuchObject', 'The route rule %s does not exist.' % rule_id)
        return self.rules[table_id][rule_id]

    def quota_of(self, table):
        if self.quota_override is not None:
            return self.quota_override
        return table['quota'] if table['quota'] is not None else self.default_quota

    @staticmethod
    def _system_rule_id(table_id, destination):
        """A stable rr-... id for a system rule (only shown with the system_rule_ids option)."""
        return 'rr-' + hashlib.sha256(('%s|%s' % (table_id, destination)).encode('utf-8')).hexdigest()[:12]

    def _system_rules(self, table, with_ids=False):
        rules = []
        for version, anywhere in ((4, '0.0.0.0/0'), (6, '::/0')):
            for network in self._networks(table['vpcId'], version):
                rule_id = self._system_rule_id(table['routeTableId'], str(network)) if with_ids else ''
                rules.append(
                    {
                        'routeRuleId': rule_id,
                        'routeTableId': table['routeTableId'],
                        'sourceAddress': anywhere,
                        'destinationAddress': str(network),
                        'nexthopId': '',
                        'nexthopType': 'sys',
                        'description': '',
                    }
                )
        return rules

    def _all_rules(self, table, with_ids=False, everything=False, first_sys=0):
        """System rules first, then custom rules in creation order, as (marker, public rule).

        Multi-path members are left out when the multipath_listed option is off, unless
        ``everything`` (the admin view).  System rules without ids get markers sys-N.
        """
        listed = []
        for index, rule in enumerate(self._system_rules(table, with_ids)):
            listed.append((rule['routeRuleId'] or 'sys-%d' % (first_sys + index), rule))
        hide_groups = not everything and not self.behaviour['multipath_listed']
        for rule in self.rules[table['routeTableId']].values():
            if hide_groups and rule['group'] is not None:
                continue
            listed.append((rule['routeRuleId'], dict((key, rule[key]) for key in RULE_FIELDS)))
        return listed

    def _tables_of(self, vpc_id):
        return [table for table in self.tables.values() if table['vpcId'] == vpc_id]

    # ------------------------------------------------------------------ rule checks
    def _check_addresses(self, vpc_id, source_text, destination_text, ip_version=None):
        source = parse_cidr('sourceAddress', source_text)
        destination = parse_cidr('destinationAddress', destination_text)
        if source.version != destination.version:
            raise ApiError(
                'InvalidCidr',
                'sourceAddress %s and destinationAddress %s are not of the same IP version.' % (source, destination),
            )
        if ip_version is not None and ip_version != str(source.version):
            raise ApiError(
                'InvalidCidr',
                'ipVersion %s does not match the IPv%d addresses of the rule.' % (ip_version, source.version),
            )
        if not is_any(source):
            subnets = [sub for sub in self.subnets if sub['vpcId'] == vpc_id]
            fields = 'cidr' if source.version == 4 else 'ipv6Cidr'
            if not any(sub[fields] and source.subnet_of(ipaddress.ip_network(sub[fields])) for sub in subnets):
                raise ApiError(
                    'InvalidSourceAddress',
                    'sourceAddress %s is neither %s nor inside an existing subnet of vpc %s.'
                    % (source, '0.0.0.0/0' if source.version == 4 else '::/0', vpc_id),
                )
        if not is_any(destination):
            for network in self._networks(vpc_id, destination.version):
                if destination.overlaps(network):
                    raise ApiError(
                        'InvalidDestinationAddress',
                        'destinationAddress %s overlaps the vpc CIDR %s.' % (destination, network),
                    )
        return source, destination

    def nexthop_types(self):
        return NEXTHOP_TYPES + ((DEFAULT_GATEWAY,) if self.behaviour['default_gateway'] else ())

    def _check_nexthop(self, vpc_id, hop_type, hop_id, version, where=''):
        where = where + ' ' if where else ''
        types = self.nexthop_types()
        if hop_type not in types:
            raise ApiError('InvalidNexthop', '%snexthopType %r is not one of %s.' % (where, hop_type, ', '.join(types)))
        if hop_type == 'ipv6gateway' and version != 6:
            raise ApiError(
                'InvalidNexthop', '%snexthopType ipv6gateway requires IPv6 source and destination addresses.' % where
            )
        if hop_type == DEFAULT_GATEWAY and not hop_id:
            return  # the local gateway: "nexthopId can be empty" (PY-SDK route_client docstring)
        known = self.nexthops[vpc_id].get(hop_id)
        if known is None:
            raise ApiError('InvalidNexthop', '%snexthopId %r does not exist in vpc %s.' % (where, hop_id, vpc_id))
        if known['type'] != hop_type:
            raise ApiError(
                'InvalidNexthop', '%snexthopId %s is of type %s, not %s.' % (where, hop_id, known['type'], hop_type)
            )

    def _check_unique(self, table_id, source, destination, ignore_id=None):
        for rule in self.rules[table_id].values():
            if (
                rule['routeRuleId'] != ignore_id
                and rule['sourceAddress'] == str(source)
                and rule['destinationAddress'] == str(destination)
            ):
                raise ApiError(
                    'RouteRuleRepeated',
                    'A route rule with sourceAddress %s and destinationAddress %s already exists in %s (%s).'
                    % (source, destination, table_id, rule['routeRuleId']),
                )

    def _parse_hop_list(self, body, vpc_id, version, ignored):
        hops = body['nextHopList']
        if not isinstance(hops, list) or not all(isinstance(hop, dict) for hop in hops):
            raise ApiError('InappropriateJSON', 'The field nextHopList must be a JSON array of objects.')
        if body.get('nexthopId') or body.get('nexthopType'):
            raise ApiError('InappropriateJSON', 'nextHopList cannot be combined with nexthopId/nexthopType.')
        for index, hop in enumerate(hops):
            where = 'nextHopList[%d]' % index
            ignored.extend('%s.%s' % (where, key) for key in check_fields(hop, HOP_FIELDS, HOP_FIELDS, where))
            check_strings(hop, HOP_FIELDS, where)
        if len(hops) < 2:
            raise ApiError(
                'InvalidNexthop', 'nextHopList needs at least 2 next hops (ecmp) or exactly 2 (ha:active + ha:standby).'
            )
        for index, hop in enumerate(hops):
            if hop['nexthopType'] != 'dcGateway':
                raise ApiError(
                    'InvalidNexthop',
                    'nextHopList[%d] nexthopType must be dcGateway, got %r.' % (index, hop['nexthopType']),
                )
        paths = sorted(hop['pathType'] for hop in hops)
        if paths != ['ecmp'] * len(hops) and paths != ['ha:active', 'ha:standby']:
            raise ApiError(
                'InvalidNexthop',
                'nextHopList pathType must be ecmp on every hop, or exactly one ha:active and one ha:standby; got %s.'
                % ', '.join(hop['pathType'] for hop in hops),
            )
        if len(set(hop['nexthopId'] for hop in hops)) != len(hops):
            raise ApiError('InvalidNexthop', 'nextHopList contains the same nexthopId twice.')
        for index, hop in enumerate(hops):
            self._check_nexthop(vpc_id, hop['nexthopType'], hop['nexthopId'], version, 'nextHopList[%d]' % index)
        return [(hop['nexthopId'], hop['nexthopType'], hop['pathType']) for hop in hops]

    # ------------------------------------------------------------------ operations
    def create_rule(self, body, rule_ids=None, ignored=None):
        """Create a single- or multi-path rule; returns the response payload.

        Unknown body fields are dropped and their names appended to ``ignored``.
        """
        ignored = [] if ignored is None else ignored
        ignored.extend(
            check_fields(
                body, CREATE_FIELDS, ('routeTableId', 'sourceAddress', 'destinationAddress'), 'the request body'
            )
        )
        check_strings(body, [name for name in CREATE_FIELDS if name != 'nextHopList'], 'the request body')
        with self.lock:
            table = self._resolve_table(body['routeTableId'], None)
            vpc_id = table['vpcId']
            description = body.get('description', '')
            check_description(description)
            ip_version = body.get('ipVersion')
            if ip_version is not None and ip_version not in ('4', '6'):
                raise ApiError('InvalidParameter', 'ipVersion must be "4" or "6", got %r.' % ip_version)
            source, destination = self._check_addresses(
                vpc_id, body['sourceAddress'], body['destinationAddress'], ip_version
            )
            if 'nextHopList' in body:
                hops = self._parse_hop_list(body, vpc_id, source.version, ignored)
            else:
                local = body.get('nexthopType') == DEFAULT_GATEWAY and self.behaviour['default_gateway']
                required = ('nexthopType',) if local else ('nexthopType', 'nexthopId')
                for name in required:
                    if not body.get(name):
                        raise ApiError(
                            'InappropriateJSON',
                            'The field %r is required for a single-path rule (or send nextHopList).' % name,
                        )
                self._check_nexthop(vpc_id, body['nexthopType'], body.get('nexthopId', ''), source.version)
                hops = [(body.get('nexthopId', ''), body['nexthopType'], 'normal')]
            self._check_unique(table['routeTableId'], source, destination)
            quota = self.quota_of(table)
            used = len(self.rules[table['routeTableId']])
            if used + len(hops) > quota:
                raise ApiError(
                    'RouteRuleExceedQuota',
                    'Route table %s already has %d of %d custom route rule entries; %d more requested.'
                    % (table['routeTableId'], used, quota, len(hops)),
                )
            if rule_ids is not None and len(rule_ids) != len(hops):
                raise ApiError('InternalError', 'fixture rule ids do not match the number of next hops')
            ids = list(rule_ids) if rule_ids is not None else [self._new_rule_id() for dummy in hops]
            group = ids[0] if len(hops) > 1 else None
            for rule_id, (hop_id, hop_type, path_type) in zip(ids, hops):
                if rule_id in self.rule_table:
                    raise ApiError('InternalError', 'duplicate fixture rule id %s' % rule_id)
                self.rules[table['routeTableId']][rule_id] = {
                    'routeRuleId': rule_id,
                    'routeTableId': table['routeTableId'],
                    'sourceAddress': str(source),
                    'destinationAddress': str(destination),
                    'nexthopId': hop_id,
                    'nexthopType': hop_type,
                    'description': description,
                    'pathType': path_type,
                    'group': group,
                }
                self.rule_table[rule_id] = table['routeTableId']
            if group is None:
                return {'routeRuleId': ids[0]}
            return {'routeRuleIds': ids}

    def update_rule(self, rule_id, body, ignored=None):
        """Update a single-path rule in place; returns True when something changed.

        Unknown body fields (e.g. the GO-SDK's routeRuleId) are dropped and listed in ``ignored``.
        """
        ignored = [] if ignored is None else ignored
        ignored.extend(check_fields(body, UPDATE_FIELDS, (), 'the update request body'))
        check_strings(body, UPDATE_FIELDS, 'the update request body')
        with self.lock:
            rule = self._find_rule(rule_id)
            if rule['group'] is not None:
                raise ApiError(
                    'OperationNotAllowed',
                    'Only single-path route rules can be updated; %s is a member of a multi-path (%s) rule.'
                    % (rule_id, rule['pathType']),
                )
            new = dict(rule)
            new.update(body)
            table = self.tables[rule['routeTableId']]
            check_description(new['description'])
            source, destination = self._check_addresses(table['vpcId'], new['sourceAddress'], new['destinationAddress'])
            self._check_nexthop(table['vpcId'], new['nexthopType'], new['nexthopId'], source.version)
            self._check_unique(table['routeTableId'], source, destination, ignore_id=rule_id)
            changed = new != rule
            rule.update(new)
            return changed

    def delete_rule(self, rule_id):
        with self.lock:
            rule = self._find_rule(rule_id)
            del self.rules[rule['routeTableId']][rule_id]
            del self.rule_table[rule_id]
            return True

    def switch_rule(self, rule_id):
        """Swap ha:active and ha:standby of the pair whose active member is ``rule_id``."""
        with self.lock:
            rule = self._find_rule(rule_id)
            partners = [
                other
                for other in self.rules[rule['routeTableId']].values()
                if rule['group'] is not None and other['group'] == rule['group'] and other['pathType'] == 'ha:standby'
            ]
            if rule['pathType'] != 'ha:active' or len(partners) != 1:
                raise ApiError(
                    'OperationNotAllowed',
                    'Route rule %s is not the ha:active member of a complete multi-path HA pair (pathType %s).'
                    % (rule_id, rule['pathType']),
                )
            rule['pathType'], partners[0]['pathType'] = 'ha:standby', 'ha:active'
            return True

    def get_table(self, route_table_id, vpc_id):
        with self.lock:
            table = self._resolve_table(route_table_id, vpc_id)
            return {
                'name': table['name'],
                'routeTableId': table['routeTableId'],
                'vpcId': table['vpcId'],
                'routeRules': [rule for dummy, rule in self._all_rules(table)],
            }

    def list_rules(self, route_table_id, vpc_id, marker, max_keys):
        """GET /v1/route/rule: one table, or - by vpcId alone - the rules of every table of the VPC.

        The by-VPC form is documented as "the route rules of a route table or of a VPC"
        (reference 7 item 1); this is its worst case: default table first, then the custom ones.
        """
        with self.lock:
            table = self._resolve_table(route_table_id, vpc_id)
            with_ids = self.behaviour['system_rule_ids']
            listed = []
            for each in [table] if route_table_id else self._tables_of(table['vpcId']):
                listed.extend(
                    self._all_rules(each, with_ids, first_sys=sum(1 for key, dummy in listed if key.startswith('sys-')))
                )
            return paginate(
                [rule for dummy, rule in listed],
                [key for key, dummy in listed],
                marker,
                max_keys,
                'routeRules',
                after=self.behaviour['marker'] == 'after',
            )

    def list_nexthops(self, hop_type, query, marker, max_keys):
        """The list API of one next-hop type (nexthops.SPECS), filtered like the real one."""
        with self.lock:
            spec = HOP_SPECS[hop_type]
            query = dict(query)
            if hop_type == 'custom' and query.get('vpcId') and not query.get('privateIps'):
                # The BCC list takes vpcId only together with privateIps (reference 8 item 2).
                if self.behaviour['bcc_lone_vpc_id'] == 'reject':
                    raise ApiError('InvalidParameter', 'vpcId can only be used together with privateIps.')
                del query['vpcId']
            vpc_id = require_vpc(hop_type, query.get('vpcId'), self.vpcs)
            records = [
                record for vid, hops in self.nexthops.items() if vpc_id in (None, vid) for record in hops.values()
            ]
            items, markers = select_hops(hop_type, records, query)
            if not spec.paged:
                if not items:
                    raise ApiError('NoSuchObject', 'The vpc %s has no IPv6 gateway.' % vpc_id)
                return items[0]
            return paginate(items, markers, marker, max_keys, spec.key, after=self.behaviour['marker'] == 'after')

    def list_vpcs(self, marker, max_keys, is_default, vpc_ids=None):
        with self.lock:
            vpcs = [
                dict(vpc)
                for vpc in self.vpcs.values()
                if (is_default is None or vpc['isDefault'] == is_default)
                and (vpc_ids is None or vpc['vpcId'] in vpc_ids)
            ]
            return paginate(
                vpcs,
                [vpc['vpcId'] for vpc in vpcs],
                marker,
                max_keys,
                'vpcs',
                after=self.behaviour['marker'] == 'after',
            )

    def get_vpc(self, vpc_id):
        with self.lock:
            if vpc_id not in self.vpcs:
                raise ApiError('NoSuchObject', 'The vpc %s does not exist.' % vpc_id)
            vpc = dict(self.vpcs[vpc_id])
            vpc['subnets'] = [dict(sub) for sub in self.subnets if sub['vpcId'] == vpc_id]
            return {'vpc': vpc}

    def get_subnet(self, subnet_id):
        with self.lock:
            for sub in self.subnets:
                if sub['subnetId'] == subnet_id:
                    return {'subnet': dict(sub)}
            raise ApiError('NoSuchObject', 'The subnet %s does not exist.' % subnet_id)

    def list_subnets(self, vpc_id, zone_name, subnet_type, marker, max_keys, subnet_ids=None):
        with self.lock:
            if vpc_id and vpc_id not in self.vpcs:
                raise ApiError('NoSuchObject', 'The vpc %s does not exist.' % vpc_id)
            subnets = [
                dict(sub)
                for sub in self.subnets
                if (not vpc_id or sub['vpcId'] == vpc_id)
                and (not zone_name or sub['zoneName'] == zone_name)
                and (not subnet_type or sub['subnetType'] == subnet_type)
                and (subnet_ids is None or sub['subnetId'] in subnet_ids)
            ]
            return paginate(
                subnets,
                [sub['subnetId'] for sub in subnets],
                marker,
                max_keys,
                'subnets',
                after=self.behaviour['marker'] == 'after',
            )

    def snapshot(self):
        """Everything except secrets, for GET /_emulator/state."""
        with self.lock:
            tables = []
            for table in self.tables.values():
                entry = dict(table)
                entry['effectiveQuota'] = self.quota_of(table)
                # The admin view shows every rule, also multi-path members the query APIs hide.
                entry['routeRules'] = [rule for dummy, rule in self._all_rules(table, everything=True)]
                entry['unlistedRuleIds'] = [
                    rule['routeRuleId']
                    for dummy, rule in self._all_rules(table, everything=True)
                    if rule['routeRuleId']
                    and not self.behaviour['multipath_listed']
                    and rule.get('pathType') not in (None, 'normal')
                ]
                tables.append(entry)
            return {
                'vpcs': [self.get_vpc(vpc_id)['vpc'] for vpc_id in self.vpcs],
                'tables': tables,
                'nexthops': dict(
                    (vpc_id, dict((hop_id, hop['type']) for hop_id, hop in hops.items()))
                    for vpc_id, hops in self.nexthops.items()
                ),
                'nexthopDetails': dict(
                    (
                        vpc_id,
                        [dict((key, hop[key]) for key in ('id', 'type', 'name', 'status')) for hop in hops.values()],
                    )
                    for vpc_id, hops in self.nexthops.items()
                ),
                'accessKeys': sorted(self.credentials),
                'clientTokens': len(self.tokens),
            }
