# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Section 6 of docs/reliability.md: hostile servers and malformed credentials (rows from hostile.py)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from tests.reliability.limits import time_bound


def _cell(text):
    return (text or '').replace('|', '\\|').replace('\n', ' ')


def _yes(row):
    return 'yes' if row['ok'] else '**NO**'


def status(groups):
    """(status line, number of failed rows) for the summary table."""
    rows = [row for key in ('secrets', 'bounds', 'malformed') for row in groups[key]]
    failed = sum(1 for row in rows if not row['ok'])
    leaked = sum(row.get('leaked', 0) for row in groups['secrets'])
    text = '%d/%d cases as required; %d credentials leaked; every slow or endless server cut within its bound' % (
        len(rows) - failed,
        len(rows),
        leaked,
    )
    return (text if not failed else '**%d FAILED** (see section 6); ' % failed + text), failed


def section(groups, max_pages, max_body, max_items):
    lines = [
        '## 6. Hostile servers and malformed credentials',
        '',
        'A deliberately hostile BCE look-alike on 127.0.0.1 (`tests/reliability/hostile_server.py`): it echoes every request '
        'header back, drips its answer one byte per 0.5 s, sends an endless body or endless pages, or answers 2xx bodies of the '
        'wrong shape. "client" rows drive `BceClient` directly; "module" rows run `route_table_info` as Ansible does (args file '
        'in, JSON out; no Ansible masking of no_log values), so what the module prints is what is checked.',
        '',
        '### 6.1 Secrets under malformed credentials',
        '',
        'Each credential form is used against a server that answers 400 with every request header in the error body, and one '
        'that answers a POST with 200 and the headers as a non-JSON body. Checked in every exception text, repr and to_dict(): '
        'the credential in every form (as given, stripped, repr-escaped), every Authorization and x-bce-security-token value '
        'the server received, and each signature on its own. Surrounding whitespace is removed; inner whitespace, control or '
        'non-ASCII characters are refused naming the option, without the value.',
        '',
        '| case | expected | outcomes (echo 400, echo 200 after POST) | values found | ok | first message |',
        '|---|---|---|---|---|---|',
    ]
    for row in groups['secrets']:
        if 'outcomes' in row:
            lines.append(
                '| %s | %s | %s | %d | %s | %s |'
                % (
                    _cell(row['case']),
                    row['expected'],
                    ', '.join(row['outcomes']),
                    row['leaked'],
                    _yes(row),
                    _cell(row['message']),
                )
            )
        else:
            expected_rc = 0 if 'emulator' in row['case'] else 1
            lines.append(
                '| %s | rc %s | rc %s | %d | %s | %s |'
                % (row['case'], expected_rc, row['rc'], row['leaked'], _yes(row), _cell(row['message']) or '(success)')
            )
    lines += [
        '',
        '### 6.2 Bounds against slow and endless servers',
        '',
        '`api_timeout` is a deadline for a whole request: connect, send, status line, headers and the full body. The exchange '
        'runs in a worker thread joined with the time left; at the deadline the socket under the answer is shut down. One API '
        'call (one `get`, one write, one page) therefore ends within',
        '',
        '    api_timeout x (api_retries + 2) + api_retry_max_delay x api_retries',
        '',
        'where the "+ 2" is the first try plus the single re-signed try after `RequestExpired` (a clock-skew answer, which comes '
        'back at once in practice), and each pause is at most `api_retry_max_delay` (a `Retry-After` header can ask for that '
        'much). Without `Retry-After` the pauses add up to at most sum(min(api_retry_max_delay, 0.3 x 2^n) for n < api_retries), '
        'which with "+ 1" is the bound the rows below are checked against (the hostile server sends neither). A listing '
        'reads at most %d pages (%d items at most, '
        '200 times the 50-entry default route table quota, at 1000 per page) and fails naming the call past that. A body is cut '
        'at %d bytes. A module run makes a known number of calls: one read of the table (`GET /v1/route`; the paged listing past 1,000 '
        'entries), the next-hop lists a name needs; a module that writes adds the VPC read, one list per next-hop type to '
        'verify, one call per write of its plan (a replace is two) and one read-back, each call bounded as above; a race '
        'with another writer re-runs the module at most 3 times (see section 2). With the defaults (30 s, 3 retries, 20 s) one '
        'call is bounded by %.0f s, %.1f s without `Retry-After` and `RequestExpired`.'
        % (max_pages, max_items, max_body, 30 * 5 + 20 * 3, time_bound(30, 3, 20.0)),
        '',
        '| case | api_timeout | api_retries | max delay | requests | measured s | bound s | ok | message |',
        '|---|---|---|---|---|---|---|---|---|',
    ]
    for row in groups['bounds']:
        measured = (
            '%.2f' % row['elapsed']
            if 'network_time' not in row
            else '%.2f (%.2f from the first request)' % (row['elapsed'], row['network_time'])
        )
        lines.append(
            '| %s | %s | %s | %s | %s | %s | %.2f | %s | %s |'
            % (
                row['case'],
                row['api_timeout'],
                row['api_retries'],
                row['api_retry_max_delay'],
                row['requests'],
                measured,
                row['bound'],
                _yes(row),
                _cell(row['message']),
            )
        )
    lines += [
        '',
        'Client rows allow 0.5 s over the bound, module rows 2 s (their start-up time, subtracted, varies that much on a '
        'loaded machine). Before this, a module with `api_timeout: 1, api_retries: 0` was held almost 4 minutes by the dripping '
        'server, and endless pages produced thousands of requests. A write (the `client post` rows) that gets no complete '
        'answer may have been applied: its error has `maybe_written = True`, the module reports `changed: true` and says the '
        'outcome is unknown and that a re-run converges. Only a failure before the request can have left (refused '
        'connection, unresolved name, connect timeout, TLS handshake) keeps a write\'s outcome known.',
        '',
        '### 6.3 Malformed responses',
        '',
        'A 2xx answer must be a JSON object for a read (a page: the result key a list of objects, `isTruncated` a boolean, '
        '`nextMarker` a string); a write may answer nothing or an object. Otherwise: `BceResponseError` (a `BceApiError` with '
        'the 2xx status, the code and the request id) naming the call, or, after a write, `BceUnknownOutcomeError` '
        '(`maybe_written = True`: the change may have been applied; a re-run converges). An error answer with neither a JSON '
        '`code` nor an `x-bce-request-id` header is marked `bce_shaped = False`, so an empty 404 from a proxy is not read as '
        '"no such rule".',
        '',
        '| case | error | code | maybe_written | bce_shaped | ok | message |',
        '|---|---|---|---|---|---|---|',
    ]
    for row in groups['malformed']:
        if 'error' in row:
            lines.append(
                '| %s | %s | %s | %s | %s | %s | %s |'
                % (
                    row['case'],
                    row['error'],
                    row['code'],
                    row['maybe_written'],
                    row['bce_shaped'],
                    _yes(row),
                    _cell(row['message']),
                )
            )
        else:
            lines.append('| %s | rc %s | | | | %s | %s |' % (row['case'], row['rc'], _yes(row), _cell(row['message'])))
    lines.append('')
    return lines
