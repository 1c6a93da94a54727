# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Routing of authenticated /v1 requests to State operations, including clientToken replay.

Every request is authenticated first (as a real API gateway does), then the path is routed,
query parameters are checked against the operation's list (unknown ones are rejected so
client bugs surface), and write operations run with the state lock held across
"look up token -> change state -> remember token".
"""

import re
from urllib.parse import unquote

from .auth import authenticate
from .errors import ApiError
from .idempotency import fingerprint
from .nexthops import LIST_PATHS as HOP_LIST_PATHS, query_keys as hop_query_keys
from .validate import check_client_token, parse_json_body, parse_max_keys

_VERSION_RE = re.compile(r'^v[0-9]+$')


class Outcome(object):
    """What happened to one API call; the server turns it into a response and a log entry."""

    def __init__(
        self,
        status=200,
        payload=None,
        code=None,
        write=False,
        client_token=None,
        replayed=False,
        access_key=None,
        ignored_fields=None,
    ):
        self.ignored_fields = ignored_fields or []
        self.status = status
        self.payload = payload
        self.code = code
        self.write = write
        self.client_token = client_token
        self.replayed = replayed
        self.access_key = access_key


def parse_query(raw_query):
    """Decode the wire query string into (name, value) pairs; a bare flag gets value "".

    '+' is decoded as a space (HTML-form style) before percent-decoding, so clients that
    send %20 and clients that send + both verify.  Repeated names are rejected.
    """
    pairs = []
    for piece in raw_query.split('&'):
        if not piece:
            continue
        name, dummy, value = piece.partition('=')
        try:
            name = unquote(name.replace('+', ' '), errors='strict')
            value = unquote(value.replace('+', ' '), errors='strict')
        except UnicodeDecodeError:
            raise ApiError('InvalidHTTPRequest', 'The query string is not valid percent-encoded UTF-8.')
        if not name:
            raise ApiError('InvalidHTTPRequest', 'The query string contains a parameter without a name.')
        if name in dict(pairs):
            raise ApiError('InvalidHTTPRequest', 'The query parameter %r is repeated.' % name)
        pairs.append((name, value))
    return pairs


def _segments(raw_path):
    try:
        return [unquote(part, errors='strict') for part in raw_path.split('/')[1:]]
    except UnicodeDecodeError:
        raise ApiError('InvalidURI', 'The request path is not valid percent-encoded UTF-8.', status=400)


def _route(method, parts):
    """Map (method, path segments) to (operation name, path argument, allowed query keys)."""
    if not parts or not _VERSION_RE.match(parts[0]):
        raise ApiError('InvalidURI', 'No API at this path.')
    rest = tuple(parts[1:])
    hop_type = HOP_LIST_PATHS.get((parts[0], '/'.join(rest)))
    if hop_type is not None:
        # Next-hop list APIs (reference 7.1), BCC's /v2/instance among them.
        if method != 'GET':
            raise ApiError('MethodNotAllowed', 'Method %s is not allowed here; allowed: GET.' % method)
        return 'list_nexthops', hop_type, hop_query_keys(hop_type)
    if parts[0] != 'v1':
        raise ApiError('InvalidVersion', 'API version %s is not supported here; use v1.' % parts[0])
    table = {
        ('route',): {'GET': ('get_table', ('routeTableId', 'vpcId'))},
        ('route', 'rule'): {
            'GET': ('list_rules', ('routeTableId', 'vpcId', 'marker', 'maxKeys')),
            'POST': ('create', ('clientToken',)),
        },
        ('vpc',): {'GET': ('list_vpcs', ('marker', 'maxKeys', 'isDefault', 'vpcIds'))},
        ('subnet',): {'GET': ('list_subnets', ('vpcId', 'zoneName', 'subnetType', 'subnetIds', 'marker', 'maxKeys'))},
    }
    argument = None
    if len(rest) == 3 and rest[:2] == ('route', 'rule'):
        methods = {'PUT': ('update', ('clientToken', 'switchRouteHA')), 'DELETE': ('delete', ('clientToken',))}
        argument = rest[2]
    elif len(rest) == 2 and rest[0] in ('vpc', 'subnet') and rest[1]:
        methods = {'GET': ('get_' + rest[0], ())}
        argument = rest[1]
    elif rest in table:
        methods = table[rest]
    else:
        raise ApiError('InvalidURI', 'No API at this path.')
    if method not in methods:
        raise ApiError(
            'MethodNotAllowed', 'Method %s is not allowed here; allowed: %s.' % (method, ', '.join(sorted(methods)))
        )
    name, allowed = methods[method]
    return name, argument, allowed


def _read(state, name, argument, query):
    if name == 'get_table':
        return state.get_table(query.get('routeTableId'), query.get('vpcId'))
    if name == 'list_rules':
        return state.list_rules(
            query.get('routeTableId'), query.get('vpcId'), query.get('marker'), parse_max_keys(query.get('maxKeys'))
        )
    if name == 'list_vpcs':
        flag = query.get('isDefault')
        if flag is not None and flag.lower() not in ('true', 'false'):
            raise ApiError('InvalidParameter', 'isDefault must be true or false.')
        return state.list_vpcs(
            query.get('marker'),
            parse_max_keys(query.get('maxKeys')),
            None if flag is None else flag.lower() == 'true',
            _id_list(query.get('vpcIds')),
        )
    if name == 'get_vpc':
        return state.get_vpc(argument)
    if name == 'get_subnet':
        return state.get_subnet(argument)
    if name == 'list_nexthops':
        return state.list_nexthops(argument, query, query.get('marker'), parse_max_keys(query.get('maxKeys')))
    return state.list_subnets(
        query.get('vpcId'),
        query.get('zoneName'),
        query.get('subnetType'),
        query.get('marker'),
        parse_max_keys(query.get('maxKeys')),
        _id_list(query.get('subnetIds')),
    )


def _id_list(text):
    """A comma-separated id filter (vpcIds / subnetIds); None when absent."""
    return None if text is None else [item.strip() for item in text.split(',') if item.strip()]


def _write(state, name, argument, query, body, ignored):
    """Run one write; returns (payload, changed).  Ignored body fields are appended to ``ignored``."""
    if name == 'create':
        return state.create_rule(parse_json_body(body), ignored=ignored), True
    if name == 'delete':
        return None, state.delete_rule(argument)
    if 'switchRouteHA' in query:
        if query['switchRouteHA'] != '':
            raise ApiError('InvalidParameter', 'switchRouteHA is a flag and takes no value.')
        if body.strip():
            # The switch takes no body; a JSON object's fields are ignored like any unknown field.
            ignored.extend(sorted(parse_json_body(body)))
        return None, state.switch_rule(argument)
    return None, state.update_rule(argument, parse_json_body(body), ignored=ignored)


def handle_api(emulator, method, raw_path, params, headers, body):
    """Authenticate, route and execute one /v1 request; returns an Outcome or raises ApiError."""
    state = emulator.state
    credential = authenticate(method, raw_path, params, headers, state.credentials, emulator.now())
    name, argument, allowed = _route(method, _segments(raw_path))
    query = dict(params)
    for key in query:
        if key not in allowed:
            raise ApiError(
                'InvalidParameter',
                'Unknown query parameter %r for this API; allowed: %s.' % (key, ', '.join(allowed) or 'none'),
            )
    if method == 'GET':
        return Outcome(payload=_read(state, name, argument, query), access_key=credential.access_key_id)
    if credential.readonly:
        raise ApiError(
            'AccessDenied', 'The access key %s is not allowed to modify route rules.' % credential.access_key_id
        )
    token = query.get('clientToken')
    if token is not None:
        check_client_token(token)
    with state.lock:
        print_ = fingerprint(method, '/'.join(_segments(raw_path)), params, body)
        if token is not None:
            replay = state.tokens.replay(credential.access_key_id, token, print_, emulator.now())
            if replay is not None:
                return Outcome(
                    replay[0], replay[1], client_token=token, replayed=True, access_key=credential.access_key_id
                )
        ignored = []
        payload, changed = _write(state, name, argument, query, body, ignored)
        if token is not None:
            state.tokens.remember(credential.access_key_id, token, print_, 200, payload, emulator.now())
        return Outcome(
            payload=payload,
            write=changed,
            client_token=token,
            access_key=credential.access_key_id,
            ignored_fields=ignored,
        )
