# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Generic base of every module: connection options, client, plan execution, check mode, diff,
the race re-run, and the only place where errors become a failure.

Nothing here is specific to one kind of API object. A plan is a list of change objects, each with
  - `requests`: what a real run sends, in order;
  - `describe()`: the item of the `plan` result;
  - `activity(index)`: what request `index` does, for the failure message;
  - `header()`: one line of the diff header;
  - optionally `plan_view()`: what the plan token covers of it (_plan_token.py): {action, subject, before,
    after}; describe() when it has none.
They are executed through the executor the subclass passes to apply().

AnsibleModule is used only by ansible_main(), the entry and exit point: the logic itself takes
validated parameters and returns a result, so it can also run without a module process.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import binascii
import copy
import gc
import os
import random
import time

from ansible.module_utils.basic import AnsibleFallbackNotFound, AnsibleModule, missing_required_lib
from ansible.module_utils.common.parameters import remove_values

from ansible_collections.baiducloud.vpc.plugins.module_utils import _client, _plan_token
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import (
    BceError,
    BceApiError,
    BceConfigError,
    BceTransportError,
    BceValidationError,
)

# Re-reads after a race, bounded; many writers fighting over one object can race more than once,
# so the random pause before each re-read doubles (at most 0.2 + 0.4 + ... + 3.2 = 6.2 s in all).
RACE_RERUNS = 5
RACE_DELAY = 0.2
# Errors of every BCE API that point at one connection option: (parameter, what to check).
CONNECTION_ERROR_HINTS = {
    'InvalidAccessKeyId': ('access_key', 'check access_key (or BAIDUCLOUD_ACCESS_KEY)'),
    'SignatureDoesNotMatch': (
        'secret_key',
        'check that secret_key (or BAIDUCLOUD_SECRET_KEY) is the secret of access_key',
    ),
    'InvalidSessionToken': (
        'session_token',
        'check session_token (or BAIDUCLOUD_SESSION_TOKEN): temporary (STS) '
        'access keys need their current token, permanent ones none',
    ),
    'RequestExpired': (
        None,
        'the clock of this host is more than 15 minutes away from the service\'s, or the '
        'temporary credentials (session_token) have expired',
    ),
}


class _MissingRequests(Exception):
    """The requests library is not installed on the host that runs the module."""


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
        # Any well-formed region name (checked by the client): new regions and proxies need no collection release.
        region=dict(type='str', fallback=(env_fallback_nonempty, ['BAIDUCLOUD_REGION'])),
        endpoint=dict(type='str', fallback=(env_fallback_nonempty, ['BAIDUCLOUD_ENDPOINT'])),
        validate_certs=dict(type='bool', default=True),
        api_timeout=dict(type='int', default=30),
        api_retries=dict(type='int', default=3),
        api_retry_max_delay=dict(type='float', default=20.0),
        # Approved plans (doc_fragments/bce.py): set by the action plugins from baiducloud_plan and
        # baiducloud_approved_plans; never part of the plan token.
        approved_plan=dict(type='dict'),
        record_plan=dict(type='bool', default=False),
    )


class BceModule(object):
    """Subclasses set `argument_spec` (and AnsibleModule keyword arguments) and implement run().

    `race_codes`: API error codes that mean another writer got there between our read and our
    write (run() is re-run); `error_hints`: {code: (parameter, hint)} added to failure messages."""

    argument_spec = {}
    module_kwargs = {}
    race_codes = frozenset()
    error_hints = {}
    # Where the logic runs: 'module' (its own process) or 'in-process' (the controller's worker,
    # set by the action plugins); the User-Agent says which, so the service's logs can tell.
    execution = 'module'
    # What the plan was made on, for the plan token (a subclass sets it when it reads the object it plans on).
    plan_scope = None

    def __init__(self, params, check_mode=False, diff=False):
        self.params = params
        self.check_mode = check_mode
        self.diff_mode = diff
        self.result = {'changed': False}
        # Messages for module.warn(), besides the client's.
        self.warnings = []
        self.activity = 'call the Baidu Cloud API'
        # One value per module run; writes derive their idempotency token from it.
        self.run_nonce = binascii.hexlify(os.urandom(16)).decode('ascii')
        self._client = None

    @property
    def client(self):
        if self._client is None:
            if not _client.HAS_REQUESTS:
                raise _MissingRequests()
            p = self.params
            self._client = _client.BceClient(
                access_key=p['access_key'],
                secret_key=p['secret_key'],
                session_token=p['session_token'],
                region=p['region'],
                endpoint=p['endpoint'],
                validate_certs=p['validate_certs'],
                timeout=p['api_timeout'],
                retries=p['api_retries'],
                retry_max_delay=p['api_retry_max_delay'],
            )
            user_agent = getattr(self._client, 'user_agent', None)
            if user_agent:
                self._client.user_agent = '%s execution/%s' % (user_agent, self.execution)
        return self._client

    def doing(self, activity):
        """Name what the module is about to do, for the failure message if it goes wrong."""
        self.activity = activity

    def apply(self, plan, before, after, execute, diff=None):
        """Report the plan (and the diff of `before` and `after`) and, outside check mode, send
        every request of every change through `execute(request)`. `diff(plan, before, after)`, when
        given, shapes the diff instead of diff_of() (called in diff mode only).

        Returns the answers, one list per change ([] in check mode)."""
        # Before the first write: a plan that is not the approved one is refused here.
        self.check_plan(plan)
        self.result['changed'] = bool(plan)
        self.result['plan'] = [change.describe() for change in plan]
        if self.diff_mode:
            self.result['diff'] = (diff or self.diff_of)(plan, before, after)
        if self.check_mode or not plan:
            return []
        # Outside check mode `changed` says what was written: a write the service refused
        # changed nothing, a replace whose create failed after its delete did.
        self.result['changed'] = False
        answers = []
        for change in plan:
            change_answers = []
            for index, request in enumerate(change.requests):
                self.doing(change.activity(index))
                try:
                    change_answers.append(execute(request))
                except BceError as exc:
                    # A write whose answer could not be read may have been applied: say changed, the
                    # message says the outcome is unknown and that a re-run converges.
                    if exc.maybe_written:
                        self.result['changed'] = True
                    raise
                self.result['changed'] = True
            answers.append(change_answers)
        return answers

    def check_plan(self, plan):
        """Put the plan's token in the result (and its record when record_plan is set); raise, before any write,
        when approved_plan is given and this plan is not the approved one.

        The token covers the module, plan_scope, the module's own options (never the connection options, which
        carry credentials, nor a no_log option) and every change's plan_view()."""
        options = dict(
            (name, self.params.get(name)) for name, spec in self.argument_spec.items() if not spec.get('no_log')
        )
        record = _plan_token.plan_record(
            type(self).__name__,
            self.plan_scope,
            options,
            [getattr(change, 'plan_view', change.describe)() for change in plan],
        )
        self.result['plan_token'] = record['token']
        if self.params.get('record_plan'):
            self.result['plan_record'] = record
        approved = self.params.get('approved_plan')
        if approved is not None:
            refusal = _plan_token.refusal(approved, record)
            if refusal:
                raise BceValidationError('approved_plan', refusal)

    def diff_of(self, plan, before, after):
        """The `diff` result: `before` and `after`, with the plan's headers joined into one header line.
        Subclasses may return a list of diffs instead (Ansible prints each with its own header)."""
        diff = {'before': before, 'after': after}
        if plan:
            diff['before_header'] = diff['after_header'] = '; '.join(change.header() for change in plan)
        return diff

    def run(self):
        raise NotImplementedError

    def converge(self):
        """run(), again after a race: another writer changed the same object between our read
        and our write. The next run re-reads and reports the truth; with several writers that
        can race again, so up to RACE_RERUNS times, after a random pause (doubling each time)
        that takes the writers out of step."""
        wrote = False
        try:
            for rerun in range(RACE_RERUNS + 1):
                try:
                    self.run()
                    # A run that planned nothing to apply (a read-only module, an absent table) has a token too,
                    # and an approved plan to match: nothing was written, so checking now is still in time.
                    if 'plan_token' not in self.result:
                        self.check_plan([])
                    return
                except BceApiError as exc:
                    if not self.is_race(exc) or self.check_mode or rerun == RACE_RERUNS:
                        raise
                # A write that went through before the race (the delete of a replace) stays a change.
                wrote = wrote or bool(self.result.get('changed'))
                self.result = {'changed': False}
                race_pause(rerun)
        finally:
            # However the last run ends (success, validation or API failure), earlier writes count.
            self.result['changed'] = bool(self.result.get('changed')) or wrote

    def is_race(self, exc):
        """True when an API error means another writer got there between our read and our write."""
        return exc.code in self.race_codes

    def hint_for(self, exc):
        """(parameter, hint) for an API error that no exact code of error_hints names; (None, None) by default."""
        return None, None

    def _failure(self, exc):
        """The fail_json arguments for an error of a lower layer."""
        if isinstance(exc, BceValidationError):
            return dict(self.result, msg=exc.message, parameter=exc.parameter)
        if isinstance(exc, BceConfigError):
            return dict(self.result, msg='Invalid connection settings: %s' % exc)
        if isinstance(exc, BceApiError):
            parameter, hint = dict(CONNECTION_ERROR_HINTS, **self.error_hints).get(exc.code) or self.hint_for(exc)
            text = '%s; %s' % (exc.message.rstrip('. '), hint) if hint else exc.message
            failure = dict(
                self.result,
                msg='Failed to %s%s: %s (%s)' % (self.activity, _tries(exc), text, exc.code),
                error=exc.to_dict(),
            )
            if parameter:
                failure['parameter'] = parameter
            return failure
        return dict(
            self.result, msg='Failed to %s%s: %s' % (self.activity, _tries(exc), exc.message), error=exc.to_dict()
        )

    def outcome(self):
        """Run the module: (result, failure or None, warnings). Needs no AnsibleModule."""
        failure = None
        try:
            self.converge()
        except _MissingRequests:
            failure = dict(self.result, msg=missing_required_lib('requests'), exception=_client.REQUESTS_IMPORT_ERROR)
        except (BceValidationError, BceConfigError, BceApiError, BceTransportError) as exc:
            failure = self._failure(exc)
        warnings = list(getattr(self._client, 'warnings', None) or []) if self._client is not None else []
        warnings = [w for i, w in enumerate(self.warnings) if w not in self.warnings[:i]] + warnings
        return self.result, failure, warnings

    @classmethod
    def ansible_main(cls, execution='module'):
        """Entry and exit point of a module process: parameters in, result, warnings or failure out.

        `execution`: 'in-process' when an action plugin runs it in the controller's worker (plugin_utils/_inprocess.py)."""
        spec = bce_argument_spec()
        # A copy: AnsibleModule fills the suboptions of list defaults in place, and the class's spec
        # must stay the same for every run in one process.
        spec.update(copy.deepcopy(cls.argument_spec))
        module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **cls.module_kwargs)
        logic = cls(module.params, check_mode=module.check_mode, diff=module._diff)
        logic.execution = execution
        result, failure, warnings = logic.outcome()
        for warning in warnings:
            # Masked before warn(): ansible-core >= 2.19 keeps warnings as objects that the masking of
            # the result does not reach, so a secret in one would be printed as is.
            module.warn(remove_values(warning, module.no_log_values))
        # The process ends right after the result is written, and the interpreter's shutdown would still
        # walk every object in a last garbage collection; frozen objects are skipped (about 47 M fewer
        # instructions, 3% of a no-op module process). The work is done, so the peak memory stays the
        # same (1,000-rule converge: 44.3-44.4 MiB frozen, 44.4-44.7 MiB not).
        if execution == 'module':
            gc.freeze()
        if failure is not None:
            module.fail_json(**failure)
        module.exit_json(**result)


def race_pause(attempt):
    """The random pause before try `attempt` (0, 1, ...) after a race: it doubles each time and takes concurrent
    writers out of step."""
    time.sleep(random.uniform(0, RACE_DELAY * 2**attempt))
