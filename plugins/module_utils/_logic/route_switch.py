# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The logic of module route_switch: its argument spec and its run().

The module file (plugins/modules/route_switch.py) holds the documentation and the entry point; an in-process
executor reads the same spec and runs the same class from here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.baiducloud.vpc.plugins.module_utils._route_task import (
    SELECTOR_KWARGS,
    SELECTOR_SPEC,
    RouteTaskModule,
    candidates,
    cce_warnings,
    check_unlisted,
    guard_writes,
    plan_switch,
    predict_switch,
    read_table,
    resolve_subnets,
    write,
)
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    MULTI_PATH_NEXT_HOP_TYPE,
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
# A check-mode switch of a pair the table does not hold (yet): the earlier task that creates it created nothing.
PREDICTED_WARNING = (
    'route table %s (%s) has no primary/standby pair %s -> %s (as the service lists it): check mode predicts the '
    'switch from the requested state (%s active), as an earlier task of this play may create the pair (in check mode '
    'it created nothing). A real run fails unless the pair exists by then; a pair the service created but does not '
    'list cannot be switched with this module'
)
# What a user whose credentials cannot list the dedicated-line gateways is told in that case.
PREDICTED_LIST_HINT = 'in check mode, the switch of a pair that does not exist yet checks active_next_hop_id with it'


def validate(params):
    """The (source, destination) of the pair, or None when it is found by route_rule_id."""
    for name in ('active_next_hop_id', 'active_next_hop_name'):
        if params.get(name) is not None and not params[name].strip():
            raise BceValidationError(name, '%s must not be empty' % name)
    if params['wait_timeout'] < 0:
        raise BceValidationError('wait_timeout', 'wait_timeout must be 0 or more')
    return None if params['route_rule_id'] else identity(params['source_address'], params['destination_address'])


def active_hop_id(task):
    """The id of the gateway to make active: active_next_hop_id, or the id of the one dedicated-line gateway of the
    table's VPC named active_next_hop_name."""
    name = task.params.get('active_next_hop_name')
    if name:
        return task.next_hops.by_name(MULTI_PATH_NEXT_HOP_TYPE, name, 'active_next_hop_name')['id']
    return task.params['active_next_hop_id']


def find_pair(rules, table_id, rule_id, key):
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


def plan(task, table_id, rules, key, hop_id):
    """(changes, the pair before, the pair after)."""
    name = task.params.get('active_next_hop_name')
    try:
        current = find_pair(rules, table_id, task.params['route_rule_id'], key)
    except BceValidationError as exc:
        # Check mode: a pair missing by (source, destination) may be created by an earlier task of the play,
        # which created nothing in check mode; this task cannot read that task's plan, so it predicts the switch
        # from the requested state and says so. A real run (and a pair asked for by id, which an earlier
        # check-mode task could not have given) fails as before.
        if not task.check_mode or key is None:
            raise
        check_predicted_hop(task, exc, hop_id)
        changes, after = predict_switch(table_id, key[0], key[1], hop_id, name)
        task.warnings.append(PREDICTED_WARNING % (table_id, task.vpc_id(), key[0], key[1], hop_id))
        return changes, None, after
    parameter = 'active_next_hop_name' if name else 'active_next_hop_id'
    changes, after = plan_switch(current, hop_id, parameter, name)
    return changes, current, after


def check_predicted_hop(task, missing, hop_id):
    """A predicted switch is only as good as its gateway: fail (with the message of the missing pair) unless
    the gateway is a dedicated-line gateway of the table's VPC, so that a typo still fails in check mode. A
    gateway given by name was found in that same listing already."""
    records = task.next_hops.records(MULTI_PATH_NEXT_HOP_TYPE, PREDICTED_LIST_HINT)
    if any(record['id'] == hop_id for record in records):
        return
    raise BceValidationError(
        'active_next_hop_id',
        '%s; in check mode an earlier task may not have created the pair yet, but active_next_hop_id %s is not a '
        '%s next hop of %s either (the %s next hops there: %s)'
        % (
            missing.message,
            hop_id,
            MULTI_PATH_NEXT_HOP_TYPE,
            task.vpc_id(),
            MULTI_PATH_NEXT_HOP_TYPE,
            candidates(records),
        ),
    )


def wait_until_active(task, rule, hop_id):
    """The switch may take effect asynchronously: read the table, with short, growing intervals, until it shows
    the new active hop (the read-back of this module; without wait, a read now would show the old one)."""
    deadline = time.monotonic() + task.params['wait_timeout']
    delay = POLL_FIRST_DELAY
    while True:
        table = read_table(task)
        now = find_rule(table['rules'] if table else [], *rule_key(rule))
        hop = active_hop(now) if now else None
        if hop and hop['next_hop_id'] == hop_id:
            return now
        if time.monotonic() + delay > deadline:
            raise BceValidationError(
                'wait_timeout',
                'the switch to %s was sent but the table did not show it active '
                'within wait_timeout=%s seconds' % (hop_id, task.params['wait_timeout']),
            )
        time.sleep(delay)
        delay = min(delay * 2, POLL_MAX_DELAY)


class RouteSwitchModule(RouteTaskModule):
    argument_spec = dict(
        SELECTOR_SPEC,
        route_rule_id=dict(type='str'),
        source_address=dict(type='str'),
        destination_address=dict(type='str'),
        active_next_hop_id=dict(type='str'),
        active_next_hop_name=dict(type='str'),
        wait=dict(type='bool', default=True),
        wait_timeout=dict(type='int', default=60),
    )
    module_kwargs = dict(
        required_one_of=SELECTOR_KWARGS['required_one_of']
        + [('route_rule_id', 'destination_address'), ('active_next_hop_id', 'active_next_hop_name')],
        mutually_exclusive=SELECTOR_KWARGS['mutually_exclusive']
        + [
            ('route_rule_id', 'destination_address'),
            ('route_rule_id', 'source_address'),
            ('active_next_hop_id', 'active_next_hop_name'),
        ],
    )

    def run(self):
        task = self.task.begin()
        key = resolve_subnets(task, validate)
        table = read_table(task)
        if table is None:
            task.fail_missing_table()
        rules = check_unlisted(task, table)
        hop_id = active_hop_id(task)
        changes, before, after = plan(task, table['route_table_id'], rules, key, hop_id)
        self.warnings.extend(cce_warnings(changes))
        guard_writes(task, changes)
        after = write(task, changes, before, after)
        if changes and not self.check_mode and self.params['wait']:
            after = wait_until_active(task, after, hop_id)
        self.result['route_rule'] = rule_result(task.named(after))
