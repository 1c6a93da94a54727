# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Plan tokens: a short digest of exactly what a task would do, and why an approved one no longer matches.

Pure: no I/O, no clock, nothing about routes. A plan is described by
  - `module`: which logic planned it;
  - `scope`: what it was planned on (for the route modules, the selected route table id);
  - `options`: the task's options that shape the plan, each reduced to a digest (an option's value is never
    recorded, so nothing the task was given can leak through the record);
  - `changes`: one view per planned change ({action, subject, before, after}), the states normalised by the
    caller; never a request id, a client token or a time.
The token digests the canonical JSON of exactly the record below (with every change), so the record stored
beside an approved token explains a later mismatch: which rule, what was approved, what would happen now.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json

# Bumped whenever what the token covers changes: a plan recorded by an older collection then never matches
# (it is refused), instead of matching by accident.
TOKEN_VERSION = 1
TOKEN_PREFIX = 'bp%d-' % TOKEN_VERSION
TOKEN_HEX = 32
# The record keeps at most this many change views (the token covers all of them): a whole-table plan of
# thousands of rules must not turn into megabytes of job artifacts.
RECORDED_CHANGES = 50
# A refusal names at most this many differences.
EXPLAINED = 8


def canonical(value):
    """One text per value: sorted keys, no spaces, ASCII only."""
    return json.dumps(value, sort_keys=True, separators=(',', ':'), ensure_ascii=True, default=str)


def _digest(value, length):
    return hashlib.sha256(canonical(value).encode('ascii')).hexdigest()[:length]


def option_digests(options):
    """{option: 12 hex digits of its canonical value}; None (not set) stays None, so a refusal can say 'unset'."""
    return dict((name, None if value is None else _digest(value, 12)) for name, value in options.items())


def plan_record(module, scope, options, changes):
    """The record of a plan: {token, module, scope, options, changes (the first RECORDED_CHANGES), count}.

    `options`: {name: value} of the options that shape the plan (the caller leaves out credentials and
    connection settings); `changes`: the views of the planned changes, in plan order."""
    changes = [dict(change) for change in changes]
    document = {
        'version': TOKEN_VERSION,
        'module': module,
        'scope': dict(scope or {}),
        'options': option_digests(options),
        'changes': changes,
    }
    return {
        'token': TOKEN_PREFIX + _digest(document, TOKEN_HEX),
        'module': document['module'],
        'scope': document['scope'],
        'options': document['options'],
        'changes': changes[:RECORDED_CHANGES],
        'count': len(changes),
    }


def _compact(view, fields=None):
    """A rule view on one line: field=value, sorted (only `fields` when given); the subject already names the
    source and destination."""
    if not view:
        return 'none'
    return ', '.join(
        '%s=%s' % (field, canonical(value) if isinstance(value, (list, dict)) else value)
        for field, value in sorted(view.items())
        if (field in fields if fields is not None else field not in ('source_address', 'destination_address'))
        and (fields is not None or value not in (None, '', []))
    )


def _shown(change, other=None):
    """A change for a message; with `other` (the same rule's change on the other side, same action), only the
    fields in which the two differ."""
    if change is None:
        return 'no change'
    parts = []
    for side in ('before', 'after'):
        view = change.get(side) if isinstance(change.get(side), dict) else {}
        if other is None:
            parts.append('%s: %s' % (side, _compact(view)))
            continue
        other_view = other.get(side) if isinstance(other.get(side), dict) else {}
        fields = set(k for k in set(view) | set(other_view) if view.get(k) != other_view.get(k))
        if fields:
            parts.append('%s: %s' % (side, _compact(dict((k, view.get(k)) for k in fields), fields)))
    return '%s (%s)' % (change.get('action'), '; '.join(parts) if parts else 'as approved')


def _by_subject(changes):
    found = {}
    for change in changes or []:
        if isinstance(change, dict):
            found.setdefault(str(change.get('subject')), change)
    return found


def differences(approved, current):
    """Why two plan records differ, as short sentences (at most EXPLAINED, then how many more).

    `approved` comes from job artifacts or extra variables: anything may be missing or of the wrong type,
    and every value is shown as data."""
    found = []
    if approved.get('module') != current['module']:
        found.append('approved for %s, now %s' % (approved.get('module'), current['module']))
    approved_scope = approved.get('scope') if isinstance(approved.get('scope'), dict) else {}
    for name in sorted(set(approved_scope) | set(current['scope'])):
        if approved_scope.get(name) != current['scope'].get(name):
            found.append('%s: approved %s, now %s' % (name, approved_scope.get(name), current['scope'].get(name)))
    approved_options = approved.get('options') if isinstance(approved.get('options'), dict) else {}
    changed_options = sorted(
        name
        for name in set(approved_options) | set(current['options'])
        if approved_options.get(name) != current['options'].get(name)
    )
    if changed_options:
        found.append('the task\'s options changed: %s' % ', '.join(changed_options))
    before, now = _by_subject(approved.get('changes')), _by_subject(current['changes'])
    for subject in sorted(set(before) | set(now)):
        approved_change, change = before.get(subject), now.get(subject)
        if approved_change == change:
            continue
        if approved_change is not None and change is not None and approved_change.get('action') == change.get('action'):
            shown = (_shown(approved_change, change), _shown(change, approved_change))
        else:
            shown = (_shown(approved_change), _shown(change))
        found.append('%s: approved %s, now %s' % ((subject,) + shown))
    if approved.get('count') != current['count']:
        found.append('approved %s change(s), now %d' % (approved.get('count'), current['count']))
    if not found:
        # Equal as far as the record shows: the difference is in a change beyond the recorded ones, or the
        # record was edited after the token was computed.
        found.append('the plan differs beyond the %d change(s) the approved record shows' % RECORDED_CHANGES)
    if len(found) > EXPLAINED:
        found = found[:EXPLAINED] + ['and %d more difference(s)' % (len(found) - EXPLAINED)]
    return found


def refusal(approved, current):
    """The message of a refused task, or None when `current` is the approved plan.

    `approved`: the approved entry ({token, ...} as plan_record() made it, plus `key`, the task's key, for the
    message); with no token, the task (or its host, or its loop item) was not in the approved plans."""
    key = approved.get('key') or 'this task'
    if not approved.get('token'):
        what = approved.get('missing') or 'this task is not in the approved plans'
        plan = [_shown(change) for change in current['changes'][:EXPLAINED]]
        return '%s is not approved (%s); it would make %d change(s)%s. Refused before any write.' % (
            key,
            what,
            current['count'],
            (': ' + '; '.join('%s: %s' % (c['subject'], s) for c, s in zip(current['changes'], plan))) if plan else '',
        )
    if approved['token'] == current['token']:
        return None
    return 'the plan of %s differs from the approved plan (approved %s, now %s): %s. Refused before any write.' % (
        key,
        approved['token'],
        current['token'],
        '; '.join(differences(approved, current)),
    )
