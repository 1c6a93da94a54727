# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""`make live-probe`: answer each unconfirmed behaviour of the API reference (sections 6 and 7) with the fewest calls.

Uses the collection's own client (signing, retries, paging), so what it sees is what the modules see. Every rule it
creates carries the run's tag (BAIDUCLOUD_LIVE_TAG) in its description and is deleted at the end, also after a
failure; a final sweep deletes any rule of the table that still carries the tag, and nothing else.
Writes a markdown report (observed, when, where). Settings: see tools/live.sh.
"""

import argparse
import datetime
import ipaddress
import os
import sys
import time
import uuid

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceApiError, BceError
from ansible_collections.baiducloud.vpc.tests.live.guard import live_client

RULE = '/v1/route/rule'
TABLE = '/v1/route'
# Documentation / benchmarking ranges (RFC 5737, RFC 2544): never a real network, never a VPC CIDR.
DEST = ['198.18.%d.0/24' % n for n in range(240, 256)]
QUOTA_DEST = ['198.19.%d.0/24' % n for n in range(0, 80)]
SKEWS_MINUTES = (10, 20, 35)


def inert_address_in(cidr):
    """The last address of the VPC's IPv4 CIDR as a /32: it overlaps the VPC (the question) yet no instance can hold
    it (the cloud reserves the first and last addresses of every subnet), so a rule the service accepted routes
    nothing. Before issue 21 the probe posted the whole VPC CIDR, which would take effect if accepted."""
    try:
        network = ipaddress.ip_network(cidr or '', strict=False)
    except ValueError:
        return '198.18.239.255/32'  # no VPC CIDR read: a documentation address outside any VPC
    return '%s/%d' % (network.broadcast_address, network.max_prefixlen)


class Probe:
    def __init__(self, client, vpc, nat, tag, dcgws, probe_quota):
        self.client, self.vpc, self.nat, self.tag, self.dcgws = client, vpc, nat, tag, dcgws
        self.probe_quota = probe_quota
        self.created = []
        self.rows = []
        self.calls = 0
        self.table_id = None

    # -- calls -------------------------------------------------------------------------------
    def call(self, method, path, params=None, body=None):
        """(answer, None) or (None, 'Code (HTTP status)')."""
        self.calls += 1
        token = 'ansible-probe-%s' % uuid.uuid4().hex if method != 'GET' else None
        try:
            return self.client.request(method, path, params=params, body=body, client_token=token), None
        except BceApiError as exc:
            return None, '%s (HTTP %s)' % (exc.code, exc.status)

    def create(self, destination, hop_type='nat', hop_id=None, source='0.0.0.0/0', **extra):
        body = dict(
            routeTableId=self.table_id,
            sourceAddress=source,
            destinationAddress=destination,
            nexthopType=hop_type,
            nexthopId=self.nat if hop_id is None else hop_id,
            description=self.tag,
            **extra,
        )
        if 'nextHopList' in extra:
            del body['nexthopType'], body['nexthopId']
        answer, error = self.call('POST', RULE, body=body)
        ids = []
        if answer:
            ids = answer.get('routeRuleIds') or [answer.get('routeRuleId')]
            self.created.extend(i for i in ids if i)
        return ids, error

    def listed(self):
        table, error = self.call('GET', TABLE, {'routeTableId': self.table_id})
        if error:
            raise RuntimeError('cannot read the table: %s' % error)
        return table.get('routeRules') or []

    def row(self, item, question, observed, calls):
        self.rows.append((item, question, observed, calls))

    # -- probes ------------------------------------------------------------------------------
    def run(self):
        start = self.calls
        table, error = self.call('GET', TABLE, {'vpcId': self.vpc})
        if error:
            raise RuntimeError('cannot read the route table of %s: %s' % (self.vpc, error))
        self.table_id = table['routeTableId']
        system = [r for r in table.get('routeRules') or [] if not r.get('routeRuleId')]
        self.row(
            '6.1',
            'nexthopType of system routes in GET /v1/route',
            ', '.join(sorted(set(repr(r.get('nexthopType')) for r in system))) or 'no entry without an id',
            self.calls - start,
        )

        start = self.calls
        by_vpc = self.client.paginate(RULE, {'vpcId': self.vpc}, 'routeRules')
        self.calls += 1
        others = sorted(set(r.get('routeTableId') for r in by_vpc) - {self.table_id})
        self.row(
            '7.1',
            'GET /v1/route/rule?vpcId= lists rules of tables other than the default one',
            'yes: %s' % ', '.join(map(str, others))
            if others
            else 'no (only %s; the VPC may have no custom table)' % self.table_id,
            self.calls - start,
        )
        sys_listed = [r for r in by_vpc if r.get('nexthopType') == 'sys']
        self.row(
            '7.7',
            'system rules carry ids in GET /v1/route/rule',
            'yes' if any(r.get('routeRuleId') for r in sys_listed) else 'no (routeRuleId empty)',
            0,
        )

        start = self.calls
        ids_a, error_a = self.create(DEST[0])
        ids_b, error_b = self.create(DEST[1])
        if error_a or error_b or len(ids_a) != 1 or len(ids_b) != 1:
            raise RuntimeError('cannot create the probe rules: %s' % (error_a or error_b or 'no rule id in the answer'))
        a_id, b_id = ids_a[0], ids_b[0]
        rules = self.listed()
        mine = [r for r in rules if r.get('routeRuleId') == a_id]
        self.row(
            '6.1',
            'pathType of a single-path rule',
            repr(mine[0].get('pathType')) if mine else 'not listed',
            self.calls - start,
        )

        start = self.calls
        page, error = self.call('GET', RULE, {'routeTableId': self.table_id, 'marker': a_id, 'maxKeys': 1})
        first = ((page or {}).get('routeRules') or [{}])[0].get('routeRuleId')
        semantics = error or (
            'the page starts AT the marker'
            if first == a_id
            else 'the page starts AFTER the marker'
            if first == b_id
            else 'unclear (first item %r)' % first
        )
        self.row(
            '7.7',
            'marker semantics of GET /v1/route/rule',
            '%s; nextMarker %r' % (semantics, (page or {}).get('nextMarker')),
            self.calls - start,
        )

        vpc_detail, error = self.call('GET', '/v1/vpc/%s' % self.vpc)
        vpc_cidr = ((vpc_detail or {}).get('vpc') or {}).get('cidr')
        for item, question, kwargs in (
            ('6.4', 'error for a duplicate (source, destination)', dict(destination=DEST[0])),
            ('6.4', 'error for a next hop that does not exist', dict(destination=DEST[2], hop_id='nat-ansibleprobe0')),
            (
                '6.4',
                'error for a destination inside the VPC CIDR (its last address, reserved: cannot take effect)',
                dict(destination=inert_address_in(vpc_cidr)),
            ),
            ('6.4', 'error for a source outside every subnet', dict(destination=DEST[3], source='198.18.0.0/24')),
            ('6.3', 'ipVersion "6" on IPv4 addresses (honoured = refused)', dict(destination=DEST[4], ipVersion='6')),
            (
                '7.5',
                'nexthopType defaultGateway with an empty nexthopId',
                dict(destination=DEST[5], hop_type='defaultGateway', hop_id=''),
            ),
        ):
            start = self.calls
            ids, error = self.create(**kwargs)
            self.row(item, question, error or 'accepted (rule %s)' % ', '.join(ids), self.calls - start)

        for item, question, method in (
            ('6.8', 'error for an update of a rule that does not exist', 'PUT'),
            ('6.8', 'error for a delete of a rule that does not exist', 'DELETE'),
        ):
            start = self.calls
            body = {'description': self.tag} if method == 'PUT' else None
            dummy, error = self.call(method, '%s/rr-ansibleprobe0' % RULE, body=body)
            self.row(item, question, error or 'accepted', self.calls - start)

        start = self.calls
        dummy, error = self.call(
            'PUT',
            '%s/%s' % (RULE, b_id),
            body={'sourceAddress': '', 'destinationAddress': '', 'nexthopId': '', 'description': self.tag + ' updated'},
        )
        after = [r for r in self.listed() if r.get('routeRuleId') == b_id]
        kept = after and after[0].get('destinationAddress') == DEST[1] and after[0].get('nexthopId') == self.nat
        self.row(
            '6.6',
            '"" in an update body means "unchanged"',
            error or ('yes (addresses and next hop kept)' if kept else 'no: %r' % (after[0] if after else 'rule gone')),
            self.calls - start,
        )

        start = self.calls
        answers = []
        for minutes in SKEWS_MINUTES:
            self.client._clock = lambda minutes=minutes: time.time() - minutes * 60
            dummy, error = self.call('GET', TABLE, {'routeTableId': self.table_id})
            answers.append('%d min: %s' % (minutes, error or 'accepted'))
        self.client._clock = time.time
        self.row(
            '6.5', 'clock skew accepted (request signed N minutes in the past)', '; '.join(answers), self.calls - start
        )

        self.multipath()
        self.quota(len(system))

    def multipath(self):
        if len(self.dcgws) < 2:
            for item, question in (
                ('7.2', 'multi-path members listed by the query APIs'),
                ('7.3', 'a switch swaps the ha:active / ha:standby labels'),
            ):
                self.row(item, question, 'not probed: set BAIDUCLOUD_LIVE_DCGW_IDS to two dedicated-line gateways', 0)
            return
        start = self.calls
        ecmp, error = self.create(
            DEST[6],
            nextHopList=[{'nexthopId': hop, 'nexthopType': 'dcGateway', 'pathType': 'ecmp'} for hop in self.dcgws[:2]],
        )
        listed = [r.get('routeRuleId') for r in self.listed()]
        self.row(
            '7.2',
            'multi-path members listed by the query APIs',
            error
            or (
                'yes'
                if all(i in listed for i in ecmp)
                else 'no (created %s, listed %s)'
                % (', '.join(ecmp), ', '.join(i for i in ecmp if i in listed) or 'none')
            ),
            self.calls - start,
        )
        start = self.calls
        pair, error = self.create(
            DEST[7],
            nextHopList=[
                {'nexthopId': self.dcgws[0], 'nexthopType': 'dcGateway', 'pathType': 'ha:active'},
                {'nexthopId': self.dcgws[1], 'nexthopType': 'dcGateway', 'pathType': 'ha:standby'},
            ],
        )
        if error:
            self.row('7.3', 'a switch swaps the ha:active / ha:standby labels', error, self.calls - start)
            return
        dummy, error = self.call('PUT', '%s/%s' % (RULE, pair[0]), params={'switchRouteHA': ''})
        labels = dict((r.get('routeRuleId'), r.get('pathType')) for r in self.listed() if r.get('routeRuleId') in pair)
        self.row(
            '7.3',
            'a switch swaps the ha:active / ha:standby labels',
            error
            or (
                'unknown (the pair is not listed)'
                if not labels
                else 'yes'
                if labels.get(pair[0]) == 'ha:standby' and labels.get(pair[1]) == 'ha:active'
                else 'no: %r' % labels
            ),
            self.calls - start,
        )

    def quota(self, system_count):
        if not self.probe_quota:
            self.row(
                '6.7',
                'system routes count toward the rule quota',
                'not probed: set BAIDUCLOUD_LIVE_PROBE_QUOTA=1 (creates rules until the quota refuses one)',
                0,
            )
            return
        start = self.calls
        refused = None
        for destination in QUOTA_DEST:
            ids, error = self.create(destination)
            if error:
                refused = error
                break
        custom = len([r for r in self.listed() if r.get('routeRuleId') and r.get('nexthopType') != 'sys'])
        self.row(
            '6.7',
            'system routes count toward the rule quota',
            'refused at %d custom entries with %d system routes: %s' % (custom, system_count, refused)
            if refused
            else 'no refusal within %d creates' % len(QUOTA_DEST),
            self.calls - start,
        )

    # -- clean-up ----------------------------------------------------------------------------
    def clean_up(self):
        failures = []
        for rule_id in reversed(self.created):
            dummy, error = self.call('DELETE', '%s/%s' % (RULE, rule_id))
            if error and 'NoSuchObject' not in error and 'NotFound' not in error:
                failures.append('%s: %s' % (rule_id, error))
        if self.table_id:
            # The sweep: anything still tagged (an unlisted id we never learnt would not show here either).
            for rule in self.client.paginate(RULE, {'routeTableId': self.table_id}, 'routeRules'):
                if (rule.get('description') or '').startswith(self.tag) and rule.get('routeRuleId'):
                    dummy, error = self.call('DELETE', '%s/%s' % (RULE, rule['routeRuleId']))
                    if error:
                        failures.append('%s: %s' % (rule['routeRuleId'], error))
            left = [
                r
                for r in self.client.paginate(RULE, {'routeTableId': self.table_id}, 'routeRules')
                if (r.get('description') or '').startswith(self.tag)
            ]
            if left:
                failures.append('still tagged: %s' % ', '.join(r.get('routeRuleId') or '?' for r in left))
        return failures


def report(path, probe, where, began, cleanup):
    lines = [
        '# Live fidelity of the BCE VPC route API',
        '',
        'Written by `make live-probe` (`tests/live/probe.py`): each unconfirmed behaviour of the API reference '
        '(sections 6 and 7 of `docs/api-reference.md`) answered with the fewest calls. Re-run it to refresh.',
        '',
        '- when: %s UTC' % began.strftime('%Y-%m-%d %H:%M'),
        '- where: %s' % where,
        '- VPC: `%s`, route table `%s`' % (probe.vpc, probe.table_id),
        '- calls: %d in all; clean-up: %s'
        % (probe.calls, '; '.join(cleanup) if cleanup else 'every probe rule deleted'),
        '',
        '| ref | question | observed | calls |',
        '|---|---|---|---|',
    ]
    for item, question, observed, calls in probe.rows:
        lines.append('| %s | %s | %s | %d |' % (item, question, str(observed).replace('|', '/'), calls))
    with open(path, 'w') as handle:
        handle.write('\n'.join(lines) + '\n')


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--report', required=True)
    args = parser.parse_args()
    env = os.environ
    client = live_client(env)
    dcgws = [h.strip() for h in (env.get('BAIDUCLOUD_LIVE_DCGW_IDS') or '').split(',') if h.strip()]
    probe = Probe(
        client,
        env['BAIDUCLOUD_LIVE_VPC_ID'],
        env['BAIDUCLOUD_LIVE_NAT_ID'],
        env['BAIDUCLOUD_LIVE_TAG'],
        dcgws,
        env.get('BAIDUCLOUD_LIVE_PROBE_QUOTA') == '1',
    )
    began = datetime.datetime.now(datetime.timezone.utc)
    where = (
        ('endpoint override %s' % env['BAIDUCLOUD_ENDPOINT'])
        if env.get('BAIDUCLOUD_ENDPOINT')
        else 'region %s' % env['BAIDUCLOUD_REGION']
    )
    failed = None
    try:
        probe.run()
    except (BceError, RuntimeError, KeyError, IndexError, ValueError) as exc:
        failed = '%s: %s' % (type(exc).__name__, exc)
    finally:
        cleanup = probe.clean_up()
    report(args.report, probe, where, began, cleanup + (['probe stopped early: %s' % failed] if failed else []))
    with open(args.report) as handle:
        sys.stdout.write(handle.read())
    if failed or cleanup:
        sys.stderr.write('live-probe: %s\n' % '; '.join(([failed] if failed else []) + cleanup))
        return 1
    return 0


if __name__ == '__main__':
    sys.exit(main())
