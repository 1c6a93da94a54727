# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Input rules of issues 11 and 13: description type and characters, zone ids, IPv4-mapped ranges,
next-hop type from the id's prefix, next-hop types that cannot carry the rule's IP version."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.baiducloud.vpc.plugins.module_utils._errors import BceValidationError
from ansible_collections.baiducloud.vpc.plugins.module_utils._rule import NEXT_HOP_ID_PREFIXES, type_of_next_hop_id
from ansible_collections.baiducloud.vpc.tests.unit.plugins.module_harness import want


@pytest.mark.parametrize(
    'params, parameter, message',
    [
        (dict(next_hop_id='nat-a', description=['a', 'b']), 'description', 'must be a string, got list'),
        (dict(next_hop_id='nat-a', description={'a': 1}), 'description', 'must be a string, got dict'),
        (dict(next_hop_id='nat-a', description=True), 'description', 'must be a string, got bool'),
        (dict(next_hop_id='nat-a', description='evil\u202etxt'), 'description', 'U+202E'),
        (dict(next_hop_id='nat-a', description='a\u0085b'), 'description', 'U+0085'),
        (dict(next_hop_id='nat-a', description='a\u2028b'), 'description', 'U+2028'),
        (dict(next_hop_id='nat-a', description='zero\u200bwidth'), 'description', 'U+200B'),
        (dict(next_hop_id='nat-a', description='tab\there'), 'description', 'U+0009'),
        (
            dict(destination_address='fe80::%eth0/64', next_hop_id='gw-a'),
            'destination_address',
            'IPv6 zone id',
        ),
        (
            dict(destination_address='::/0', source_address='fe80::%eth1/64', next_hop_id='gw-a'),
            'source_address',
            'IPv6 zone id',
        ),
        (
            dict(destination_address='::ffff:10.0.0.0/104', next_hop_id='gw-a'),
            'destination_address',
            'IPv4-mapped',
        ),
        (dict(destination_address='0.0.0.0/0', next_hop_id='gw-a'), 'next_hop_type', 'only carries IPv6'),
        (
            dict(destination_address='10.9.0.0/16', next_hop_type='ipv6gateway', next_hop_id='gw-a'),
            'next_hop_type',
            'only carries IPv6 traffic, but the rule is IPv4',
        ),
        (dict(next_hop_id='rr-abc'), 'next_hop_type', 'does not name a next hop type'),
        (dict(next_hop_type='vpn', next_hop_id='nat-a'), 'next_hop_id', "must start with 'vpn-'"),
    ],
)
def test_refused_before_any_read(params, parameter, message):
    with pytest.raises(BceValidationError) as err:
        want(**params)
    assert err.value.parameter == parameter
    assert message in err.value.message


@pytest.mark.parametrize('hop_type, prefix', sorted(item for item in NEXT_HOP_ID_PREFIXES.items() if item[1]))
def test_next_hop_type_comes_from_the_id_prefix(hop_type, prefix):
    assert type_of_next_hop_id(prefix + 'x1') == hop_type
    destination = '::/0' if hop_type == 'ipv6gateway' else '0.0.0.0/0'
    rule = want(destination_address=destination, next_hop_id=prefix + 'x1')
    assert (rule['next_hop_type'], rule['next_hop_id']) == (hop_type, prefix + 'x1')


def test_accepted_inputs_stay_accepted():
    rule = want(destination_address='::/0', next_hop_id='gw-a', description='ipv6 egress — ok')
    assert rule['ip_version'] == 6 and rule['next_hop_type'] == 'ipv6gateway'
    # An IPv6 range that merely contains the mapped block is an ordinary network.
    assert want(destination_address='::/64', next_hop_id='gw-a')['destination_address'] == '::/64'
    # No source says any type is IPv4-only: an IPv6 rule through a VPN gateway is left to the service.
    assert want(destination_address='2400:da00::/32', next_hop_id='vpn-a')['next_hop_type'] == 'vpn'


def test_a_type_without_an_id_prefix_is_never_inferred():
    """defaultGateway has no id prefix: inferring it would make every unknown id a defaultGateway."""
    assert NEXT_HOP_ID_PREFIXES['defaultGateway'] == ''
    assert type_of_next_hop_id('x1') is None and type_of_next_hop_id('') is None
