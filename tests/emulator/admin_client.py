# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one client of the emulator's admin API (/_emulator/: reset, calls, faults, config, state).

Used by the emulator's own tests, the reliability harness, the benchmark and the AWX test. The admin API
is unsigned and loopback-only, so plain http.client is enough (and never goes through a proxy).
"""

import http.client
import json
from urllib.parse import urlsplit

ADMIN_PREFIX = '/_emulator/'
DEFAULT_TIMEOUT = 15


class AdminError(Exception):
    """The admin API answered with a status other than 200."""

    def __init__(self, method, name, status, payload):
        super().__init__(f'{method} {ADMIN_PREFIX}{name} returned {status}: {payload}')
        self.status = status
        self.payload = payload


class AdminClient:
    """Steer and observe one emulator through its admin API.

    `call` returns (status, payload) for tests that check refusals; every other method raises AdminError
    unless the emulator answered 200.
    """

    def __init__(self, base_url, timeout=DEFAULT_TIMEOUT):
        split = urlsplit(base_url)
        self.base_url = base_url.rstrip('/')
        self.host, self.port = split.hostname, split.port
        self.timeout = timeout

    def text(self, method, name, body=None):
        """(status, raw response text) of one admin request; `body` None sends no body at all."""
        raw = None if body is None else json.dumps(body).encode('utf-8')
        headers = {'Content-Type': 'application/json'} if raw is not None else {}
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, ADMIN_PREFIX + name, body=raw, headers=headers)
            response = conn.getresponse()
            return response.status, response.read().decode('utf-8')
        finally:
            conn.close()

    def call(self, method, name, body=None):
        """(status, decoded JSON payload or None) of one admin request; never raises on a status."""
        status, data = self.text(method, name, body)
        return status, json.loads(data) if data else None

    def _ok(self, method, name, body=None):
        status, payload = self.call(method, name, body)
        if status != 200:
            raise AdminError(method, name, status, payload)
        return payload

    def reset(self, fixture=None):
        """Back to `fixture`, or to the bundled fixture when None; clears calls, faults, config and tokens."""
        return self._ok('POST', 'reset', fixture)

    def calls(self):
        return self._ok('GET', 'calls')['calls']

    def clear_calls(self):
        return self._ok('DELETE', 'calls')

    def faults(self, *specs):
        """Add fault rules (see tests/emulator/faults.py); returns the active faults."""
        return self._ok('POST', 'faults', {'faults': list(specs)})

    def clear_faults(self):
        return self._ok('DELETE', 'faults')

    def config(self, **values):
        """Change settings such as latency_ms or quota; returns {'config': ...}."""
        return self._ok('POST', 'config', values)

    def state(self):
        """{'state': snapshot, 'config': settings}."""
        return self._ok('GET', 'state')

    def table_rules(self, table_id):
        """The rules of one route table as the state snapshot lists them (system routes included)."""
        tables = self.state()['state']['tables']
        if isinstance(tables, dict):
            return tables[table_id]['routeRules']
        for table in tables:
            if table['routeTableId'] == table_id:
                return table['routeRules']
        raise KeyError(table_id)
