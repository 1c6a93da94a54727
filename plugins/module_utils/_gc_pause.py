# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The garbage collector paused while a module process imports its code (plugins/modules/*.py).

Those imports (the module_utils files, compiled from source in a module process, and requests) create tens of
thousands of long-lived objects and no garbage, yet the collector walks them again and again as they are made:
4 to 8% of the CPU of the imports of route_rule (issue 25 row 3; median of 6 runs each, after ansible's basic:
97 -> 93 ms imported from a zip as in a module process, 98 -> 89 ms from bytecode). It runs again, as before, once
they are done.
The in-process path (plugin_utils/_inprocess.py) pauses it the same way for a whole module run in the worker.
Standard library only, nothing else imported: this file is imported first."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import contextlib
import gc


@contextlib.contextmanager
def paused_gc():
    """No automatic collection inside the block; the collector is enabled again after it unless it was off before
    (a caller that turned it off keeps it off)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
