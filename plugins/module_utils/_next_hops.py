# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Next hops by name, and known to exist before any write.

A NextHops object stands for the next hops of one VPC during one module run: it lists each
next-hop type at most once (all pages), and from those listings it
  - turns next_hop_name options into ids (resolve_params), failing on no match or several;
  - verifies that every next hop a plan writes exists in the VPC with its type (verify), so a
    missing or foreign next hop is refused before the first write, in check mode too;
  - names the next hops of results (with_names).
The listing itself is in _next_hop_api.py; this module knows no API field name.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.baiducloud.vpc.plugins.module_utils import _next_hop_api
from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError, BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import NEXT_HOP_ID_PREFIXES

MULTI_PATH_TYPE = 'dcGateway'
# How many candidates a failure message lists before saying "and N more".
SHOWN_CANDIDATES = 10
# What each caller tells a user whose credentials cannot read a list API.
SKIP_VERIFY_HINT = 'set verify_next_hops: false to skip this check (the service then judges each next hop on write)'
NAME_NEEDS_LIST_HINT = 'finding a next hop by name needs that API: give next_hop_id instead'
SKIP_NAMES_HINT = 'set resolve_names: false to return the rules without next-hop names'


def _denied(exc):
    return exc.status == 403 or exc.code in ('AccessDenied', 'Forbidden', 'Unauthorized')


# The part of an id after its type's prefix (nat-, vpn-, i-, ...): the service's ids have 8 to 16 letters and digits
# there (nat-b7ccr6bvpwez, i-YufwpQAe). A name of that form is refused: it is an id given in the wrong option, or an
# impostor named after the id of another next hop (issue 21).
_ID_BODY = r'[A-Za-z0-9]{8,16}'


def looks_like_id(hop_type, name):
    """Whether `name` has the form of an id of `hop_type` (never for a type whose ids have no prefix)."""
    prefix = NEXT_HOP_ID_PREFIXES.get(hop_type)
    return bool(prefix) and re.match(r'^%s%s\Z' % (re.escape(prefix), _ID_BODY), name.strip()) is not None


def quoted(name):
    """A name as a user must see it to tell it apart: quoted (spaces at either end show), control characters
    escaped, and for a name with non-ASCII letters also the escaped form (a Cyrillic 'а' is not an 'a')."""
    text = repr(name)
    if text.startswith(('u\'', 'u"')):  # Python 2
        text = text[1:]
    try:
        name.encode('ascii')
    except UnicodeError:
        text += " = '%s'" % name.encode('ascii', 'backslashreplace').decode('ascii')
    return text


def _show(record):
    details = ', '.join(v for v in (record['name'], record['status'], record.get('context')) if v)
    return '%s (%s)' % (record['id'], details) if details else record['id']


def _id_option(parameter):
    """The option that gives by id the next hop `parameter` gives by name (active_next_hop_name: active_next_hop_id)."""
    option = parameter.rsplit('.', 1)[-1]
    return option[: -len('name')] + 'id' if option.endswith('name') else 'next_hop_id'


def _candidate(record):
    details = ', '.join(
        v for v in (quoted(record['name']) if record['name'] else '', record['status'], record.get('context')) if v
    )
    return '%s (%s)' % (record['id'], details) if details else record['id']


def candidates(records):
    """ "id ('name', status), ..." for a failure message, at most SHOWN_CANDIDATES of them; names quoted."""
    if not records:
        return 'none'
    text = ', '.join(_candidate(r) for r in records[:SHOWN_CANDIDATES])
    if len(records) > SHOWN_CANDIDATES:
        text += ' and %d more' % (len(records) - SHOWN_CANDIDATES)
    return text


def _alias_hint(hop_type, given, record):
    """The message for another id of a listed next hop (a peering connection's own id): the id to use."""
    dummy, what, instead = _next_hop_api.ALIASES[hop_type]
    return '%s is %s, and a %s route takes %s: use next_hop_id: %s, that is %s' % (
        given,
        what,
        hop_type,
        instead,
        record['id'],
        _show(record),
    )


def _bind(func, *args, **kwargs):
    return lambda: func(*args, **kwargs)


def reads_for(next_hops, rules):
    """[(key, call)]: the list calls that verifying `rules` or naming their next hops (list_types_of) makes next,
    as functions without arguments that another thread may run; next_hops.read_ahead() takes their outcomes.
    Only what the run has not read yet: each listable type once, the new ids of a looked-up type, exactly as
    prefetch() asks for them (the key of the call)."""
    lookups, types = {}, set()
    for rule in rules:
        for member in rule['next_hops'] or [rule]:
            hop_type, hop_id = member['next_hop_type'], member['next_hop_id']
            if _next_hop_api.looked_up(hop_type):
                if hop_id and not next_hops.asked(hop_type, hop_id):
                    lookups.setdefault(hop_type, []).append(hop_id)
            elif _next_hop_api.listable(hop_type) and hop_type not in next_hops.listed_types():
                types.add(hop_type)
    reads = [((hop_type, tuple(ids), ()), dict(ids=ids, names=[])) for hop_type, ids in sorted(lookups.items())]
    return _calls(next_hops, reads + [((hop_type, (), ()), {}) for hop_type in sorted(types)])


def name_reads(next_hops, named):
    """[(key, call)] like reads_for(): the list of each type of the (type, name) pairs that by_name() lists whole.
    A looked-up type (its next hops asked for by name) and a name of the form of an id (refused before any read)
    are left to by_name()."""
    types = set(
        hop_type
        for hop_type, name in named
        if _next_hop_api.listable(hop_type)
        and not _next_hop_api.looked_up(hop_type)
        and hop_type not in next_hops.listed_types()
        and not looks_like_id(hop_type, name)
    )
    return _calls(next_hops, [((hop_type, (), ()), {}) for hop_type in sorted(types)])


def _calls(next_hops, reads):
    lister, vpc_id = next_hops.lister, next_hops.vpc_id
    return [(key, _bind(lister, key[0], vpc_id, **lookup)) for key, lookup in reads]


def _type_of(listed, record):
    return next(hop_type for hop_type in sorted(listed) if record in (listed[hop_type] or ()))


class NextHops(object):
    """The next hops of one VPC, listed lazily, once per type.

    `lister(hop_type, vpc_id)` returns the records of one type (_next_hop_api.list_next_hops bound to
    a client); `vpc_id_of()` names the VPC, read only when a listing is needed; `doing(text)` names
    the activity for failure messages."""

    def __init__(self, lister, vpc_id_of, doing=None):
        self.lister = lister
        self._vpc_id_of = vpc_id_of
        self._doing = doing or (lambda text: None)
        self._vpc_id = None
        self._listed = {}
        # Per looked-up type (BCC instances): the ids and names already asked for, found or not.
        self._asked = {}
        # The types listed to resolve a name: every run of the same task lists them, so results name them alike.
        self.named_types = set()
        self.warnings = []
        # {(type, ids, names): outcome} of list calls made ahead, at the same time as other reads (reads_for()):
        # the call that would make one takes its outcome instead, so it fails at the same point with the same error.
        self._read_ahead = {}

    @property
    def vpc_id(self):
        if self._vpc_id is None:
            self._vpc_id = self._vpc_id_of()
        return self._vpc_id

    def listed_types(self):
        return sorted(self._listed)

    def records(self, hop_type, denied_hint):
        """Every next hop of a type in the VPC (one list call per type and run)."""
        if hop_type not in self._listed:
            self._doing('list the %s of %s' % (_next_hop_api.describe(hop_type), self.vpc_id))
            self._listed[hop_type] = self._call(hop_type, denied_hint)
        return self._listed[hop_type]

    def _call(self, hop_type, denied_hint, ids=(), names=()):
        """One lister call (or the outcome of the same call made ahead); a refusal of the credentials says what to
        do instead."""
        ahead = self._read_ahead.pop((hop_type, tuple(ids), tuple(names)), None)
        try:
            if ahead is not None:
                return ahead.get()
            if _next_hop_api.looked_up(hop_type):
                return self.lister(hop_type, self.vpc_id, ids=ids, names=names)
            return self.lister(hop_type, self.vpc_id)
        except BceApiError as exc:
            if not _denied(exc):
                raise
            raise type(exc)(
                exc.status,
                exc.code,
                '%s; these credentials may not read the %s: %s'
                % (exc.message.rstrip('. '), _next_hop_api.LIST_APIS[hop_type].what, denied_hint),
                exc.request_id,
                exc.method,
                exc.path,
                exc.bce_shaped,
            )

    def lookup(self, hop_type, denied_hint, ids=(), names=()):
        """The next hops of a looked-up type (_next_hop_api.looked_up) among `ids` and `names` found in the
        VPC: only what this run has not asked for yet is asked, BATCH ids or names per call."""
        asked = self._asked.setdefault(hop_type, set())
        known = self._listed.setdefault(hop_type, [])
        new_ids = [i for i in ids if i and ('id', i) not in asked]
        new_names = [n for n in names if n and ('name', n) not in asked]
        if new_ids or new_names:
            wanted = new_ids + new_names
            self._doing(
                'look up %s in the %s of %s'
                % (
                    ', '.join(wanted) if len(wanted) <= 3 else '%d next hops' % len(wanted),
                    _next_hop_api.describe(hop_type),
                    self.vpc_id,
                )
            )
            found = self._call(hop_type, denied_hint, ids=new_ids, names=new_names)
            # A next hop found by name is known by its id too: verifying it later costs no call.
            asked.update(
                [('id', i) for i in new_ids] + [('name', n) for n in new_names] + [('id', r['id']) for r in found]
            )
            seen = set(r['id'] for r in known)
            known.extend(r for r in found if r['id'] not in seen)
        return [r for r in known if r['id'] in ids or r['name'] in names]

    def asked(self, hop_type, hop_id):
        """Whether this run has looked up the next hop `hop_id` of `hop_type` already."""
        return ('id', hop_id) in self._asked.get(hop_type, ())

    def read_ahead(self, key, outcome):
        """The outcome (its get() returns the records or raises) of a call of reads_for(), made ahead."""
        self._read_ahead[key] = outcome

    def prefetch(self, rules, denied_hint):
        """One lookup call (per BATCH) for the next hops of looked-up types that `rules` use, so verifying or
        naming them one by one makes no further call."""
        wanted = {}
        for rule in rules:
            for member in rule['next_hops'] or [rule]:
                if _next_hop_api.looked_up(member['next_hop_type']) and member['next_hop_id']:
                    wanted.setdefault(member['next_hop_type'], []).append(member['next_hop_id'])
        for hop_type, ids in sorted(wanted.items()):
            self.lookup(hop_type, denied_hint, ids=ids)

    def name_of(self, hop_type, hop_id):
        """The name of a next hop of a type listed in this run; None when unknown (no extra read)."""
        for record in self._listed.get(hop_type) or ():
            if record['id'] == hop_id:
                return record['name']
        return None

    def _others(self, hop_type, records, how):
        """The candidates a failure message shows: the type's next hops in the VPC, or for a looked-up type
        (never listed whole) how it was looked up."""
        if _next_hop_api.looked_up(hop_type):
            return 'the %s were looked up %s (%s=) across the region, and none with that %s is in %s' % (
                _next_hop_api.LIST_APIS[hop_type].what,
                how,
                _next_hop_api.LOOKUP_PARAMS[hop_type][0 if how == 'by id' else 1],
                'id' if how == 'by id' else 'name',
                self.vpc_id,
            )
        return 'the %s next hops there: %s' % (hop_type, candidates(records))

    # -- names -> ids ---------------------------------------------------------------------------

    def by_name(self, hop_type, name, parameter):
        """The one next hop of `hop_type` named `name`; an error listing the candidates otherwise."""
        if not _next_hop_api.listable(hop_type):
            raise BceValidationError(
                parameter,
                '%s: next hops of type %s cannot be found by name (the service has no API that lists them); '
                'give their next_hop_id' % (parameter, hop_type),
            )
        if looks_like_id(hop_type, name):
            raise BceValidationError(
                parameter,
                '%s: %s looks like the id of a %s next hop, not a name: give it as %s (a name of that '
                'form is never looked up, so another next hop named after an id cannot be chosen by mistake)'
                % (parameter, quoted(name), hop_type, _id_option(parameter)),
            )
        if _next_hop_api.looked_up(hop_type):
            records = self.lookup(hop_type, NAME_NEEDS_LIST_HINT, names=[name])
        else:
            records = self.records(hop_type, NAME_NEEDS_LIST_HINT)
        self.named_types.add(hop_type)
        matches = [r for r in records if r['name'] == name]
        # A name equal to the id of a next hop listed in this run (of any type): the user most likely meant that
        # next hop, and another next hop that carries it as its name may be an impostor, so none is chosen. Only a
        # next hop named after its own id, and no other, is unambiguous.
        owners = [r for listed_type in sorted(self._listed) for r in self._listed[listed_type] or () if r['id'] == name]
        if owners and matches != owners:
            raise BceValidationError(
                parameter,
                '%s: %s is the id of the %s next hop %s, not a name: give it as %s (a name equal to an id is never '
                'looked up, so another next hop named after it cannot be chosen by mistake)'
                % (
                    parameter,
                    quoted(name),
                    _type_of(self._listed, owners[0]),
                    _candidate(owners[0]),
                    _id_option(parameter),
                ),
            )
        if not matches:
            raise BceValidationError(
                parameter,
                '%s: no %s next hop is named %s in %s; %s'
                % (parameter, hop_type, quoted(name), self.vpc_id, self._others(hop_type, records, 'by name')),
            )
        if len(matches) > 1:
            raise BceValidationError(
                parameter,
                '%s: %d %s next hops are named %s in %s: %s; give %s to choose one'
                % (
                    parameter,
                    len(matches),
                    hop_type,
                    quoted(name),
                    self.vpc_id,
                    candidates(matches),
                    _id_option(parameter),
                ),
            )
        return matches[0]

    def resolve_params(self, params, prefix=''):
        """A copy of one rule's options (route_rule's, or an item of route_table's rules) with every
        next_hop_name replaced by the id it names; `params` itself when it names nothing."""
        if params.get('next_hop_name'):
            record = self.by_name(params['next_hop_type'], params['next_hop_name'], prefix + 'next_hop_name')
            return dict(params, next_hop_id=record['id'], next_hop_name=None)
        hops = params.get('next_hops') or []
        if not any(hop.get('next_hop_name') for hop in hops):
            return params
        resolved = []
        for index, hop in enumerate(hops):
            if hop.get('next_hop_name'):
                where = '%snext_hops[%d].next_hop_name' % (prefix, index)
                record = self.by_name(hop.get('next_hop_type') or MULTI_PATH_TYPE, hop['next_hop_name'], where)
                hop = dict(hop, next_hop_id=record['id'], next_hop_name=None)
            resolved.append(hop)
        return dict(params, next_hops=resolved)

    # -- verification ---------------------------------------------------------------------------

    def verify(self, rule, prefix=''):
        """Fail unless every next hop of a rule about to be written exists in the VPC with its type;
        a next hop in a status that cannot route adds a warning. Types without a list API are not checked."""
        members = rule['next_hops'] or [{'next_hop_type': rule['next_hop_type'], 'next_hop_id': rule['next_hop_id']}]
        parameter = prefix + ('next_hops' if rule['next_hops'] else 'next_hop_id')
        for member in members:
            hop_type, hop_id = member['next_hop_type'], member['next_hop_id']
            if not _next_hop_api.listable(hop_type):
                continue
            if _next_hop_api.looked_up(hop_type):
                records = self.lookup(hop_type, SKIP_VERIFY_HINT, ids=[hop_id])
            else:
                records = self.records(hop_type, SKIP_VERIFY_HINT)
            record = next((r for r in records if r['id'] == hop_id), None)
            if record is None:
                alias = next((r for r in records if hop_id and r.get('alias') == hop_id), None)
                raise BceValidationError(
                    parameter,
                    '%s: %s is not a %s next hop of %s, so the rule %s -> %s cannot be written '
                    '(nothing was written); %s'
                    % (
                        parameter,
                        hop_id,
                        hop_type,
                        self.vpc_id,
                        rule['source_address'],
                        rule['destination_address'],
                        _alias_hint(hop_type, hop_id, alias) if alias else self._others(hop_type, records, 'by id'),
                    ),
                )
            if not record['routable']:
                warning = '%s: the %s next hop %s is in status %r, in which it does not route traffic' % (
                    parameter,
                    hop_type,
                    _show(record),
                    record['status'],
                )
                if warning not in self.warnings:
                    self.warnings.append(warning)

    # -- results --------------------------------------------------------------------------------

    def list_types_of(self, rules, denied_hint):
        """List every listable type the rules use (route_table_info's resolve_names); look up the next hops of
        looked-up types by their ids."""
        self.prefetch(rules, denied_hint)
        for rule in rules:
            for member in rule['next_hops'] or [rule]:
                hop_type = member['next_hop_type']
                if _next_hop_api.listable(hop_type) and not _next_hop_api.looked_up(hop_type):
                    self.records(hop_type, denied_hint)

    def with_names(self, state, types=None):
        """A rule (or a list of rules, or None) with next_hop_name set from this run's listings (of `types`
        only, when given), on the rule for a single-path rule and on each member of a multi-path one (None
        when not known)."""
        if state is None:
            return None
        if isinstance(state, list):
            return [self.with_names(rule, types) for rule in state]

        def name(hop_type, hop_id):
            return self.name_of(hop_type, hop_id) if types is None or hop_type in types else None

        if state['next_hops']:
            hops = [
                dict(hop, next_hop_name=name(hop['next_hop_type'], hop['next_hop_id'])) for hop in state['next_hops']
            ]
            return dict(state, next_hop_name=None, next_hops=hops)
        return dict(state, next_hop_name=name(state['next_hop_type'], state['next_hop_id']))
