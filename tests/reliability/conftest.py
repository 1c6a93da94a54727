# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Make `tests.reliability` and `tests.emulator` importable when pytest runs from the checkout,
and give each test module (each xdist worker) its own in-process emulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import sys

import pytest

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from tests.reliability.harness import Emulator  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope='module')
def emu():
    emulator = Emulator()
    yield emulator
    emulator.stop()
