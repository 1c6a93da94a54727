# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Make `ansible_collections.baiducloud.vpc` importable when pytest runs from the checkout.

ansible-test runs from an ansible_collections/baiducloud/vpc tree and needs nothing;
plain pytest from a checkout with any folder name gets a symlinked tree in /tmp.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import os
import sys
import tempfile

_NAMESPACE, _NAME = 'baiducloud', 'vpc'
_ROOT = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))


def _collections_base():
    parts = _ROOT.split(os.sep)
    if parts[-3:] == ['ansible_collections', _NAMESPACE, _NAME]:
        return os.sep.join(parts[:-3]) or os.sep
    base = os.path.join(tempfile.gettempdir(), 'ansible-coll-%s' % hashlib.sha1(_ROOT.encode('utf-8')).hexdigest()[:12])
    link = os.path.join(base, 'ansible_collections', _NAMESPACE, _NAME)
    if os.path.realpath(link) != _ROOT:
        os.makedirs(os.path.dirname(link), exist_ok=True)
        tmp = '%s.%d' % (link, os.getpid())
        os.symlink(_ROOT, tmp)
        os.rename(tmp, link)  # atomic, so parallel pytest workers agree
    return base


if 'ansible_collections.%s.%s' % (_NAMESPACE, _NAME) not in sys.modules:
    _BASE = _collections_base()
    if _BASE not in sys.path:
        sys.path.insert(0, _BASE)
