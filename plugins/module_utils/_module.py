# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Base of every module: argument spec, client, check/diff/result, and the only fail_json."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import binascii
import os
import random
import time

from ansible.module_utils.basic import AnsibleFallbackNotFound, AnsibleModule, missing_required_lib

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceConfigError,
    BceTransportError,
    BceValidationError,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._route import send

# The service's words for "someone else changed this rule between our read and our write".
RACE_CODES = frozenset(('RouteRuleRepeated', 'NoSuchObject'))
# Re-reads after a race, bounded; many writers fighting over one rule can race more than once,
# so the random pause before each re-read doubles (at most 0.2 + 0.4 + ... + 3.2 = 6.2 s in all).
RACE_RERUNS = 5
RACE_DELAY = 0.2
# API errors that point at one option: (parameter, what to check), added to the failure message.
API_ERROR_HINTS = {
    'InvalidAccessKeyId': ('access_key', 'check access_key (or BAIDUCLOUD_ACCESS_KEY)'),
    'SignatureDoesNotMatch': ('secret_key', 'check that secret_key (or BAIDUCLOUD_SECRET_KEY) is the secret of access_key'),
    'InvalidSessionToken': ('session_token', 'check session_token (or BAIDUCLOUD_SESSION_TOKEN): temporary (STS) access keys need '
                                             'their current token, permanent ones none'),
    'RequestExpired': (None, 'the clock of this host is more than 15 minutes away from the service\'s, or the temporary '
                             'credentials (session_token) have expired'),
    'InvalidNexthop': ('next_hop_id', 'check next_hop_type and next_hop_id: the next hop must exist in this VPC with that type'),
    'InvalidSourceAddress': ('source_address', 'check source_address: it must be 0.0.0.0/0 (::/0) or lie inside a subnet of the VPC'),
    'InvalidDestinationAddress': ('destination_address', 'check destination_address: it must not overlap the VPC CIDR'),
    'RouteRuleExceedQuota': (None, 'the route table is at its rule quota; delete rules or have the quota raised'),
}


def env_fallback_nonempty(*names):
    """Like env_fallback, but an empty variable counts as unset: AWX injects the optional
    fields of a credential that were left blank as empty strings."""
    for name in names:
        if os.environ.get(name):
            return os.environ[name]
    raise AnsibleFallbackNotFound


def _tries(exc):
    """' after N tries' when the client retried before giving up, else ''."""
    return ' after %d tries' % exc.attempts if exc.attempts > 1 else ''


def bce_argument_spec():
    """Connection options shared by every module (documented in doc_fragments/bce.py).

    access_key and secret_key are required, but not with required=True: they usually come
    from module_defaults or the environment, and BceClient names both sources when one is missing."""
    return dict(
        access_key=dict(type='str', no_log=False, fallback=(env_fallback_nonempty, ['BAIDUCLOUD_ACCESS_KEY'])),
        secret_key=dict(type='str', no_log=True, fallback=(env_fallback_nonempty, ['BAIDUCLOUD_SECRET_KEY'])),
        session_token=dict(type='str', no_log=True, fallback=(env_fallback_nonempty, ['BAIDUCLOUD_SESSION_TOKEN'])),
        region=dict(type='str', choices=list(_client.REGIONS), fallback=(env_fallback_nonempty, ['BAIDUCLOUD_REGION'])),
        endpoint=dict(type='str', fallback=(env_fallback_nonempty, ['BAIDUCLOUD_ENDPOINT'])),
        validate_certs=dict(type='bool', default=True),
        api_timeout=dict(type='int', default=30),
        api_retries=dict(type='int', default=3),
        api_retry_max_delay=dict(type='float', default=20.0),
    )


class BceModule(object):
    """Subclasses set `argument_spec` (and AnsibleModule keyword arguments) and implement run()."""

    argument_spec = {}
    module_kwargs = {}

    def __init__(self):
        spec = bce_argument_spec()
        spec.update(self.argument_spec)
        self.module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **self.module_kwargs)
        self.params = self.module.params
        self.result = {'changed': False}
        self.activity = 'call the Baidu Cloud API'
        # One value per module run; writes derive their clientToken from it (see _route.client_token).
        self.run_nonce = binascii.hexlify(os.urandom(16)).decode('ascii')
        self._client = None

    @property
    def client(self):
        if self._client is None:
            if not _client.HAS_REQUESTS:
                self.module.fail_json(msg=missing_required_lib('requests'), exception=_client.REQUESTS_IMPORT_ERROR)
            p = self.params
            self._client = _client.BceClient(
                access_key=p['access_key'], secret_key=p['secret_key'], session_token=p['session_token'],
                region=p['region'], endpoint=p['endpoint'], validate_certs=p['validate_certs'],
                timeout=p['api_timeout'], retries=p['api_retries'], retry_max_delay=p['api_retry_max_delay'])
        return self._client

    def doing(self, activity):
        """Name what the module is about to do, for the failure message if it goes wrong."""
        self.activity = activity

    def apply(self, plan, before, after):
        """Report the plan (and diff) and, outside check mode, execute it.

        Returns the API responses, one list per plan item ([] in check mode)."""
        self.result['changed'] = bool(plan)
        self.result['plan'] = [dict((k, v) for k, v in item.items() if k != 'requests') for item in plan]
        if self.module._diff:
            self.result['diff'] = {'before': before or {}, 'after': after or {}}
        if self.module.check_mode or not plan:
            return []
        # Outside check mode `changed` says what was written: a write the service refused
        # changed nothing, a replace whose create failed after its delete did.
        self.result['changed'] = False
        responses = []
        for item in plan:
            rule_id = ' (%s)' % item['route_rule_id'] if item.get('route_rule_id') else ''
            self.doing('%s route rule %s -> %s%s' % (item['action'], item['source_address'], item['destination_address'], rule_id))
            answers = []
            for request in item['requests']:
                if item['action'] == 'replace' and request['method'] == 'POST':
                    # The old rule is already gone: say so, the destination is unrouted until a re-run.
                    self.doing('create the replacement of route rule %s -> %s%s, which was already deleted (run the task again to create it)'
                               % (item['source_address'], item['destination_address'], rule_id))
                answers.append(send(self.client, request, self.run_nonce))
                self.result['changed'] = True
            responses.append(answers)
        return responses

    def run(self):
        raise NotImplementedError

    def converge(self):
        """run(), again after a race: another writer created or removed the same rule
        between our read and our write. The next run re-reads and reports the truth; with
        several writers on one rule that can race again, so up to RACE_RERUNS times, after
        a random pause (doubling each time) that takes the writers out of step."""
        wrote = False
        try:
            for rerun in range(RACE_RERUNS + 1):
                try:
                    self.run()
                    return
                except BceApiError as exc:
                    if exc.code not in RACE_CODES or self.module.check_mode or rerun == RACE_RERUNS:
                        raise
                # A write that went through before the race (the delete of a replace) stays a change.
                wrote = wrote or bool(self.result.get('changed'))
                self.result = {'changed': False}
                time.sleep(random.uniform(0, RACE_DELAY * 2 ** rerun))
        finally:
            # However the last run ends (success, validation or API failure), earlier writes count.
            self.result['changed'] = bool(self.result.get('changed')) or wrote

    def main(self):
        try:
            self.converge()
        except BceValidationError as exc:
            self.module.fail_json(msg=exc.message, parameter=exc.parameter, **self.result)
        except BceConfigError as exc:
            self.module.fail_json(msg='Invalid connection settings: %s' % exc, **self.result)
        except BceApiError as exc:
            parameter, hint = API_ERROR_HINTS.get(exc.code, (None, None))
            text = '%s; %s' % (exc.message.rstrip('. '), hint) if hint else exc.message
            extra = {'parameter': parameter} if parameter else {}
            self.module.fail_json(msg='Failed to %s%s: %s (%s)' % (self.activity, _tries(exc), text, exc.code),
                                  error=exc.to_dict(), **dict(self.result, **extra))
        except BceTransportError as exc:
            self.module.fail_json(msg='Failed to %s%s: %s' % (self.activity, _tries(exc), exc.message),
                                  error=exc.to_dict(), **self.result)
        self.module.exit_json(**self.result)
