# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fault injection rules for /v1 requests (configured through POST /_emulator/faults).

A rule matches on method (optional, "*" = any) and a regular expression searched in the
decoded request path.  It fires ``times`` times (default 1), or - when ``probability`` is
given - with that probability from its own seeded RNG (unlimited unless ``times`` is also
given).  Latency rules add delay and let later rules fire too; the first firing rule with
any other action decides the outcome of the request.
"""

import random
import re
import threading

from .errors import ApiError

ACTIONS = ('error', 'latency', 'close', 'drop_after_commit', 'bare')
_KEYS = (
    'method',
    'path',
    'times',
    'probability',
    'seed',
    'action',
    'status',
    'code',
    'message',
    'seconds',
    'body',
    'content_type',
)


def _bad(message):
    return ApiError('InvalidParameter', 'Invalid fault rule: ' + message)


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _parse(spec):
    if not isinstance(spec, dict):
        raise _bad('each fault must be a JSON object')
    unknown = sorted(set(spec) - set(_KEYS))
    if unknown:
        raise _bad('unknown keys %s' % ', '.join(unknown))
    action = spec.get('action')
    if action not in ACTIONS:
        raise _bad('action must be one of %s' % ', '.join(ACTIONS))
    try:
        regex = re.compile(spec.get('path', ''))
    except (re.error, TypeError) as exc:
        raise _bad('path is not a valid regular expression: %s' % exc)
    probability = spec.get('probability')
    if probability is not None and (not _number(probability) or not 0 <= probability <= 1):
        raise _bad('probability must be a number between 0 and 1')
    times = spec.get('times', None if probability is not None else 1)
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 1):
        raise _bad('times must be a positive integer')
    rule = {
        'method': (spec.get('method') or '*').upper(),
        'path': regex.pattern,
        'regex': regex,
        'action': action,
        'times': times,
        'remaining': times,
        'probability': probability,
        'seed': spec.get('seed', 0),
        'hits': 0,
    }
    if probability is not None:
        rule['rng'] = random.Random(rule['seed'])
    if action == 'error':
        status = spec.get('status', 500)
        if not isinstance(status, int) or isinstance(status, bool) or not 400 <= status <= 599:
            raise _bad('status must be an HTTP error status (400-599)')
        rule.update(
            status=status,
            code=str(spec.get('code', 'InternalError')),
            message=str(spec.get('message', 'Injected fault.')),
        )
    if action == 'bare':
        # Something that is not the BCE API answering (wrong host, proxy, captive portal): no
        # JSON error body and no x-bce-request-id (reference 7 item 10).
        status = spec.get('status', 404)
        if not isinstance(status, int) or isinstance(status, bool) or not 200 <= status <= 599:
            raise _bad('status must be an HTTP status (200-599)')
        body, content_type = spec.get('body', ''), spec.get('content_type')
        if not isinstance(body, str) or (content_type is not None and not isinstance(content_type, str)):
            raise _bad('body and content_type must be strings')
        rule.update(status=status, body=body, content_type=content_type)
    if action == 'latency':
        seconds = spec.get('seconds')
        if not _number(seconds) or not 0 <= seconds <= 600:
            raise _bad('latency needs "seconds" between 0 and 600')
        rule['seconds'] = seconds
    return rule


class FaultSet(object):
    def __init__(self):
        self._lock = threading.Lock()
        self._rules = []

    def add(self, specs):
        if not isinstance(specs, list):
            raise _bad('"faults" must be a JSON array')
        parsed = [_parse(spec) for spec in specs]
        with self._lock:
            self._rules.extend(parsed)

    def clear(self):
        with self._lock:
            self._rules = []

    def describe(self):
        hidden = ('regex', 'rng')
        with self._lock:
            return [dict((key, value) for key, value in rule.items() if key not in hidden) for rule in self._rules]

    def pick(self, method, path):
        """Return (extra latency seconds, the terminal rule that fired or None)."""
        delay = 0.0
        with self._lock:
            for rule in self._rules:
                if rule['remaining'] == 0 or rule['method'] not in ('*', method) or not rule['regex'].search(path):
                    continue
                if rule['probability'] is not None and rule['rng'].random() >= rule['probability']:
                    continue
                if rule['remaining'] is not None:
                    rule['remaining'] -= 1
                rule['hits'] += 1
                if rule['action'] == 'latency':
                    delay += rule['seconds']
                    continue
                return delay, dict(rule)
        return delay, None
