# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Error mapping of the BCE client: an error answer to a BceApiError, a transport failure to a message with
whether a retry can help and whether the request may have been sent, and the JSON value bound that guards decoding."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError, is_bce_shaped

try:
    import requests

    HAS_REQUESTS = True
except ImportError:  # pragma: no cover - _client refuses to build a client without it
    requests = None
    HAS_REQUESTS = False

try:
    from urllib.parse import urlsplit
except ImportError:  # pragma: no cover - Python 2 is not supported by the controller anyway
    from urlparse import urlsplit  # type: ignore

# Bytes bound what is read, not what decoding builds: a body of "{}," becomes one dict (64 bytes) per 3 bytes,
# ~26 bytes of memory per byte of body (issue 21). A body is decoded only when it holds at most this many JSON
# values (a page of 1000 route rules holds about 15000), which keeps the objects decoding builds to a few MiB.
MAX_JSON_VALUES = 250000
# A JSON string (escapes included), to count the structure of a body outside its strings.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')

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


def json_type(value):
    return {dict: 'object', list: 'list', str: 'string', bool: 'boolean', type(None): 'null'}.get(type(value), 'number')


def describe_value(value):
    if value is None:
        return 'missing'
    if isinstance(value, list):
        return 'a list with non-object items'
    return 'a JSON %s' % json_type(value)


def short_reason(text):
    """The innermost reason of a urllib3 error text, without the class names and object addresses."""
    match = re.search(r'\[Errno [^\]]+\] [^\'")]*', text)
    if match:
        return match.group(0).strip()
    return 'connection error'


def describe_transport_error(exc, base_url, endpoint_option, timeout):
    """(plain message naming the option to fix and the URL, whether trying again can help, whether the request
    may have reached the service). It cannot have when no connection was made: refused, name not resolved,
    connect timeout, TLS handshake; after a read timeout or a dropped connection, a write may have been applied."""
    name = type(exc).__name__
    text = '%s' % (exc,)
    lower = text.lower()
    where = '%s (check the %s option)' % (base_url, endpoint_option)
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.SSLError):
        if 'certificate verify failed' in lower:
            return (
                'TLS certificate verification failed for %s (set validate_certs: false only for a trusted test '
                'endpoint): %s' % (base_url, text),
                False,
                False,
            )
        return 'TLS handshake with %s failed: %s' % (where, text), True, False
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.Timeout):
        sent = not isinstance(exc, requests.exceptions.ConnectTimeout)
        return (
            'no answer from %s within api_timeout=%s seconds (%s)' % (base_url, timeout, name),
            True,
            sent,
        )
    if HAS_REQUESTS and isinstance(exc, requests.exceptions.ConnectionError):
        if any(marker in lower for marker in _DNS_MARKERS):
            # A name that does not resolve will not resolve a second later: fail at once.
            return 'cannot resolve the host name %s of %s' % (urlsplit(base_url).hostname, where), False, False
        if any(marker in lower for marker in _REFUSED_MARKERS):
            return 'Connection refused by %s: is the service running there?' % where, True, False
        return 'connection to %s failed (%s)' % (where, short_reason(text)), True, True
    return '%s: %s' % (name, text), True, True
