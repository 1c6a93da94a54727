# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""HTTP client of the BCE OpenAPI: sign, send, retry, paginate, map errors.

One requests.Session per module run, so every call after the first reuses the
connection. Errors are raised (see _errors.py); nothing here talks to Ansible.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import random
import sys
import time
import traceback

from ansible_collections.baiducloud.vpc.plugins.module_utils import _signer
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceConfigError,
    BceTransportError,
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
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported by the controller anyway
    from urlparse import urlsplit  # type: ignore

REGIONS = ('bj', 'bd', 'gz', 'su', 'hkg', 'fwh', 'cd', 'sin', 'fsh')

RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
# Matched case-insensitively as substrings, as Baidu's own CCE network driver does.
THROTTLING_CODE_MARKERS = ('ratelimit', 'requestlimitexceeded', 'throttl', 'toomanyrequests')
RETRY_BASE_DELAY = 0.3
MAX_PAGE_SIZE = 1000
CONTENT_TYPE = 'application/json;charset=utf-8'

# What the official Go SDK reports when an error response has no JSON body.
_EMPTY_BODY_CODES = {400: 'InvalidHTTPRequest', 403: 'AccessDenied', 404: 'NoSuchObject', 412: 'PreconditionFailed', 500: 'InternalError'}


def endpoint_for(region=None, endpoint=None):
    """Return the base URL (scheme://host[:port]) for an endpoint or a region."""
    if endpoint:
        parts = urlsplit(endpoint)
        if parts.scheme not in ('http', 'https') or not parts.hostname:
            raise BceConfigError('endpoint must be a full URL such as https://bcc.bj.baidubce.com or http://127.0.0.1:8780, got %r' % endpoint)
        if parts.path not in ('', '/') or parts.query or parts.fragment or parts.username or parts.password:
            raise BceConfigError('endpoint must be scheme://host[:port] with no path, query or credentials, got %r' % endpoint)
        try:
            parts.port  # pylint: disable=pointless-statement  # validates the port number
        except ValueError:
            raise BceConfigError('endpoint has an invalid port: %r' % endpoint)
        return '%s://%s' % (parts.scheme, parts.netloc)
    if region:
        if region not in REGIONS:
            raise BceConfigError('region must be one of %s, got %r' % (', '.join(REGIONS), region))
        return 'https://bcc.%s.baidubce.com' % region
    raise BceConfigError('one of region or endpoint is required')


def is_throttling(code):
    code = (code or '').lower()
    return any(marker in code for marker in THROTTLING_CODE_MARKERS)


def parse_error(status, headers, content, reason=''):
    """Build a BceApiError from any error response, the way the official SDKs read them."""
    request_id = headers.get('x-bce-request-id')
    text = content.decode('utf-8', 'replace') if isinstance(content, bytes) else (content or '')
    if not text.strip():
        code = _EMPTY_BODY_CODES.get(status) or (reason or 'HTTP%s' % status).replace(' ', '')
        return BceApiError(status, code, reason or 'empty error response', request_id)
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        return BceApiError(status, 'MalformedJSON', 'error response is not JSON: %s' % text[:200], request_id)
    code = data.get('code') or _EMPTY_BODY_CODES.get(status) or 'HTTP%s' % status
    message = data.get('message') or reason or ''
    return BceApiError(status, str(code), str(message), data.get('requestId') or request_id)


class BceClient(object):
    """Signed JSON calls to one BCE endpoint."""

    def __init__(self, access_key, secret_key, session_token=None, region=None, endpoint=None,
                 validate_certs=True, timeout=30, retries=3, retry_max_delay=20.0,
                 session=None, clock=time.time, sleep=time.sleep, jitter=random.random):
        if not HAS_REQUESTS and session is None:
            raise BceConfigError('the python library "requests" is required')
        if not access_key:
            raise BceConfigError('access_key is required (or set BAIDUCLOUD_ACCESS_KEY)')
        if not secret_key:
            raise BceConfigError('secret_key is required (or set BAIDUCLOUD_SECRET_KEY)')
        if timeout is None or timeout <= 0:
            raise BceConfigError('api_timeout must be greater than 0')
        if retries is None or retries < 0:
            raise BceConfigError('api_retries must be 0 or more')
        if retry_max_delay is None or retry_max_delay < 0:
            raise BceConfigError('api_retry_max_delay must be 0 or more')
        self.base_url = endpoint_for(region, endpoint)
        self.host = urlsplit(self.base_url).netloc
        self.access_key = access_key
        self._secret_key = secret_key
        self._session_token = session_token or None
        self.timeout = timeout
        self.retries = retries
        self.retry_max_delay = retry_max_delay
        self._clock = clock
        self._sleep = sleep
        self._jitter = jitter
        self.verify = validate_certs
        if session is None:
            session = _session_for(self.base_url, validate_certs)
            self.verify = session.verify
        self.session = session
        self.user_agent = 'baiducloud.vpc/%s (Ansible collection; python %s)' % (COLLECTION_VERSION, '%d.%d.%d' % sys.version_info[:3])
        # Count of HTTP requests actually sent, retries included.
        self.requests_sent = 0

    def __repr__(self):
        # Never show the secret key or the session token.
        return 'BceClient(base_url=%r, access_key=%r)' % (self.base_url, self.access_key)

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
        return headers

    def _url(self, path, params):
        query = '&'.join('%s=%s' % (_signer.uri_encode(k), _signer.uri_encode(v)) for k, v in sorted(params.items()))
        return self.base_url + _signer.canonical_uri(path) + ('?' + query if query else '')

    def _send_once(self, method, path, params, body):
        headers = self._signed_headers(method, path, params, body)
        self.requests_sent += 1
        try:
            response = self.session.request(method, self._url(path, params), data=body, headers=headers,
                                            timeout=self.timeout, verify=self.verify, allow_redirects=False)
        except Exception as exc:  # pylint: disable=broad-except  # every transport failure is mapped below
            raise BceTransportError(_describe_transport_error(exc, self.timeout), method, path,
                                    retryable='certificate verify failed' not in str(exc).lower())
        return response

    def _delay(self, attempt, retry_after=None):
        delay = min(self.retry_max_delay, RETRY_BASE_DELAY * (2 ** attempt))
        # Jitter keeps parallel Ansible forks from retrying in lock step.
        delay = delay * (0.5 + self._jitter() / 2.0)
        if retry_after is not None:
            delay = max(delay, min(self.retry_max_delay, retry_after))
        return delay

    def request(self, method, path, params=None, body=None, client_token=None):
        """Send one API call with retries; return the decoded JSON body (None when empty)."""
        method = method.upper()
        params = dict(params or {})
        if client_token:
            params['clientToken'] = client_token
        payload = None if body is None else json.dumps(body, separators=(',', ':'), sort_keys=True)
        # A write without a client token could be applied twice, so it is never retried.
        retry_allowed = method in ('GET', 'HEAD') or bool(client_token)
        expired_retried = False
        attempt = 0
        while True:
            try:
                response = self._send_once(method, path, params, payload)
            except BceTransportError as exc:
                if retry_allowed and exc.retryable and attempt < self.retries:
                    self._sleep(self._delay(attempt))
                    attempt += 1
                    continue
                exc.attempts = attempt + 1
                raise
            if 200 <= response.status_code < 300:
                return _decode_body(response, method, path)
            error = parse_error(response.status_code, response.headers, response.content, getattr(response, 'reason', ''))
            error.method, error.path = method, path
            if error.code == 'RequestExpired' and not expired_retried:
                # The service rejected the request before acting on it, so one re-signed try
                # (fresh x-bce-date) is safe even for a write; it does not use up a retry.
                expired_retried = True
                continue
            retryable = response.status_code in RETRY_STATUSES or is_throttling(error.code)
            if retryable and retry_allowed and attempt < self.retries:
                self._sleep(self._delay(attempt, _retry_after(response.headers)))
                attempt += 1
                continue
            error.attempts = attempt + 1
            raise error

    def get(self, path, params=None):
        return self.request('GET', path, params)

    def paginate(self, path, params, result_key, page_size=MAX_PAGE_SIZE):
        """Return every item of a marker/maxKeys listing as one list."""
        items = []
        params = dict(params or {})
        params['maxKeys'] = page_size
        seen_markers = set()
        while True:
            page = self.get(path, params) or {}
            items.extend(page.get(result_key) or [])
            if not page.get('isTruncated'):
                return items
            marker = page.get('nextMarker')
            if not marker or marker in seen_markers:
                raise BceTransportError('the service returned a truncated page without a new nextMarker (%r)' % marker, 'GET', path)
            seen_markers.add(marker)
            params['marker'] = marker


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


def _retry_after(headers):
    value = headers.get('retry-after') if headers is not None else None
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _decode_body(response, method, path):
    if not response.content or not response.content.strip():
        return None
    try:
        return json.loads(response.content.decode('utf-8'))
    except ValueError:
        raise BceApiError(response.status_code, 'MalformedJSON', 'success response is not JSON: %s' % response.content[:200],
                          response.headers.get('x-bce-request-id'), method, path)


def _describe_transport_error(exc, timeout):
    name = type(exc).__name__
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.SSLError):
        return 'TLS certificate verification failed (set validate_certs: false only for a trusted test endpoint): %s' % exc
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.Timeout):
        return 'no answer within api_timeout=%s seconds (%s)' % (timeout, name)
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.ConnectionError):
        return 'connection failed: %s' % exc
    return '%s: %s' % (name, exc)
