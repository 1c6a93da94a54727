# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Paging of the BCE client: marker/maxKeys listings read whole, with bounds on pages, items and page size."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import math

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceResponseError, BceTransportError
from ansible_collections.baiducloud.vpc.plugins.module_utils._error_map import describe_value as _describe_value

MAX_PAGE_SIZE = 1000
# A route table holds 50 entries by default (the quota can be raised by ticket); a listing of more
# than 200 times that is taken as a server that never stops, as is a page beyond the count needed for it.
MAX_LISTED_ITEMS = 10000
# A list page is read with a smaller limit: a page of 1000 items is well under 1 MiB (the largest, of VPCs with
# tags, about 600 KB), and a page is where a server decides how much the client holds at once.
MAX_PAGE_BODY_BYTES = 4 * 1024 * 1024


def paginate(client, path, params, result_key, page_size=MAX_PAGE_SIZE):
    """Return every item of a marker/maxKeys listing as one list (objects only), read with client.request().

    A listing ends within MAX_LISTED_ITEMS / page_size + 1 pages, or fails saying so."""
    items = []
    params = dict(params or {})
    params['maxKeys'] = page_size
    max_pages = int(math.ceil(MAX_LISTED_ITEMS / float(page_size))) + 1
    seen_markers = set()
    for number in range(1, max_pages + 1):
        page = client.request('GET', path, params, body_limit=MAX_PAGE_BODY_BYTES)
        call = 'GET %s (page %d)' % (path, number)
        page_items = page.get(result_key)
        if not isinstance(page_items, list) or not all(isinstance(item, dict) for item in page_items):
            raise _page_error(
                client,
                call,
                '%s is %s where a list of objects was expected' % (result_key, _describe_value(page_items)),
            )
        items.extend(page_items)
        truncated = page.get('isTruncated', False)
        if not isinstance(truncated, bool):
            raise _page_error(
                client, call, 'isTruncated is %s where true or false was expected' % _describe_value(truncated)
            )
        if not truncated:
            return items
        marker = page.get('nextMarker')
        if marker is not None and not isinstance(marker, str):
            raise _page_error(client, call, 'nextMarker is %s where a string was expected' % _describe_value(marker))
        if not marker or marker in seen_markers:
            raise BceTransportError(
                'the service returned a truncated page without a new nextMarker (%r) for %s'
                % (client.scrub(marker), call),
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


def _page_error(client, call, problem):
    return BceResponseError(
        200,
        'MalformedResponse',
        client.scrub('%s answered a malformed page: %s' % (call, problem)),
        client.last_request_id,
        'GET',
        call.split(' ')[1],
    )
