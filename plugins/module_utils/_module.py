# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Base of every module: argument spec, client, check/diff/result, and the only fail_json."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import uuid

from ansible.module_utils.basic import AnsibleModule, env_fallback, missing_required_lib

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceApiError,
    BceConfigError,
    BceTransportError,
    BceValidationError,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._route import execute_item

# The service's words for "someone else changed this rule between our read and our write".
RACE_CODES = frozenset(('RouteRuleRepeated', 'NoSuchObject'))


def bce_argument_spec():
    """Connection options shared by every module (documented in doc_fragments/bce.py).

    access_key and secret_key are required, but not with required=True: they usually come
    from module_defaults or the environment, and BceClient names both sources when one is missing."""
    return dict(
        access_key=dict(type='str', no_log=False, fallback=(env_fallback, ['BAIDUCLOUD_ACCESS_KEY'])),
        secret_key=dict(type='str', no_log=True, fallback=(env_fallback, ['BAIDUCLOUD_SECRET_KEY'])),
        session_token=dict(type='str', no_log=True, fallback=(env_fallback, ['BAIDUCLOUD_SESSION_TOKEN'])),
        region=dict(type='str', choices=list(_client.REGIONS), fallback=(env_fallback, ['BAIDUCLOUD_REGION'])),
        endpoint=dict(type='str', fallback=(env_fallback, ['BAIDUCLOUD_ENDPOINT'])),
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
        self.run_nonce = uuid.uuid4().hex
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
        responses = []
        for item in plan:
            rule_id = ' (%s)' % item['route_rule_id'] if item.get('route_rule_id') else ''
            self.doing('%s route rule %s -> %s%s' % (item['action'], item['source_address'], item['destination_address'], rule_id))
            responses.append(execute_item(self.client, item, self.run_nonce))
        return responses

    def run(self):
        raise NotImplementedError

    def converge(self):
        """run(), once more after a race: another writer created or removed the same rule
        between our read and our write. The second run re-reads and reports the truth."""
        try:
            self.run()
        except BceApiError as exc:
            if exc.code not in RACE_CODES or self.module.check_mode:
                raise
            self.result = {'changed': False}
            self.run()

    def main(self):
        try:
            self.converge()
        except BceValidationError as exc:
            self.module.fail_json(msg=exc.message, parameter=exc.parameter, **self.result)
        except BceConfigError as exc:
            self.module.fail_json(msg='Invalid connection settings: %s' % exc, **self.result)
        except BceApiError as exc:
            self.module.fail_json(msg='Failed to %s: %s (%s)' % (self.activity, exc.message, exc.code),
                                  error=exc.to_dict(), **self.result)
        except BceTransportError as exc:
            self.module.fail_json(msg='Failed to %s: %s' % (self.activity, exc.message),
                                  error=exc.to_dict(), **self.result)
        self.module.exit_json(**self.result)
