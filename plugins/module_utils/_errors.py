# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Exceptions raised by the lower layers; only _module.py turns them into fail_json."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class BceError(Exception):
    """Base class of every error this collection raises on purpose."""

    # How many times the request was sent before the client gave up (set by the client).
    attempts = 1
    # True only when a write may have been applied although it failed (see BceUnknownOutcomeError).
    maybe_written = False

    def to_dict(self):
        return {'code': None, 'message': str(self), 'request_id': None, 'status': None}


class BceConfigError(BceError):
    """Bad client configuration (credentials, region, endpoint...), found before any request."""


class BceTransportError(BceError):
    """The request did not produce an HTTP response (connection, timeout, TLS)."""

    def __init__(self, message, method=None, path=None, retryable=True, maybe_sent=True):
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        # False when trying again cannot help (a certificate that fails verification).
        self.retryable = retryable
        # False only when the request cannot have reached the service (no connection was made).
        self.maybe_sent = maybe_sent


class BceApiError(BceError):
    """The service answered with an error status."""

    def __init__(self, status, code, message, request_id=None, method=None, path=None, bce_shaped=True):
        super().__init__('%s %s (HTTP %s, request id %s)' % (code, message, status, request_id))
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.method = method
        self.path = path
        # False when the answer did not come from a BCE service (no JSON code, no x-bce-request-id):
        # an empty 404 from a proxy or a wrong endpoint says nothing about the resource.
        self.bce_shaped = bce_shaped

    def to_dict(self):
        return {'code': self.code, 'message': self.message, 'request_id': self.request_id, 'status': self.status}

    def __repr__(self):
        return 'BceApiError(status=%r, code=%r, message=%r, request_id=%r)' % (
            self.status,
            self.code,
            self.message,
            self.request_id,
        )


class BceValidationError(BceError):
    """User input that breaks a rule; raised before any write. `parameter` names the option."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


class BceResponseError(BceApiError):
    """A 2xx answer that cannot be used: not JSON, the wrong shape, too big or too slow to read.

    A subclass of BceApiError (code MalformedJSON / MalformedResponse / ResponseTooLarge /
    ResponseTimeout), so a layer that handles API errors handles it; `status` is the 2xx status."""


class BceUnknownOutcomeError(BceResponseError):
    """A write (POST/PUT/DELETE) was answered 2xx but the answer could not be read.

    The service may have applied it: report a change whose outcome is unknown; a re-run converges."""

    maybe_written = True


# Codes that only restate the HTTP status (what the SDKs put in when the body has no code):
# for those the message is searched too, since it is the only thing that says what happened.
GENERIC_CODES = frozenset(
    ('', 'invalidhttprequest', 'accessdenied', 'nosuchobject', 'preconditionfailed', 'internalerror', 'malformedjson')
)


def _is_generic(code):
    code = (code or '').lower()
    return code in GENERIC_CODES or (code.startswith('http') and code[4:].isdigit())


def code_matches(exc, *needles):
    """True when an error's code contains one of the needles, case-insensitively.

    Baidu's own CCE network driver matches error codes this way (substrings, any case), since
    the same condition is spelt differently by different services and versions. When the code
    is generic (HTTP404, InternalError...), the message is searched as well."""
    code = getattr(exc, 'code', None) or ''
    haystacks = [code.lower()]
    if _is_generic(code):
        haystacks.append((getattr(exc, 'message', None) or '').lower())
    return any(needle.lower() in haystack for needle in needles if needle for haystack in haystacks)


def is_bce_shaped(headers, data):
    """True when an answer comes from a BCE service: a JSON object with a `code`, or an x-bce-request-id header.

    An empty 404 from a proxy or a wrong endpoint is not: it must not be read as "no such rule"."""
    if isinstance(data, dict) and data.get('code'):
        return True
    return bool(headers is not None and headers.get('x-bce-request-id'))
