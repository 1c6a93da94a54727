# -*- coding: utf-8 -*-
# Copyright (c) 2026 baiducloud.vpc contributors
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Where the time of one in-process task goes: `python inprocess_phases.py <logic class path> <args.json>`.

Runs the module the way the action plugin runs it in the controller's worker (plugin_utils/_inprocess.run_in_process:
the module's own AnsibleModule) and times its parts with wrappers, in wall time:

- start: AnsibleModule reading and validating the arguments (ansible-core's ArgumentSpecValidator);
- api: the HTTP exchanges, client side (requests.Session.request, threads overlapped counted once);
- logic: the module's logic (BceModule.outcome: our validation, reads, planning, writes, views) less `api`;
- result: AnsibleModule.exit_json/fail_json (masking the no_log values in the result, the JSON it prints);
- total: the whole run_in_process call.

Prints one JSON line {start_s, api_s, logic_s, result_s, total_s, changed, failed, msg}. What the controller does
with the result afterwards (parsing it, the task result, the callbacks) is not in it: it is the rest of the
per-task time the benchmark measures with ansible-playbook.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import json
import sys
import threading
import time


def timed(owner, name, spent, key):
    """Wrap owner.name so that its wall time adds to spent[key] (also when it raises, e.g. SystemExit)."""
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - started

    setattr(owner, name, wrapper)


def main():
    class_path, args_path = sys.argv[1], sys.argv[2]
    with open(args_path) as handle:
        args = json.load(handle)
    import requests
    from ansible.module_utils import basic

    from ansible_collections.baiducloud.vpc.plugins.module_utils import _module
    from ansible_collections.baiducloud.vpc.plugins.plugin_utils._inprocess import run_in_process

    module_path, class_name = class_path.rsplit('.', 1)
    module_class = getattr(importlib.import_module(module_path), class_name)
    spent = dict.fromkeys(('start', 'logic', 'result'), 0.0)
    timed(basic.AnsibleModule, '__init__', spent, 'start')
    timed(_module.BceModule, 'outcome', spent, 'logic')
    timed(basic.AnsibleModule, 'exit_json', spent, 'result')
    timed(basic.AnsibleModule, 'fail_json', spent, 'result')
    # Exchanges may overlap (reads of one round run together): their union is the time spent waiting on the API.
    spans, lock = [], threading.Lock()
    send = requests.Session.request

    def request(session, *a, **kw):
        started = time.perf_counter()
        try:
            return send(session, *a, **kw)
        finally:
            with lock:
                spans.append((started, time.perf_counter()))

    requests.Session.request = request
    started = time.perf_counter()
    out = run_in_process(module_class, args)
    total = time.perf_counter() - started
    api, end = 0.0, None
    for begin, finish in sorted(spans):
        if end is None or begin >= end:
            api += finish - begin
            end = finish
        elif finish > end:
            api += finish - end
            end = finish
    result = json.loads(out)
    print(
        json.dumps(
            {
                'start_s': spent['start'],
                'api_s': api,
                'logic_s': spent['logic'] - api,
                'result_s': spent['result'],
                'total_s': total,
                'changed': result.get('changed'),
                'failed': result.get('failed', False),
                'msg': result.get('msg'),
            }
        )
    )


if __name__ == '__main__':
    main()
