# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP client of the BCE OpenAPI: sign, send, retry, paginate, map errors.

One requests.Session per module run, so every call after the first reuses the
connection. Errors are raised (see _errors.py); nothing here talks to Ansible.

Every answer is treated as data from an untrusted peer: it must arrive whole within
api_timeout, stay under MAX_BODY_BYTES, and have the shape the call expects; every
error text is scrubbed of the credentials and the signature before it leaves here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import json
import math
import os
import random
import re
import socket
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
    is_bce_shaped,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._version import COLLECTION_VERSION

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

RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
# Matched case-insensitively as substrings, as Baidu's own CCE network driver does.
THROTTLING_CODE_MARKERS = ('ratelimit', 'requestlimitexceeded', 'throttl', 'toomanyrequests')
RETRY_BASE_DELAY = 0.3
MAX_PAGE_SIZE = 1000
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

# A route table holds 50 entries by default (the quota can be raised by ticket); a listing of more
# than 200 times that is taken as a server that never stops, as is a page beyond the count needed for it.
MAX_LISTED_ITEMS = 10000
# One page of 1000 rules is about 400 KB of JSON: 8 MiB is far beyond any real answer.
MAX_BODY_BYTES = 8 * 1024 * 1024
# A list page is read with a smaller limit: a page of 1000 items is well under 1 MiB (the largest, of VPCs with
# tags, about 600 KB), and a page is where a server decides how much the client holds at once.
MAX_PAGE_BODY_BYTES = 4 * 1024 * 1024
# Bytes bound what is read, not what decoding builds: a body of "{}," becomes one dict (64 bytes) per 3 bytes,
# ~26 bytes of memory per byte of body (issue 21). A body is decoded only when it holds at most this many JSON
# values (a page of 1000 route rules holds about 15000), which keeps the objects decoding builds to a few MiB.
MAX_JSON_VALUES = 250000
# A JSON string (escapes included), to count the structure of a body outside its strings.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
READ_CHUNK_BYTES = 64 * 1024

# The code given to an error response with no JSON body. These are the BCE codes of the same statuses, chosen
# by us: the official Go SDK (bce/response.go) uses the HTTP status text instead, so an empty 404 is 'NotFound'
# there, not 'NoSuchObject' (reference 8.5). Not-found checks accept both codes, and an empty body is never
# taken as the service's word (bce_shaped is False without an x-bce-request-id header).
_EMPTY_BODY_CODES = {
    400: 'InvalidHTTPRequest',
    403: 'AccessDenied',
    404: 'NoSuchObject',
    412: 'PreconditionFailed',
    500: 'InternalError',
}

# Credentials are sent in headers; anything outside printable ASCII (spaces included) would be
# refused by the HTTP library with the header value quoted in its error.
_CREDENTIAL_CHARS = re.compile(r'^[\x21-\x7e]*\Z')
# Last line of defence for library texts that quote a header: drop everything after the quote's start.
_HEADER_QUOTE = re.compile(r'(header (?:value|name)s?\b\s*:?\s*).*', re.IGNORECASE | re.DOTALL)
_SIGNATURE = re.compile(r'bce-auth-v1/[^\s\'",]*', re.IGNORECASE)
HIDDEN = '<hidden>'

_DNS_MARKERS = (
    'nameresolutionerror',
    'name or service not known',
    'nodename nor servname',
    'getaddrinfo failed',
    'temporary failure in name resolution',
    'no address associated with hostname',
    'failed to resolve',
)
_REFUSED_MARKERS = ('connection refused', 'errno 111', 'errno 61', 'actively refused')
_monotonic = getattr(time, 'monotonic', time.time)


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


def is_throttling(code):
    code = (code or '').lower()
    return any(marker in code for marker in THROTTLING_CODE_MARKERS)


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


def json_values_bound(content):
    """An upper bound of the values JSON bytes decode into, counted without decoding: each value is the first in
    its container (one per "{" or "[") or follows a ","; keys are counted with their values. Brackets and commas
    inside strings are not counted; the strings are looked at only when the quick count is high."""
    quick = content.count(b'{') + content.count(b'[') + content.count(b',') + 1
    if quick <= MAX_JSON_VALUES:
        return quick
    # Subtracted string by string rather than counted on a copy without strings: no second copy of the body.
    for match in _JSON_STRING.finditer(content):
        text = match.group()
        quick -= text.count(b'{') + text.count(b'[') + text.count(b',')
    return quick


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


def parse_error(status, headers, content, reason=''):
    """Build a BceApiError from any error response, the way the official SDKs read them."""
    request_id = headers.get('x-bce-request-id')
    text = content.decode('utf-8', 'replace') if isinstance(content, bytes) else (content or '')
    if not text.strip():
        code = _EMPTY_BODY_CODES.get(status) or (reason or 'HTTP%s' % status).replace(' ', '')
        return BceApiError(
            status, code, reason or 'empty error response', request_id, bce_shaped=is_bce_shaped(headers, None)
        )
    try:
        data = None if json_values_bound(text.encode('utf-8')) > MAX_JSON_VALUES else json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return BceApiError(
            status,
            'MalformedJSON',
            'error response is not JSON: %s' % text[:200],
            request_id,
            bce_shaped=is_bce_shaped(headers, None),
        )
    code = data.get('code') or _EMPTY_BODY_CODES.get(status) or 'HTTP%s' % status
    message = data.get('message') or reason or ''
    rid = data.get('requestId') or request_id
    return BceApiError(
        status, str(code), str(message), None if rid is None else str(rid), bce_shaped=is_bce_shaped(headers, data)
    )


class _Answer(object):
    """Status, headers and the whole body of one HTTP exchange."""

    def __init__(self, status_code, headers, content, reason):
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.reason = reason


class _Unreadable(Exception):
    """The status line arrived but the body could not be read whole (code, message, status, headers)."""

    def __init__(self, code, message, response):
        super(_Unreadable, self).__init__(message)
        self.code = code
        self.message = message
        self.response = response


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
        # Count of HTTP requests actually sent, retries included.
        self.requests_sent = 0
        # Request id of the last answer read (for messages about a malformed page).
        self.last_request_id = None
        # The thread that runs the exchanges (see _exchange), started by the first request.
        self._exchange_worker = None

    def __repr__(self):
        # Never show the secret key or the session token.
        return 'BceClient(base_url=%r, access_key=%r)' % (self.base_url, self.access_key)

    # -- secrecy -------------------------------------------------------------------------

    def scrub(self, text, headers=None):
        """Remove every credential, header-borne secret and signature from a text meant for a message."""
        text = '%s' % (text,)
        # The access key on its own is an identifier, not a secret (the service names it in its own
        # refusals, e.g. "The access key ... is not allowed"); its raw, whitespace-carrying forms and
        # every signed header are hidden.
        values = list(self._raw_secrets) + [self._secret_key, self._session_token]
        for name in ('authorization', 'x-bce-security-token'):
            value = (headers or {}).get(name)
            if value:
                values.append(value)
                # The access key and the signature each on their own, in case the text cuts the header
                # (bce-auth-v1/{ak}/{timestamp}/{expiry}/{signed headers}/{signature}).
                parts = value.split('/')
                if name == 'authorization' and len(parts) >= 6:
                    values.append(parts[-1])
        forms = set()
        for value in values:
            if value:
                for form in (value, value.strip(), repr(value)[1:-1], repr(value.strip())[1:-1]):
                    if len(form) >= 4 and form != self.access_key:
                        forms.add(form)
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, HIDDEN)
        text = _SIGNATURE.sub(HIDDEN, text)
        return _HEADER_QUOTE.sub(lambda match: match.group(1) + HIDDEN, text)

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
        """Send one request and read its whole answer, all within api_timeout.

        The exchange runs in the client's worker thread, waited for with the time left: a server that drips
        its status line, headers or body a byte at a time cannot hold the run past the deadline, whatever the
        socket timeouts (they bound one wait each, never the sum). A worker still blocked at the deadline is
        abandoned (a daemon thread) after its response is closed, and the next request starts a new one."""
        deadline = _monotonic() + self.timeout
        outcome = {}

        def work():
            try:
                response = self.session.request(
                    method,
                    url,
                    data=body,
                    headers=headers,
                    timeout=self.timeout,
                    verify=self.verify,
                    allow_redirects=False,
                    stream=True,
                )
                outcome['response'] = response
                outcome['content'] = _read_body(response, deadline, body_limit)
            except Exception as exc:  # pylint: disable=broad-except  # handed to the caller, which maps it
                outcome['error'] = exc

        finished = self._worker().run(work, max(0.0, deadline - _monotonic()))
        response = outcome.get('response')
        if not finished:
            # The worker is stuck in this exchange: it is left to die with its connection, and the next
            # request gets a new one.
            self._exchange_worker = None
            if response is not None:
                _abort(response)
                raise _Unreadable(
                    'ResponseTimeout',
                    'the answer was not complete within api_timeout=%s seconds' % self.timeout,
                    response,
                )
            raise _Deadline()
        if 'error' in outcome:
            if isinstance(outcome['error'], _Unreadable) or response is None:
                raise outcome['error']
            raise _Unreadable(
                'ResponseUnreadable', 'the answer could not be read (%s)' % type(outcome['error']).__name__, response
            )
        return _Answer(response.status_code, response.headers, outcome['content'], getattr(response, 'reason', ''))

    def _worker(self):
        worker = self._exchange_worker
        if worker is None or not worker.usable():
            worker = self._exchange_worker = _Worker()
        return worker

    def _send_once(self, method, path, params, body, body_limit=MAX_BODY_BYTES):
        headers = self._signed_headers(method, path, params, body)
        url = self._url(path, params)
        self.requests_sent += 1
        try:
            return self._exchange(method, url, body, headers, body_limit)
        except _Unreadable:
            raise
        except _Deadline:
            raise BceTransportError(
                'no complete answer from %s within api_timeout=%s seconds' % (self.base_url, self.timeout), method, path
            )
        except Exception as exc:  # pylint: disable=broad-except  # every transport failure is mapped below
            message, retryable, maybe_sent = self._describe_transport_error(exc)
            raise BceTransportError(
                self.scrub(message, headers), method, path, retryable=retryable, maybe_sent=maybe_sent
            )

    def _describe_transport_error(self, exc):
        """(plain message naming the option to fix and the URL, whether trying again can help, whether the request
        may have reached the service). It cannot have when no connection was made: refused, name not resolved,
        connect timeout, TLS handshake; after a read timeout or a dropped connection, a write may have been applied."""
        name = type(exc).__name__
        text = '%s' % (exc,)
        lower = text.lower()
        where = '%s (check the %s option)' % (self.base_url, self.endpoint_option)
        if HAS_REQUESTS and isinstance(exc, requests.exceptions.SSLError):
            if 'certificate verify failed' in lower:
                return (
                    'TLS certificate verification failed for %s (set validate_certs: false only for a trusted test '
                    'endpoint): %s' % (self.base_url, text),
                    False,
                    False,
                )
            return 'TLS handshake with %s failed: %s' % (where, text), True, False
        if HAS_REQUESTS and isinstance(exc, requests.exceptions.Timeout):
            sent = not isinstance(exc, requests.exceptions.ConnectTimeout)
            return (
                'no answer from %s within api_timeout=%s seconds (%s)' % (self.base_url, self.timeout, name),
                True,
                sent,
            )
        if HAS_REQUESTS and isinstance(exc, requests.exceptions.ConnectionError):
            if any(marker in lower for marker in _DNS_MARKERS):
                # A name that does not resolve will not resolve a second later: fail at once.
                return 'cannot resolve the host name %s of %s' % (urlsplit(self.base_url).hostname, where), False, False
            if any(marker in lower for marker in _REFUSED_MARKERS):
                return 'Connection refused by %s: is the service running there?' % where, True, False
            return 'connection to %s failed (%s)' % (where, _short_reason(text)), True, True
        return '%s: %s' % (name, text), True, True

    def _delay(self, attempt, retry_after=None):
        delay = min(self.retry_max_delay, RETRY_BASE_DELAY * (2**attempt))
        # Jitter keeps parallel Ansible forks from retrying in lock step.
        delay = delay * (0.5 + self._jitter() / 2.0)
        if retry_after is not None:
            delay = max(delay, min(self.retry_max_delay, retry_after))
        return delay

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
        """Return every item of a marker/maxKeys listing as one list (objects only).

        A listing ends within MAX_LISTED_ITEMS / page_size + 1 pages, or fails saying so."""
        items = []
        params = dict(params or {})
        params['maxKeys'] = page_size
        max_pages = int(math.ceil(MAX_LISTED_ITEMS / float(page_size))) + 1
        seen_markers = set()
        for number in range(1, max_pages + 1):
            page = self.request('GET', path, params, body_limit=MAX_PAGE_BODY_BYTES)
            call = 'GET %s (page %d)' % (path, number)
            page_items = page.get(result_key)
            if not isinstance(page_items, list) or not all(isinstance(item, dict) for item in page_items):
                raise self._page_error(
                    call, '%s is %s where a list of objects was expected' % (result_key, _describe_value(page_items))
                )
            items.extend(page_items)
            truncated = page.get('isTruncated', False)
            if not isinstance(truncated, bool):
                raise self._page_error(
                    call, 'isTruncated is %s where true or false was expected' % _describe_value(truncated)
                )
            if not truncated:
                return items
            marker = page.get('nextMarker')
            if marker is not None and not isinstance(marker, str):
                raise self._page_error(call, 'nextMarker is %s where a string was expected' % _describe_value(marker))
            if not marker or marker in seen_markers:
                raise BceTransportError(
                    'the service returned a truncated page without a new nextMarker (%r) for %s'
                    % (self.scrub(marker), call),
                    'GET',
                    path,
                    retryable=False,
                )
            if len(items) > MAX_LISTED_ITEMS:
                break
            seen_markers.add(marker)
            params['marker'] = marker
        raise BceTransportError(
            'GET %s kept answering isTruncated after %d pages and %d items (at most %d items are read, '
            'far above the route table quota): the listing does not end' % (path, number, len(items), MAX_LISTED_ITEMS),
            'GET',
            path,
            retryable=False,
        )

    def _page_error(self, call, problem):
        return BceResponseError(
            200,
            'MalformedResponse',
            self.scrub('%s answered a malformed page: %s' % (call, problem)),
            self.last_request_id,
            'GET',
            call.split(' ')[1],
        )


class _Deadline(Exception):
    """No status line within api_timeout."""


class _Worker(object):
    """One thread that runs a client's exchanges one after the other, so that the deadline of each costs a
    hand-over between two threads rather than the start of a new one (about a third of the CPU of a GET).

    The thread ends after IDLE_SECONDS without work (a client kept by a long-lived process holds no thread),
    and a worker is not used across a fork (its thread does not exist in the child)."""

    IDLE_SECONDS = 5.0

    def __init__(self):
        self._lock = threading.Lock()
        self._work = threading.Condition(self._lock)
        self._job = None
        self._alive = False
        self._busy = False
        self._pid = os.getpid()

    def usable(self):
        return self._pid == os.getpid()

    def run(self, func, timeout):
        """Run func() in the thread; True when it returned within timeout seconds, False when it is still running
        (the worker then must not be given more work). A call made while the thread is busy (a client shared by
        threads) runs in a thread of its own."""
        done = threading.Event()
        with self._lock:
            if self._busy:
                start = self._once
                args = (func, done)
            else:
                self._busy = True
                self._job = (func, done)
                start = None if self._alive else self._loop
                args = ()
                self._alive = True
                self._work.notify()
        if start is not None:
            thread = threading.Thread(target=start, args=args, name='bce-request')
            thread.daemon = True
            thread.start()
        return done.wait(timeout)

    @staticmethod
    def _once(func, done):
        try:
            func()
        finally:
            done.set()

    def _loop(self):
        while True:
            with self._lock:
                if self._job is None:
                    self._work.wait(self.IDLE_SECONDS)
                job, self._job = self._job, None
                if job is None:
                    self._alive = False
                    return
            func, done = job
            try:
                func()
            finally:
                with self._lock:
                    self._busy = False
                done.set()


def _read_body(response, deadline, limit=MAX_BODY_BYTES):
    """The whole body, at most `limit` bytes; the deadline is checked between chunks."""
    length = response.headers.get('content-length') if response.headers is not None else None
    if length and length.isdigit() and int(length) > limit:
        _close_quietly(response)
        raise _Unreadable(
            'ResponseTooLarge',
            'the body announces %s bytes, more than the %d accepted' % (length, limit),
            response,
        )
    chunks = []
    size = 0
    for chunk in response.iter_content(READ_CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            _close_quietly(response)
            raise _Unreadable('ResponseTooLarge', 'the body is larger than the %d bytes accepted' % limit, response)
        if _monotonic() > deadline:
            _close_quietly(response)
            raise _Unreadable('ResponseTimeout', 'the answer was not complete within api_timeout', response)
        chunks.append(chunk)
    return b''.join(chunks)


def _abort(response):
    """Cut the connection under a response another thread is still reading.

    close() would wait for the reader's lock; shutting the socket down wakes the reader at once."""
    raw = getattr(response, 'raw', None)
    connection = getattr(raw, '_connection', None) or getattr(raw, 'connection', None)
    sock = getattr(connection, 'sock', None)
    if sock is None:
        # urllib3 1.x: the socket under http.client's buffered reader.
        sock = getattr(getattr(getattr(getattr(raw, '_fp', None), 'fp', None), 'raw', None), '_sock', None)
    try:
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except Exception:  # pylint: disable=broad-except  # best effort: the worker is abandoned anyway
        pass


def _close_quietly(response):
    try:
        response.close()
    except Exception:  # pylint: disable=broad-except  # closing is best effort; the error is already known
        pass


def _json_type(value):
    return {dict: 'object', list: 'list', str: 'string', bool: 'boolean', type(None): 'null'}.get(type(value), 'number')


def _describe_value(value):
    if value is None:
        return 'missing'
    if isinstance(value, list):
        return 'a list with non-object items'
    return 'a JSON %s' % _json_type(value)


def _short_reason(text):
    """The innermost reason of a urllib3 error text, without the class names and object addresses."""
    match = re.search(r'\[Errno [^\]]+\] [^\'")]*', text)
    if match:
        return match.group(0).strip()
    return 'connection error'


def _session_for(base_url, validate_certs):
    """A Session whose environment settings (proxies, CA bundle) are read once for the endpoint.

    With trust_env left on, requests re-reads them on every call, and would also take
    credentials from ~/.netrc for the host and put them in the Authorization header,
    replacing the bce-auth-v1 signature."""
    session = requests.Session()
    settings = session.merge_environment_settings(base_url, {}, None, validate_certs, None)
    session.trust_env = False
    session.proxies = settings['proxies']
    session.verify = settings['verify']
    return session


def _mark_outcome_unknown(error):
    """A write without an answer: it may have been applied, like a write whose answer cannot be read."""
    error.maybe_written = True
    error.message = '%s; the change may have been applied (outcome unknown, a re-run converges)' % error.message.rstrip(
        '. '
    )
    error.args = (error.message,)


def _retry_after(headers):
    value = headers.get('retry-after') if headers is not None else None
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    if seconds is None or math.isnan(seconds) or math.isinf(seconds) or seconds < 0:
        return None
    return seconds
