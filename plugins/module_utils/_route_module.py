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

from ansible_collections.baiducloud.vpc.plugins.module_utils import _next_hop_api, _next_hops, _route_api, _route_plan
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._module import BceModule
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    CCE_KEEP,
    DEFAULT_RULE_QUOTA,
    rule_view,
    table_view,
)

# The planners the modules call, re-exported so that modules need no other import.
plan_rule = _route_plan.plan_rule
plan_switch = _route_plan.plan_switch
plan_table = _route_plan.plan_table
# For route_table_info, which names the next hops of the rules it returns.
NextHops = _next_hops.NextHops
SKIP_NAMES_HINT = _next_hops.SKIP_NAMES_HINT

SELECTOR_SPEC = dict(
    route_table_id=dict(type='str'),
    vpc_id=dict(type='str'),
)
RULE_QUOTA_SPEC = dict(type='int', default=DEFAULT_RULE_QUOTA)
VERIFY_NEXT_HOPS_SPEC = dict(type='bool', default=True)
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
    # {route_table_id: vpc_id}, read at most once per module run (a table never changes VPC).
    _table_vpcs = None

    # -- the fixed order ---------------------------------------------------------------------

    def run(self):
        # Next hops are listed only when a name or a write needs them, in the VPC of the table read below.
        self.next_hops = NextHops(self.list_next_hops, lambda: self.table_vpc_id(table_id), self.doing)
        desired = self.desired()
        table_id, rules = self.read_rules()
        if rules is None:
            self.missing(desired)
            return
        desired = self.resolve_names(desired)
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
        self.check_next_hops(_route_plan.written_rules(changes))
        answers = self.apply(changes, self.view(before), self.view(after), self.send)
        self.finish(table_id, self.named(self._with_ids(after, changes, answers)), changes)

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

    def resolve_names(self, desired):
        """`desired` with every next_hop_name turned into an id (self.next_hops lists them); as is by default."""
        return desired

    def next_hop_prefix(self, rule):
        """Names a written rule in next-hop verification failures."""
        return self.vpc_prefix(rule)

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
        """Return (route_table_id, rules); (None, None) when the table or VPC does not exist."""
        table_id, vpc_id = self.selector()
        self.doing('read %s' % self.describe_selector())
        rules = _route_api.read_rules(self.client, table_id, vpc_id)
        if rules is None:
            return None, None
        if not table_id:
            table_id = next((r['route_table_id'] for r in rules if r['route_table_id']), None)
            if not table_id:
                table_id = (_route_api.read_table(self.client, vpc_id=vpc_id) or {}).get('route_table_id')
        return table_id, rules

    def read_table(self, table_id):
        """The table's own fields {route_table_id, vpc_id, name}; None when it does not exist."""
        return _route_api.read_table(self.client, route_table_id=table_id)

    def table_vpc_id(self, table_id):
        """The VPC of the table: vpc_id when the task gave it, else read once per run and table."""
        if self.params.get('vpc_id'):
            return self.params['vpc_id']
        if self._table_vpcs is None:
            self._table_vpcs = {}
        if table_id not in self._table_vpcs:
            self.doing('read route table %s' % table_id)
            self._table_vpcs[table_id] = (self.read_table(table_id) or {}).get('vpc_id')
        return self._table_vpcs[table_id]

    def list_next_hops(self, hop_type, vpc_id):
        """The lister of self.next_hops: one type's next hops in a VPC, all pages."""
        return _next_hop_api.list_next_hops(self.client, hop_type, vpc_id)

    def check_next_hops(self, rules):
        """Before the first write (and in check mode): every next hop the rules about to be written use
        exists in the VPC with its type. One list call per type; none when nothing is written."""
        if not rules or not self.params.get('verify_next_hops'):
            return
        for rule in rules:
            self.next_hops.verify(rule, self.next_hop_prefix(rule))
        self.warn_next_hops()

    def warn_next_hops(self):
        """Pass the warnings of the next-hop checks on with the client's."""
        for warning in self.next_hops.warnings:
            if warning not in self.client.warnings:
                self.client.warnings.append(warning)

    def named(self, after):
        """The state after the task with next-hop names when the task gave a next hop by name (no extra read).
        Only the types listed for names count: every run of the task lists those, a no-op included, so its
        result has the same shape as the run that made the change."""
        types = self.next_hops.named_types
        return self.next_hops.with_names(after, types) if types else after

    def check_against_vpc(self, table_id, rules):
        """Validate rules about to be written against the VPC's CIDRs and subnets (reads them)."""
        if not rules:
            return
        vpc_id = self.params.get('vpc_id')
        if not vpc_id:
            vpc_id = self.table_vpc_id(table_id)
        self.doing('read VPC %s' % vpc_id)
        vpc = _route_api.read_vpc(self.client, vpc_id)
        for rule in rules:
            _route_plan.check_against_vpc(rule, vpc, self.vpc_prefix(rule))

    def send(self, request):
        """The executor of the plan's requests."""
        return _route_api.send(self.client, request, self.run_nonce)

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
