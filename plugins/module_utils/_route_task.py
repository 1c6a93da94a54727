# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The toolbox of the route modules: a task context and the plain steps each module's run() calls in its own order.

    task = self.task.begin()                      the context of this run (RouteTask)
    desired = resolve_subnets(task, validate)     validate, subnet-id sources -> CIDRs (then validate again)
    table = read_table(task)                      the table and its rules, one read; None when it does not exist
    rules = check_unlisted(task, table)           a create refused as "repeated" the listing does not show: fail
    ... resolve names, plan (the pure planners of _route_plan.py) ...
    guard_writes(task, changes, ...)              requests, then quota, VPC and next hops, before the first write
    after = write(task, changes, before, after)   plan, diff and token (the shell), the requests, the ids assigned
    after = read_back(task, after, changes)       the state as the service has it after the writes

A read-only module never calls guard_writes(), write() or read_back(). The modules import only this file and
_rule.py; the wire format (_route_api.py), the planners (_route_plan.py) and the next hops are reached through here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import re
import threading

from ansible_collections.baiducloud.vpc.plugins.module_utils import _route_api
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


class _OnFirstUse(object):
    """A module of this collection imported when one of its names is first used, not when this file is.

    In a module process every module_utils file is compiled from its source on import (AnsiballZ ships no
    bytecode), and a task pays for what it imports whether it uses it or not: a read-only task (route_table_info)
    never plans, and a task that writes no rule and names no next hop never lists one, so the planners (_route_plan)
    and the next hops (_next_hops, _next_hop_api) are imported only when a run reaches them (issue 25: compiling
    the three costs about 8 ms; the module process of a route_table_info no-op took 10-20 ms less CPU, that of a
    route_rule no-op, which still plans, a few ms). `load` holds a plain import statement, which is how AnsiballZ
    finds the file to ship."""

    def __init__(self, load):
        self._load = load
        self._module = None

    def __getattr__(self, name):
        if self._module is None:
            self._module = self._load()
        return getattr(self._module, name)


def _load_route_plan():
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _route_plan as module

    return module


def _load_next_hops():
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _next_hops as module

    return module


def _load_next_hop_api():
    from ansible_collections.baiducloud.vpc.plugins.module_utils import _next_hop_api as module

    return module


_route_plan = _OnFirstUse(_load_route_plan)
_next_hops = _OnFirstUse(_load_next_hops)
_next_hop_api = _OnFirstUse(_load_next_hop_api)


# The planners the modules call, re-exported so that modules need no other import (each imports _route_plan.py
# when first called).
def plan_rule(*args, **kwargs):
    return _route_plan.plan_rule(*args, **kwargs)


def plan_switch(*args, **kwargs):
    return _route_plan.plan_switch(*args, **kwargs)


def predict_switch(*args, **kwargs):
    return _route_plan.predict_switch(*args, **kwargs)


def plan_table(*args, **kwargs):
    return _route_plan.plan_table(*args, **kwargs)


def cce_warnings(*args, **kwargs):
    return _route_plan.cce_warnings(*args, **kwargs)


# For route_switch, which lists the gateways of the VPC when the one it was given is not among them.
def candidates(*args, **kwargs):
    return _next_hops.candidates(*args, **kwargs)


SUBNET_ID_PATTERN = re.compile(r'^sbn-[A-Za-z0-9]+$')
# Independent reads made at the same time (the VPC and each next-hop list before a write): at most this many at once.
# Each costs a thread here and one in the client (a second call on a client runs on a thread of its own).
PARALLEL_READS = 4

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


class RouteTaskModule(BceModule):
    """What the route modules tell the generic shell (which API errors are a race, the hints of API errors), and
    their task context, which lasts across the shell's race re-runs. Each module writes its own run()."""

    error_hints = _route_api.ERROR_HINTS

    def __init__(self, params, check_mode=False, diff=False):
        super(RouteTaskModule, self).__init__(params, check_mode=check_mode, diff=diff)
        self.task = RouteTask(self)

    def is_race(self, exc):
        return _route_api.is_race(exc)

    def hint_for(self, exc):
        return _route_api.hint_for(exc)


class RouteTask(object):
    """The context of a route module's task: the shell (params, result, warnings, check mode, client), the table as
    the last read found it, the VPC of each table (read at most once), and the next hops.

    What a run learned for the next one after a race stays: the params with subnet-id sources as CIDRs, the creates
    refused as "rule repeated", the VPC of each table. Everything read from the table is read afresh."""

    def __init__(self, module):
        self.module = module
        # [{parameter, subnet_id, source_address}] of the sources given as subnet ids (resolve_subnets()).
        self.subnets = []
        # (route table id, source, destination) of creates the service refused as "rule repeated" in this task.
        self.repeated = []
        # {route_table_id: vpc_id}: a table never changes VPC.
        self.vpcs = {}
        self.table = None
        self._next_hops = None

    def begin(self):
        """Start a run (the first, or a re-run after a race): nothing read yet."""
        self.table = None
        # Next hops are listed only when a name or a write needs them, in the VPC of the task's table; the run's
        # NextHops is made when first used (next_hops), so a run that needs none never imports _next_hops.py.
        self._next_hops = None
        if self.subnets:
            # A re-run: the params already hold the CIDRs, and the result starts afresh.
            self.result['source_subnets'] = self.subnets
        return self

    @property
    def next_hops(self):
        """The next hops of this run (_next_hops.NextHops), made on first use."""
        if self._next_hops is None:
            self._next_hops = _next_hops.NextHops(self.list_next_hops, self.vpc_id, self.doing)
        return self._next_hops

    @property
    def params(self):
        return self.module.params

    @property
    def result(self):
        return self.module.result

    @property
    def warnings(self):
        return self.module.warnings

    @property
    def check_mode(self):
        return self.module.check_mode

    @property
    def client(self):
        return self.module.client

    def doing(self, activity):
        self.module.doing(activity)

    def selector(self):
        table_id, vpc_id = self.params.get('route_table_id'), self.params.get('vpc_id')
        for name, value in (('route_table_id', table_id), ('vpc_id', vpc_id)):
            if value is not None and not value.strip():
                raise BceValidationError(name, '%s must not be empty' % name)
        return table_id, vpc_id

    def describe_selector(self):
        table_id, vpc_id = self.selector()
        return 'route table %s' % table_id if table_id else 'the route table of VPC %s' % vpc_id

    def fail_missing_table(self):
        raise BceValidationError(
            'route_table_id' if self.params.get('route_table_id') else 'vpc_id',
            '%s does not exist' % self.describe_selector(),
        )

    def table_fields(self, table_id):
        """The table's own fields {route_table_id, vpc_id, name} (from the last read when it is that table);
        None when it does not exist."""
        table = self.table
        if table is None or table['route_table_id'] != table_id:
            table = _route_api.get_table(self.client, route_table_id=table_id)
        return None if table is None else dict((k, table[k]) for k in ('route_table_id', 'vpc_id', 'name'))

    def vpc_id(self):
        """The VPC of the task's table: vpc_id when the task gave it, else the table's, read once per table."""
        if self.params.get('vpc_id'):
            return self.params['vpc_id']
        table_id = self.table['route_table_id'] if self.table else self.selector()[0]
        if table_id not in self.vpcs:
            self.doing('read route table %s' % table_id)
            self.vpcs[table_id] = (self.table_fields(table_id) or {}).get('vpc_id')
        return self.vpcs[table_id]

    def list_next_hops(self, hop_type, vpc_id, ids=None, names=None):
        """The lister of self.next_hops: one type's next hops in a VPC, all pages (of a looked-up type: those
        with the ids or names given)."""
        return _next_hop_api.list_next_hops(self.client, hop_type, vpc_id, ids, names)

    def named(self, state):
        """A state with next-hop names when the task gave a next hop by name (no extra read). Only the types listed
        for names count: every run of the task lists those, a no-op included, so its result has the same shape as
        the run that made the change."""
        # A run that never used its next hops listed none for names.
        types = self._next_hops.named_types if self._next_hops is not None else None
        return self._next_hops.with_names(state, types) if types else state

    def send(self, request):
        """The executor of the plan's requests."""
        try:
            return _route_api.send(self.client, request, self.module.run_nonce)
        except BceApiError as exc:
            body = request.get('body') or {}
            if request['method'] == 'POST' and _route_api.is_rule_repeated(exc):
                # A race (another writer created it) unless the re-read does not list it: check_unlisted().
                key = (body.get('routeTableId'),) + identity(body.get('sourceAddress'), body.get('destinationAddress'))
                self.repeated.append(key)
            raise


# -- resolve the input --------------------------------------------------------------------------


def resolve_subnets(task, validate):
    """validate(params), after each source_address given as a subnet id became that subnet's CIDR (the IPv4 one, or
    the IPv6 one for an IPv6 destination). Everything else is validated first, before the subnets are read."""
    sources = _subnet_sources(task.params)
    if not sources:
        return validate(task.params)
    task.module.params = params = copy.deepcopy(task.params)
    sources = _subnet_sources(params)
    for dummy, holder, dummy_id, dummy_destination in sources:
        holder['source_address'] = None
    validate(params)
    vpc_id = task.vpc_id()
    if not vpc_id:
        task.fail_missing_table()
    resolved = []
    for parameter, holder, subnet_id, destination in sources:
        holder['source_address'] = _subnet_cidr(task, parameter, subnet_id, destination, vpc_id)
        resolved.append({'parameter': parameter, 'subnet_id': subnet_id, 'source_address': holder['source_address']})
    task.result['source_subnets'] = task.subnets = resolved
    return validate(params)


def _subnet_sources(params):
    """[(parameter, the dict that holds it, subnet id, destination)] of every source_address given as `sbn-...`."""
    holders = [('', params)] + [('rules[%d].' % i, item) for i, item in enumerate(params.get('rules') or [])]
    return [
        (prefix + 'source_address', holder, holder['source_address'].strip(), holder.get('destination_address'))
        for prefix, holder in holders
        if isinstance(holder.get('source_address'), str) and holder['source_address'].strip().startswith('sbn-')
    ]


def _subnet_cidr(task, parameter, subnet_id, destination, vpc_id):
    if not SUBNET_ID_PATTERN.match(subnet_id):
        raise BceValidationError(
            parameter, '%s=%r is neither a CIDR nor a subnet id (sbn-...)' % (parameter, subnet_id)
        )
    task.doing('read subnet %s' % subnet_id)
    subnet = _route_api.get_subnet(task.client, subnet_id)
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


# -- read ---------------------------------------------------------------------------------------


def read_table(task):
    """The task's table {route_table_id, vpc_id, name, rules} in one read; None when the table or VPC does not exist.

    By vpc_id this is the VPC's default route table; rules of its other tables are never part of it."""
    table_id, vpc_id = task.selector()
    task.doing('read %s' % task.describe_selector())
    client = task.client
    # By vpc_id, the first read of a run also lists, at the same time, the types of the next hops the task gives by
    # name: once the table is read, every run lists them (NextHops.by_name), in that VPC.
    named = _named_hops(task.params) if vpc_id and task.table is None else []
    names = _next_hops.name_reads(task.next_hops, named) if named else []
    task.table = _read_ahead(
        task.next_hops if names else None, names, lambda: _route_api.get_table(client, table_id, vpc_id)
    ).get()
    # The plan token covers the table the plan was made on (by vpc_id, whichever is the VPC's default).
    task.module.plan_scope = {'route_table_id': task.table['route_table_id'] if task.table else None}
    return task.table


def check_unlisted(task, table, prefix=lambda rule: ''):
    """The rules to plan against. Fail when a create of this task was refused as "rule repeated" and the table
    still does not list a rule with that source and destination after a few re-reads: the service holds a rule
    it does not show (multi-path rules may be created but not listed). Creating it again would be refused again,
    so the task stops here, without a second create. `prefix(rule)` names the rule in the failure's parameter."""
    table_id, rules = table['route_table_id'], table['rules']
    for repeated_table, source, destination in task.repeated:
        if repeated_table != table_id:
            continue
        for reread in range(UNLISTED_REREADS):
            if find_rule(rules, source, destination) is not None:
                break
            _module.race_pause(reread)
            reread_table = read_table(task)
            if reread_table is None or reread_table['route_table_id'] != table_id:
                # Deleted meanwhile (or, by vpc_id, another table became the default): nothing to plan against.
                task.fail_missing_table()
            rules = reread_table['rules']
        if find_rule(rules, source, destination) is None:
            raise BceValidationError(
                prefix({'source_address': source, 'destination_address': destination}) + 'destination_address',
                'the service refused to create %s -> %s in %s because a rule with that source and destination '
                'already exists (RouteRuleRepeated), but its listing of the table does not show one (read %d '
                'times since): it holds a rule it does not list (multi-path rules may be created but never '
                'listed). The modules find rules only in that listing, so route_rule cannot delete it either (not '
                'even by route_rule_id): delete every member of that rule by its id in the console or with the '
                'API, then run the task again' % (source, destination, table_id, UNLISTED_REREADS + 1),
            )
    return rules


# -- before the first write ---------------------------------------------------------------------


def guard_writes(task, changes, quota=None, prefix=lambda rule: '', hop_prefix=None):
    """Build each change's requests, then check, before the first write (and in check mode): the quota when
    `quota` is (rules now, rules after the plan), the rules written against the VPC, and their next hops.
    `prefix(rule)` names a written rule in a failure; `hop_prefix(rule)` in a next-hop failure (default: prefix)."""
    for change in changes:
        if change.predicted and not task.check_mode:
            # A prediction has nothing to send to; only check mode may report one (route_switch).
            raise ValueError('a predicted %s outside check mode' % change.action)
        change.requests = [] if change.predicted else _route_api.requests_for(change)
    if quota is not None:
        _route_plan.check_quota(quota[0], quota[1], task.params['rule_quota'])
    written = _route_plan.written_rules(changes)
    if not written:
        return
    vpc_id = task.vpc_id()
    client = task.client
    verify = task.params.get('verify_next_hops')
    # The VPC and the next-hop lists the checks below read, all at once; each outcome is used (and its error
    # raised, with the same activity) where the checks would have made that read, so the order of the checks and
    # every failure stay as they were. A list a failed VPC check leaves unused changes nothing.
    reads = _next_hops.reads_for(task.next_hops, written) if verify else []
    vpc = _read_ahead(task.next_hops, reads, lambda: _route_api.get_vpc(client, vpc_id))
    task.doing('read VPC %s' % vpc_id)
    vpc = vpc.get()
    for rule in written:
        _route_plan.check_against_vpc(rule, vpc, prefix(rule))
    if not verify:
        return
    # One list call per type.
    task.next_hops.prefetch(written, _next_hops.SKIP_VERIFY_HINT)
    for rule in written:
        task.next_hops.verify(rule, (hop_prefix or prefix)(rule))
    # The warnings of the next-hop checks go out with the client's.
    for warning in task.next_hops.warnings:
        if warning not in task.client.warnings:
            task.client.warnings.append(warning)


# -- write --------------------------------------------------------------------------------------


def write(task, changes, before, after, kept=()):
    """Report the plan, its token and its diff (the shell refuses a plan that is not the approved one) and, outside
    check mode, send its requests. Returns `after` with the ids the creates returned (saves a re-read).

    `before` and `after` are one rule (or None) or, for a whole table, lists of rules; `kept`: the rules a table
    plan leaves in place, with the reason, shown after the changes in the diff."""
    kept = kept if isinstance(after, list) else None
    # The views only feed the diff, and a table's diff is one per change (_diff leaves them out): a whole table's
    # views are built when shown, not for every run (2,000 rule views on a 1,000-rule table).
    shown = task.module.diff_mode and kept is None
    answers = task.module.apply(
        changes,
        _view(task.named(before)) if shown else None,
        _view(task.named(after)) if shown else None,
        task.send,
        diff=lambda plan, before_view, after_view: _diff(task, plan, before_view, after_view, kept),
    )
    filled = {}
    for change, change_answers in zip(changes, answers):
        if change.action in ('create', 'replace'):
            filled[id(change.after)] = _route_api.fill_ids(change.after, change_answers)
    if isinstance(after, list):
        return [filled.get(id(rule), rule) for rule in after]
    return filled.get(id(after), after)


def _view(state):
    """A state as the diff shows it when nothing changes."""
    return table_view(state) if isinstance(state, list) else _route_plan.diff_view(state)


def _diff(task, changes, before, after, kept):
    """The plan as Ansible's diff output shows it. A whole table (`kept` not None): a list of diffs, printed
    one after the other, one per change (a header line with the action, the rule, its table and VPC and the reason,
    then the rule before and after), then the rules left in place with their reason. One rule: the one change's
    diff, or, with no change, the rule on both sides and no header. A next hop the task gave by name shows that name
    beside its id."""
    table = task.table or {}
    place = (table.get('route_table_id'), table.get('vpc_id'))
    diffs = [_route_plan.change_diff(change, place, task.named) for change in changes]
    if kept is not None:
        if kept:
            diffs.append({'prepared': _route_plan.kept_text(kept)})
        return diffs
    if not changes:
        return {'before': before, 'after': after}
    return diffs if len(diffs) > 1 else diffs[0]


def read_back(task, predicted, changes):
    """After the writes (none in check mode or without changes: `predicted` as is), the state as the service has it
    (one read), not as predicted: the whole table for a list, else the rule the changes were about (None when it is
    gone). A warning when it differs from the plan, which means another writer changed the table at the same time."""
    if not changes or task.check_mode:
        return predicted
    table_id = task.table['route_table_id']
    task.doing('read route table %s back after the writes' % table_id)
    rules = _route_api.get_rules(task.client, route_table_id=table_id) if table_id else None
    # The service may create multi-path rules without ever listing them (reference 7, item 2): a rule this run
    # just created is then reported as created (ids from the reply), not as missing or as another writer's doing.
    unlisted = [] if rules is None else _unlisted_creates(rules, predicted, changes)
    for rule in unlisted:
        task.warnings.append(
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
    read = (rules or []) + unlisted
    actual = read if isinstance(predicted, list) else find_rule(read, *rule_key(changes[-1].target))
    differences = _route_plan.state_differences(predicted, actual)
    if rules is None:
        task.warnings.append(
            'route table %s could not be read back after the writes (it no longer exists?); the result shows '
            'no rules' % table_id
        )
    elif differences:
        task.warnings.append(
            'route table %s, read back after the writes, differs from the plan (another writer changed it at '
            'the same time): %s. The result shows the table as read back; run the task again to converge.'
            % (table_id, '; '.join(differences))
        )
    return actual


def _unlisted_creates(rules, predicted, changes):
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


def with_next_hop_names(task, rules, vpc_id):
    """The rules with next_hop_name, for a read: one list call per next-hop type the rules use, all at once."""
    next_hops = _next_hops.NextHops(task.list_next_hops, lambda: vpc_id, task.doing)
    _read_ahead(next_hops, _next_hops.reads_for(next_hops, rules))
    next_hops.list_types_of(rules, _next_hops.SKIP_NAMES_HINT)
    return next_hops.with_names(rules)


# -- independent reads at the same time ---------------------------------------------------------


class _Outcome(object):
    """What one read returned or raised; get() gives it back (the same exception object, so the same message)."""

    def __init__(self):
        self.value = None
        self.error = None

    def capture(self, call):
        try:
            self.value = call()
        except BaseException as exc:  # pylint: disable=broad-except  # raised again by get(), in the task's thread
            self.error = exc

    def get(self):
        if self.error is not None:
            raise self.error
        return self.value


def read_together(calls):
    """Run the independent reads `calls` (functions without arguments) at the same time, at most PARALLEL_READS at
    once, the first in this thread; wait for every one (none is left running into the next task) and return their
    outcomes in the order of `calls`. One call runs here alone, as before."""
    outcomes = [_Outcome() for dummy in calls]
    pending = list(zip(calls, outcomes))
    lock = threading.Lock()

    def drain():
        while True:
            with lock:
                if not pending:
                    return
                call, outcome = pending.pop(0)
            outcome.capture(call)

    threads = [threading.Thread(target=drain, name='bce-read') for dummy in range(min(PARALLEL_READS, len(calls)) - 1)]
    for thread in threads:
        thread.daemon = True
        thread.start()
    drain()
    for thread in threads:
        thread.join()
    return outcomes


def _read_ahead(next_hops, reads, first=None):
    """Make the next-hop list calls `reads` (_next_hops.reads_for() or name_reads()) at once, with the read
    `first` when given, and hand their outcomes to `next_hops`. Returns the outcome of `first` (None without)."""
    calls = ([first] if first else []) + [call for dummy, call in reads]
    outcomes = read_together(calls)
    own = outcomes.pop(0) if first else None
    for (key, dummy), outcome in zip(reads, outcomes):
        next_hops.read_ahead(key, outcome)
    return own


def _named_hops(params):
    """[(type, name)] of every next hop the task gives by name: route_rule's next_hop_name and next_hops, each
    item of route_table's rules, route_switch's active_next_hop_name (a dedicated-line gateway)."""
    named = []
    for holder in [params] + list(params.get('rules') or []):
        if holder.get('next_hop_name'):
            named.append((holder.get('next_hop_type'), holder['next_hop_name']))
        for hop in holder.get('next_hops') or []:
            if hop.get('next_hop_name'):
                named.append((hop.get('next_hop_type') or _next_hops.MULTI_PATH_TYPE, hop['next_hop_name']))
    if params.get('active_next_hop_name'):
        named.append((_next_hops.MULTI_PATH_TYPE, params['active_next_hop_name']))
    return named
