# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""BceClient called from two threads at once (issue 25: the route modules read the VPC and the next-hop lists at
the same time on one client): each call is signed, sent and answered on its own, and a message about an answer
names that answer's request id."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import calendar
import threading
import time

from ansible_collections.baiducloud.vpc.plugins.module_utils import _signer
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_utils.test_client import (
    SECRET,
    FakeResponse,
    make_client,
)


class MeetingSession(object):
    """Answers each path with its own body and request id, once both requests are in flight."""

    def __init__(self):
        self.meet = threading.Barrier(2, timeout=5)
        self.calls = []

    def request(self, method, url, data=None, headers=None, **kwargs):
        self.calls.append(dict(method=method, url=url, headers=dict(headers)))
        self.meet.wait()
        name = url.rsplit('/', 1)[-1]
        return FakeResponse(body={'name': name}, headers={'x-bce-request-id': 'rid-' + name})


def test_two_calls_at_once_each_get_their_own_answer_and_request_id():
    session = MeetingSession()
    client, dummy, dummy_sleeps = make_client([], session=session)
    after = threading.Barrier(2, timeout=5)
    seen = {}

    def call(name):
        answer = client.get('/v1/' + name)
        # Both answers are in before either thread looks at the request id of its own.
        after.wait()
        seen[name] = (answer, client.last_request_id)

    threads = [threading.Thread(target=call, args=(name,)) for name in ('vpc', 'nat')]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == {'vpc': ({'name': 'vpc'}, 'rid-vpc'), 'nat': ({'name': 'nat'}, 'rid-nat')}
    # Each request carries a valid signature of its own (path and time: the signing shares nothing between calls).
    for sent in session.calls:
        headers = sent['headers']
        path = '/v1/' + sent['url'].rsplit('/', 1)[-1]
        now = calendar.timegm(time.strptime(headers['x-bce-date'], '%Y-%m-%dT%H:%M:%SZ'))
        signed = dict((k, headers[k]) for k in ('host', 'content-type', 'x-bce-date'))
        assert headers['authorization'] == _signer.sign('GET', path, {}, signed, 'ak-1', SECRET, now)
