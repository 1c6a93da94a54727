# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP client of the BCE OpenAPI: BceClient checks its options, signs and runs the retry loop of one call.

One requests.Session per module run, so every call after the first reuses the
connection. Errors are raised (see _errors.py); nothing here talks to Ansible.
Each other concern has a file of its own, whose names are re-exported here:
  _transport.py  one exchange within the whole-request deadline (the worker thread, body read with a byte cap)
  _retry.py      which answers are tried again, the backoff, a write whose outcome is unknown
  _error_map.py  error answers and transport failures to exceptions and messages, the JSON value bound
  _scrub.py      credentials, signatures and header-borne secrets removed from every message
  _paging.py     marker/maxKeys listings read whole, with their page and item bounds

Every answer is treated as data from an untrusted peer: it must arrive whole within
api_timeout, stay under MAX_BODY_BYTES, and have the shape the call expects; every
error text is scrubbed of the credentials and the signature before it leaves here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import json
import math
import random
import re
import sys
import threading
import time
import traceback

from ansible_collections.baiducloud.vpc.plugins.module_utils import _signer
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceConfigError,
    BceResponseError,
    BceTransportError,
    BceUnknownOutcomeError,
    code_matches,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._version import COLLECTION_VERSION

# Each concern has its own file; the names are re-exported here, where the modules, the inventory and the tests
# have always found them.
# pylint: disable=unused-import
from ansible_collections.baiducloud.vpc.plugins.module_utils._error_map import (  # noqa: F401
    MAX_JSON_VALUES,
    describe_transport_error,
    json_type as _json_type,
    json_values_bound,
    parse_error,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._paging import (  # noqa: F401
    MAX_LISTED_ITEMS,
    MAX_PAGE_BODY_BYTES,
    MAX_PAGE_SIZE,
    paginate as _paginate,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._retry import (  # noqa: F401
    RETRY_BASE_DELAY,
    RETRY_STATUSES,
    THROTTLING_CODE_MARKERS,
    backoff,
    mark_outcome_unknown as _mark_outcome_unknown,
    retry_after as _retry_after,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._scrub import HIDDEN, scrub as _scrub  # noqa: F401
from ansible_collections.baiducloud.vpc.plugins.module_utils._transport import (  # noqa: F401
    MAX_BODY_BYTES,
    READ_CHUNK_BYTES,
    _Deadline,
    _session_for,
    _Unreadable,
    _Worker,
    exchange,
)

# pylint: enable=unused-import

try:
    import requests

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:
    requests = None
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

try:
    from urllib3.exceptions import InsecureRequestWarning
except ImportError:  # pragma: no cover - urllib3 comes with requests
    InsecureRequestWarning = None

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported by the controller anyway
    from urlparse import urlsplit  # type: ignore

# The regions of Baidu's current VPC endpoint page (DOC xjwvyuhpw, 2025-10-30; reference 4.8 and 8): what the
# inventory lists by default.
DOCUMENTED_REGIONS = ('bj', 'bd', 'gz', 'su', 'hkg', 'fwh', 'cd')
# Those plus the two of the older English page (sin, fsh): the regions the inventory accepts in `regions` without
# an `endpoints` URL (a typo there must not become a listing that fails on DNS).
REGIONS = DOCUMENTED_REGIONS + ('sin', 'fsh')
# Any region name of this form is accepted: a region newer than this list, or one reached through a proxy given as
# endpoint, must not be refused. Without an endpoint it selects https://bcc.<region>.baidubce.com.
REGION_PATTERN = re.compile(r'^[a-z][a-z0-9-]*\Z')

CONTENT_TYPE = 'application/json;charset=utf-8'
WRITE_METHODS = frozenset(('POST', 'PUT', 'DELETE'))

# Allowed ranges of the numeric options: (lowest, highest, lowest excluded, whole numbers only).
# The ceilings are far above any useful setting and keep the worst-case run time finite.
MAX_API_TIMEOUT = 600
MAX_API_RETRIES = 10
MAX_API_RETRY_MAX_DELAY = 300
OPTION_RANGES = {
    'api_timeout': (0, MAX_API_TIMEOUT, True, False),
    'api_retries': (0, MAX_API_RETRIES, False, True),
    'api_retry_max_delay': (0, MAX_API_RETRY_MAX_DELAY, False, False),
}

# Credentials are sent in headers; anything outside printable ASCII (spaces included) would be
# refused by the HTTP library with the header value quoted in its error.
_CREDENTIAL_CHARS = re.compile(r'^[\x21-\x7e]*\Z')


def check_region(region):
    """Refuse a region that is not a region name (lower-case letters, digits and '-', starting with a letter)."""
    if not isinstance(region, str) or not REGION_PATTERN.match(region):
        raise BceConfigError(
            'region must be a region name such as bj or gz (lower-case letters, digits and "-", starting with a '
            'letter), got %r' % (region,)
        )


def endpoint_for(region=None, endpoint=None):
    """Return the base URL (scheme://host[:port]) for an endpoint or a region."""
    if endpoint:
        if not _CREDENTIAL_CHARS.match(endpoint):
            raise BceConfigError('endpoint must be a URL without spaces, control or non-ASCII characters')
        parts = urlsplit(endpoint)
        if '@' in parts.netloc:
            # Not quoted: what precedes the @ may be a password.
            raise BceConfigError(
                'endpoint must be scheme://host[:port] with no path, query or credentials (it has a user part before @)'
            )
        if parts.scheme not in ('http', 'https') or not parts.hostname:
            raise BceConfigError(
                'endpoint must be a full URL such as https://bcc.bj.baidubce.com or http://127.0.0.1:8780, got %r'
                % endpoint
            )
        if parts.path not in ('', '/') or parts.query or parts.fragment:
            raise BceConfigError(
                'endpoint must be scheme://host[:port] with no path, query or credentials, got %r' % endpoint
            )
        try:
            parts.port  # pylint: disable=pointless-statement  # validates the port number
        except ValueError:
            raise BceConfigError('endpoint has an invalid port: %r' % endpoint)
        return '%s://%s' % (parts.scheme, parts.netloc)
    if region:
        check_region(region)
        return 'https://bcc.%s.baidubce.com' % region
    raise BceConfigError('one of region or endpoint is required')


def clean_credential(option, value):
    """Strip surrounding whitespace (YAML blocks, pasted keys, env files); refuse anything else odd.

    The message names the option and never quotes the value."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise BceConfigError('%s must be a string' % option)
    value = value.strip()
    if not _CREDENTIAL_CHARS.match(value):
        raise BceConfigError(
            '%s must not contain spaces, control or non-ASCII characters (surrounding whitespace is '
            'removed; the value is not shown)' % option
        )
    return value


def check_number(option, value):
    """Refuse NaN, infinity, non-numbers and values outside OPTION_RANGES[option]; return the value."""
    low, high, low_excluded, whole = OPTION_RANGES[option]
    kind = 'a whole number' if whole else 'a number'
    rule = '%s %s %s and at most %s' % (kind, 'greater than' if low_excluded else 'from', low, high)
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        raise BceConfigError(
            '%s must be %s, got %s' % (option, rule, 'nothing' if value is None else type(value).__name__)
        )
    bad = (
        math.isnan(value)
        or math.isinf(value)
        or value < low
        or value > high
        or (low_excluded and value == low)
        or (whole and value != int(value))
    )
    if bad:
        raise BceConfigError('%s must be %s, got %r' % (option, rule, value))
    return value


def cleartext_warning(base_url, option='endpoint'):
    """A warning for an http:// endpoint off this machine, else None. Loopback (the emulator) stays silent."""
    parts = urlsplit(base_url)
    if parts.scheme != 'http' or _is_loopback(parts.hostname or ''):
        return None
    return (
        '%s %s is plain http on a host that is not this machine: the signed requests, the session token of '
        'temporary credentials and every answer travel unencrypted and can be read or rewritten on the way; use '
        'https' % (option, base_url)
    )


def _is_loopback(host):
    if host.lower() == 'localhost' or host.lower().endswith('.localhost'):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class BceClient(object):
    """Signed JSON calls to one BCE endpoint."""

    def __init__(
        self,
        access_key,
        secret_key,
        session_token=None,
        region=None,
        endpoint=None,
        validate_certs=True,
        timeout=30,
        retries=3,
        retry_max_delay=20.0,
        session=None,
        clock=time.time,
        sleep=time.sleep,
        jitter=random.random,
    ):
        # Every raw form is remembered first, so even a refused value is scrubbed from error texts.
        self._raw_secrets = [v for v in (access_key, secret_key, session_token) if isinstance(v, str) and v.strip()]
        if not HAS_REQUESTS and session is None:
            raise BceConfigError('the python library "requests" is required')
        access_key = clean_credential('access_key', access_key)
        secret_key = clean_credential('secret_key', secret_key)
        session_token = clean_credential('session_token', session_token)
        if not access_key:
            raise BceConfigError('access_key is required (or set BAIDUCLOUD_ACCESS_KEY)')
        if not secret_key:
            raise BceConfigError('secret_key is required (or set BAIDUCLOUD_SECRET_KEY)')
        self.timeout = check_number('api_timeout', timeout)
        self.retries = int(check_number('api_retries', retries))
        self.retry_max_delay = check_number('api_retry_max_delay', retry_max_delay)
        if region:
            # Checked even when endpoint wins: a malformed region is a mistake wherever it is set.
            check_region(region)
        self.base_url = endpoint_for(region, endpoint)
        # The option to fix when the endpoint cannot be reached.
        self.endpoint_option = 'endpoint' if endpoint else 'region'
        self.host = urlsplit(self.base_url).netloc
        self.access_key = access_key
        self._secret_key = secret_key
        self._session_token = session_token or None
        self._clock = clock
        self._sleep = sleep
        self._jitter = jitter
        # Messages for the module to show with module.warn().
        self.warnings = []
        cleartext = cleartext_warning(self.base_url)
        if cleartext:
            self.warnings.append(cleartext)
        self.verify = validate_certs
        if not validate_certs and self.base_url.startswith('https://'):
            self.warnings.append(
                'validate_certs is false: the TLS certificate of %s is not verified, so anyone on the network '
                'path can read and change these API calls; use it only with a trusted test endpoint' % self.base_url
            )
            # Said once through the module above; the library's own warning would go to a hidden stderr per request.
            if InsecureRequestWarning is not None and HAS_REQUESTS:
                requests.packages.urllib3.disable_warnings(InsecureRequestWarning)
        if session is None:
            session = _session_for(self.base_url, validate_certs)
            self.verify = session.verify
        self.session = session
        self.user_agent = 'baiducloud.vpc/%s (Ansible collection; python %s)' % (
            COLLECTION_VERSION,
            '%d.%d.%d' % sys.version_info[:3],
        )
        # Request id of the last answer read (for messages about a malformed page), per calling thread: the route
        # modules read the VPC and the next-hop lists at the same time on one client, and a message about one
        # answer must name that answer's id.
        self._calling_thread = threading.local()
        # The thread that runs the exchanges (see _exchange), started by the first request; the lock keeps two
        # concurrent first calls from each starting one.
        self._exchange_worker = None
        self._worker_lock = threading.Lock()

    @property
    def last_request_id(self):
        return getattr(self._calling_thread, 'request_id', None)

    @last_request_id.setter
    def last_request_id(self, value):
        self._calling_thread.request_id = value

    def __repr__(self):
        # Never show the secret key or the session token.
        return 'BceClient(base_url=%r, access_key=%r)' % (self.base_url, self.access_key)

    # -- secrecy -------------------------------------------------------------------------

    def scrub(self, text, headers=None):
        """Remove every credential, header-borne secret and signature from a text meant for a message."""
        return _scrub(text, list(self._raw_secrets) + [self._secret_key, self._session_token], self.access_key, headers)

    def _scrubbed_error(self, error, headers):
        clean = BceApiError(
            error.status,
            self.scrub(error.code, headers),
            self.scrub(error.message, headers),
            None if error.request_id is None else self.scrub(error.request_id, headers),
            bce_shaped=error.bce_shaped,
        )
        return clean

    # -- one request ---------------------------------------------------------------------

    def _signed_headers(self, method, path, params, body):
        now = int(self._clock())
        headers = {
            'host': self.host,
            'content-type': CONTENT_TYPE,
            'x-bce-date': _signer.format_timestamp(now),
        }
        if body is not None:
            headers['content-length'] = str(len(body))
        if self._session_token:
            headers['x-bce-security-token'] = self._session_token
        headers['authorization'] = _signer.sign(method, path, params, headers, self.access_key, self._secret_key, now)
        headers['user-agent'] = self.user_agent
        headers['accept'] = 'application/json'
        # A compressed body could expand past MAX_BODY_BYTES only after it is read; ask for none.
        headers['accept-encoding'] = 'identity'
        return headers

    def _url(self, path, params):
        query = '&'.join('%s=%s' % (_signer.uri_encode(k), _signer.uri_encode(v)) for k, v in sorted(params.items()))
        return self.base_url + _signer.canonical_uri(path) + ('?' + query if query else '')

    def _exchange(self, method, url, body, headers, body_limit=MAX_BODY_BYTES):
        """Send one request and read its whole answer, all within api_timeout (see _transport.exchange)."""
        with self._worker_lock:
            worker = self._exchange_worker
            if worker is None or not worker.usable():
                worker = self._exchange_worker = _Worker()
        return exchange(self.session, worker, method, url, body, headers, self.timeout, self.verify, body_limit)

    def _send_once(self, method, path, params, body, body_limit=MAX_BODY_BYTES):
        headers = self._signed_headers(method, path, params, body)
        url = self._url(path, params)
        try:
            return self._exchange(method, url, body, headers, body_limit)
        except _Unreadable:
            raise
        except _Deadline:
            raise BceTransportError(
                'no complete answer from %s within api_timeout=%s seconds' % (self.base_url, self.timeout), method, path
            )
        except Exception as exc:  # pylint: disable=broad-except  # every transport failure is mapped below
            message, retryable, maybe_sent = describe_transport_error(
                exc, self.base_url, self.endpoint_option, self.timeout
            )
            raise BceTransportError(
                self.scrub(message, headers), method, path, retryable=retryable, maybe_sent=maybe_sent
            )

    def _delay(self, attempt, retry_after=None):
        return backoff(attempt, self.retry_max_delay, self._jitter, retry_after)

    def request(self, method, path, params=None, body=None, client_token=None, body_limit=MAX_BODY_BYTES):
        """Send one API call with retries; return the decoded JSON body (None when a write's body is empty).

        A GET must answer a JSON object; a write may answer nothing or an object. A write answered
        2xx whose body cannot be read raises BceUnknownOutcomeError (it may have been applied)."""
        method = method.upper()
        params = dict(params or {})
        if client_token:
            params['clientToken'] = client_token
        payload = None if body is None else json.dumps(body, separators=(',', ':'), sort_keys=True)
        # A write without a client token could be applied twice, so it is never retried.
        retry_allowed = method in ('GET', 'HEAD') or bool(client_token)
        expired_retried = False
        # True once a try may have reached the service: a write then has an unknown outcome, whatever later tries do.
        maybe_sent = False
        attempt = 0
        while True:
            try:
                response = self._send_once(method, path, params, payload, body_limit)
            except BceTransportError as exc:
                maybe_sent = maybe_sent or exc.maybe_sent
                if retry_allowed and exc.retryable and attempt < self.retries:
                    self._sleep(self._delay(attempt))
                    attempt += 1
                    continue
                exc.attempts = attempt + 1
                if method in WRITE_METHODS and maybe_sent:
                    _mark_outcome_unknown(exc)
                raise
            except _Unreadable as exc:
                # Too slow or too big: a read, or a write with its clientToken, may try again.
                if retry_allowed and attempt < self.retries:
                    self._sleep(self._delay(attempt))
                    attempt += 1
                    continue
                status = exc.response.status_code
                if 200 <= status < 300:
                    raise self._response_error(
                        method, path, status, exc.response.headers, exc.code, exc.message, attempt + 1
                    )
                error = BceTransportError(
                    '%s %s answered HTTP %s, and %s' % (method, path, status, exc.message), method, path
                )
                error.attempts = attempt + 1
                raise error
            self.last_request_id = response.headers.get('x-bce-request-id')
            if 200 <= response.status_code < 300:
                return self._decode_body(response, method, path, attempt + 1)
            error = self._scrubbed_error(
                parse_error(response.status_code, response.headers, response.content, getattr(response, 'reason', '')),
                None,
            )
            error.method, error.path = method, path
            if error.code == 'RequestExpired' and not expired_retried:
                # The service rejected the request before acting on it, so one re-signed try
                # (fresh x-bce-date) is safe even for a write; it does not use up a retry.
                expired_retried = True
                continue
            # Throttling by code or, when the code is generic, by message (as Baidu's CCE driver matches it).
            retryable = response.status_code in RETRY_STATUSES or code_matches(error, *THROTTLING_CODE_MARKERS)
            if retryable and retry_allowed and attempt < self.retries:
                self._sleep(self._delay(attempt, _retry_after(response.headers)))
                attempt += 1
                continue
            error.attempts = attempt + 1
            raise error

    def _response_error(self, method, path, status, headers, code, problem, attempts):
        """The error for a 2xx answer that cannot be used: BceUnknownOutcomeError after a write."""
        request_id = headers.get('x-bce-request-id') if headers is not None else None
        request_id = None if request_id is None else self.scrub(request_id)
        if method in WRITE_METHODS:
            message = (
                '%s %s answered HTTP %s but %s; the change may have been applied (outcome unknown, a re-run converges)'
                % (method, path, status, problem)
            )
            error = BceUnknownOutcomeError(status, code, self.scrub(message), request_id, method, path)
        else:
            error = BceResponseError(
                status,
                code,
                self.scrub('%s %s answered HTTP %s but %s' % (method, path, status, problem)),
                request_id,
                method,
                path,
            )
        error.attempts = attempts
        return error

    def _decode_body(self, response, method, path, attempts):
        def malformed(code, problem):
            return self._response_error(method, path, response.status_code, response.headers, code, problem, attempts)

        content = response.content
        if not content or not content.strip():
            if method in WRITE_METHODS:
                return None
            raise malformed('MalformedResponse', 'the body is empty where a JSON object was expected')
        if json_values_bound(content) > MAX_JSON_VALUES:
            raise malformed(
                'ResponseTooComplex',
                'the body holds more than %d JSON values, far more than any answer of this API; it was not decoded'
                % MAX_JSON_VALUES,
            )
        try:
            data = json.loads(content.decode('utf-8'))
        except ValueError:
            raise malformed('MalformedJSON', 'the body is not JSON: %r' % content[:120])
        if not isinstance(data, dict):
            raise malformed(
                'MalformedResponse', 'the body is a JSON %s where a JSON object was expected' % _json_type(data)
            )
        return data

    def get(self, path, params=None):
        return self.request('GET', path, params)

    def paginate(self, path, params, result_key, page_size=MAX_PAGE_SIZE):
        """Return every item of a marker/maxKeys listing as one list (objects only); see _paging.paginate."""
        return _paginate(self, path, params, result_key, page_size)
