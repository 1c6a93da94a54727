# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Request-shape and value checks shared by the route operations.

Shape problems (missing field, wrong JSON type, unknown field) are ``InappropriateJSON`` as
on the real platform; value problems get the route-specific codes from errors.py.
"""

import ipaddress
import json

from .errors import ApiError

MAX_DESCRIPTION = 200
MAX_CLIENT_TOKEN = 64
ANY_V4 = ipaddress.ip_network('0.0.0.0/0')
ANY_V6 = ipaddress.ip_network('::/0')


def _reject_duplicate_keys(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise ValueError('duplicate key %r' % key)
        seen[key] = value
    return seen


def _reject_constant(name):
    raise ValueError('%s is not valid JSON' % name)


def parse_json_body(raw):
    """Decode a request body that must be one JSON object (strict: no duplicate keys, no NaN)."""
    if not raw.strip():
        raise ApiError('MalformedJSON', 'The request body is empty; a JSON object is required.')
    try:
        text = raw.decode('utf-8')
        value = json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ApiError('MalformedJSON', 'The request body is not valid JSON: %s' % exc)
    if not isinstance(value, dict):
        raise ApiError('InappropriateJSON', 'The request body must be a JSON object.')
    return value


def check_fields(obj, allowed, required, where):
    """Reject missing fields of a JSON object; return (and drop) its unknown ones.

    BCE's common error table says of InappropriateJSON that "all unrecognizable items should be
    ignored directly" (reference 7 item 6), and the GO-SDK's update body carries routeRuleId, so
    unknown fields are ignored; the caller reports them in the call log (``ignored_fields``).
    """
    unknown = sorted(key for key in obj if key not in allowed)
    for key in unknown:
        del obj[key]
    for key in required:
        if key not in obj:
            raise ApiError('InappropriateJSON', 'The field %r is required in %s.' % (key, where))
    return unknown


def check_strings(obj, names, where):
    for key in names:
        if key in obj and not isinstance(obj[key], str):
            raise ApiError('InappropriateJSON', 'The field %r in %s must be a JSON string.' % (key, where))


def parse_cidr(field, text):
    """Parse a canonical CIDR (explicit prefix, no host bits, lowercase compressed IPv6)."""
    if '/' not in text:
        raise ApiError('InvalidCidr', '%s %r is not a CIDR block (a /prefix is required).' % (field, text))
    try:
        network = ipaddress.ip_network(text, strict=True)
    except ValueError as exc:
        raise ApiError('InvalidCidr', '%s %r is not a valid CIDR block: %s' % (field, text, exc))
    if str(network) != text:
        raise ApiError('InvalidCidr', '%s %r is not in canonical form; use %r.' % (field, text, str(network)))
    return network


def is_any(network):
    return network in (ANY_V4, ANY_V6)


def check_description(value):
    if len(value) > MAX_DESCRIPTION:
        raise ApiError(
            'InvalidParameter',
            'description is %d characters long; at most %d are allowed.' % (len(value), MAX_DESCRIPTION),
        )


def check_client_token(token):
    if not token or len(token) > MAX_CLIENT_TOKEN or any(not 0x21 <= ord(ch) <= 0x7E for ch in token):
        raise ApiError(
            'InvalidParameter',
            'clientToken must be 1 to %d printable ASCII characters without spaces.' % MAX_CLIENT_TOKEN,
        )


def parse_max_keys(text):
    if text is None:
        return 1000
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= 1000:
        raise ApiError('InvalidParameter', 'maxKeys must be an integer between 1 and 1000, got %r.' % text)
    return int(text)


def paginate(items, markers, marker, max_keys, field, after=False):
    """One page of ``items`` (``markers[i]`` is the marker of ``items[i]``) in BCE list form.

    The sources do not say whether a page starts at the marker or after it (reference 7 item 7):
    by default it starts at it and nextMarker is the first item of the next page; with ``after``
    it starts after it and nextMarker is the last item of this page.
    """
    start = 0
    if marker:
        if marker not in markers:
            raise ApiError('InvalidParameter', 'marker %r does not match any item of this list.' % marker)
        start = markers.index(marker) + (1 if after else 0)
    end = start + max_keys
    result = {'marker': marker or '', 'isTruncated': end < len(items), 'maxKeys': max_keys, field: items[start:end]}
    if end < len(items):
        result['nextMarker'] = markers[end - 1] if after else markers[end]
    return result
