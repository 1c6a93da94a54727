# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start one in-process emulator (port 0) per test session and reset it before every test."""

import os
import sys

import pytest

# `pytest tests/emulator` from the repo root: make `tests.emulator` (namespace package under the
# repo root) and this directory's helper module importable whatever the rootdir/import mode.
_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(_HERE)))
for _path in (_ROOT, _HERE):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from tests.emulator.server import start_emulator  # noqa: E402  pylint: disable=wrong-import-position
from tests.emulator.admin_client import AdminClient  # noqa: E402  pylint: disable=wrong-import-position
from emu_helpers import Client  # noqa: E402  pylint: disable=wrong-import-position


@pytest.fixture(scope='session')
def emulator_handle():
    handle = start_emulator(port=0)
    yield handle
    handle.stop()


@pytest.fixture
def emu(emulator_handle):
    """The running emulator, freshly reset (default fixture, no calls, faults, config or tokens)."""
    emulator_handle.emulator.reset()
    return emulator_handle


@pytest.fixture
def client(emu):
    return Client(emu.base_url)


@pytest.fixture
def admin(emu):
    return AdminClient(emu.base_url)
