# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Retry policy of the BCE client: which answers are tried again, how long to wait, and how a write without an
answer is reported (its outcome is unknown)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math

RETRY_STATUSES = frozenset((429, 500, 502, 503, 504))
# Matched case-insensitively as substrings, as Baidu's own CCE network driver does.
THROTTLING_CODE_MARKERS = ('ratelimit', 'requestlimitexceeded', 'throttl', 'toomanyrequests')
RETRY_BASE_DELAY = 0.3


def backoff(attempt, max_delay, jitter, retry_after=None):
    """Seconds to wait before try attempt + 1: capped exponential, with jitter, at least a Retry-After (capped)."""
    delay = min(max_delay, RETRY_BASE_DELAY * (2**attempt))
    # Jitter keeps parallel Ansible forks from retrying in lock step.
    delay = delay * (0.5 + jitter() / 2.0)
    if retry_after is not None:
        delay = max(delay, min(max_delay, retry_after))
    return delay


def mark_outcome_unknown(error):
    """A write without an answer: it may have been applied, like a write whose answer cannot be read."""
    error.maybe_written = True
    error.message = '%s; the change may have been applied (outcome unknown, a re-run converges)' % error.message.rstrip(
        '. '
    )
    error.args = (error.message,)


def retry_after(headers):
    value = headers.get('retry-after') if headers is not None else None
    try:
        seconds = float(value) if value is not None else None
    except ValueError:
        return None
    if seconds is None or math.isnan(seconds) or math.isinf(seconds) or seconds < 0:
        return None
    return seconds
