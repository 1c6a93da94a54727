# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark-only callback: where the wall time of a many-host play goes, for tests/bench/fleet.py.

Writes to $BAIDUCLOUD_BENCH_FLEET_TIMINGS one JSON object: the epoch time the playbook started (after Python's
imports and the inventory, which come before any callback runs), the end (stats), and each task's wall time over
all its hosts (from its start to the next task's start or the stats), so that the benchmark can split a play into
start-up + inventory, each task, and exit.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: fleet_timer
type: aggregate
short_description: Per-task wall time of a fleet play for the benchmark of baiducloud.vpc
description:
  - Writes the playbook's start, end and each task's wall time over all hosts to the file named by
    E(BAIDUCLOUD_BENCH_FLEET_TIMINGS).
requirements:
  - enabled with ANSIBLE_CALLBACKS_ENABLED=fleet_timer
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'fleet_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._path = os.environ.get('BAIDUCLOUD_BENCH_FLEET_TIMINGS')
        self._started = None
        self._tasks = []
        self._hosts = 0

    def _close_task(self, now):
        if self._tasks and self._tasks[-1]['seconds'] is None:
            self._tasks[-1]['seconds'] = now - self._tasks[-1]['start']

    def v2_playbook_on_start(self, playbook):
        self._started = time.time()

    def v2_playbook_on_task_start(self, task, is_conditional):
        now = time.time()
        self._close_task(now)
        self._tasks.append({'name': task.get_name(), 'start': now, 'seconds': None, 'hosts': 0})

    def _count(self, result, *args, **kwargs):
        if self._tasks:
            self._tasks[-1]['hosts'] += 1

    v2_runner_on_ok = v2_runner_on_failed = v2_runner_on_skipped = v2_runner_on_unreachable = _count

    def v2_playbook_on_stats(self, stats):
        now = time.time()
        self._close_task(now)
        if self._path:
            with open(self._path, 'w') as handle:
                json.dump({'started': self._started, 'ended': now, 'tasks': self._tasks}, handle)
