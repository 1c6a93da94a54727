# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Emulator object: state + faults + call log + runtime config, independent of HTTP.

Tests that run the emulator in-process can reach it as ``handle.emulator``; everything here
is also available over the loopback admin API (admin.py).
"""

import copy
import json
import os
import threading
import time

from .errors import ApiError
from .faults import FaultSet
from .options import BEHAVIOUR_DEFAULTS, check_option, fixture_options, parse_variant
from .state import State

DEFAULT_FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'fixture.json')
DEFAULT_CONFIG = dict({'latency_ms': 0, 'clock_skew_seconds': 0, 'quota': None}, **BEHAVIOUR_DEFAULTS)


def load_fixture(fixture):
    """Accept None (bundled fixture), a path, or an already parsed dict."""
    if fixture is None:
        fixture = DEFAULT_FIXTURE
    if isinstance(fixture, dict):
        return copy.deepcopy(fixture)
    with open(fixture, 'rb') as handle:
        return json.loads(handle.read().decode('utf-8'))


class CallLog(object):
    """Every /v1 call since the last reset/clear, in arrival order of completion."""

    def __init__(self):
        self._lock = threading.Lock()
        self._calls = []
        self._seq = 0

    def record(self, entry):
        with self._lock:
            self._seq += 1
            entry['seq'] = self._seq
            self._calls.append(entry)

    def list(self):
        with self._lock:
            return [dict(call) for call in self._calls]

    def clear(self):
        with self._lock:
            count = len(self._calls)
            self._calls = []
            self._seq = 0
            return count


class Emulator(object):
    def __init__(self, fixture=None, variant=None):
        self.default_fixture = load_fixture(fixture)
        # The variant chosen at start survives every reset: a whole test run sees one reading of
        # the service even though each test resets the emulator.
        self.base_config = dict(DEFAULT_CONFIG, **parse_variant(variant))
        self.variant = variant or ''
        self.faults = FaultSet()
        self.calls = CallLog()
        self.config = dict(self.base_config, **fixture_options(self.default_fixture))
        self.state = State(copy.deepcopy(self.default_fixture), self._behaviour())
        self._apply_config()

    def now(self):
        """The emulator clock: wall time shifted by the configured skew."""
        return time.time() + self.config['clock_skew_seconds']

    def reset(self, fixture=None):
        """Fresh state (default fixture unless one is given); clears calls, faults, config, tokens."""
        fixture = fixture if fixture is not None else self.default_fixture
        try:
            config = dict(self.base_config, **fixture_options(fixture))
            state = State(copy.deepcopy(fixture), self._behaviour(config))
        except (ValueError, KeyError, TypeError) as exc:
            raise ApiError('InvalidParameter', 'The fixture cannot be loaded: %s' % exc)
        self.state = state
        self.calls.clear()
        self.faults.clear()
        self.config = config
        self._apply_config()

    def _behaviour(self, config=None):
        config = self.config if config is None else config
        return dict((key, config[key]) for key in BEHAVIOUR_DEFAULTS)

    def _apply_config(self):
        self.state.quota_override = self.config['quota']
        self.state.behaviour = self._behaviour()

    def set_config(self, updates):
        if not isinstance(updates, dict):
            raise ApiError('InappropriateJSON', 'The config body must be a JSON object.')
        new = dict(self.config)
        for key, value in updates.items():
            if key not in DEFAULT_CONFIG:
                raise ApiError(
                    'InvalidParameter', 'Unknown config key %r; known: %s.' % (key, ', '.join(sorted(DEFAULT_CONFIG)))
                )
            is_number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if key in BEHAVIOUR_DEFAULTS:
                check_option(key, value)
            elif key == 'quota':
                if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
                    raise ApiError('InvalidParameter', 'quota must be a non-negative integer or null.')
            elif not is_number or (key == 'latency_ms' and not 0 <= value <= 60000):
                raise ApiError(
                    'InvalidParameter',
                    '%s must be a number%s.' % (key, ' between 0 and 60000' if key == 'latency_ms' else ''),
                )
            new[key] = value
        self.config = new
        self._apply_config()
        return dict(new)
