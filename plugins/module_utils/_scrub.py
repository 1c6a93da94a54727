# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Secret scrubbing of the BCE client: no credential, signature or header-borne secret in any message."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# Last line of defence for library texts that quote a header: drop everything after the quote's start.
_HEADER_QUOTE = re.compile(r'(header (?:value|name)s?\b\s*:?\s*).*', re.IGNORECASE | re.DOTALL)
_SIGNATURE = re.compile(r'bce-auth-v1/[^\s\'",]*', re.IGNORECASE)
HIDDEN = '<hidden>'


def scrub(text, secrets, access_key, headers=None):
    """Remove every credential, header-borne secret and signature from a text meant for a message.

    secrets: the secret values in every form they were given (raw included); access_key: the cleaned access key,
    which stays visible."""
    text = '%s' % (text,)
    # The access key on its own is an identifier, not a secret (the service names it in its own
    # refusals, e.g. "The access key ... is not allowed"); its raw, whitespace-carrying forms and
    # every signed header are hidden.
    values = list(secrets)
    for name in ('authorization', 'x-bce-security-token'):
        value = (headers or {}).get(name)
        if value:
            values.append(value)
            # The access key and the signature each on their own, in case the text cuts the header
            # (bce-auth-v1/{ak}/{timestamp}/{expiry}/{signed headers}/{signature}).
            parts = value.split('/')
            if name == 'authorization' and len(parts) >= 6:
                values.append(parts[-1])
    forms = set()
    for value in values:
        if value:
            for form in (value, value.strip(), repr(value)[1:-1], repr(value.strip())[1:-1]):
                if len(form) >= 4 and form != access_key:
                    forms.add(form)
    for form in sorted(forms, key=len, reverse=True):
        text = text.replace(form, HIDDEN)
    text = _SIGNATURE.sub(HIDDEN, text)
    return _HEADER_QUOTE.sub(lambda match: match.group(1) + HIDDEN, text)
