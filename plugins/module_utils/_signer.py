# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure bce-auth-v1 request signing.

Standard library only and no clock: the caller passes the timestamp, so the
same inputs always give the same Authorization value (known-answer tests).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import hashlib
import hmac

AUTH_VERSION = 'bce-auth-v1'
DEFAULT_EXPIRATION = 1800

# Signed whenever present; every x-bce-* header is signed as well.
DEFAULT_HEADERS_TO_SIGN = frozenset(('host', 'content-length', 'content-type', 'content-md5'))

# Header names and values are trimmed of ASCII white space only (str.strip() would
# also eat U+00A0 and friends, which the official SDKs keep).
_ASCII_SPACE = ' \t\r\n\x0b\x0c'

# RFC 3986 unreserved characters are the only ones left as they are.
_UNRESERVED = frozenset(b'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~')


def _to_text(value):
    if value is None:
        return ''
    if isinstance(value, bytes):
        return value.decode('utf-8')
    return str(value)


def uri_encode(value, encode_slash=True):
    """Percent-encode every UTF-8 byte outside the unreserved set, upper-case hex."""
    out = []
    for byte in _to_text(value).encode('utf-8'):
        if byte in _UNRESERVED or (byte == 0x2F and not encode_slash):
            out.append(chr(byte))
        else:
            out.append('%%%02X' % byte)
    return ''.join(out)


def format_timestamp(timestamp):
    """Return the UTC 'yyyy-mm-ddThh:mm:ssZ' form of an aware datetime or epoch seconds."""
    if isinstance(timestamp, datetime.datetime):
        if timestamp.tzinfo is None:
            raise ValueError('timestamp must be timezone-aware')
        moment = timestamp.astimezone(datetime.timezone.utc)
    else:
        moment = datetime.datetime.fromtimestamp(int(timestamp), datetime.timezone.utc)
    return moment.strftime('%Y-%m-%dT%H:%M:%SZ')


def canonical_uri(path):
    path = _to_text(path) or '/'
    if not path.startswith('/'):
        path = '/' + path
    return uri_encode(path, encode_slash=False)


def canonical_query_string(params):
    pairs = []
    for key, value in (params or {}).items():
        key = _to_text(key)
        if key.lower() == 'authorization':
            continue
        pairs.append('%s=%s' % (uri_encode(key), uri_encode(value)))
    return '&'.join(sorted(pairs))


def canonical_headers(headers, headers_to_sign=None):
    """Return (canonical header block, sorted list of the header names used)."""
    wanted = (
        DEFAULT_HEADERS_TO_SIGN
        if headers_to_sign is None
        else frozenset(_to_text(name).strip(_ASCII_SPACE).lower() for name in headers_to_sign)
    )
    entries = []
    names = set()
    for name, value in (headers or {}).items():
        name = _to_text(name).strip(_ASCII_SPACE).lower()
        value = _to_text(value).strip(_ASCII_SPACE)
        # Headers with an empty value never take part in the signature.
        if not value or name == 'authorization':
            continue
        if name in wanted or name.startswith('x-bce-'):
            entries.append('%s:%s' % (uri_encode(name), uri_encode(value)))
            names.add(name)
    return '\n'.join(sorted(entries)), sorted(names)


def _hmac_hex(key, message):
    return hmac.new(key.encode('utf-8'), message.encode('utf-8'), hashlib.sha256).hexdigest()


def canonical_request(method, path, params, headers, headers_to_sign=None):
    header_block, names = canonical_headers(headers, headers_to_sign)
    text = '\n'.join((_to_text(method).upper(), canonical_uri(path), canonical_query_string(params), header_block))
    return text, names


def sign(
    method,
    path,
    params,
    headers,
    access_key,
    secret_key,
    timestamp,
    expiration=DEFAULT_EXPIRATION,
    headers_to_sign=None,
):
    """Return the full Authorization header value for one request.

    The signed-header list is always written out (sorted), as the Go SDK does,
    so the server never has to guess the default set.
    """
    prefix = '%s/%s/%s/%d' % (AUTH_VERSION, _to_text(access_key), format_timestamp(timestamp), int(expiration))
    signing_key = _hmac_hex(_to_text(secret_key), prefix)
    text, names = canonical_request(method, path, params, headers, headers_to_sign)
    signature = _hmac_hex(signing_key, text)
    return '%s/%s/%s' % (prefix, ';'.join(names), signature)
