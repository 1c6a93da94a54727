# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The unsigned, loopback-only admin API under /_emulator/ (reset, calls, faults, config, state).

It never shares a path prefix with /v1, is never signed, never logged in the call log, and
never subject to faults or latency, so tests can always observe and steer the emulator.
"""

from .errors import ApiError
from .validate import parse_json_body


def _body(raw):
    return parse_json_body(raw) if raw.strip() else None


def handle_admin(emulator, method, path, raw_body):
    """Return (status, payload) for one admin request, or raise ApiError."""
    name = path[len('/_emulator/') :] if path.startswith('/_emulator/') else ''
    routes = {
        # An empty body or {} means the default fixture.
        ('reset', 'POST'): lambda: _reset(emulator, _body(raw_body) or None),
        ('calls', 'GET'): lambda: {'calls': emulator.calls.list()},
        ('calls', 'DELETE'): lambda: {'cleared': emulator.calls.clear()},
        ('faults', 'GET'): lambda: {'faults': emulator.faults.describe()},
        ('faults', 'POST'): lambda: _add_faults(emulator, _body(raw_body)),
        ('faults', 'DELETE'): lambda: _clear_faults(emulator),
        ('config', 'GET'): lambda: {'config': dict(emulator.config)},
        ('config', 'POST'): lambda: {'config': emulator.set_config(_body(raw_body) or {})},
        ('state', 'GET'): lambda: {'state': emulator.state.snapshot(), 'config': dict(emulator.config)},
    }
    action = routes.get((name, method))
    if action is None:
        if any(key[0] == name for key in routes):
            raise ApiError('MethodNotAllowed', 'Method %s is not allowed on %s.' % (method, path))
        raise ApiError('InvalidURI', 'No admin endpoint at %s.' % path)
    return 200, action()


def _reset(emulator, fixture):
    # No body or an empty object {} both mean "the default fixture": an empty fixture would be
    # an account without credentials, which is never what a caller wants.
    emulator.reset(fixture or None)
    return {'reset': True}


def _add_faults(emulator, body):
    if not isinstance(body, dict) or set(body) != {'faults'}:
        raise ApiError('InappropriateJSON', 'The body must be {"faults": [...]}.')
    emulator.faults.add(body['faults'])
    return {'faults': emulator.faults.describe()}


def _clear_faults(emulator):
    emulator.faults.clear()
    return {'faults': []}
