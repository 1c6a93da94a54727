# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Emulator fixtures of a multi-region VPC fleet, one fixture per region (one emulator process each).

``python -m tests.emulator.fleet.make_fleet`` rewrites the committed ``<region>.json`` files; the
benchmark calls ``fleet_fixtures(...)`` for larger fleets. Every VPC has one NAT gateway, named in
its ``nat-gateway`` tag, and an empty route table; one VPC per region is the region's default VPC
(so VPC names collide across regions, as they do in a real account).
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
REGIONS = ('bj', 'gz', 'su')
# 24 VPCs: 10 in bj, 8 in gz, 6 in su.
COMMITTED_SIZES = {'bj': 10, 'gz': 8, 'su': 6}
CREDENTIALS = [
    {'access_key_id': 'emulator-ak', 'secret_access_key': 'emulator-sk'},
    {'access_key_id': 'emulator-readonly-ak', 'secret_access_key': 'emulator-readonly-sk', 'readonly': True},
]
TEAMS = ('payments', 'search', 'ml')


def vpc_entry(region, index):
    """VPC number `index` of `region`: index 0 is the default VPC, every third is staging, the rest prod."""
    vpc_id = 'vpc-%sfleet%04d' % (region, index)
    suffix = '%s%04d' % (region, index)
    high, low = divmod(index, 256)
    env = 'staging' if index % 3 == 2 else 'prod'
    tags = [{'tagKey': 'env', 'tagValue': env}, {'tagKey': 'nat-gateway', 'tagValue': 'nat-' + suffix}]
    if index % 4 != 1:
        tags.append({'tagKey': 'team', 'tagValue': TEAMS[index % len(TEAMS)]})
    entry = {
        'vpcId': vpc_id,
        'name': 'default' if index == 0 else 'fleet-%02d' % index,
        'cidr': '10.%d.%d.0/24' % (high, low),
        'ipv6Cidr': '2400:da00:%x::/56' % (index + 1) if index % 5 == 0 else '',
        'description': 'fleet VPC %d of %s' % (index, region),
        'isDefault': index == 0,
        'secondaryCidr': ['172.%d.%d.0/24' % (16 + high, low)] if index % 4 == 3 else [],
        'tags': tags,
        'createdTime': '2026-0%d-%02dT08:00:00Z' % (1 + index % 9, 1 + index % 28),
        'subnets': [
            {
                'subnetId': 'sbn-' + suffix,
                'name': 'main',
                'zoneName': 'zone-a',
                'cidr': '10.%d.%d.0/25' % (high, low),
                'ipv6Cidr': '',
                'subnetType': 'BCC',
                'description': '',
            }
        ],
        'routeTable': {'routeTableId': 'rt-' + suffix, 'name': 'default', 'rules': []},
        'nexthops': {'nat': ['nat-' + suffix]},
    }
    return entry


def fleet_fixtures(sizes=None):
    """{region: fixture} for {region: number of VPCs}."""
    sizes = sizes or COMMITTED_SIZES
    return dict(
        (
            region,
            {
                '_comment': 'Fleet fixture of region %s (tests/emulator/fleet/make_fleet.py); all ids are fake.'
                % region,
                'seed': 20261130,
                'credentials': CREDENTIALS,
                'vpcs': [vpc_entry(region, index) for index in range(count)],
            },
        )
        for region, count in sizes.items()
    )


def main():
    for region, fixture in sorted(fleet_fixtures().items()):
        with open(os.path.join(HERE, '%s.json' % region), 'w') as handle:
            json.dump(fixture, handle, indent=1, sort_keys=True)
            handle.write('\n')


if __name__ == '__main__':
    main()
