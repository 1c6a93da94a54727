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

    def to_dict(self):
        return {'code': None, 'message': str(self), 'request_id': None, 'status': None}


class BceConfigError(BceError):
    """Bad client configuration (credentials, region, endpoint...), found before any request."""


class BceTransportError(BceError):
    """The request did not produce an HTTP response (connection, timeout, TLS)."""

    def __init__(self, message, method=None, path=None, retryable=True):
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        # False when trying again cannot help (a certificate that fails verification).
        self.retryable = retryable


class BceApiError(BceError):
    """The service answered with an error status."""

    def __init__(self, status, code, message, request_id=None, method=None, path=None):
        super().__init__('%s %s (HTTP %s, request id %s)' % (code, message, status, request_id))
        self.status = status
        self.code = code
        self.message = message
        self.request_id = request_id
        self.method = method
        self.path = path

    def to_dict(self):
        return {'code': self.code, 'message': self.message, 'request_id': self.request_id, 'status': self.status}

    def __repr__(self):
        return 'BceApiError(status=%r, code=%r, message=%r, request_id=%r)' % (
            self.status, self.code, self.message, self.request_id)


class BceValidationError(BceError):
    """User input that breaks a rule; raised before any write. `parameter` names the option."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message
