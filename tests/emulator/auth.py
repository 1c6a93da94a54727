# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""bce-auth-v1 verification for the emulator.

The signature is recomputed with the official bce-python-sdk signer
(``baidubce.auth.bce_v1_signer.sign``) so that the emulator never shares code - or bugs -
with the collection's own signer.  Only the canonical URI is computed here, because the
PY-SDK passes the path through unencoded (reference section 2.5): we percent-decode the
wire path and re-encode it with the SDK's own ``normalize_string`` (slash kept).
"""

import calendar
import hmac
import logging
import re
import time
from urllib.parse import unquote_to_bytes

from baidubce import utils as bce_utils
from baidubce.auth import bce_v1_signer
from baidubce.auth.bce_credentials import BceCredentials

from .errors import ApiError

# The SDK signer logs the headers (including x-bce-security-token) and the derived signing
# key at DEBUG level.  Secrets must never reach the emulator's output, whatever the root
# logger level is, so pin that logger above DEBUG.
logging.getLogger(bce_v1_signer.__name__).setLevel(logging.WARNING)

# Maximum distance between the client's timestamp / x-bce-date and the emulator clock.
MAX_SKEW_SECONDS = 15 * 60

# Headers signed when the signedHeaders field is empty (plus every x-bce-* header).
DEFAULT_SIGNED = frozenset(['host', 'content-length', 'content-type', 'content-md5'])

_TIME_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$')
_EXPIRATION_RE = re.compile(r'^[0-9]{1,10}$')
_SIGNATURE_RE = re.compile(r'^[0-9a-f]{64}$')
_HEADER_NAME_RE = re.compile(r'^[a-z0-9-]+$')


class Credential(object):
    """One access key of the fixture; ``session_token`` is set for STS keys."""

    def __init__(self, access_key_id, secret_access_key, session_token=None, readonly=False):
        self.access_key_id = access_key_id
        self.secret_access_key = secret_access_key
        self.session_token = session_token
        self.readonly = readonly

    def __repr__(self):
        # Never show the secret or the token, even in a traceback.
        return 'Credential(%r, sts=%s, readonly=%s)' % (self.access_key_id, bool(self.session_token), self.readonly)


def parse_bce_time(text):
    """Return epoch seconds for ``yyyy-mm-ddThh:mm:ssZ`` or None when it is not that format."""
    if not _TIME_RE.match(text):
        return None
    try:
        return calendar.timegm(time.strptime(text, '%Y-%m-%dT%H:%M:%SZ'))
    except ValueError:
        return None


def canonical_uri(raw_path):
    """Percent-decode the wire path, then UriEncodeExceptSlash it with the SDK's encoder."""
    decoded = unquote_to_bytes(raw_path.encode('latin-1'))
    return bce_utils.normalize_string(decoded, False)


def _malformed(message):
    return ApiError('InvalidHTTPAuthHeader', message)


def _parse_authorization(headers):
    values = headers.get('authorization')
    if not values:
        raise _malformed('The Authorization header is missing.')
    if len(values) != 1:
        raise _malformed('More than one Authorization header was sent.')
    try:
        text = values[0].decode('ascii').strip()
    except UnicodeDecodeError:
        raise _malformed('The Authorization header is not ASCII.')
    parts = text.split('/')
    if len(parts) != 6 or parts[0] != 'bce-auth-v1':
        raise _malformed(
            'The Authorization header must be bce-auth-v1/{accessKeyId}/{timestamp}/{expiration}/{signedHeaders}/{signature}.'
        )
    access_key, stamp_text, expiration_text, signed_text, signature = parts[1:]
    if not access_key:
        raise _malformed('The access key id in the Authorization header is empty.')
    stamp = parse_bce_time(stamp_text)
    if stamp is None:
        raise _malformed('The timestamp %r in the Authorization header is not yyyy-mm-ddThh:mm:ssZ.' % stamp_text)
    if not _EXPIRATION_RE.match(expiration_text) or int(expiration_text) <= 0:
        raise _malformed(
            'The expiration period %r in the Authorization header is not a positive integer.' % expiration_text
        )
    if not _SIGNATURE_RE.match(signature):
        raise _malformed('The signature in the Authorization header is not 64 lowercase hex characters.')
    signed = signed_text.split(';') if signed_text else []
    for name in signed:
        if not _HEADER_NAME_RE.match(name):
            raise _malformed('The signed header name %r is not a lowercase header name.' % name)
    if len(set(signed)) != len(signed):
        raise _malformed('The signedHeaders field lists a header twice.')
    return access_key, stamp_text, stamp, int(expiration_text), signed, signature


def _check_time(stamp_text, stamp, expiration, headers, now):
    if now > stamp + expiration or abs(now - stamp) > MAX_SKEW_SECONDS:
        raise ApiError('RequestExpired', 'Request has expired. Timestamp date is %s.' % stamp_text)
    dates = headers.get('x-bce-date')
    if dates:
        date_text = dates[0].decode('latin-1').strip()
        date = parse_bce_time(date_text)
        if date is None:
            raise ApiError('InvalidHTTPRequest', 'The x-bce-date header %r is not yyyy-mm-ddThh:mm:ssZ.' % date_text)
        if abs(now - date) > MAX_SKEW_SECONDS:
            raise ApiError('RequestExpired', 'Request has expired. Timestamp date is %s.' % date_text)


def _check_session_token(credential, headers):
    tokens = headers.get('x-bce-security-token')
    if credential.session_token:
        if not tokens:
            raise ApiError(
                'InvalidSessionToken',
                'This access key is temporary (STS); the x-bce-security-token header is required.',
            )
        if not hmac.compare_digest(tokens[0].strip(), credential.session_token.encode('utf-8')):
            raise ApiError('InvalidSessionToken', 'The security token does not match the access key.')
    elif tokens:
        raise ApiError('InvalidSessionToken', 'A security token was sent with a permanent access key.')


def authenticate(method, raw_path, params, headers, credentials, now):
    """Verify one request and return its Credential, or raise ApiError.

    ``params``: list of (name, value) str pairs in wire order (flags have value "").
    ``headers``: dict lowercase name -> list of raw bytes values.
    ``credentials``: dict access key id -> Credential.  ``now``: emulator clock (epoch).
    """
    access_key, stamp_text, stamp, expiration, signed, signature = _parse_authorization(headers)
    credential = credentials.get(access_key)
    if credential is None:
        raise ApiError('InvalidAccessKeyId', 'The access key id %s does not exist.' % access_key)

    if signed:
        effective = set(signed)
    else:
        effective = set(DEFAULT_SIGNED) | set(name for name in headers if name.startswith('x-bce-'))
    if 'host' not in effective:
        raise _malformed('The host header must be signed.')
    if 'host' not in headers:
        raise ApiError('InvalidHTTPRequest', 'The host header is missing.')
    for name in ('x-bce-date', 'x-bce-security-token'):
        if name in headers and name not in effective:
            raise _malformed('The %s header is present but not signed.' % name)
    for name in signed:
        if name not in headers:
            raise _malformed('The signed header %s is not present in the request.' % name)
    for name in effective:
        if len(headers.get(name, ())) > 1:
            raise ApiError('InvalidHTTPRequest', 'The signed header %s was sent more than once.' % name)

    _check_time(stamp_text, stamp, expiration, headers, now)

    sign_headers = dict((name.encode('ascii'), headers[name][0]) for name in effective if name in headers)
    sign_params = dict((key.encode('utf-8'), value.encode('utf-8')) for key, value in params)
    sdk_credentials = BceCredentials(
        credential.access_key_id.encode('utf-8'), credential.secret_access_key.encode('utf-8')
    )
    expected = bce_v1_signer.sign(
        sdk_credentials,
        method.encode('ascii'),
        canonical_uri(raw_path),
        sign_headers,
        sign_params,
        stamp,
        expiration,
        [name.encode('ascii') for name in signed] or None,
    )
    if not hmac.compare_digest(expected.rsplit(b'/', 1)[1], signature.encode('ascii')):
        raise ApiError(
            'SignatureDoesNotMatch',
            'The request signature we calculated does not match the signature you provided. '
            'Check your Secret Access Key and signing method.',
        )

    _check_session_token(credential, headers)
    return credential
