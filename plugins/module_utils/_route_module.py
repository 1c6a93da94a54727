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

import copy
import re

from ansible_collections.baiducloud.vpc.plugins.module_utils import _next_hop_api, _next_hops, _route_api, _route_plan
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError, BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils import _module
from ansible_collections.baiducloud.vpc.plugins.module_utils._module import BceModule
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import (
    DEFAULT_RULE_QUOTA,
    find_rule,
    identity,
    network,
    rule_key,
    table_view,
)

# The planners the modules call, re-exported so that modules need no other import.
plan_rule = _route_plan.plan_rule
plan_switch = _route_plan.plan_switch
predict_switch = _route_plan.predict_switch
plan_table = _route_plan.plan_table
# For route_table_info, which names the next hops of the rules it returns.
NextHops = _next_hops.NextHops
SKIP_NAMES_HINT = _next_hops.SKIP_NAMES_HINT
# For route_switch, which lists the gateways of the VPC when the one it was given is not among them.
candidates = _next_hops.candidates

SUBNET_ID_PATTERN = re.compile(r'^sbn-[A-Za-z0-9]+$')

# A create refused as "rule repeated" whose rule the next read does not list: read again this many times, after a
# random pause that doubles (as for a race), before concluding that the service holds a rule it does not list. A
# concurrent replace (delete, then create) by another writer leaves the rule missing for a moment only.
UNLISTED_REREADS = 3
SELECTOR_SPEC = dict(
    route_table_id=dict(type='str'),
    vpc_id=dict(type='str'),
)
RULE_QUOTA_SPEC = dict(type='int', default=DEFAULT_RULE_QUOTA)
# keep adds to the CCE protection (KEEP_CCE_SPEC), it does not replace it: a user listing one rule to keep must not
# lose, without a word, the protection of the rules Kubernetes wrote.
KEEP_CCE_SPEC = dict(type='bool', default=True)
VERIFY_NEXT_HOPS_SPEC = dict(type='bool', default=True)
KEEP_SPEC = dict(
    type='list',
    elements='dict',
    default=[],
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
    # route_table: the diff is one entry per change plus the kept rules (`kept`, set by plan()).
    whole_table = False
    kept = ()
    # [{parameter, subnet_id, source_address}] of the sources given as subnet ids (desired_with_subnets()).
    resolved_subnets = ()
    # {route_table_id: vpc_id}, read at most once per module run (a table never changes VPC).
    _table_vpcs = None

    # -- the fixed order ---------------------------------------------------------------------

    def run(self):
        # Next hops are listed only when a name or a write needs them, in the VPC of the table read below.
        self.next_hops = NextHops(self.list_next_hops, lambda: self.table_vpc_id(table_id), self.doing)
        desired = self.desired_with_subnets()
        table_id, rules = self.read_rules()
        if rules is None:
            self.missing(desired)
            return
        rules = self.check_unlisted(table_id, rules)
        desired = self.resolve_names(desired)
        changes, before, after = self.plan(table_id, rules, desired)
        self.warnings.extend(_route_plan.cce_warnings(changes))
        if self.read_only:
            self.finish(table_id, after, changes)
            return
        for change in changes:
            if change.predicted and not self.check_mode:
                # A prediction has nothing to send to; only check mode may report one (route_switch).
                raise ValueError('a predicted %s outside check mode' % change.action)
            change.requests = [] if change.predicted else _route_api.requests_for(change)
        # The modules that can grow a table take rule_quota (doc fragment baiducloud.vpc.route_table.quota).
        if 'rule_quota' in self.params:
            _route_plan.check_quota(rules, self.table_after(rules, before, after), self.params['rule_quota'])
        self.check_against_vpc(table_id, _route_plan.written_rules(changes))
        self.check_next_hops(_route_plan.written_rules(changes))
        answers = self.apply(changes, self.view(self.named(before)), self.view(self.named(after)), self.send)
        after = self._with_ids(after, changes, answers)
        if changes and not self.check_mode:
            after = self.read_back(table_id, after, changes)
        self.finish(table_id, self.named(after), changes)

    # -- source_address given as a subnet id ---------------------------------------------------

    def subnet_sources(self):
        """[(parameter, the dict that holds it, subnet id, destination)] of every source_address given as `sbn-...`."""
        if self.read_only:
            # route_table_info filters by exact CIDR; a subnet id there stays an invalid CIDR.
            return []
        holders = [('', self.params)] + [
            ('rules[%d].' % i, item) for i, item in enumerate(self.params.get('rules') or [])
        ]
        return [
            (prefix + 'source_address', holder, holder['source_address'].strip(), holder.get('destination_address'))
            for prefix, holder in holders
            if isinstance(holder.get('source_address'), str) and holder['source_address'].strip().startswith('sbn-')
        ]

    def desired_with_subnets(self):
        """desired(), after each source_address given as a subnet id became that subnet's CIDR (the IPv4 one, or the
        IPv6 one for an IPv6 destination). Everything else is validated first, before the subnets are read."""
        if self.resolved_subnets:
            # A re-run after a race: self.params already hold the CIDRs; the result starts afresh.
            self.result['source_subnets'] = self.resolved_subnets
        if not self.subnet_sources():
            return self.desired()
        self.params = copy.deepcopy(self.params)
        sources = self.subnet_sources()
        for dummy, holder, dummy_id, dummy_destination in sources:
            holder['source_address'] = None
        self.desired()
        vpc_id = self.table_vpc_id(self.selector()[0])
        if not vpc_id:
            self.fail_missing_table()
        resolved = []
        for parameter, holder, subnet_id, destination in sources:
            holder['source_address'] = self.subnet_cidr(parameter, subnet_id, destination, vpc_id)
            resolved.append(
                {'parameter': parameter, 'subnet_id': subnet_id, 'source_address': holder['source_address']}
            )
        self.result['source_subnets'] = self.resolved_subnets = resolved
        return self.desired()

    def subnet_cidr(self, parameter, subnet_id, destination, vpc_id):
        if not SUBNET_ID_PATTERN.match(subnet_id):
            raise BceValidationError(
                parameter, '%s=%r is neither a CIDR nor a subnet id (sbn-...)' % (parameter, subnet_id)
            )
        self.doing('read subnet %s' % subnet_id)
        subnet = _route_api.read_subnet(self.client, subnet_id)
        if subnet is None or subnet['vpc_id'] != vpc_id:
            raise BceValidationError(
                parameter,
                '%s=%s: %s'
                % (
                    parameter,
                    subnet_id,
                    'no such subnet'
                    if subnet is None
                    else 'the subnet belongs to %s, not to %s' % (subnet['vpc_id'], vpc_id),
                ),
            )
        version = network(destination).version if destination else 4
        cidr = subnet['ipv6_cidr'] if version == 6 else subnet['cidr']
        if not cidr:
            raise BceValidationError(
                parameter,
                '%s=%s: the subnet has no IPv%d CIDR for this IPv%d rule' % (parameter, subnet_id, version, version),
            )
        return cidr

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

    def state_after(self, rules, predicted, changes):
        """The state the module reports, picked from the rules read back after its writes (default: the one
        rule the changes were about, or None when it is gone)."""
        return find_rule(rules, *rule_key(changes[-1].target))

    def diff_of(self, plan, before, after):
        """The plan as Ansible's diff output shows it. A whole table: a list of diffs, printed one after the
        other, one per change (a header line with the action, the rule, its table and VPC and the reason, then the
        rule before and after), then the rules left in place with their reason. One rule: the one change's diff, or,
        with no change, the rule on both sides and no header. A next hop the task gave by name shows that name
        beside its id."""
        table = self.table or {}
        place = (table.get('route_table_id'), table.get('vpc_id'))
        diffs = [_route_plan.change_diff(change, place, self.named) for change in plan]
        if self.whole_table:
            if self.kept:
                diffs.append({'prepared': _route_plan.kept_text(self.kept)})
            return diffs
        if not plan:
            return {'before': before, 'after': after}
        return diffs if len(diffs) > 1 else diffs[0]

    def vpc_prefix(self, rule):
        """Names a written rule in VPC check failures."""
        return ''

    def view(self, state):
        """A state as the diff shows it when nothing changes."""
        return table_view(state) if isinstance(state, list) else _route_plan.diff_view(state)

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
        # The plan token covers the table the plan was made on (by vpc_id, whichever is the VPC's default).
        self.plan_scope = {'route_table_id': self.table['route_table_id'] if self.table else None}
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

    def list_next_hops(self, hop_type, vpc_id, ids=None, names=None):
        """The lister of self.next_hops: one type's next hops in a VPC, all pages (of a looked-up type: those
        with the ids or names given)."""
        return _next_hop_api.list_next_hops(self.client, hop_type, vpc_id, ids, names)

    def check_next_hops(self, rules):
        """Before the first write (and in check mode): every next hop the rules about to be written use
        exists in the VPC with its type. One list call per type; none when nothing is written."""
        if not rules or not self.params.get('verify_next_hops'):
            return
        self.next_hops.prefetch(rules, _next_hops.SKIP_VERIFY_HINT)
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
        vpc_id = self.table_vpc_id(table_id)
        self.doing('read VPC %s' % vpc_id)
        vpc = _route_api.read_vpc(self.client, vpc_id)
        for rule in rules:
            _route_plan.check_against_vpc(rule, vpc, self.vpc_prefix(rule))

    def read_back(self, table_id, predicted, changes):
        """After the writes, the state as the service has it (one read), not as predicted; a warning when it
        differs from the plan, which means another writer changed the table at the same time."""
        self.doing('read route table %s back after the writes' % table_id)
        rules = _route_api.read_rules(self.client, route_table_id=table_id) if table_id else None
        # The service may create multi-path rules without ever listing them (reference 7, item 2): a rule this run
        # just created is then reported as created (ids from the reply), not as missing or as another writer's doing.
        unlisted = [] if rules is None else self.unlisted_creates(rules, predicted, changes)
        for rule in unlisted:
            self.warnings.append(
                'route table %s, read back after the writes, does not list the multi-path rule %s -> %s that was just '
                'created (ids %s): the service does not list multi-path rules; the result shows the rule as created. '
                'Keep the ids: the modules find rules only in that listing, so they cannot change, switch or delete '
                'this one, and a later run that creates it again fails (the service refuses it as repeated); delete '
                'it by id in the console or with the API'
                % (
                    table_id,
                    rule['source_address'],
                    rule['destination_address'],
                    ', '.join(rule['route_rule_ids']) or 'unknown',
                )
            )
        actual = self.state_after((rules or []) + unlisted, predicted, changes)
        differences = _route_plan.state_differences(predicted, actual)
        if rules is None:
            self.warnings.append(
                'route table %s could not be read back after the writes (it no longer exists?); the result shows '
                'no rules' % table_id
            )
        elif differences:
            self.warnings.append(
                'route table %s, read back after the writes, differs from the plan (another writer changed it at '
                'the same time): %s. The result shows the table as read back; run the task again to converge.'
                % (table_id, '; '.join(differences))
            )
        return actual

    @staticmethod
    def unlisted_creates(rules, predicted, changes):
        """The multi-path rules this run created (as predicted, with the ids the creates returned) that the rules
        read back do not list."""
        created = set(
            rule_key(change.after)
            for change in changes
            if change.action in ('create', 'replace') and change.after is not None and change.after['next_hops']
        )
        states = predicted if isinstance(predicted, list) else [predicted]
        return [
            rule
            for rule in states
            if rule is not None
            and rule['next_hops']
            and rule_key(rule) in created
            and find_rule(rules, *rule_key(rule)) is None
        ]

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
        """The rules to plan against. Fail when a create of this task was refused as "rule repeated" and the table
        still does not list a rule with that source and destination after a few re-reads: the service holds a rule
        it does not show (multi-path rules may be created but not listed). Creating it again would be refused again,
        so the task stops here, without a second create."""
        for repeated_table, source, destination in self.repeated:
            if repeated_table != table_id:
                continue
            for reread in range(UNLISTED_REREADS):
                if find_rule(rules, source, destination) is not None:
                    break
                _module.race_pause(reread)
                read_table_id, rules = self.read_rules()
                if read_table_id != table_id:
                    # Deleted meanwhile (or, by vpc_id, another table became the default): nothing to plan against.
                    self.fail_missing_table()
            if find_rule(rules, source, destination) is None:
                raise BceValidationError(
                    self.vpc_prefix({'source_address': source, 'destination_address': destination})
                    + 'destination_address',
                    'the service refused to create %s -> %s in %s because a rule with that source and destination '
                    'already exists (RouteRuleRepeated), but its listing of the table does not show one (read %d '
                    'times since): it holds a rule it does not list (multi-path rules may be created but never '
                    'listed). The modules find rules only in that listing, so route_rule cannot delete it either (not '
                    'even by route_rule_id): delete every member of that rule by its id in the console or with the '
                    'API, then run the task again' % (source, destination, table_id, UNLISTED_REREADS + 1),
                )
        return rules

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
