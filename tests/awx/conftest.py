# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The emulator every AWX test runs its jobs against (each test resets it to the state it needs)."""

import os

import pytest

from tests.awx.harness import Emulator


@pytest.fixture(scope='session')
def emulator():
    """The emulator at $BAIDUCLOUD_EMULATOR_URL (tools/with_emulator.sh sets it), or one started for the session."""
    url = os.environ.get('BAIDUCLOUD_EMULATOR_URL')
    if url:
        yield Emulator(url)
        return
    from tests.emulator.server import start_emulator  # pylint: disable=import-outside-toplevel

    handle = start_emulator(port=0)
    try:
        yield Emulator(handle.base_url)
    finally:
        handle.stop()
