# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The skeleton of the route modules: one run() in a fixed order, with hooks each module fills.

    desired()  -> read the table -> plan() -> checks (quota, VPC) -> apply -> finish()

The modules import only this file and _rule.py; the wire format (_route_api.py) and the
planners (_route_plan.py) are reached through here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.baiducloud.vpc.plugins.module_utils import _route_api, _route_plan
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError, BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._module import BceModule
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    CCE_KEEP,
    DEFAULT_RULE_QUOTA,
    find_rule,
    identity,
    rule_view,
    table_view,
)

# The planners the modules call, re-exported so that modules need no other import.
plan_rule = _route_plan.plan_rule
plan_switch = _route_plan.plan_switch
plan_table = _route_plan.plan_table

SELECTOR_SPEC = dict(
    route_table_id=dict(type='str'),
    vpc_id=dict(type='str'),
)
RULE_QUOTA_SPEC = dict(type='int', default=DEFAULT_RULE_QUOTA)
KEEP_SPEC = dict(
    type='list',
    elements='dict',
    default=[dict(CCE_KEEP)],
    options=dict(
        description_prefix=dict(type='str'),
        source_address=dict(type='str'),
        destination_address=dict(type='str'),
        next_hop_type=dict(type='str'),
        next_hop_id=dict(type='str'),
    ),
)
SELECTOR_KWARGS = dict(
    required_one_of=[('route_table_id', 'vpc_id')],
    mutually_exclusive=[('route_table_id', 'vpc_id')],
)


class RouteModule(BceModule):
    """Hooks: desired(), missing(), plan(), and optionally table_after(), vpc_prefix(), view(), finish()."""

    race_codes = _route_api.RACE_CODES
    error_hints = _route_api.ERROR_HINTS
    # A read-only module reports no plan and no diff.
    read_only = False
    # The table as the last read found it: {route_table_id, vpc_id, name, rules}.
    table = None
    # (route table id, source, destination) of creates the service refused as "rule repeated" in this task.
    repeated = ()

    # -- the fixed order ---------------------------------------------------------------------

    def run(self):
        desired = self.desired()
        table_id, rules = self.read_rules()
        if rules is None:
            self.missing(desired)
            return
        self.check_unlisted(table_id, rules)
        changes, before, after = self.plan(table_id, rules, desired)
        if self.read_only:
            self.finish(table_id, after, changes)
            return
        for change in changes:
            change.requests = _route_api.requests_for(change)
        # The modules that can grow a table take rule_quota (doc fragment baiducloud.vpc.route_table.quota).
        if 'rule_quota' in self.params:
            _route_plan.check_quota(rules, self.table_after(rules, before, after), self.params['rule_quota'])
        self.check_against_vpc(table_id, _route_plan.written_rules(changes))
        answers = self.apply(changes, self.view(before), self.view(after), self.send)
        self.finish(table_id, self._with_ids(after, changes, answers), changes)

    # -- hooks -------------------------------------------------------------------------------

    def desired(self):
        """Validate the task's input before anything is read; returns what plan() receives."""
        return None

    def missing(self, desired):
        """The table (or VPC) does not exist."""
        self.fail_missing_table()

    def plan(self, table_id, rules, desired):
        """Returns (changes, before, after): the plan and the states it goes between (a rule, None or,
        for a whole table, a list of rules)."""
        raise NotImplementedError

    def table_after(self, rules, before, after):
        """Every rule of the table after the plan (for the quota check)."""
        return [r for r in rules if r is not before] + [after]

    def vpc_prefix(self, rule):
        """Names a written rule in VPC check failures."""
        return ''

    def view(self, state):
        """A state as the diff shows it."""
        return table_view(state) if isinstance(state, list) else rule_view(state)

    def finish(self, table_id, after, changes):
        """Put the state after the task (with the ids the service assigned) into the result."""
        raise NotImplementedError

    # -- what the hooks use ------------------------------------------------------------------

    def fail_missing_table(self):
        raise BceValidationError(
            'route_table_id' if self.params.get('route_table_id') else 'vpc_id',
            '%s does not exist' % self.describe_selector(),
        )

    def selector(self):
        table_id, vpc_id = self.params.get('route_table_id'), self.params.get('vpc_id')
        for name, value in (('route_table_id', table_id), ('vpc_id', vpc_id)):
            if value is not None and not value.strip():
                raise BceValidationError(name, '%s must not be empty' % name)
        return table_id, vpc_id

    def describe_selector(self):
        table_id, vpc_id = self.selector()
        return 'route table %s' % table_id if table_id else 'the route table of VPC %s' % vpc_id

    def read_rules(self):
        """Return (route_table_id, rules) in one read; (None, None) when the table or VPC does not exist.

        By vpc_id this is the VPC's default route table; rules of its other tables are never part of it."""
        table_id, vpc_id = self.selector()
        self.doing('read %s' % self.describe_selector())
        self.table = _route_api.read_table(self.client, table_id, vpc_id)
        if self.table is None:
            return None, None
        return self.table['route_table_id'], self.table['rules']

    def read_table(self, table_id):
        """The table's own fields {route_table_id, vpc_id, name} (from the last read when it is that table);
        None when it does not exist."""
        table = self.table
        if table is None or table['route_table_id'] != table_id:
            table = _route_api.read_table(self.client, route_table_id=table_id)
        return None if table is None else dict((k, table[k]) for k in ('route_table_id', 'vpc_id', 'name'))

    def check_against_vpc(self, table_id, rules):
        """Validate rules about to be written against the VPC's CIDRs and subnets (reads them)."""
        if not rules:
            return
        vpc_id = self.params.get('vpc_id') or (self.read_table(table_id) or {}).get('vpc_id')
        self.doing('read VPC %s' % vpc_id)
        vpc = _route_api.read_vpc(self.client, vpc_id)
        for rule in rules:
            _route_plan.check_against_vpc(rule, vpc, self.vpc_prefix(rule))

    def send(self, request):
        """The executor of the plan's requests."""
        try:
            return _route_api.send(self.client, request, self.run_nonce)
        except BceApiError as exc:
            body = request.get('body') or {}
            if request['method'] == 'POST' and _route_api.is_rule_repeated(exc):
                # A race (another writer created it) unless the re-read does not list it: check_unlisted().
                key = (body.get('routeTableId'),) + identity(body.get('sourceAddress'), body.get('destinationAddress'))
                self.repeated = tuple(self.repeated) + (key,)
            raise

    def check_unlisted(self, table_id, rules):
        """Fail when a create of this task was refused as "rule repeated" and the table still does not list a rule
        with that source and destination: the service holds a rule it does not show (multi-path rules may be
        created but not listed). Creating it again would be refused again, so the task stops here."""
        for repeated_table, source, destination in self.repeated:
            if repeated_table == table_id and find_rule(rules, source, destination) is None:
                raise BceValidationError(
                    self.vpc_prefix({'source_address': source, 'destination_address': destination})
                    + 'destination_address',
                    'the service refused to create %s -> %s in %s because a rule with that source and destination '
                    'already exists (RouteRuleRepeated), but its listing of the table does not show one: it holds a '
                    'rule it does not list (multi-path rules may be created but never listed). Delete that rule '
                    'by its id (route_rule with route_rule_id), or in the console, then run the task again'
                    % (source, destination, table_id),
                )

    def is_race(self, exc):
        return _route_api.is_race(exc)

    def hint_for(self, exc):
        return _route_api.hint_for(exc)

    @staticmethod
    def _with_ids(after, changes, answers):
        """`after` with the ids the creates returned (saves a re-read of the table)."""
        filled = {}
        for change, change_answers in zip(changes, answers):
            if change.action in ('create', 'replace'):
                filled[id(change.after)] = _route_api.fill_ids(change.after, change_answers)
        if isinstance(after, list):
            return [filled.get(id(rule), rule) for rule in after]
        return filled.get(id(after), after)
