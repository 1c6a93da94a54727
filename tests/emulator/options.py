# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Behaviour options for what the sources leave open about the real service (reference section 7).

Each option can be set four ways, later ones winning: the defaults below (today's behaviour), a
named variant chosen at start (``--variant`` / ``BAIDUCLOUD_EMULATOR_VARIANT``, kept across
resets), a fixture's ``"options"`` object, and ``POST /_emulator/config``.  Having every open
question selectable lets one test suite run against each reading, so none is load-bearing.
"""

from .errors import ApiError

ENV_VARIANT = 'BAIDUCLOUD_EMULATOR_VARIANT'
# Not an option but chosen the same way: lets tools/with_emulator.sh run a suite on another fixture.
ENV_FIXTURE = 'BAIDUCLOUD_EMULATOR_FIXTURE'

# option -> default.  The defaults are the emulator's behaviour before these options existed.
BEHAVIOUR_DEFAULTS = {
    'system_rule_ids': False,  # True: GET /v1/route/rule gives system rules rr-... ids (item 7)
    'marker': 'at',  # 'after': a page starts after the marker, nextMarker = last id of the page
    'multipath_listed': True,  # False: multi-path members are created but absent from both query APIs (item 2)
    'default_gateway': False,  # True: next-hop type defaultGateway, nexthopId may be empty (item 5)
    # GET /v2/instance with vpcId but no privateIps, which the BCC docs do not allow (reference 8 item 2):
    # 'reject' -> 400 InvalidParameter; 'ignore' -> vpcId is ignored and every instance of the region is listed.
    'bcc_lone_vpc_id': 'reject',
}
_CHOICES = {'marker': ('at', 'after'), 'bcc_lone_vpc_id': ('reject', 'ignore')}

# variant name -> the options it sets.
VARIANTS = {
    'system-rule-ids': {'system_rule_ids': True},
    'marker-after': {'marker': 'after'},
    'multipath-unlisted': {'multipath_listed': False},
    'default-gateway': {'default_gateway': True},
    'bcc-vpc-ignored': {'bcc_lone_vpc_id': 'ignore'},
}
ALL_VARIANTS = 'all'
NO_VARIANT = 'default'


def check_option(key, value):
    """Raise ApiError(InvalidParameter) unless ``value`` is valid for behaviour option ``key``."""
    if key in _CHOICES:
        if value not in _CHOICES[key]:
            raise ApiError('InvalidParameter', '%s must be one of %s, got %r.' % (key, ', '.join(_CHOICES[key]), value))
    elif not isinstance(value, bool):
        raise ApiError('InvalidParameter', '%s must be true or false, got %r.' % (key, value))


def parse_variant(text):
    """Options for a comma-separated list of variant names ('' / 'default' = none, 'all' = every one)."""
    options = {}
    for name in (part.strip() for part in (text or '').split(',')):
        if not name or name == NO_VARIANT:
            continue
        if name == ALL_VARIANTS:
            for values in VARIANTS.values():
                options.update(values)
        elif name in VARIANTS:
            options.update(VARIANTS[name])
        else:
            raise ValueError(
                'unknown emulator variant %r; known: %s'
                % (name, ', '.join(sorted(VARIANTS) + [ALL_VARIANTS, NO_VARIANT]))
            )
    return options


def fixture_options(fixture):
    """The validated ``"options"`` object of a fixture (behaviour keys only)."""
    options = fixture.get('options', {}) if isinstance(fixture, dict) else {}
    if not isinstance(options, dict):
        raise ValueError('invalid fixture: "options" must be an object')
    for key, value in options.items():
        if key not in BEHAVIOUR_DEFAULTS:
            raise ValueError(
                'invalid fixture: unknown option %r; known: %s' % (key, ', '.join(sorted(BEHAVIOUR_DEFAULTS)))
            )
        try:
            check_option(key, value)
        except ApiError as exc:
            raise ValueError('invalid fixture: ' + exc.message)
    return dict(options)
