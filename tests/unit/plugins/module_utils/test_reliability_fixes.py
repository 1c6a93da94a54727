# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Defects found by the reliability suite (tests/reliability), one test each."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

import pytest
import requests

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client, _module
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError, BceTransportError, BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._route import group_rules
from ansible_collections.baiducloud.vpc.plugins.module_utils._route_plan import desired_rule, desired_rules, plan_table
from ansible_collections.baiducloud.vpc.plugins.modules import route_rule, route_table_info
from ansible_collections.baiducloud.vpc.tests.unit.plugins.modules.fake_bce import (
    SECRET,
    SYSTEM_RULE,
    TABLE,
    FakeClient,
    rule,
    run_module,
)

VPN_ARGS = {'route_table_id': TABLE, 'destination_address': '10.10.0.0/16', 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-aaaa'}


def _item(destination, **extra):
    item = {'destination_address': destination, 'next_hop_type': 'vpn', 'next_hop_id': 'vpn-aaaa'}
    item.update(extra)
    return item


# -- route_table named `description` without the item -----------------------------------------

@pytest.mark.parametrize('description,words', [('x' * 201, 'must be at most 200 characters, got 201'),
                                               ('tab\there', 'must not contain control characters')])
def test_route_table_description_errors_name_the_item(description, words):
    with pytest.raises(BceValidationError) as err:
        desired_rules([_item('10.10.0.0/16'), _item('10.11.0.0/16', description=description)])
    assert err.value.parameter == 'rules[1].description'
    assert err.value.message == 'rules[1].description ' + words + ('' if 'control' not in words else ' (newline, tab, ...)')


def test_route_rule_description_message_is_unchanged():
    with pytest.raises(BceValidationError) as err:
        desired_rule(_item('10.10.0.0/16', description='d' * 201))
    assert err.value.parameter == 'description'
    assert err.value.message == 'description must be at most 200 characters, got 201'


# -- route_table: a system route in rules named no item ----------------------------------------

def test_route_table_system_route_names_the_item():
    current = group_rules([SYSTEM_RULE])
    desired = desired_rules([_item('10.10.0.0/16'), _item('192.168.0.0/16')])
    with pytest.raises(BceValidationError) as err:
        plan_table(TABLE, current, desired)
    assert err.value.parameter == 'rules[1]'
    assert err.value.message.startswith('rules[1]: 0.0.0.0/0 -> 192.168.0.0/16 is a system route')


# -- API errors that point at an option name it ------------------------------------------------

@pytest.mark.parametrize('code,parameter,words', [
    ('SignatureDoesNotMatch', 'secret_key', 'secret_key (or BAIDUCLOUD_SECRET_KEY)'),
    ('InvalidAccessKeyId', 'access_key', 'access_key'),
    ('InvalidSessionToken', 'session_token', 'session_token'),
    ('RequestExpired', None, 'clock of this host'),
    ('InvalidNexthop', 'next_hop_id', 'next_hop_type and next_hop_id'),
    ('RouteRuleExceedQuota', None, 'rule quota'),
])
def test_api_error_names_the_option(monkeypatch, code, parameter, words):
    client = FakeClient()

    def failing(*args, **kwargs):
        raise BceApiError(400, code, 'The service says no.', 'rid-1')

    client.request = failing
    result, failed = run_module(monkeypatch, route_rule, VPN_ARGS, client)
    assert failed and words in result['msg']
    assert result['msg'].startswith('Failed to create route rule 0.0.0.0/0 -> 10.10.0.0/16: The service says no; ')
    assert result['msg'].endswith('(%s)' % code)
    assert result.get('parameter') == parameter
    assert result['error']['message'] == 'The service says no.'
    assert SECRET not in json.dumps(result)


def test_other_api_errors_keep_their_message(monkeypatch):
    client = FakeClient()

    def failing(*args, **kwargs):
        raise BceApiError(403, 'AccessDenied', 'no permission', 'rid-1')

    client.request = failing
    result, failed = run_module(monkeypatch, route_rule, VPN_ARGS, client)
    assert failed and result['msg'] == 'Failed to create route rule 0.0.0.0/0 -> 10.10.0.0/16: no permission (AccessDenied)'
    assert 'parameter' not in result


# -- races: one re-read was not enough when several writers fight over one rule ----------------

def _racing(client, failures, code):
    client.inject('*', BceApiError(400, code, 'raced', 'rid'), times=failures)


def test_repeated_races_are_re_read_until_the_write_lands(monkeypatch):
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    client = FakeClient()
    _racing(client, 3, 'RouteRuleRepeated')
    result, failed = run_module(monkeypatch, route_rule, VPN_ARGS, client)
    assert not failed and result['changed'] and result['route_rule']['route_rule_id'] == 'rr-new00000001'


def test_race_re_reads_are_bounded(monkeypatch):
    monkeypatch.setattr(_module, 'RACE_DELAY', 0)
    client = FakeClient([rule('rr-old00000001', '0.0.0.0/0', '10.10.0.0/16', 'vpn', 'vpn-aaaa', description='old')])
    _racing(client, 100, 'NoSuchObject')
    result, failed = run_module(monkeypatch, route_rule, dict(VPN_ARGS, description='new'), client)
    assert failed and result['error']['code'] == 'NoSuchObject'
    reads = [c for c in client.calls if c[0] == 'GET' and c[1] == '/v1/route/rule']
    assert len(reads) == _module.RACE_RERUNS + 1


# -- a replace whose create fails has already deleted the old rule: say so -------------------

def test_failed_create_of_a_replace_says_the_old_rule_is_gone(monkeypatch):
    client = FakeClient([rule('rr-old00000001', '0.0.0.0/0', '10.10.0.0/16', 'vpn', 'vpn-aaaa')])
    client.inject('POST', BceApiError(503, 'ServiceUnavailable', 'try later', 'rid'))
    result, failed = run_module(monkeypatch, route_rule, dict(VPN_ARGS, next_hop_type='nat', next_hop_id='nat-aaaa'), client)
    # The delete went through, so the task did change something.
    assert failed and result['changed'] is True
    assert result['msg'] == ('Failed to create the replacement of route rule 0.0.0.0/0 -> 10.10.0.0/16 (rr-old00000001), which was '
                             'already deleted (run the task again to create it): try later (ServiceUnavailable)')


# -- retries: certificate failures are not retried; the message counts the tries -------------

class _Session(object):
    def __init__(self, error):
        self.error = error
        self.calls = 0

    def request(self, *args, **kwargs):
        self.calls += 1
        raise self.error


def _client_with(session):
    return _client.BceClient('ak', SECRET, endpoint='https://127.0.0.1:1', session=session, retries=3, sleep=lambda s: None)


def test_certificate_verification_failure_is_not_retried():
    session = _Session(requests.exceptions.SSLError('[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate'))
    with pytest.raises(BceTransportError) as err:
        _client_with(session).get('/v1/route', {'vpcId': 'vpc-1'})
    assert session.calls == 1 and err.value.attempts == 1 and not err.value.retryable
    assert 'validate_certs' in err.value.message


def test_other_tls_and_connection_errors_are_retried():
    for error in (requests.exceptions.SSLError('EOF occurred in violation of protocol'), requests.exceptions.ConnectionError('reset')):
        session = _Session(error)
        with pytest.raises(BceTransportError) as err:
            _client_with(session).get('/v1/route', {'vpcId': 'vpc-1'})
        assert session.calls == 4 and err.value.attempts == 4


def test_failure_message_counts_the_tries(monkeypatch):
    client = FakeClient()

    def failing(*args, **kwargs):
        exc = BceTransportError('no answer within api_timeout=1 seconds (ReadTimeout)', 'GET', '/v1/route/rule')
        exc.attempts = 4
        raise exc

    client.paginate = failing
    result, failed = run_module(monkeypatch, route_table_info, {'route_table_id': TABLE}, client)
    assert failed and result['msg'] == ('Failed to read route table %s after 4 tries: no answer within api_timeout=1 seconds (ReadTimeout)'
                                        % TABLE)


def test_race_pauses_double_and_stay_bounded(monkeypatch):
    pauses = []
    monkeypatch.setattr(_module.time, 'sleep', pauses.append)
    monkeypatch.setattr(_module.random, 'uniform', lambda low, high: high)
    client = FakeClient()
    _racing(client, 100, 'RouteRuleRepeated')
    result, failed = run_module(monkeypatch, route_rule, VPN_ARGS, client)
    assert failed and result['error']['code'] == 'RouteRuleRepeated'
    assert pauses == [_module.RACE_DELAY * 2 ** n for n in range(_module.RACE_RERUNS)]
    assert sum(pauses) <= 6.5
