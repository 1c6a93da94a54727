# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""clientToken bookkeeping (reference section 3.4).

Tokens are kept per access key.  Only successful results are remembered: a failed request
changed nothing, so replaying it would just fail again.  A token lives 24 h from the last
time it was seen, measured on the emulator clock.  The caller holds the state lock.
"""

import json

from .errors import ApiError

TOKEN_TTL_SECONDS = 24 * 3600


def fingerprint(method, path, params, body):
    """What "the same request" means: method, path, query minus clientToken, canonical body."""
    query = sorted((key, value) for key, value in params if key != 'clientToken')
    try:
        canonical_body = (
            json.dumps(json.loads(body.decode('utf-8')), sort_keys=True, separators=(',', ':')) if body.strip() else ''
        )
    except ValueError:
        canonical_body = 'raw:' + body.hex()
    return json.dumps([method, path, query, canonical_body])


class TokenStore(object):
    def __init__(self):
        self._entries = {}

    def __len__(self):
        return len(self._entries)

    def replay(self, access_key, token, print_, now):
        """Return (status, payload) of the first success for this token, None if unseen."""
        entry = self._entries.get((access_key, token))
        if entry is None or now - entry['seen'] > TOKEN_TTL_SECONDS:
            self._entries.pop((access_key, token), None)
            return None
        entry['seen'] = now
        if entry['fingerprint'] != print_:
            raise ApiError(
                'IdempotentParameterMismatch',
                'The request uses the same client token as a previous, but non-identical request.',
            )
        return entry['status'], entry['payload']

    def remember(self, access_key, token, print_, status, payload, now):
        self._entries[(access_key, token)] = {'fingerprint': print_, 'status': status, 'payload': payload, 'seen': now}
