# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The logic of module route_switch: its argument spec and the hooks of the route skeleton.

The module file (plugins/modules/route_switch.py) holds the documentation and the entry point; an in-process
executor reads the same spec and runs the same class from here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.baiducloud.vpc.plugins.module_utils._route_module import (
    SELECTOR_KWARGS,
    SELECTOR_SPEC,
    RouteModule,
    plan_switch,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    BceValidationError,
    active_hop,
    find_rule,
    identity,
    rule_key,
    rule_result,
)

POLL_FIRST_DELAY = 0.1
POLL_MAX_DELAY = 2.0
# The service may create multi-path rules without ever listing them (reference 7, item 2); a pair is switched by the
# id of its active member, which only the listing tells, so such a pair cannot be switched here.
UNLISTED_HINT = (
    ' (as the service lists it; a primary/standby pair the service created but does not list cannot be switched '
    'with this module: switch it in the console)'
)


class RouteSwitchModule(RouteModule):
    argument_spec = dict(
        SELECTOR_SPEC,
        route_rule_id=dict(type='str'),
        source_address=dict(type='str'),
        destination_address=dict(type='str'),
        active_next_hop_id=dict(type='str', required=True),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=60),
    )
    module_kwargs = dict(
        required_one_of=SELECTOR_KWARGS['required_one_of'] + [('route_rule_id', 'destination_address')],
        mutually_exclusive=SELECTOR_KWARGS['mutually_exclusive']
        + [('route_rule_id', 'destination_address'), ('route_rule_id', 'source_address')],
    )

    def desired(self):
        """The (source, destination) of the pair, or None when it is found by route_rule_id."""
        p = self.params
        if not p['active_next_hop_id'].strip():
            raise BceValidationError('active_next_hop_id', 'active_next_hop_id must not be empty')
        if p['wait_timeout'] < 0:
            raise BceValidationError('wait_timeout', 'wait_timeout must be 0 or more')
        return None if p['route_rule_id'] else identity(p['source_address'], p['destination_address'])

    def plan(self, table_id, rules, desired):
        current = self.find_pair(rules, table_id, desired)
        changes, after = plan_switch(current, self.params['active_next_hop_id'])
        return changes, current, after

    def find_pair(self, rules, table_id, key):
        rule_id = self.params['route_rule_id']
        if key is None:
            rule = find_rule(rules, route_rule_id=rule_id)
            if rule is None:
                raise BceValidationError(
                    'route_rule_id', 'route_rule_id %s does not exist in %s%s' % (rule_id, table_id, UNLISTED_HINT)
                )
            return rule
        rule = find_rule(rules, *key)
        if rule is None:
            raise BceValidationError(
                'destination_address', 'no rule routes %s -> %s in %s%s' % (key + (table_id, UNLISTED_HINT))
            )
        return rule

    def read_back(self, table_id, predicted, changes):
        # A switch takes effect asynchronously: with wait, finish() reads the table until it shows the new active
        # hop (the read-back of this module); without wait, a read now would show the old one.
        return predicted

    def finish(self, table_id, after, changes):
        if changes and not self.check_mode and self.params['wait']:
            after = self.wait_until_active(after, self.params['active_next_hop_id'])
        self.result['route_rule'] = rule_result(after)

    def wait_until_active(self, rule, hop_id):
        """The switch may take effect asynchronously: poll with short, growing intervals."""
        deadline = time.monotonic() + self.params['wait_timeout']
        delay = POLL_FIRST_DELAY
        while True:
            dummy, rules = self.read_rules()
            now = find_rule(rules or [], *rule_key(rule))
            hop = active_hop(now) if now else None
            if hop and hop['next_hop_id'] == hop_id:
                return now
            if time.monotonic() + delay > deadline:
                raise BceValidationError(
                    'wait_timeout',
                    'the switch to %s was sent but the table did not show it active '
                    'within wait_timeout=%s seconds' % (hop_id, self.params['wait_timeout']),
                )
            time.sleep(delay)
            delay = min(delay * 2, POLL_MAX_DELAY)
