# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""What the AWX tests share: where the collection is installed for a job, and the emulator's admin client."""

import os
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from tests.emulator.admin_client import AdminClient  # noqa: E402  pylint: disable=wrong-import-position

# The demo table of tests/emulator/fixture.json.
TABLE = 'rt-emu1demo0001'


def collections_path():
    return subprocess.check_output([os.path.join(REPO, 'tools', 'collection_path.sh')], universal_newlines=True).strip()


class Emulator(AdminClient):
    """The emulator's admin client, plus the two views of it the tests read."""

    def rules(self):
        """The rules of the demo table, system routes left out."""
        return [rule for rule in self.table_rules(TABLE) if rule['nexthopType'] != 'sys']

    def writes(self):
        return [call for call in self.calls() if call['write']]
