# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Benchmark-only callback: write each task's controller-side duration to $BAIDUCLOUD_BENCH_TIMINGS.

A task's time runs from v2_playbook_on_task_start to the host's result (ok, changed, failed,
skipped or unreachable), which is what profile_tasks measures: fork, templating, module
payload, interpreter start, module run and result parsing. Used by tests/bench/bench.py only.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
name: bench_timer
type: aggregate
short_description: Per-task durations for the benchmark of baiducloud.vpc
description:
  - Writes one JSON object per task (name, seconds, changed, status) to the file named by E(BAIDUCLOUD_BENCH_TIMINGS).
requirements:
  - enabled with ANSIBLE_CALLBACKS_ENABLED=bench_timer
'''

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'aggregate'
    CALLBACK_NAME = 'bench_timer'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self._path = os.environ.get('BAIDUCLOUD_BENCH_TIMINGS')
        self._started = None
        self._name = None
        self._tasks = []

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._name = task.get_name()
        self._started = time.perf_counter()

    def _done(self, result, status):
        if self._started is None:
            return
        elapsed = time.perf_counter() - self._started
        self._tasks.append(
            {'name': self._name, 'seconds': elapsed, 'status': status, 'changed': bool(result._result.get('changed'))}
        )
        self._started = None

    def v2_runner_on_ok(self, result):
        self._done(result, 'ok')

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._done(result, 'failed')

    def v2_runner_on_skipped(self, result):
        self._done(result, 'skipped')

    def v2_runner_on_unreachable(self, result):
        self._done(result, 'unreachable')

    def v2_playbook_on_stats(self, stats):
        if self._path:
            with open(self._path, 'w') as handle:
                json.dump(self._tasks, handle)
